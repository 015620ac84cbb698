"""YAML import at scale: wall time and peak memory, each step in a process of its own.

The file is the project's own export of a synthetic store (``bench_store``). Steps:

    export      incident-review export --no-timestamp (the file imported next)
    old parse   yaml.load of the whole file with the import's loader (libyaml's CSafeLoader):
                what import did before it streamed, parse only
    new parse   contract.read_incidents over the file: streamed, every incident validated
    import      incident-review import FILE into an empty store, as a user runs it (the
                parse, the staged writes and the duplicate matching of the new incidents)
    store only  the same import without the matching: read_incidents into Store.import_incidents

Peak RSS is each child's own (``os.wait4``), so one step's memory does not hide another's.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import bench_store

CLI = [sys.executable, "-m", "incident_review"]

OLD_PARSE = """
import sys, yaml
from incident_review.core.yaml_read import InputLoader
with open(sys.argv[1], encoding="utf-8-sig") as f:
    data = yaml.load(f.read(), Loader=InputLoader)
print(len(data["incidents"]))
"""

NEW_PARSE = """
import sys
from pathlib import Path
from incident_review.core.contract import read_incidents
from incident_review.services.files import Utf8Reader
with Utf8Reader(Path(sys.argv[1])) as stream:
    print(sum(1 for _ in read_incidents(stream, sys.argv[1])))
"""

STORE_ONLY = """
import sys
from pathlib import Path
from incident_review.core.contract import read_incidents
from incident_review.services.files import Utf8Reader
from incident_review.storage.store import Store
store = Store(Path(sys.argv[2]))
with Utf8Reader(Path(sys.argv[1])) as stream:
    print(len(store.import_incidents(read_incidents(stream, sys.argv[1]), "bench", sys.argv[1])))
"""


def measured(argv: list[str]) -> tuple[float, float, float, str]:
    """Run ``argv``: (wall s, CPU s, peak RSS MB, the first number of its last line)."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace").strip()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({child.returncode}):\n{text}")
    # The CLI's "imported N incident(s)", else the first number of the last line.
    count = re.search(r"imported (\d+)", text) or re.search(r"(\d+)", text.splitlines()[-1] if text else "")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, count.group(1) if count else "?"


class LockProbe(threading.Thread):
    """Another analyst's short writes to the store while the import runs: how long each
    waited for the write lock (the import's longest transaction, give or take 50 ms)."""

    def __init__(self, db: Path) -> None:
        super().__init__(daemon=True)
        self.db, self.done = db, threading.Event()
        self.waits: list[float] = []

    def run(self) -> None:
        while not self.done.is_set():
            with contextlib.suppress(sqlite3.Error):  # the store or its schema not there yet
                self._write()
            self.done.wait(0.05)

    def _write(self) -> None:
        if not self.db.exists():
            return
        conn = sqlite3.connect(self.db, timeout=120, isolation_level=None)
        try:
            # No checkpoint of its own: a commit that finds the -wal past 1,000 pages copies it
            # into the store, seconds of work that would read as a wait for the lock.
            conn.execute("PRAGMA wal_autocheckpoint = 0")
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")  # returns once the import's transaction ends
            self.waits.append(time.perf_counter() - started)
            conn.execute("INSERT OR REPLACE INTO counters (name, value) VALUES ('bench-probe', 0)")
            conn.execute("COMMIT")
        finally:
            conn.close()

    def summary(self) -> str:
        self.done.set()
        self.join()
        if not self.waits:
            return "no probe write landed"
        return (
            f"another writer's {len(self.waits)} writes waited at most {max(self.waits):.2f} s "
            f"(median {statistics.median(self.waits) * 1000:.0f} ms)"
        )


def _probed(argv: list[str], db: Path) -> tuple[tuple[float, float, float, str], str]:
    probe = LockProbe(db)
    probe.start()
    try:
        return measured(argv), probe.summary()
    finally:
        probe.done.set()


def run(n: int, old: bool = True) -> int:
    store = bench_store(n)
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR", "/tmp")) as tmp:
        path = Path(tmp) / f"export-{n}.yaml"
        steps: list[tuple[str, list[str]]] = [
            ("export", [*CLI, "--db", str(store), "export", "--no-timestamp", "-o", str(path)]),
        ]
        if old:
            steps.append(("old parse", [sys.executable, "-c", OLD_PARSE, str(path)]))
        steps += [
            ("new parse", [sys.executable, "-c", NEW_PARSE, str(path)]),
            ("import", [*CLI, "--db", str(Path(tmp) / "cli.db"), "import", str(path)]),
            ("store only", [sys.executable, "-c", STORE_ONLY, str(path), str(Path(tmp) / "direct.db")]),
        ]
        print(f"YAML import, n={n:,} (load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
        for name, argv in steps:
            if name == "import":
                (wall, cpu, peak, count), waits = _probed(argv, Path(tmp) / "cli.db")
            else:
                (wall, cpu, peak, count), waits = measured(argv), ""
            size = f", {path.stat().st_size / 1e6:,.0f} MB" if name == "export" else ""
            figures = f"{wall:7.1f} s wall {cpu:7.1f} s CPU  peak RSS {peak:7,.0f} MB"
            print(f"  {name:<10} {figures}  ({count} incidents{size})", flush=True)
            if waits:
                print(f"             {waits}", flush=True)
        print(f"  load average {os.getloadavg()[0]:.1f} at the end")
    return 0


ACLED_STORE_ONLY = """
import sys
from pathlib import Path
from incident_review.services import dataset_import
from incident_review.storage.store import Store
dataset_import.match_new = lambda *a, **k: None  # the matching left out: what storing costs
dataset_import.resume_matching = lambda *a, **k: None
store = Store(Path(sys.argv[2]))
print(len(dataset_import.import_dataset(store, Path(sys.argv[1]), "bench").ids))
"""


def run_acled(n: int) -> int:
    """An ACLED export of ``n`` generated rows (benchmarks/acled.py) imported into an empty
    store: the CLI as a user runs it, and the import without the duplicate matching."""
    from benchmarks.acled import write

    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR", "/tmp")) as tmp:
        path = write(Path(tmp) / f"acled-{n}.csv", n)
        print(
            f"ACLED CSV import, n={n:,}, {path.stat().st_size / 1e6:,.0f} MB "
            f"(load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
        )
        steps = [
            ("import", [*CLI, "--db", str(Path(tmp) / "cli.db"), "import", str(path)]),
            ("store only", [sys.executable, "-c", ACLED_STORE_ONLY, str(path), str(Path(tmp) / "direct.db")]),
        ]
        for name, argv in steps:
            if name == "import":
                (wall, cpu, peak, count), waits = _probed(argv, Path(tmp) / "cli.db")
            else:
                (wall, cpu, peak, count), waits = measured(argv), ""
            figures = f"{wall:7.1f} s wall {cpu:7.1f} s CPU  peak RSS {peak:7,.0f} MB"
            print(f"  {name:<10} {figures}  ({count} incidents)  target < 30 s", flush=True)
            if waits:
                print(f"             {waits}", flush=True)
        print(f"  load average {os.getloadavg()[0]:.1f} at the end")
    return 0
