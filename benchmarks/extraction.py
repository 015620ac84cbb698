"""Ingest throughput: ~700-word reports per second, parse + extract + store + match."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import tempfile
import time
from pathlib import Path

from benchmarks.common import peak_rss_mb
from incident_review import config
from incident_review.services.extraction import extractor
from incident_review.services.ingest import ingest_paths
from incident_review.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_MONTH_DAY = re.compile(rf"\b(?:{'|'.join(_MONTHS)}) \d{{1,2}}\b")
# Capitals stand for governments ("Moscow denies"): kept, not varied as places.
_KEEP = {"Moscow", "Kyiv", "Kiev"}


def _places() -> list[str]:
    """The 300 largest Ukrainian and Russian towns of the gazetteer: a year of reports
    names many places, so a corpus built on a handful would be one large duplicate cluster."""
    cities = config.load("gazetteer")["cities"]  # sorted by population
    return [c["name"] for c in cities if c["country"] in ("UA", "RU") and " " not in c["name"]][:300]


def _paragraphs() -> list[tuple[str, list[str]]]:
    """Paragraphs of the seed and test reports, each with the town names it mentions."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/reports").glob("*.txt"))]
    gazetteer = extractor().rules.gazetteer
    paras: list[tuple[str, list[str]]] = []
    for text in texts:
        body = text.split("\n\n", 1)[-1]
        for line in body.splitlines():
            if len(line.split()) > 12:
                towns = {line[p.start:p.end] for p in gazetteer.find(line) if p.kind == "town"} - _KEEP
                paras.append((line, sorted(towns, key=len, reverse=True)))
    return paras


def make_reports(n: int, words: int = 700, seed: int = 3) -> list[dict[str, str]]:
    """Reports stitched from the paragraphs of the seed and test reports, with their
    towns, absolute dates, numbers and publication days varied (over a year) so that
    no two are alike and duplicates are as rare as in a real backlog."""
    rng = random.Random(seed)
    paras = _paragraphs()
    places = _places()
    first_day = dt.date(2024, 1, 1)
    reports = []
    for k in range(n):
        chosen: list[str] = []
        while sum(len(p.split()) for p in chosen) < words:
            p, towns = rng.choice(paras)
            for town in towns:
                p = p.replace(town, rng.choice(places))
            p = _MONTH_DAY.sub(lambda m: f"{rng.choice(_MONTHS)} {rng.randrange(1, 29)}", p)
            chosen.append(p.replace("two", str(rng.randrange(2, 40))))
        published = first_day + dt.timedelta(days=rng.randrange(366))
        reports.append({"outlet": f"Outlet {k % 17}", "url": f"https://example.org/{k}",
                        "published": published.isoformat(), "title": f"Report {k}",
                        "text": "\n".join(chosen)})
    return reports


def run(n: int) -> int:
    reports = make_reports(n)
    words = sum(len(r["text"].split()) for r in reports) / len(reports)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "reports.jsonl"
        src.write_text("\n".join(json.dumps(r) for r in reports), encoding="utf-8")
        store = Store(Path(tmp) / "bench.db")
        phases: dict[str, float] = {}
        started = time.perf_counter()
        result = ingest_paths(store, [src], "bench", phases=phases)
        elapsed = time.perf_counter() - started
        store.close()
    print(f"extraction: {n} reports of ~{words:.0f} words ingested in {elapsed:.2f} s = {n / elapsed:.0f} reports/s "
          f"({len(result.incident_ids)} incidents, {result.duplicate_pairs} duplicate pairs); "
          f"peak RSS {peak_rss_mb():.0f} MB")
    print("  per report: " + ", ".join(f"{name} {seconds / n * 1000:.2f} ms" for name, seconds in phases.items())
          + f"; extraction alone {n / phases['extract']:.0f} reports/s")
    return 0
