"""What one row of the issue #16 table holds once measured, and what every row's
measurement shares (the store size, the program driven, a scratch folder, the
environment its processes get)."""

from __future__ import annotations

import os
import resource
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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


def run_process(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Run ``argv`` (output discarded): wall seconds, CPU seconds (its own and its
    children's, from wait4) and peak RSS in MB."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    err = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({child.returncode}):\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def cpu_now() -> float:
    """This process's CPU seconds so far (its threads included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
