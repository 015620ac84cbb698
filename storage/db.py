"""Opening the database: pragmas, thread use, and short write transactions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incident_review.core.errors import StoreAccessError

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10_000
WRITE_TRY_MS = 50  # one try for the write lock; the thread lock is free between tries


def is_locked(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked" (SQLITE_BUSY/LOCKED)."""
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


SIDE_FILES = ("-wal", "-shm", "-journal")


class _Connection(sqlite3.Connection):
    """A store's connection, registered so that the CLI's quick exit closes it as teardown
    would: the last connection of a WAL store checkpoints it and removes the -wal. (A
    connection outlives its Database until the cycle collector runs: its own statement
    cache refers back to it. sqlite3's own class takes no weak reference; a subclass does.)"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _OPEN.add(self)


_OPEN: weakref.WeakSet[_Connection] = weakref.WeakSet()


def close_open_connections() -> None:
    """Close every store connection still open (the CLI's quick exit)."""
    for conn in list(_OPEN):
        conn.close()


def create_shared_file(path: Path) -> None:
    """Create ``path`` empty with mode 0666 less the analyst's umask (its group comes from a
    setgid folder by the kernel's rule). SQLite would create it 0644 whatever the umask, and
    it gives the -wal and -shm it creates later the main file's mode: so the main file must
    be right first, and the group of a shared folder can then open all three."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return
    os.close(fd)


def prepare_store_file(path: Path, create: bool = True) -> None:
    """The store's folder (made if missing) and, with ``create``, the store file itself."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if create:
            create_shared_file(path)
    except PermissionError as exc:
        raise StoreAccessError(access_problem(path) or f"{path}: cannot create it ({exc.strerror})") from None


def _describe(path: Path, st: os.stat_result) -> str:
    import grp
    import pwd

    def name(lookup: object, ident: int) -> str:
        try:
            return str(lookup(ident)[0])  # type: ignore[operator]
        except KeyError:
            return str(ident)

    return (
        f"owner {name(pwd.getpwuid, st.st_uid)}, group {name(grp.getgrgid, st.st_gid)}, "
        f"mode {stat.filemode(st.st_mode)}"
    )


def access_problem(path: Path) -> str | None:
    """What keeps this user from reading and writing the store at ``path`` (its folder,
    the file, its -wal/-shm), as one line naming the file; None when nothing does."""
    folder = path.parent
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"{folder}: cannot create the store's -wal/-shm files here: permission denied "
            f"({_describe(folder, folder.stat())})"
        )
    for candidate in (path, *(Path(str(path) + s) for s in SIDE_FILES)):
        try:
            st = candidate.stat()
        except OSError:
            continue
        if not os.access(candidate, os.R_OK | os.W_OK):
            return (
                f"{candidate}: permission denied: not readable and writable by {_me()} "
                f"({_describe(candidate, st)}; the store's group needs rw, see README: shared store)"
            )
    return None


def _me() -> str:
    import pwd

    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


def align_side_files(path: Path) -> None:
    """Give the -wal/-shm this process owns the main file's permission bits and group.

    SQLite copies the main file's mode when it creates them; a store made before that was
    right (or a -wal left by a crash) may still have 0644: fix what we own, so the next
    analyst of the group can open it. Files owned by others are left (access_problem names
    them if they are in the way)."""
    try:
        main = path.stat()
    except OSError:
        return
    for suffix in SIDE_FILES:
        side = Path(str(path) + suffix)
        try:
            st = side.stat()
            if st.st_uid != os.geteuid():
                continue
            if stat.S_IMODE(st.st_mode) & 0o666 != stat.S_IMODE(main.st_mode) & 0o666:
                os.chmod(side, stat.S_IMODE(main.st_mode) & 0o666)
            if st.st_gid != main.st_gid:
                os.chown(side, -1, main.st_gid)
        except OSError:
            continue  # gone meanwhile, or a group we are not in: nothing better to do


