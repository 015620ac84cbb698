"""A progress line on stderr for long commands (a dataset import): the phase, rows done of
the total, rows per second and the time left, redrawn in place at most 5 times a second.

Shown only on a terminal (or when asked with ``--progress``): piped into a file or read by
a script or a test, stderr stays as clean as without it."""

from __future__ import annotations

import sys
import time
from typing import TextIO

REDRAW_SECONDS = 0.2
BAR = 20  # characters


def wanted(flag: bool | None, stream: TextIO | None = None) -> bool:
    """``--progress`` / ``--no-progress``, else whether stderr is a terminal."""
    if flag is not None:
        return flag
    stream = stream or sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a file
        return False


class ProgressLine:
    """Call it with (phase, rows done, total or 0 when unknown); ``close`` ends the line."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.phase: str | None = None
        self.started = self.drawn = 0.0
        self.width = 0  # of the last line drawn, to blank what a shorter one leaves
        self.undrawn: str | None = None  # the latest state, when the redraw limit held it back

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase != self.phase:
            if self.phase is not None:
                self._end_line()
            self.phase, self.started, self.drawn = phase, now, 0.0
        line = self._line(phase, done, total, now - self.started)
        finished = total > 0 and done >= total
        if not finished and now - self.drawn < REDRAW_SECONDS:
            self.undrawn = line
            return
        self.drawn = now
        self._draw(line)

    def _line(self, phase: str, done: int, total: int, elapsed: float) -> str:
        rate = done / elapsed if elapsed > 0 else 0.0
        speed = f"{rate:,.0f} rows/s" if elapsed > 0.5 and done else "…"
        if total <= 0:
            return f"{phase} {done:,} rows  {speed}" if done else f"{phase}…"
        share = min(done / total, 1.0)
        filled = round(share * BAR)
        bar = "#" * filled + "-" * (BAR - filled)
        left = (total - done) / rate if rate > 0 else None
        eta = f"ETA {_clock(left)}" if left is not None and done < total else f"in {_clock(elapsed)}"
        return f"{phase} [{bar}] {done:,}/{total:,} {share:4.0%}  {speed}  {eta}"

    def _draw(self, line: str) -> None:
        self.undrawn = None
        pad = " " * max(self.width - len(line), 0)
        self.stream.write(f"\r{line}{pad}")
        self.stream.flush()
        self.width = len(line)

    def _end_line(self) -> None:
        if self.undrawn is not None:  # a phase ends on its last state: "reading 1,200 rows"
            self._draw(self.undrawn)
        self.stream.write("\n")
        self.stream.flush()
        self.width = 0

    def close(self) -> None:
        if self.phase is not None:
            self._end_line()
            self.phase = None


def _clock(seconds: float) -> str:
    s = max(int(seconds + 0.5), 0)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
