"""Issue #16's table, every row measured as the analyst feels it (the review TUI through a
real pty, the CLI as run from a shell) beside its anchor measured in the same run, with
its target and whether it holds.

    python -m benchmarks table [--n 1000000] [--rows j,sort,...] [--exe PATH] [--skip-slow]

``--n`` is the size of the issue's 1M rows (its 100k rows take min(100k, N)); stores are
benchmarks/common.py's, built once in $BENCH_DIR and only read (rows that write work on a
copy in a scratch folder there). Each row prints wall and CPU seconds (the program's own
and its children's, from /proc or wait4) and the load average when it started: on a shared
machine wall waits for a core, CPU much less.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from benchmarks import table_cli, table_tui
from benchmarks.common import bench_store
from benchmarks.table_format import header, line, notes
from benchmarks.table_result import Context, Row, child_env
from benchmarks.table_rows import KEYS, ROWS


def _exe(exe: str | None) -> str:
    found = exe or shutil.which("incident-review", path=str(Path(sys.executable).parent))
    if not found:
        raise SystemExit("incident-review is not installed beside this python (pip install -e '.[bench]')")
    return found


def _wait_for_builder(n: int) -> None:
    """Another process building the store (bench_store's ``.building`` file growing):
    wait for it, rather than unlink its file and build again."""
    path = Path(os.environ.get("BENCH_DIR", "/tmp")) / f"incident-review-bench-{n}-r.db"
    building = path.with_suffix(".building")
    while not path.exists() and building.exists():
        size = building.stat().st_size
        time.sleep(30)
        if building.exists() and building.stat().st_size == size and not Path(f"{building}-wal").exists():
            raise SystemExit(f"{building} has not grown for 30 s: a build that died? Remove it to build again.")
        print(f"  waiting for another process building {path.name}", file=sys.stderr, flush=True)


def run(
    n: int,
    keys: tuple[str, ...] = KEYS,
    exe: str | None = None,
    skip_slow: bool = False,
    presses: int = 30,
    repeat: int = 3,
) -> int:
    unknown = set(keys) - set(KEYS)
    if unknown:
        raise SystemExit(f"unknown rows {', '.join(sorted(unknown))}: choose from {', '.join(KEYS)}")
    program = _exe(exe)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = os.getloadavg()
    print(
        f"issue #16's table, n={n:,}, {program}, {started}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        f"on {os.cpu_count()} cores",
        flush=True,
    )
    for size in sorted({n, min(n, 100_000)}):  # built (once, kept) before any row is timed
        _wait_for_builder(size)
        bench_store(size)
    rows: list[Row] = []
    failed = 0
    for text in header():
        print(text, flush=True)
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR"), prefix="table-") as tmp:
        ctx = Context(n, program, Path(tmp), presses, repeat, child_env(Path(tmp) / "cache"))
        first = table_cli.warm_config_cache(ctx)
        for spec in ROWS:
            if spec.key not in keys:
                continue
            if spec.slow and skip_slow:
                rows.append(Row(spec.key, spec.what, spec.target, os.getloadavg()[0], skipped="skipped (--skip-slow)"))
                continue
            try:
                rows.append(spec.measure(ctx))
            except Exception as error:  # one row's failure leaves the others measured
                failed += 1
                traceback.print_exc()
                rows.append(Row(spec.key, spec.what, spec.target, os.getloadavg()[0], error=f"failed: {error!r}"[:300]))
            finally:
                table_tui.close_all(ctx)
            print(line(rows[-1]), flush=True)  # each row as it is measured: a long run's rows kept
    for text in notes(rows):
        print(text)
    print(f"- the run's first CLI (an ingest writing the parsed-config cache), not in any row: {first:.2f} s")
    end = os.getloadavg()
    print(f"load average {end[0]:.2f} {end[1]:.2f} {end[2]:.2f} at the end")
    return 1 if failed else 0
