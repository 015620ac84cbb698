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
