"""Shared helpers: peak memory and cached benchmark stores."""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

from benchmarks.reports import insert_reports, report_rows
from benchmarks.synthetic import batches, generate
from incident_review.storage.store import Store


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_store(n: int) -> Path:
    """A store of ``n`` synthetic incidents and the report each was read from (headline,
    the incident's sentence, context paragraphs), built once and reused."""
    # "-r": stores built before reports were filled in (search never reached report text
    # there) are not reused.
    path = Path(os.environ.get("BENCH_DIR", "/tmp")) / f"incident-review-bench-{n}-r.db"
    if path.exists():
        return path
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    started = time.perf_counter()
    synthetic = generate(n)
    store = Store(tmp)
    done = 0
    for number, chunk in enumerate(batches(synthetic.incidents, 50_000)):
        store.import_incidents(chunk, "bench", "synthetic")
        with store.database.write() as conn:
            insert_reports(conn, report_rows(chunk, seed=number))
        done += len(chunk)
        print(f"  building {path.name}: {done:,}/{n:,}", file=sys.stderr, end="\r")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.rename(path)
    print(f"\n  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path
