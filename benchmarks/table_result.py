"""What one row of the issue #16 table holds once measured, and what every row's
measurement shares (the store size, the program driven, a scratch folder, the
environment its processes get)."""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import bench_store


@dataclass(frozen=True)
class Check:
    """One target: ``value`` (in ``unit``) against ``limit``; ``at_least`` for a rate."""

    value: float
    limit: float
    unit: str
    at_least: bool = False

    @property
    def met(self) -> bool:
        return self.value >= self.limit if self.at_least else self.value < self.limit


@dataclass(frozen=True)
class Figure:
    """A measured figure: wall (or a rate), the CPU it took, in ``unit`` (CPU in seconds
    or ms as the wall is; None for a rate, where CPU is given in the note)."""

    wall: float
    cpu: float | None
    unit: str  # "ms", "s" or "reports/s"


@dataclass
class Row:
    """A printed line of the table."""

    key: str
    what: str
    target: str
    load: float  # the 1-minute load average when the row started
    project: Figure | None = None
    anchor: Figure | None = None
    anchor_what: str = ""
    checks: list[Check] = field(default_factory=list)
    note: str = ""  # what else the row measured (its parts, plans, counts)
    skipped: str = ""  # why it was not measured
    error: str = ""  # why its measurement failed

    @property
    def verdict(self) -> str:
        if self.error:
            return "FAILED"
        if self.skipped:
            return "skipped"
        if not self.checks:
            return "-"
        return "met" if all(c.met for c in self.checks) else "NOT MET"


@dataclass
class Context:
    """What the rows share in one run."""

    n: int  # the size of the "1M" rows (scaled down by --n)
    exe: str  # the incident-review driven through its CLI and the pty
    tmp: Path  # copies of stores, exports, report files: removed after the run
    keys: int  # presses of j (and how many filters, searches and cold opens: repeat)
    repeat: int
    env: dict[str, str]
    cache: dict[str, Any] = field(default_factory=dict)  # what two rows both use (a session, a copy)

    @property
    def n_100k(self) -> int:
        """The size of the rows the issue gives at 100k: never more than ``n``."""
        return min(100_000, self.n)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


def child_env(cache: Path) -> dict[str, str]:
    """A user's environment: bytecode written (an installed package has its .pyc; the
    shell here sets PYTHONDONTWRITEBYTECODE=1), a parsed-config cache of the run's own,
    TERM of a common terminal, no Textual debugging variables."""
    skip = ("PYTHONDONTWRITEBYTECODE", "TEXTUAL", "NO_COLOR", "COLORTERM")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env["XDG_CACHE_HOME"] = str(cache)
    env["TERM"] = "xterm-256color"
    return env


# Forks and waits for the program, from a process of a few MB: Linux keeps a process's
# peak RSS across exec, so a program forked straight from this one (which may hold a
# million matching inputs) would report this process's size as its own peak.
LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(sys.argv[1], "w") as f:
    json.dump([os.waitstatus_to_exitcode(status), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024], f)
"""


def run_process(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Run ``argv`` (output discarded): wall seconds, CPU seconds (its own and its
    children's, from wait4) and its peak RSS in MB."""
    with tempfile.TemporaryDirectory() as tmp:
        result, errors = Path(tmp) / "result.json", Path(tmp) / "stderr"
        with errors.open("wb") as err:
            subprocess.run(
                [sys.executable, "-S", "-c", LAUNCHER, str(result), *argv],
                stdout=subprocess.DEVNULL,
                stderr=err,
                env=env,
                check=True,
            )
        code, wall, cpu, peak = json.loads(result.read_text())
        if code != 0:
            shown = errors.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(argv)} failed ({code}):\n{shown}")
    return float(wall), float(cpu), float(peak)


def cpu_now() -> float:
    """This process's CPU seconds so far (its threads included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def store_copy(ctx: Context, n: int) -> Path:
    """A copy of the benchmark store of ``n`` for the rows to open (one per size and run:
    the review app writes its leases, ingest and rebuild write; the stored one is shared),
    opened once by ``stats`` (a schema older than the CLI's upgraded outside the
    timings) and written out to disk (else the first fsync of a timed command waits for
    the kernel to write the whole copy)."""

    def make() -> Path:
        db, source = ctx.tmp / f"copy-{n}.db", bench_store(n)
        wal = Path(f"{source}-wal")
        if wal.exists() and wal.stat().st_size:  # another program has it open and wrote: a consistent copy
            src, dst = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(db)
            src.backup(dst)
            src.close()
            dst.close()
        else:
            shutil.copy(source, db)
        run_process([ctx.exe, "--db", str(db), "stats"], ctx.env)
        os.sync()
        return db

    path: Path = ctx.once(f"copy-{n}", make)
    return path
