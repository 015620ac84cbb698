"""A program in a real pseudo-terminal, its screen kept by a terminal emulator (pyte):
keys go in as bytes, latency is measured to the last byte of output the program wrote.

What an analyst feels is the time from a key to the screen standing still with the new
content; the program's own timers and workers are all included, the emulator's drawing is
not (output is fed to pyte only once the program has fallen quiet, so pyte's speed never
delays the timestamp of a later chunk).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Sequence

import pyte

Screen = list[str]  # the display, one string per line
QUIET = 0.05  # no output for this long (and the screen as wanted) = settled
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class Terminal:
    def __init__(self, argv: Sequence[str], columns: int, lines: int, env: dict[str, str]) -> None:
        self.columns, self.lines = columns, lines
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal before the program asks for it
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
            os.execvpe(argv[0], list(argv), env)
        self.pid, self.fd = pid, fd
        self._pending: list[bytes] = []
        self.closed = False

    # ------------------------------------------------------------ input

    def send(self, data: str | bytes) -> float:
        """Write keys; the time they were written."""
        raw = data.encode() if isinstance(data, str) else data
        sent = time.perf_counter()
        os.write(self.fd, raw)
        return sent

    def type_slowly(self, text: str, gap: float = 0.01) -> None:
        """Type as a person does (a burst of pasted bytes can read as one key sequence)."""
        for ch in text:
            self.send(ch)
            self.pump(gap)

    # ------------------------------------------------------------ output

    def _read(self, timeout: float) -> float | None:
        """Read whatever arrives within ``timeout``; the time it arrived, None if nothing."""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return None
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the program ended
            data = b""
        if not data:
            self.closed = True
            return None
        arrived = time.perf_counter()
        self._pending.append(data)
        return arrived

    def _feed(self) -> None:
        if self._pending:
            self.stream.feed(b"".join(self._pending))
            self._pending.clear()

    def pump(self, seconds: float) -> None:
        """Keep reading for ``seconds`` (a program blocks when its output is not read)."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0 and not self.closed:
            self._read(left)
        self._feed()

    def display(self) -> Screen:
        self._feed()
        return list(self.screen.display)

    def settle(self, wanted: Callable[[Screen], bool], since: float, timeout: float = 60.0) -> float:
        """Wait until the screen shows ``wanted`` and the program has written nothing for
        QUIET; the seconds from ``since`` to the last byte it wrote. Output must have come
        after ``since`` (a screen that already matched proves nothing)."""
        deadline = time.perf_counter() + timeout
        last: float | None = None
        while True:
            arrived = self._read(QUIET)
            if arrived is not None:
                last = arrived
                continue
            if last is not None and wanted(self.display()):
                return last - since
            if self.closed or time.perf_counter() > deadline:
                shown = "\n".join(self.display())
                raise TimeoutError(
                    f"screen never settled as wanted ({'exited' if self.closed else 'timeout'}):\n{shown}"
                )

    def drain(self, timeout: float = 10.0) -> None:
        """Read until the program has written nothing for QUIET (typing echoed, say)."""
        deadline = time.perf_counter() + timeout
        while self._read(QUIET) is not None and time.perf_counter() < deadline:
            pass
        self._feed()

    def cpu_seconds(self) -> float:
        """User + system CPU the program (all its threads) has used so far."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def peak_rss_mb(self) -> float:
        """The program's peak resident memory so far."""
        with open(f"/proc/{self.pid}/status") as f:
            kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
        return kb / 1024

    def close(self) -> None:
        """End the program this terminal started (by its pid) and reap it."""
        if not self.closed:
            with_timeout = time.perf_counter() + 2
            os.kill(self.pid, signal.SIGTERM)
            while time.perf_counter() < with_timeout and not self.closed:
                self._read(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def find(screen: Screen, pattern: str) -> re.Match[str] | None:
    """The first match of ``pattern`` on any line."""
    compiled = re.compile(pattern)
    for line in screen:
        m = compiled.search(line)
        if m:
            return m
    return None
