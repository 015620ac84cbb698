"""Ingest throughput: ~700-word reports per second, parse + extract + store + match."""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

from benchmarks.common import peak_rss_mb
from incident_review.services.ingest import ingest_paths
from incident_review.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent
PLACES = ["Kharkiv", "Dnipro", "Odesa", "Kherson", "Zaporizhzhia", "Sumy", "Belgorod", "Kursk", "Mykolaiv",
          "Kramatorsk", "Pokrovsk", "Nikopol", "Shebekino", "Bryansk", "Poltava", "Chernihiv"]


def _paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/reports").glob("*.txt"))]
    paras: list[str] = []
    for text in texts:
        body = text.split("\n\n", 1)[-1]
        paras.extend(line for line in body.splitlines() if len(line.split()) > 12)
    return paras


def make_reports(n: int, words: int = 700, seed: int = 3) -> list[dict[str, str]]:
    rng = random.Random(seed)
    paras = _paragraphs()
    reports = []
    for k in range(n):
        chosen: list[str] = []
        while sum(len(p.split()) for p in chosen) < words:
            p = rng.choice(paras)
            for place in ("Kharkiv", "Dnipro", "Odesa", "Grayvoron", "Kherson"):
                p = p.replace(place, rng.choice(PLACES))
            chosen.append(p.replace("two", str(rng.randrange(2, 40))))
        reports.append({"outlet": f"Outlet {k % 17}", "url": f"https://example.org/{k}",
                        "published": f"2024-0{1 + k % 9}-1{k % 10}", "title": f"Report {k}",
                        "text": "\n".join(chosen)})
    return reports


def run(n: int) -> int:
    reports = make_reports(n)
    words = sum(len(r["text"].split()) for r in reports) / len(reports)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "reports.jsonl"
        src.write_text("\n".join(json.dumps(r) for r in reports), encoding="utf-8")
        store = Store(Path(tmp) / "bench.db")
        from incident_review.services.extraction import extractor

        extractor()  # load the rules and gazetteer once, as a long ingest does
        started = time.perf_counter()
        result = ingest_paths(store, [src], "bench")
        elapsed = time.perf_counter() - started
        store.close()
    print(f"extraction: {n} reports of ~{words:.0f} words ingested in {elapsed:.2f} s = {n / elapsed:.0f} reports/s "
          f"({len(result.incident_ids)} incidents, {result.duplicate_pairs} duplicate pairs); "
          f"peak RSS {peak_rss_mb():.0f} MB")
    return 0
