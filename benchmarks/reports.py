"""Report text for the synthetic incidents, so a benchmark store's search reaches report
text as a real one does (summaries alone match only the incident sentence).

Each report is a headline, the incident sentence, and one or two context paragraphs
from benchmarks/background.txt (diplomacy, economy, analysis), about 120-200 words: words
such as "sanctions" or "grain" are then found only in report text, as in a news archive.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from incident_review.core.model import Incident

_BACKGROUND = Path(__file__).resolve().parent / "background.txt"
HEADLINES = [
    "{w} attack reported in {p}",
    "{p}: {k} killed after {w} strike, officials say",
    "Regional governor reports {w} strike on {p}",
    "Overnight {w} attack hits {p}",
]


@cache
def _paragraphs() -> list[str]:
    return [p.strip() for p in _BACKGROUND.read_text(encoding="utf-8").split("\n") if p.strip()]


def report_rows(incidents: Iterable[Incident], seed: int) -> list[tuple[Any, ...]]:
    """One ``reports`` row per source of ``incidents`` (the generator gives each incident
    its own report), in the column order of ``insert_reports``."""
    rng = random.Random(seed)
    context = _paragraphs()
    rows: list[tuple[Any, ...]] = []
    for inc in incidents:
        for s in inc.sources:
            killed = next((f.best for f in inc.figures if f.kind == "killed"), 0)
            place = inc.location or inc.admin1 or ""
            title = rng.choice(HEADLINES).format(w=inc.weapons[0] if inc.weapons else "missile", p=place, k=killed)
            title = title[0].upper() + title[1:]
            body = "\n\n".join([s.quote or "", *rng.sample(context, rng.choice([1, 1, 2]))])
            # Two reports can tell the same event in the same words: the id keeps hashes apart.
            digest = hashlib.sha256(f"{s.report}\n{body}".encode()).hexdigest()
            published = s.published.isoformat() if s.published else None
            url = f"https://news.example/{s.report.lower()}"
            rows.append((s.report, digest, s.outlet, url, published, title, body, "2024-01-01T00:00:00Z", "bench"))
    return rows


def insert_reports(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Store the rows and index them for search, in the caller's transaction. Straight
    SQL (not ``Store.ingest``): ingest numbers the incidents itself and would extract."""
    last = conn.execute("SELECT coalesce(max(rowid), 0) FROM reports").fetchone()[0]
    conn.executemany(
        "INSERT INTO reports (id, content_hash, outlet, url, published, title, text, ingested_at, ingested_by) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        rows,
    )
    # As Store.ingest does (migration 4 dropped the per-row trigger).
    conn.execute(
        "INSERT INTO reports_fts (rowid, title, text) SELECT rowid, title, text FROM reports WHERE rowid > ?", (last,)
    )
