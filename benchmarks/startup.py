"""Start-up as a user feels it: each command a fresh process on a stored benchmark store,
wall and CPU seconds, beside ``incident-review --version`` (the interpreter, click and the
CLI's module: the floor every command pays) measured in the same run.

- ``stats`` on the store;
- a one-report ingest into a copy of it (extraction rules, gazetteer, matching);
- the review TUI through a real pty, from exec to the first screen with rows (its CPU then),
  beside a bare Textual list in the same pty (what Textual alone costs to start).

Each is run ``repeat`` times and the median printed (the first run of all also writes the
parsed-config cache, as a user's first command after an install does: printed apart).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import bench_store
from benchmarks.extraction import make_reports
from benchmarks.terminal import Screen, Terminal, find
from benchmarks.tui_pty import BARE

TARGET = 0.5  # seconds, for the TUI's first screen and a one-report ingest


def _env(cache: Path) -> dict[str, str]:
    """The user's environment, with bytecode written (an installed package has its .pyc;
    a PYTHONDONTWRITEBYTECODE=1 shell would make every run compile the sources again) and a
    cache folder of the benchmark's own."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_CACHE_HOME"] = str(cache)
    env["TERM"] = "xterm-256color"
    return env


def _exe() -> str:
    found = shutil.which("incident-review", path=str(Path(sys.executable).parent)) or shutil.which("incident-review")
    if not found:
        raise SystemExit("incident-review is not installed beside this python (pip install -e '.[bench]')")
    return found


def _process(argv: list[str], env: dict[str, str], before: Callable[[], None] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one process (output discarded)."""
    if before:
        before()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime


def _first_screen(argv: list[str], env: dict[str, str], wanted: Callable[[Screen], bool]) -> tuple[float, float]:
    """Seconds from exec to the last byte of the first screen showing ``wanted``, in an
    80x24 pty, and the program's CPU seconds by then."""
    term = Terminal(argv, 80, 24, env)
    try:
        took = term.settle(wanted, term.started)
        cpu = term.cpu_seconds()
    finally:
        term.send("q")
        term.pump(0.2)
        term.close()
    return took, cpu


def _median(runs: list[tuple[float, float]]) -> str:
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    return f"{wall:5.2f} s wall ({cpu:4.2f} s CPU)"


def _met(runs: list[tuple[float, float]]) -> str:
    return "ok" if statistics.median(r[0] for r in runs) < TARGET else "MISSED"


def run(n: int, repeat: int = 5) -> int:
    source = bench_store(n)
    exe = _exe()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp_name:
        tmp = Path(tmp_name)
        env = _env(tmp / "cache")
        db = tmp / "copy.db"
        shutil.copy(source, db)
        report = tmp / "report.jsonl"
        report.write_text(json.dumps(make_reports(1, seed=11)[0]) + "\n", encoding="utf-8")
        ingest_db = tmp / "ingest.db"

        def fresh_copy() -> None:
            shutil.copy(source, ingest_db)
            for suffix in ("-wal", "-shm"):
                Path(str(ingest_db) + suffix).unlink(missing_ok=True)
            # The copy's pages written out now: else the ingest's first fsync (a checkpoint)
            # waits for the kernel to write the whole copied store, and times the disk.
            os.sync()

        # The stored benchmark store may be of an older schema: upgraded once, outside the runs.
        subprocess.run([exe, "--db", str(db), "stats"], check=True, capture_output=True, env=env)
        source = tmp / "ingest-source.db"  # (a clean close left no -wal to copy with it)
        shutil.copy(db, source)
        ingest = [exe, "--db", str(ingest_db), "--analyst", "bench", "ingest", str(report)]
        first = _process(ingest, env, fresh_copy)  # writes the config cache, as a first run does

        def opened(screen: Screen) -> bool:
            return screen[0].strip().startswith("1/") and find(screen, r"INC-0000001  \w") is not None

        def bare_opened(screen: Screen) -> bool:
            return find(screen, "row 1") is not None and find(screen, "row 2") is not None

        figures: dict[str, list[tuple[float, float]]] = {}
        for _ in range(repeat):  # interleaved, so a burst of load hits every row alike
            figures.setdefault("version", []).append(_process([exe, "--version"], env))
            figures.setdefault("stats", []).append(_process([exe, "--db", str(db), "stats"], env))
            figures.setdefault("ingest", []).append(_process(ingest, env, fresh_copy))
            review = [exe, "--db", str(db), "--analyst", "bench", "review"]
            figures.setdefault("review", []).append(_first_screen(review, env, opened))
            figures.setdefault("bare", []).append(_first_screen([sys.executable, str(BARE)], env, bare_opened))
    print(f"start-up, fresh processes, store of {n:,}; median of {repeat}; load average {load[0]:.1f} at the start")
    rows = (
        ("incident-review --version", "version", "(anchor)"),
        ("stats", "stats", ""),
        ("ingest one report", "ingest", f"target < {TARGET} s {_met(figures['ingest'])}"),
        ("review: exec to first screen, pty", "review", f"target < {TARGET} s {_met(figures['review'])}"),
        ("bare Textual list, same pty", "bare", "(anchor)"),
    )
    for label, name, note in rows:
        print(f"  {label:<36}{_median(figures[name])}  {note}")
    print(f"  (the first ingest, writing the config cache: {first[0]:.2f} s wall, {first[1]:.2f} s CPU)")
    print(f"  load average {os.getloadavg()[0]:.1f} at the end")
    return 0
