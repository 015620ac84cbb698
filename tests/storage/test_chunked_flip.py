"""A big import is made live in chunks (storage/staging.py ``_flip_in_chunks``), each a
short transaction, and still appears all at once: until its last chunk lands no reader (the
list, counts, search, export ids, stats, matching, the Datasette views) sees any of it, and
a kill -9 in the middle of the flip leaves none of it visible and all of it removed by the
next store opened."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from incident_review.core.model import Claim, Incident, Source
from incident_review.core.query import IncidentFilter, Sort
from incident_review.storage import staging
from incident_review.storage.store import Store
from tests.conftest import ROOT

N = 60  # imported incidents: with FLIP_AT_ONCE at 10, several flip chunks


def _incidents(n: int = N, prefix: str = "IMP") -> list[Incident]:
    return [
        Incident(
            f"{prefix}-{i:05d}",
            country="UA",
            location="Kharkiv",
            summary=f"glide bomb {i}",
            sources=[Source("R")],
            attribution=[Claim("Russian forces")],
        )
        for i in range(n)
    ]


def _seen(db: Path) -> dict[str, int]:
    """What every reader of live incidents shows, from another connection."""
    store = Store(db)
    try:
        every = IncidentFilter()
        searched = IncidentFilter(search="glide")
        conn = sqlite3.connect(db)
        try:
            views = conn.execute("SELECT count(*) FROM live_incidents").fetchone()[0]
            claims = conn.execute("SELECT count(*) FROM incident_claims").fetchone()[0]
        finally:
            conn.close()
        return {
            "count": store.count(every),
            "page": len(store.page(every, Sort(), None, 500)),
            "by killed": len(store.page(IncidentFilter(country="UA"), Sort("killed", True), None, 500)),
            "search": store.count(searched),
            "stats": store.stats()["incidents"],
            "matching": len(store.duplicates.inputs()),
            "view": views,
            "claims view": claims,
        }
    finally:
        store.close()


def test_readers_see_nothing_of_a_batch_until_its_last_flip_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "s.db"
    Store(db).import_incidents(_incidents(5, "OLD"), "setup", "test")
    before = _seen(db)
    monkeypatch.setattr(staging, "FLIP_AT_ONCE", 10)
    monkeypatch.setattr(staging, "CHUNK_PAUSE", 0.0)
    during: list[dict[str, int]] = []

    def look(seconds: float) -> None:  # called before each flip chunk: what do readers see now?
        if staging_now.database.conn.execute("SELECT count(*) FROM flipping").fetchone()[0]:
            during.append(_seen(db))

    staging_now = Store(db)
    clock = SimpleNamespace(sleep=look, perf_counter=time.perf_counter, time=time.time)
    monkeypatch.setattr(staging, "time", clock)
    ids = staging_now.import_incidents(_incidents(), "bench", "test")
    staging_now.close()
    assert len(ids) == N
    assert len(during) >= 3  # the flip took several chunks, each looked at
    assert all(seen == before for seen in during), during
    after = _seen(db)
    assert set(after.values()) == {5 + N}, after


KILLER = """
import os, signal, sys, time, types
from incident_review.core.model import Claim, Incident, Source
from incident_review.storage import staging
from incident_review.storage.store import Store

staging.FLIP_AT_ONCE = 10
chunks = 0

def sleep(seconds):  # before each flip chunk: the third one dies as a kill -9 would
    global chunks
    if store.database.conn.execute("SELECT count(*) FROM flipping").fetchone()[0]:
        chunks += 1
        if chunks == 3:
            os.kill(os.getpid(), signal.SIGKILL)

staging.time = types.SimpleNamespace(sleep=sleep, perf_counter=time.perf_counter, time=time.time)
store = Store(sys.argv[1])
store.import_incidents(
    [Incident(f"IMP-{i:05d}", country="UA", summary=f"glide bomb {i}", sources=[Source("R")]) for i in range(60)],
    "bench",
    "test",
)
"""


def test_a_kill_mid_flip_leaves_nothing_visible_and_the_next_store_removes_it(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store(db).import_incidents(_incidents(5, "OLD"), "setup", "test")
    before = _seen(db)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run([sys.executable, "-c", KILLER, str(db)], env=env, capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr
    raw = sqlite3.connect(db)
    try:  # half flipped: some of its rows are live in the table, hidden by the batch's range
        live_rows = raw.execute(
            "SELECT count(*) FROM incidents WHERE id LIKE 'IMP-%' AND merged_into IS NULL"
        ).fetchone()[0]
        assert 0 < live_rows < N
        assert raw.execute("SELECT count(*) FROM flipping").fetchone()[0] == 1
        assert raw.execute("SELECT count(*) FROM live_incidents").fetchone()[0] == 5
    finally:
        raw.close()
    assert _seen(db) == before  # (opening it removed them: the pid is gone)
    raw = sqlite3.connect(db)
    try:
        left = raw.execute("SELECT count(*) FROM incidents WHERE id LIKE 'IMP-%'").fetchone()[0]
        audit = raw.execute("SELECT count(*) FROM audit WHERE incident_id LIKE 'IMP-%'").fetchone()[0]
        flipping = raw.execute("SELECT count(*) FROM flipping").fetchone()[0]
    finally:
        raw.close()
    assert (left, audit, flipping) == (0, 0, 0)
    store = Store(db)  # and the same import runs again, whole
    assert len(store.import_incidents(_incidents(), "bench", "test")) == N
    assert store.count(IncidentFilter()) == 5 + N
    store.close()


def test_only_a_big_batch_is_flipped_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An ingest of a few reports makes its incidents live in its final transaction, as
    before: no range, no extra transactions."""
    chunked: list[str] = []
    real = staging.Staging._flip_in_chunks

    def spy(self: staging.Staging, batch: str, mark: str, analyst: str) -> int:
        chunked.append(batch)
        return real(self, batch, mark, analyst)

    monkeypatch.setattr(staging.Staging, "_flip_in_chunks", spy)
    monkeypatch.setattr(staging, "CHUNK_PAUSE", 0.0)
    store = Store(tmp_path / "s.db")
    store.import_incidents(_incidents(staging.FLIP_AT_ONCE, "A"), "bench", "test")
    assert chunked == []
    store.import_incidents(_incidents(staging.FLIP_AT_ONCE + 1, "B"), "bench", "test")
    assert len(chunked) == 1
    assert store.count(IncidentFilter()) == 2 * staging.FLIP_AT_ONCE + 1
    store.close()
