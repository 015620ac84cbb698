"""Search-and-jump in the list: the next row (in the list's order, under its filter) that
shows some text in one of its columns, and which match of how many it is.

The list is keyset-paged over SQL, so the search is too: the list's own page query with
one more condition, so it finds rows far beyond the pages loaded. The condition tests each
column as the list shows it (tui/columns.py): the stored text (a LIKE per column: cheaper
than building the row's text, 115 -> 34 ms over 20k rows), and the words shown for status,
type and the duplicate flag (core/labels.py) as the stored values they stand for.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Final

from incident_review.core.labels import SHORT_TYPES, status_label
from incident_review.core.model import STATUSES
from incident_review.core.query import IncidentFilter, ListRow, Sort
from incident_review.storage import listing

# The columns shown as stored (the place column shows location, else admin1: both here).
_PLAIN: Final = (
    "id",
    "date",
    "location",
    "admin1",
    "sub_event_type",
    "status",
    "grade",
    "killed",
    "wounded",
    "n_sources",
)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def matches(text: str) -> tuple[str, list[Any]]:
    """The condition "a column of the row shows ``text``" (any case: LIKE's, ASCII)."""
    text = text.replace("\x00", "")  # SQLite's LIKE ends a pattern at a NUL
    pattern, folded = _like(text), text.casefold()
    parts = [f"{column} LIKE ? ESCAPE '\\'" for column in _PLAIN]
    params: list[Any] = [pattern] * len(_PLAIN)
    statuses = [s for s in STATUSES if folded in status_label(s).casefold()]
    types = [full for full, short in SHORT_TYPES.items() if folded in short.casefold()]
    for column, values in (("status", statuses), ("sub_event_type", types)):
        if values:
            parts.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if "/" in text or "?" in text:  # the k/w column: "2/21", "?/5"
        parts.append("(coalesce(killed, '?') || '/' || coalesce(wounded, '?')) LIKE ? ESCAPE '\\'")
        params.append(pattern)
    if folded and folded in "dup":
        parts.append("dup_score IS NOT NULL")
    return "(" + " OR ".join(parts) + ")", params


@dataclass(frozen=True)
class Found:
    row: ListRow
    wrapped: bool  # found only past the end (or, backwards, the start) of the list


@dataclass(frozen=True)
class Match:
    row: ListRow
    index: int  # among the matches, from 0
    total: int  # matches under the filter
    wrapped: bool


def find_next(
    conn: sqlite3.Connection,
    f: IncidentFilter,
    sort: Sort,
    text: str,
    after: tuple[Any, int] | None,
    backwards: bool = False,
) -> Found | None:
    """The first row after the key ``after`` (from the start: None) that shows ``text``,
    else the first from the start (wrapping); None when no row does. A walk of the list's
    own plan, stopped at the first match."""
    extra = matches(text)
    rows = listing.page(conn, f, sort, after, 1, backwards, extra)
    wrapped = False
    if not rows and after is not None:
        rows, wrapped = listing.page(conn, f, sort, None, 1, backwards, extra), True
    return Found(rows[0], wrapped) if rows else None


def place_of(conn: sqlite3.Connection, f: IncidentFilter, sort: Sort, text: str, row: ListRow) -> tuple[int, int]:
    """Which match ``row`` is (from 0) and how many rows show ``text``: one pass over the
    filter's rows, counting both."""
    cond, params = matches(text)
    before = listing.before_conditions(sort, row.seq, row.sort_value)
    is_before = " OR ".join(f"({c})" for c, _ in before)
    where, wparams = listing.resolved_where(conn, f)
    index, total = conn.execute(
        f"SELECT coalesce(sum({is_before}), 0), count(*) FROM incidents WHERE {where} AND {cond}",
        [*(p for _, ps in before for p in ps), *wparams, *params],
    ).fetchone()
    return int(index), int(total)


def find(
    conn: sqlite3.Connection,
    f: IncidentFilter,
    sort: Sort,
    text: str,
    after: tuple[Any, int] | None,
    backwards: bool = False,
) -> Match | None:
    """find_next and place_of together."""
    found = find_next(conn, f, sort, text, after, backwards)
    if found is None:
        return None
    index, total = place_of(conn, f, sort, text, found.row)
    return Match(found.row, index, total, found.wrapped)
