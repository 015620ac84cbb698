"""Search-and-jump in the list: the next row (in the list's order, under its filter) whose
shown text holds some text, and which match of how many it is.

The list is keyset-paged over SQL, so the search is too: the list's own page query with
one more condition, the row's text as the list shows it (its columns, the words shown
for status and type: core/labels.py), so it finds rows far beyond the pages loaded.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Final

from incident_review.core.labels import SHORT_TYPES, STATUS_LABELS
from incident_review.core.query import IncidentFilter, ListRow, Sort
from incident_review.storage import listing


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"  # the labels are the code's, never typed


def _shown_as(column: str, labels: dict[str, str]) -> str:
    cases = " ".join(f"WHEN {_literal(k)} THEN {_literal(v)}" for k, v in labels.items())
    return f"CASE {column} {cases} ELSE coalesce({column}, '') END"


# The text of a row as the list's columns show it (tui/columns.py), one space between.
SHOWN: Final = " || ' ' || ".join(
    (
        "id",
        "coalesce(date, '')",
        "coalesce(location, admin1, '')",
        "coalesce(admin1, '')",
        _shown_as("sub_event_type", SHORT_TYPES),
        _shown_as("status", STATUS_LABELS),
        "coalesce(grade, '')",
        "coalesce(killed, '?') || '/' || coalesce(wounded, '?')",
        "n_sources",
        "CASE WHEN dup_score IS NOT NULL THEN 'dup' ELSE '' END",
    )
)
# Case-insensitive (SQLite's lower() on both sides, so that they fold alike).
MATCHES: Final = f"instr(lower({SHOWN}), lower(?)) > 0"


@dataclass(frozen=True)
class Match:
    row: ListRow
    index: int  # among the matches, from 0
    total: int  # matches under the filter
    wrapped: bool  # found only past the end (or, backwards, the start) of the list


def find(
    conn: sqlite3.Connection,
    f: IncidentFilter,
    sort: Sort,
    text: str,
    after: tuple[Any, int] | None,
    backwards: bool = False,
) -> Match | None:
    """The first row after the key ``after`` (from the start: None) whose shown text holds
    ``text``, else the first from the start (wrapping); None when no row does."""
    extra = (MATCHES, [text])
    rows = listing.page(conn, f, sort, after, 1, backwards, extra)
    wrapped = False
    if not rows and after is not None:
        rows, wrapped = listing.page(conn, f, sort, None, 1, backwards, extra), True
    if not rows:
        return None
    row = rows[0]
    before = sum(
        int(conn.execute(f"{sql} AND {MATCHES}", [*params, text]).fetchone()[0])
        for sql, params in listing.position_sql(conn, f, sort, row.seq, row.sort_value)
    )
    where, params = listing.resolved_where(conn, f)
    total = int(
        conn.execute(f"SELECT count(*) FROM incidents WHERE {where} AND {MATCHES}", [*params, text]).fetchone()[0]
    )
    return Match(row, before, total, wrapped)
