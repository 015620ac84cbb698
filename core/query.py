"""What the list view and export ask the store for: filters, sort keys, list rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, Final

from incident_review.core.fields import DERIVED, Derived, Field
from incident_review.core.model import FIELDS

# The list's columns that are stored ones, left to right: the field table's ``listed``
# (core/fields.py) and its derived columns'.
_COLUMNS: Final[tuple[Field | Derived, ...]] = (*FIELDS, *DERIVED)
LISTED: Final = tuple(sorted((c for c in _COLUMNS if c.listed), key=lambda c: c.listed.rank if c.listed else 0))
# The sort keys: insertion order, then the sortable columns left to right.
SORTABLE: Final = ("seq", *(c.name for c in LISTED if c.sort))


@dataclass(frozen=True)
class Range:
    """A count's filter: from ``low`` to ``high`` (either open), or ``unknown``: no figure
    (the list shows ``?``)."""

    low: int | None = None
    high: int | None = None
    unknown: bool = False

    def text(self) -> str:
        """As the filter bar writes it after the key: ``:?``, ``:3``, ``:3-10``, ``>=5``, ``<=3``."""
        if self.unknown:
            return ":?"
        if self.low is not None and self.high is not None:
            return f":{self.low}" if self.low == self.high else f":{self.low}-{self.high}"
        if self.low is not None:
            return f">{self.low - 1}" if self.low > 0 else ">=0"
        return f"<={self.high}" if self.high is not None else ">=0"


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
    place: str | None = None  # the location, or the admin1 (what the list's place column shows)
    ids: tuple[str, ...] = ()
    killed: Range | None = None  # the killed figure's best (the list's k)
    wounded: Range | None = None
    sources: Range | None = None  # the number of reports (the list's src)
    actor: str | None = None  # a claim names it (any role or stance)
    outlet: str | None = None  # a source report is from it

    def describe(self) -> dict[str, Any]:
        """The non-default parts, as written to an export's ``filter`` key."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, False, ()):
                continue
            if isinstance(value, Range):
                out[f.name] = value.text().lstrip(":")
            else:
                out[f.name] = list(value) if isinstance(value, tuple) else value
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


def key_before(sort_value: Any, seq: int, descending: bool) -> tuple[Any, int]:
    """A key just before the row (``sort_value``, ``seq``): keyset pages exclude their key,
    so a page from this key starts with that row (seq breaks ties, so one seq step back in
    the direction of the sort)."""
    return (sort_value, seq + (1 if descending else -1))
