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
from incident_review.services.ingest import IngestResult, ingest_paths
from incident_review.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent
_BACKGROUND = Path(__file__).resolve().parent / "background.txt"
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_DAY = re.compile(rf"\b(?:{'|'.join(_MONTHS)}) \d{{1,2}}\b")
# Capitals stand for governments ("Moscow denies"): kept, not varied as places.
_KEEP = {"Moscow", "Kyiv", "Kiev"}


def _places() -> list[str]:
    """The 300 largest Ukrainian and Russian towns of the gazetteer: a year of reports
    names many places, so a corpus built on a handful would be one large duplicate cluster."""
    cities = config.gazetteer().cities  # sorted by population
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
                towns = {line[p.start : p.end] for p in gazetteer.find(line) if p.kind == "town"} - _KEEP
                paras.append((line, sorted(towns, key=len, reverse=True)))
    return paras


def make_reports(n: int, words: int = 700, seed: int = 3, background: float = 0.0) -> list[dict[str, str]]:
    """Reports stitched from the paragraphs of the seed and test reports, with their
    towns, absolute dates, numbers and publication days varied (over a year) so that
    no two are alike and duplicates are as rare as in a real backlog.

    Every paragraph of those reports tells of an incident (about 14 per report); a real
    article spends most of its words on context. `background` is the share of paragraphs
    drawn instead from benchmarks/background.txt (diplomacy, economy, analysis: no incident)."""
    rng = random.Random(seed)
    paras = _paragraphs()
    context: list[tuple[str, list[str]]] = [(line, []) for line in _BACKGROUND.read_text(encoding="utf-8").splitlines()]
    places = _places()
    first_day = dt.date(2024, 1, 1)
    reports = []
    for k in range(n):
        chosen: list[str] = []
        # Paragraphs are drawn without replacement within a report: the extractor
        # remembers each sentence it read in a report, so a repeated one would cost
        # nothing and flatter the figure (with replacement, 23% of sentences repeated).
        unread: dict[bool, list[tuple[str, list[str]]]] = {False: [], True: []}
        while sum(len(p.split()) for p in chosen) < words:
            is_context = background > 0 and rng.random() < background
            if not unread[is_context]:
                pool = context if is_context else paras
                unread[is_context] = rng.sample(pool, len(pool))
            p, towns = unread[is_context].pop()
            for town in towns:
                p = p.replace(town, rng.choice(places))
            p = _MONTH_DAY.sub(lambda m: f"{rng.choice(_MONTHS)} {rng.randrange(1, 29)}", p)
            chosen.append(p.replace("two", str(rng.randrange(2, 40))))
        published = first_day + dt.timedelta(days=rng.randrange(366))
        reports.append(
            {
                "outlet": f"Outlet {k % 17}",
                "url": f"https://example.org/{k}",
                "published": published.isoformat(),
                "title": f"Report {k}",
                "text": "\n".join(chosen),
            }
        )
    return reports


def _ingest(store: Store, reports: list[dict[str, str]], path: Path) -> tuple[float, dict[str, float], IngestResult]:
    path.write_text("\n".join(json.dumps(r) for r in reports), encoding="utf-8")
    phases: dict[str, float] = {}
    started = time.perf_counter()
    result = ingest_paths(store, [path], "bench", phases=phases)
    return time.perf_counter() - started, phases, result


def _phases(phases: dict[str, float], n: int) -> str:
    return ", ".join(f"{name} {seconds / n * 1000:.2f} ms" for name, seconds in phases.items())


def run(n: int, background: float = 0.0) -> int:
    reports = make_reports(n, background=background)
    # The day after: a quarter as many new reports into the store the first batch made
    # (how ingest is used day to day: matching now meets stored incidents).
    later = make_reports(max(1, n // 4), seed=4, background=background)
    words = sum(len(r["text"].split()) for r in reports) / len(reports)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        elapsed, phases, result = _ingest(store, reports, Path(tmp) / "reports.jsonl")
        later_elapsed, later_phases, later_result = _ingest(store, later, Path(tmp) / "later.jsonl")
        store.close()
    print(
        f"extraction: {n} reports of ~{words:.0f} words ingested in {elapsed:.2f} s = {n / elapsed:.0f} reports/s "
        f"({len(result.incident_ids)} incidents = {len(result.incident_ids) / n:.1f} per report, "
        f"{result.duplicate_pairs} duplicate pairs; background share {background:.2f}); "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )
    print(f"  per report: {_phases(phases, n)}; extraction alone {n / phases['extract']:.0f} reports/s")
    print(
        f"  then {len(later)} more into that store: {len(later) / later_elapsed:.0f} reports/s "
        f"({len(later_result.incident_ids)} incidents, {later_result.duplicate_pairs} duplicate pairs); "
        f"per report: {_phases(later_phases, len(later))}"
    )
    return 0
