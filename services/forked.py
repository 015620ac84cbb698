"""A pure computation run in a forked process while this one does other work.

A full rebuild's write (1M store: ~26 s, SQLite's own work) and the clustering and
rendering of the pairs it found (~4 s and more, pure Python) need nothing of each other;
nor do the pairs of two countries (no pair crosses a country). A thread would not run
them side by side (pure Python waits on the GIL the other holds); a forked child does, on
the second core, with everything already built inherited rather than pickled over. Only
its result is pickled back. The child touches no SQLite connection (one must not be used
across a fork) and ends with ``os._exit``: no finaliser closes the parent's connection or
flushes the parent's buffered output a second time.

Where ``fork`` is missing, or the child fails for any reason, the result is computed in
this process when asked for: the same value, only later.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from typing import IO, Generic, TypeVar

T = TypeVar("T")


class Forked(Generic[T]):
    """``compute()`` started in a child; ``result()`` is its value (pickled across)."""

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute = compute
        self._pid: int | None = None
        self._out: IO[bytes] | None = None
        if not hasattr(os, "fork"):
            return
        # (A pipe would fill and stop the child until read. Closed by result() or close().)
        self._out = tempfile.TemporaryFile()  # noqa: SIM115
        pid = os.fork()
        if pid == 0:  # the child
            code = 1
            try:
                # (pickle keeps any str whole, a lone surrogate included.)
                pickle.dump(compute(), self._out, protocol=pickle.HIGHEST_PROTOCOL)
                self._out.flush()
                code = 0
            finally:
                os._exit(code)
        self._pid = pid

    def result(self) -> T:
        """The value (waits for the child; computed here if it failed)."""
        if self._pid is None or self._out is None:
            return self._compute()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        with self._out:
            if os.waitstatus_to_exitcode(status) != 0:
                return self._compute()
            self._out.seek(0)
            value: T = pickle.load(self._out)
            return value

    def close(self) -> None:
        """Wait for the child, its value unread (the parent's work failed)."""
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None
        if self._out is not None:
            self._out.close()
