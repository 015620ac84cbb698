"""Errors that reach the user as one line naming the file and the line or record."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: the CLI prints ``str(error)`` on one line and exits with code 2."""

    def __init__(self, path: str, where: str | None, problem: str) -> None:
        self.path = path
        self.where = where
        self.problem = problem
        location = f"{path}: {where}" if where else path
        super().__init__(f"{location}: {problem}")


class ConflictError(Exception):
    """A save based on a stale version of an incident: someone else changed it first."""

    def __init__(self, incident_id: str, expected: int, actual: int | None, by: str | None) -> None:
        self.incident_id = incident_id
        self.expected = expected
        self.actual = actual
        self.by = by
        who = f" by {by}" if by else ""
        state = "deleted" if actual is None else f"now at version {actual}{who}"
        super().__init__(f"{incident_id} changed since you opened it (you had version {expected}, {state})")


class StoreError(Exception):
    """The store failed a read or a write (a corrupt file, a bad search expression, an
    interrupted count...): SQLite's own error, which the storage layer translates so that
    the layers above it never handle sqlite3 themselves. ``str()`` is SQLite's message."""


class StoreBusyError(StoreError):
    """Another connection held the store's write lock past the busy timeout ("database is
    locked"): nothing was written, and the same write may succeed when tried again."""


class StoreFullError(StoreError):
    """The disk (or the store's quota) is full: nothing was written."""


class StoreAccessError(StoreError):
    """The store (or its folder, -wal or -shm) cannot be opened by this user: one line that
    names the file, its owner, group and mode."""


class MergedAwayError(Exception):
    """A write on an incident that has been merged into another: edit the survivor."""

    def __init__(self, incident_id: str, survivor: str) -> None:
        self.incident_id = incident_id
        self.survivor = survivor
        super().__init__(
            f"{incident_id} was merged into {survivor}: nothing saved on {incident_id}; "
            f"edit {survivor} instead (or unmerge first)"
        )
