"""Duplicates and one-report ingest as a user runs them: the CLI in a fresh process on a
copy of a stored benchmark store, each beside an anchor measured in the same run."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import bench_store
from benchmarks.extraction import make_reports
from incident_review.services.duplicates import matcher
from incident_review.storage.store import Store

CLI = [sys.executable, "-c", "from incident_review.cli.main import main; main()"]


def _timed(args: list[str], db: Path | None = None) -> str:
    """Wall seconds of one ``incident-review [--db DB] ARGS`` process (output discarded)
    and its CPU seconds: on a loaded machine the wall figure waits for the cores, the CPU
    one much less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    store = ["--db", str(db)] if db else []
    subprocess.run([*CLI, *store, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return f"{wall:6.2f} s wall ({cpu:5.2f} s CPU)"


def _core(db: Path) -> tuple[float, float, int]:
    """In-process: the matcher over the store's inputs, and rapidfuzz's cpdist over the
    texts of the same candidate pairs (the anchor: the text similarity alone, in C)."""
    from rapidfuzz import distance, process

    store = Store(db)
    inputs = store.duplicates.inputs()
    m = matcher()
    started = time.perf_counter()
    m.pairs(inputs)
    core = time.perf_counter() - started
    a, b = m.candidates(m.table(inputs))
    texts = [x.text for x in inputs]
    started = time.perf_counter()
    process.cpdist([texts[i] for i in a], [texts[j] for j in b], scorer=distance.Indel.normalized_similarity)
    anchor = time.perf_counter() - started
    store.close()
    return core, anchor, len(a)


def run(n: int) -> int:
    source = bench_store(n)
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        db = Path(tmp) / "copy.db"
        shutil.copy(source, db)
        version = _timed(["--version"])
        rebuild = _timed(["duplicates", "--rebuild"], db)
        listing = _timed(["duplicates", "--format", "yaml"], db)
        store = Store(db)
        pairs = len(store.duplicates.open_pairs(matcher().threshold))
        store.close()
        core, anchor, candidates = _core(db)
        report = Path(tmp) / "report.jsonl"
        report.write_text(json.dumps(make_reports(1, seed=11)[0]) + "\n", encoding="utf-8")
        ingest = _timed(["ingest", str(report)], db)
        store = Store(db)
        added = store.stats()["incidents"] - n
        store.close()
    print(f"duplicates through the CLI, store of {n:,} (a fresh process each, as from a shell):")
    print(f"  duplicates --rebuild          {rebuild}  target < 5 s at 100k; core alone {core:.2f} s")
    print(f"  duplicates --format yaml      {listing}  target < 5 s at 40k pairs ({pairs:,} here)")
    print(f"  anchor: rapidfuzz cpdist over the {candidates:,} candidates' texts {anchor:.2f} s")
    print(f"  ingest one report ({added} incidents) {ingest}  target < 0.5 s")
    print(f"  anchor: incident-review --version {version}")
    return 0
