"""Opening the database: pragmas, thread use, and short write transactions."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10_000


class Database:
    """One connection shared by the app's threads, serialised by a lock.

    Textual workers run store calls in threads; sqlite3 refuses a connection from another
    thread unless ``check_same_thread=False``, and then the lock keeps them from
    interleaving statements. Writers across processes use ``BEGIN IMMEDIATE`` so that two
    analysts' read-then-write never deadlock into "database is locked".
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable across application crashes in WAL mode (only an OS crash
        # can lose the last commits) and makes each commit far cheaper than FULL.
        conn.execute("PRAGMA synchronous = NORMAL")
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None
        self.lock = threading.RLock()
        self._depth = 0
        self._slow: sqlite3.Connection | None = None
        self._slow_lock = threading.Lock()

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, imported on first use: the review TUI
        starts without it (its import costs as much as a third of the start-up)."""
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn)
        return self._utils

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A short ``BEGIN IMMEDIATE`` transaction; nested calls join the outer one."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._depth = 0

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several reads (a deferred transaction)."""
        with self.lock:
            if self._depth:
                yield self.conn
                return
            self.conn.execute("BEGIN")
            self._depth = 1
            try:
                yield self.conn
            finally:
                self._depth = 0
                self.conn.execute("COMMIT")

    @contextmanager
    def slow_read(self) -> Iterator[sqlite3.Connection]:
        """A second connection for long reads (counting a million rows), so they never
        hold up the pages and writes of the main one; ``interrupt_slow_reads`` stops them."""
        if self.path == ":memory:":
            with self.lock:
                yield self.conn
            return
        with self._slow_lock:
            if self._slow is None:
                self._slow = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None,
                                             timeout=BUSY_TIMEOUT_MS / 1000)
                self._slow.execute("PRAGMA query_only = ON")
            yield self._slow

    def interrupt_slow_reads(self) -> None:
        if self._slow is not None:
            self._slow.interrupt()

    def data_version(self) -> int:
        """Changes when another connection commits: cheap polling for live refresh."""
        with self.lock:
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self.lock:
            self.conn.close()
        if self._slow is not None:
            self._slow.close()

