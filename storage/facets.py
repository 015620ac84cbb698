"""Counts by value under a filter (the frequency view, the header's status counts) and the
values a filter key can take (completion in the filter bar).

Each is an index read: a GROUP BY over the filter's rows (SQLite walks the grouped
column's index, covering), or a loose index scan for the distinct values (one seek per
value, however many rows hold each).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Final

from incident_review.core.query import IncidentFilter
from incident_review.storage.listing import resolved_where

# The frequency view's keys (the filter language's: core/filter_text.py PICKABLE) and the
# column of incidents each groups by; actor and outlet are other tables' (claims, sources).
COLUMNS: Final[dict[str, str]] = {
    "status": "status",
    "grade": "grade",
    "country": "country",
    "admin1": "admin1",
    "place": "location",
    "type": "sub_event_type",
}
# Rows naming an incident, and their value's column: an incident counts once per value.
CHILDREN: Final[dict[str, tuple[str, str]]] = {"actor": ("claims", "actor"), "outlet": ("incident_sources", "outlet")}
# The filter key's values for completion: the columns that hold them.
VALUE_COLUMNS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "country": (("incidents", "country"),),
    "admin1": (("incidents", "admin1"),),
    "place": (("incidents", "location"), ("incidents", "admin1")),
    "type": (("incidents", "sub_event_type"), ("incidents", "event_type")),
    "actor": (("claims", "actor"),),
    "outlet": (("incident_sources", "outlet"),),
}


def frequencies(conn: sqlite3.Connection, f: IncidentFilter, key: str, limit: int) -> list[tuple[str | None, int]]:
    """Up to ``limit`` values of ``key`` among the rows under ``f`` with the number of
    incidents holding each, most first (None: no value)."""
    where, params = resolved_where(conn, f)
    if key in COLUMNS:
        column = COLUMNS[key]
        sql = (
            f"SELECT {column}, count(*) AS n FROM incidents WHERE {where} "
            f"GROUP BY {column} ORDER BY n DESC, {column} LIMIT ?"
        )
    elif key in CHILDREN:
        table, column = CHILDREN[key]
        sql = (
            f"SELECT {column}, count(DISTINCT incident_id) AS n FROM {table} "
            f"WHERE incident_id IN (SELECT id FROM incidents WHERE {where}) "
            f"GROUP BY {column} ORDER BY n DESC, {column} LIMIT ?"
        )
    else:
        raise ValueError(f"no frequencies of {key!r}")
    return [(value, int(n)) for value, n in conn.execute(sql, [*params, limit])]


def status_counts(conn: sqlite3.Connection, f: IncidentFilter) -> dict[str, int]:
    """The rows of each status under ``f`` with its status term left out (how the rest of
    the filter splits by status)."""
    where, params = resolved_where(conn, dataclasses.replace(f, statuses=()))
    sql = f"SELECT status, count(*) FROM incidents WHERE {where} GROUP BY status"
    return {status: int(n) for status, n in conn.execute(sql, params)}


def distinct_values(conn: sqlite3.Connection, key: str, limit: int) -> list[str]:
    """Up to ``limit`` values ``key`` can take, in order, each once: a loose scan of each
    column's index (the next value is one seek past the last), live incidents only."""
    found: set[str] = set()
    for table, column in VALUE_COLUMNS[key]:
        live = " AND merged_into IS NULL" if table == "incidents" else ""
        sql = f"SELECT min({column}) FROM {table} WHERE {column} > ?{live}"
        value: str | None = ""  # every text sorts after the empty one
        taken = 0
        while taken < limit:
            value = conn.execute(sql, (value,)).fetchone()[0]
            if value is None:
                break
            found.add(value)
            taken += 1
    return sorted(found)[:limit]
