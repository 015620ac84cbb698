"""Keyset-paged listing and counting of incidents under a filter.

Keyset pages (``WHERE (col, seq) > (?, ?)``) cost the same at row 10 and row 1,000,000,
where OFFSET would scan everything before the page.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from incident_review.core.query import SORTABLE, IncidentFilter, ListRow, Sort, key_before

_LIST_COLUMNS = ("seq, id, date, location, admin1, sub_event_type, killed, wounded, status, grade, "
                 "n_sources, contested, dup_score")


# Above this many full-text hits, a page walks the sort index and tests each row against
# the hits (the first page is found after a few hundred rows); below it, SQLite collects
# the hits and sorts them, which a walk would pay for with a scan of every row when the
# hits are rare. Break-even measured on a 1M-incident store: ~10k hits.
DENSE_SEARCH_HITS = 10_000


def where_clause(f: IncidentFilter, walk_sort_index: bool = False) -> tuple[str, list[Any]]:
    """The SQL condition of ``f``. ``walk_sort_index`` writes the search so that SQLite
    cannot answer it from the full-text hits (unary ``+``), and walks the sort order."""
    parts: list[str] = []
    params: list[Any] = []
    if not f.include_merged:
        parts.append("merged_into IS NULL")
    if f.statuses:
        parts.append(f"status IN ({','.join('?' * len(f.statuses))})")
        params.extend(f.statuses)
    if f.grades:
        parts.append(f"grade IN ({','.join('?' * len(f.grades))})")
        params.extend(f.grades)
    for column, value in (("country", f.country), ("admin1", f.admin1)):
        if value:
            parts.append(f"{column} = ?")
            params.append(value)
    if f.event_type:  # either level of ACLED's taxonomy
        parts.append("(event_type = ? OR sub_event_type = ?)")
        params.extend([f.event_type, f.event_type])
    if f.date_from:
        parts.append("date >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to:
        parts.append("date <= ?")
        params.append(f.date_to.isoformat())
    if f.has_duplicates:
        parts.append("dup_score IS NOT NULL")
    if f.contested:
        parts.append("contested = 1")
    if f.search:
        # Summaries/locations of incidents, or the text of any report that supports one.
        plus = "+" if walk_sort_index else ""
        parts.append(
            f"({plus}seq IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?) OR {plus}id IN ("
            "SELECT s.incident_id FROM incident_sources s JOIN reports r ON r.id = s.report_id "
            "WHERE r.rowid IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)))"
        )
        params.extend([f.search, f.search])
    return (" AND ".join(parts) or "1"), params


def _keyset(sort: Sort, after: tuple[Any, int] | None, backwards: bool) -> tuple[str, list[Any]]:
    """The condition for rows strictly after ``after`` in the direction of travel."""
    if after is None:
        return "1", []
    value, seq = after
    col = sort.column
    forward = sort.descending == backwards  # direction of travel in ascending terms
    if col == "seq":
        return ("seq > ?" if forward else "seq < ?"), [seq]
    cmp, seq_cmp = (">", ">") if forward else ("<", "<")
    # SQLite sorts NULL first; NULL never compares, so spell out its place.
    if value is None:
        if forward:
            return f"(({col} IS NULL AND seq {seq_cmp} ?) OR {col} IS NOT NULL)", [seq]
        return f"({col} IS NULL AND seq {seq_cmp} ?)", [seq]
    cond = f"(({col} = ? AND seq {seq_cmp} ?) OR {col} {cmp} ?)"
    if not forward:
        cond = f"({cond} OR {col} IS NULL)"
    return cond, [value, seq, value]


def page(
    conn: sqlite3.Connection, f: IncidentFilter, sort: Sort, after: tuple[Any, int] | None,
    limit: int, backwards: bool = False,
) -> list[ListRow]:
    """Up to ``limit`` rows after the key ``after``; ``backwards`` walks towards the start
    (the rows come back in display order either way)."""
    if sort.column not in SORTABLE:
        raise ValueError(f"cannot sort by {sort.column!r}")
    where, params = where_clause(f, walk_sort_index=bool(f.search) and _search_hits(conn, f.search) > DENSE_SEARCH_HITS)
    keyset, kparams = _keyset(sort, after, backwards)
    ascending = sort.descending == backwards
    direction = "ASC" if ascending else "DESC"
    order = "seq " + direction if sort.column == "seq" else f"{sort.column} {direction}, seq {direction}"
    sql = (f"SELECT {_LIST_COLUMNS}, {sort.column} FROM incidents WHERE {where} AND {keyset} "
           f"ORDER BY {order} LIMIT ?")
    rows = [
        ListRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], bool(r[11]), r[12], r[13])
        for r in conn.execute(sql, [*params, *kparams, limit])
    ]
    if backwards:
        rows.reverse()
    return rows


def position(conn: sqlite3.Connection, f: IncidentFilter, sort: Sort, incident_id: str,
             limit: int) -> tuple[int, list[ListRow]] | None:
    """Where ``incident_id`` stands in the list (its index under the filter and sort) and
    up to ``limit`` rows from it on; None when the filter leaves it out.

    The index counts the rows before it with row-value ranges, which SQLite answers from
    the (column, seq) indexes without visiting rows: not a walk through the pages."""
    if sort.column not in SORTABLE:
        raise ValueError(f"cannot sort by {sort.column!r}")
    where, params = where_clause(f)
    col = sort.column
    row = conn.execute(f"SELECT seq, {col} FROM incidents WHERE {where} AND id = ?",
                       [*params, incident_id]).fetchone()
    if row is None:
        return None
    seq, value = row
    # In ascending terms, NULL first; "before" is below the row ascending, above it descending.
    if col == "seq":
        parts = [("seq > ?" if sort.descending else "seq < ?", [seq])]
    elif value is None:
        parts = [(f"{col} IS NULL AND seq {'>' if sort.descending else '<'} ?", [seq])]
        if sort.descending:
            parts.append((f"{col} IS NOT NULL", []))
    elif sort.descending:
        parts = [(f"({col}, seq) > (?, ?)", [value, seq])]
    else:
        parts = [(f"({col}, seq) < (?, ?)", [value, seq]), (f"{col} IS NULL", [])]
    index = sum(int(conn.execute(f"SELECT count(*) FROM incidents WHERE {where} AND {cond}",
                                 [*params, *cparams]).fetchone()[0]) for cond, cparams in parts)
    return index, page(conn, f, sort, key_before(value, seq, sort.descending), limit)


def _search_hits(conn: sqlite3.Connection, words: str | None, enough: int = DENSE_SEARCH_HITS + 1) -> int:
    """Full-text hits among incidents and reports, counted up to ``enough`` in each (the
    page only asks whether there are many: a full count of a common word costs 20 ms)."""
    row = conn.execute("SELECT (SELECT count(*) FROM (SELECT 1 FROM incidents_fts WHERE incidents_fts MATCH ? "
                       "LIMIT ?)) + (SELECT count(*) FROM (SELECT 1 FROM reports_fts WHERE reports_fts MATCH ? "
                       "LIMIT ?))", (words, enough, words, enough)).fetchone()
    return int(row[0])


def count(conn: sqlite3.Connection, f: IncidentFilter) -> int:
    where, params = where_clause(f)
    return int(conn.execute(f"SELECT count(*) FROM incidents WHERE {where}", params).fetchone()[0])


def ids(conn: sqlite3.Connection, f: IncidentFilter) -> list[str]:
    where, params = where_clause(f)
    return [r[0] for r in conn.execute(f"SELECT id FROM incidents WHERE {where} ORDER BY seq", params)]
