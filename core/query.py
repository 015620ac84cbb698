"""What the list view and export ask the store for: filters, sort keys, list rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
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


def key_before(sort_value: Any, seq: int, descending: bool) -> tuple[Any, int]:
    """A key just before the row (``sort_value``, ``seq``): keyset pages exclude their key,
    so a page from this key starts with that row (seq breaks ties, so one seq step back in
    the direction of the sort)."""
    return (sort_value, seq + (1 if descending else -1))


FILTER_HELP: Final = (
    'status:confirmed,needs_follow_up  grade:fair  country:UA  admin1:"Kharkiv Oblast"  '
    'from:2024-01-01  to:2024-03-31  type:"Air/drone strike"  dup  contested  words to search'
)
# The filter bar's key:value keys (the field table's ``filter``); what each means is
# parse_filter's and storage/listing.py's.
_FILTER_KEYS: Final = frozenset(key for f in FIELDS for key in f.filter)


class FilterSyntaxError(ValueError):
    pass


def parse_filter(text: str, base: IncidentFilter | None = None) -> IncidentFilter:
    """The filter bar's language: ``key:value`` terms, ``dup``, ``contested``, and any
    other words as a full-text search. Quotes group words with spaces."""
    import shlex

    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise FilterSyntaxError(f"unbalanced quotes ({exc})") from None
    values: dict[str, Any] = {"search": None}
    search: list[str] = []
    for word in words:
        key, sep, value = word.partition(":")
        key = key.lower()
        if not sep or key not in _FILTER_KEYS:
            if word.lower() in ("dup", "dups", "duplicates"):
                values["has_duplicates"] = True
            elif word.lower() == "contested":
                values["contested"] = True
            else:
                search.append(word)
            continue
        if not value:
            raise FilterSyntaxError(f"{key}: needs a value")
        if key in ("status", "grade"):
            values["statuses" if key == "status" else "grades"] = tuple(v for v in value.split(",") if v)
        elif key in ("from", "to"):
            try:
                values["date_from" if key == "from" else "date_to"] = dt.date.fromisoformat(value)
            except ValueError:
                raise FilterSyntaxError(f"{key}: {value!r} is not a date (YYYY-MM-DD)") from None
        elif key == "type":
            values["event_type"] = value
        else:
            values[key] = value.upper() if key == "country" else value
    if search:
        values["search"] = " ".join(search)
    return replace(base or IncidentFilter(), **values)


def describe_filter(f: IncidentFilter) -> str:
    """The filter bar text that ``parse_filter`` reads back to ``f``."""

    def q(v: str) -> str:
        return f'"{v}"' if " " in v else v

    parts: list[str] = []
    if f.statuses:
        parts.append("status:" + ",".join(f.statuses))
    if f.grades:
        parts.append("grade:" + ",".join(f.grades))
    for key, value in (("country", f.country), ("admin1", f.admin1), ("type", f.event_type)):
        if value:
            parts.append(f"{key}:{q(value)}")
    if f.date_from:
        parts.append(f"from:{f.date_from.isoformat()}")
    if f.date_to:
        parts.append(f"to:{f.date_to.isoformat()}")
    if f.has_duplicates:
        parts.append("dup")
    if f.contested:
        parts.append("contested")
    if f.search:
        parts.append(f.search)
    return " ".join(parts)