class Database:
    """One connection shared by the app's threads, serialised by a lock.

    Textual workers run store calls in threads; sqlite3 refuses a connection from another
    thread unless ``check_same_thread=False``, and then the lock keeps them from
    interleaving statements. Writers across processes use ``BEGIN IMMEDIATE`` so that two
    analysts' read-then-write never deadlock into "database is locked".
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        on_disk = self.path != ":memory:"
        # Read-only (a store, or its folder, this user cannot write: export and stats still
        # work): every connection opens the file with mode=ro, or immutable=1 when SQLite
        # cannot even create the -shm a WAL reader needs (a read-only folder or mount).
        self._uri: str | None = None
        if read_only and on_disk:
            conn = self._open_read_only(Path(self.path))
        elif on_disk:
            problem = access_problem(Path(self.path))
            if problem:
                raise StoreAccessError(problem)
            prepare_store_file(Path(self.path))
        if not (read_only and on_disk):
            conn = self._open(on_disk)
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None
        self.lock = threading.RLock()
        self.busy_timeout_ms = BUSY_TIMEOUT_MS  # how long a write waits for another's lock
        self._depth = 0
        self._slow: sqlite3.Connection | None = None
        self._slow_lock = threading.Lock()

    def _open_read_only(self, path: Path) -> sqlite3.Connection:
        from urllib.parse import quote

        base = f"file:{quote(str(path.resolve()))}?mode=ro"
        last: sqlite3.Error | None = None
        wal = Path(str(path) + "-wal")
        unread_wal = wal.exists() and wal.stat().st_size > 0
        # immutable=1 ignores a -wal: only when there is none to miss.
        for uri in (base, *(() if unread_wal else (base + "&immutable=1",))):
            try:
                conn = sqlite3.connect(
                    uri,
                    uri=True,
                    check_same_thread=False,
                    isolation_level=None,
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    factory=_Connection,
                )
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.Error as exc:
                last = exc
                continue
            conn.execute("PRAGMA query_only = ON")
            self._uri = uri
            return conn
        raise StoreAccessError(f"{path}: cannot open the store read-only ({last})")

    def _open(self, on_disk: bool) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path,
                check_same_thread=False,
                isolation_level=None,
                timeout=BUSY_TIMEOUT_MS / 1000,
                factory=_Connection,
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            if on_disk:
                conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across application crashes in WAL mode (only an OS crash
            # can lose the last commits) and makes each commit far cheaper than FULL.
            conn.execute("PRAGMA synchronous = NORMAL")
            if on_disk:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the -wal/-shm
        except sqlite3.OperationalError:
            problem = access_problem(Path(self.path)) if on_disk else None
            if problem:
                raise StoreAccessError(problem) from None
            raise
        if on_disk:
            align_side_files(Path(self.path))
        return conn

    @property
    def read_only(self) -> bool:
        return self._uri is not None

    def _connect(self) -> sqlite3.Connection:
        """Another connection to the same store, opened as the main one was."""
        if self._uri is not None:
            return sqlite3.connect(
                self._uri,
                uri=True,
                check_same_thread=False,
                isolation_level=None,
                timeout=BUSY_TIMEOUT_MS / 1000,
                factory=_Connection,
            )
        return sqlite3.connect(
            self.path,
            check_same_thread=False,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            factory=_Connection,
        )

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
        """A short ``BEGIN IMMEDIATE`` transaction; nested calls join the outer one.

        While another process holds the store's write lock, this waits (up to the busy
        timeout, then "database is locked") in short tries *without* holding the thread
        lock in between: the app's reads (the list, the detail pane) go on meanwhile, since
        in WAL mode a reader never waits for a writer."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
        self._begin_immediate()  # returns holding self.lock
        try:
            self._depth = 1
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                # SQLite may have rolled back already (a full disk, SQLITE_FULL, ends the
                # transaction): a ROLLBACK then fails with "no transaction is active", which
                # hid the real error ("database or disk is full").
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
        finally:
            self.lock.release()

    def _begin_immediate(self) -> None:
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        while True:
            self.lock.acquire()
            try:
                self.conn.execute(f"PRAGMA busy_timeout = {WRITE_TRY_MS}")
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                finally:
                    self.conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            except sqlite3.OperationalError as exc:
                self.lock.release()
                if not is_locked(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(WRITE_TRY_MS / 1000)
            except BaseException:
                self.lock.release()
                raise

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
                self._slow = self._connect()
                self._slow.execute("PRAGMA query_only = ON")
            yield self._slow

    def snapshot_connection(self) -> sqlite3.Connection:
        """A fresh read-only connection for one long snapshot read (an export): the caller
        opens its transaction and closes it."""
        conn = self._connect()
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        return conn

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
