"""What the list view and export ask the store for: filters, sort keys, list rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Final

SORTABLE: Final = ("seq", "id", "date", "location", "admin1", "sub_event_type", "killed", "status")


@dataclass(frozen=True)
class IncidentFilter:
    statuses: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    country: str | None = None
    admin1: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_type: str | None = None
    has_duplicates: bool = False
    contested: bool = False
    search: str | None = None  # FTS5 query over summaries and source report text
    include_merged: bool = False

    def describe(self) -> dict[str, Any]:
        """The non-default parts, as written to an export's ``filter`` key."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value in (None, False, ()):
                continue
            out[key] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True)
class Sort:
    column: str = "seq"
    descending: bool = False


@dataclass(frozen=True)
class ListRow:
    """One line of the incident list: just what the list shows, never the full incident."""

    seq: int
    id: str
    date: str | None
    location: str | None
    admin1: str | None
    sub_event_type: str | None
    killed: int | None
    wounded: int | None
    status: str
    grade: str | None
    n_sources: int
    contested: bool
    dup_score: float | None
    sort_value: Any = field(default=None, compare=False)

    @property
    def key(self) -> tuple[Any, int]:
        return (self.sort_value, self.seq)
