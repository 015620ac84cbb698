"""Keyset-paged listing and counting of incidents under a filter.

Keyset pages (``WHERE (col, seq) > (?, ?)``) cost the same at row 10 and row 1,000,000,
where OFFSET would scan everything before the page.

How a page finds its rows (tests/test_query_plans.py checks the plans):
- a filter on status, grade, country, admin1 or event type, sorted by date, killed or
  seq (or by its own column), is one range of a partial index on live incidents
  (filter column, sort column, seq): migration 7;
- any other filter and sort walks the sort column's index and tests each row against
  the filter when the filter keeps many rows (a page is found after a few rows), and
  collects the filter's rows and sorts them when it keeps few (at most DENSE_FILTER_ROWS:
  a walk would pass over most of the store to find them);
- the indexes of those other sorts hold every filter column, so that a walk tests the
  filter on index entries and the count of the rows before an incident (where a jump or
  a sort change lands) walks them without reading a row;
- counts are ranges of those partial indexes, never visiting a row.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Any, Final

from incident_review.core.query import SORTABLE, IncidentFilter, ListRow, Sort, key_before
from incident_review.storage import flipping

# A list row's values by name: each attribute of ListRow but the sort value is the column
# of incidents of its name (tests/test_fields.py checks they all are).
_LIST_NAMES: Final = tuple(f.name for f in dataclasses.fields(ListRow) if f.name != "sort_value")
_LIST_COLUMNS: Final = ", ".join(_LIST_NAMES)


# Above this many full-text hits, a page walks the sort index and tests each row against
# the hits (the first page is found after a few hundred rows); below it, SQLite collects
# the hits and sorts them, which a walk would pay for with a scan of every row when the
# hits are rare. Break-even measured on a 1M-incident store: ~10k hits.
DENSE_SEARCH_HITS = 10_000
# The same choice for a filter that no (filter, sort) index answers in order: sorting
# 10k rows costs ~10 ms, and a walk finds a page among 1M rows after ~5k rows when the
# filter keeps more than 1% of them (sqrt(page * rows) is where the two costs meet).
DENSE_FILTER_ROWS = 10_000
# Sorts that migration 7 indexes behind every equality filter column (seq comes free:
# every index ends in it).
INDEXED_SORTS: Final = frozenset({"date", "killed", "seq"})


def where_clause(
    f: IncidentFilter,
    walk_sort_index: bool = False,
    event_column: str | None = None,
    walk_filter: str | None = None,
    hidden: str = "",
) -> tuple[str, list[Any]]:
    """The SQL condition of ``f``. ``walk_sort_index`` writes the search so that SQLite
    cannot answer it from the full-text hits (unary ``+``), and walks the sort order.
    ``event_column`` is the level of the taxonomy the event type filter is known to be
    at (both when None). ``walk_filter`` names a sort column: every other filter term is
    written with a unary ``+`` so that no index but that column's can serve it. ``hidden``:
    the seq ranges of batches being flipped live (``flipping.hidden``), left out."""
    p = "+" if walk_filter else ""

    def col(name: str) -> str:
        return name if name == walk_filter else p + name

    parts: list[str] = []
    params: list[Any] = []
    if not f.include_merged:
        parts.append("merged_into IS NULL" + hidden)  # never +: every live partial index needs it
    for column, values in (("status", f.statuses), ("grade", f.grades)):
        if len(values) == 1:  # "=" lets the (column, sort, seq) index give the order
            parts.append(f"{col(column)} = ?")
            params.append(values[0])
        elif values:
            parts.append(f"{col(column)} IN ({','.join('?' * len(values))})")
            params.extend(values)
    for column, value in (("country", f.country), ("admin1", f.admin1)):
        if value:
            parts.append(f"{col(column)} = ?")
            params.append(value)
    if f.event_type:  # either level of ACLED's taxonomy
        if event_column is None:
            parts.append(f"({col('event_type')} = ? OR {col('sub_event_type')} = ?)")
            params.extend([f.event_type, f.event_type])
        else:
            parts.append(f"{col(event_column)} = ?")
            params.append(f.event_type)
    if f.date_from:
        parts.append(f"{col('date')} >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to:
        parts.append(f"{col('date')} <= ?")
        params.append(f.date_to.isoformat())
    if f.has_duplicates:
        parts.append(f"{p}dup_score IS NOT NULL")
    if f.contested:
        parts.append(f"{p}contested = 1")
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


def event_column(conn: sqlite3.Connection, f: IncidentFilter) -> str | None:
    """The one taxonomy level ``f.event_type`` names in this store, or None when it names
    both: ``event_type = ? OR sub_event_type = ?`` can use no index in sort order."""
    if not f.event_type:
        return None
    live = "" if f.include_merged else " AND merged_into IS NULL"
    top, sub = conn.execute(
        f"SELECT EXISTS (SELECT 1 FROM incidents WHERE event_type = ?{live}), "
        f"EXISTS (SELECT 1 FROM incidents WHERE sub_event_type = ?{live})",
        (f.event_type, f.event_type),
    ).fetchone()
    if top and sub:
        return None
    return "event_type" if top else "sub_event_type"


def _equality_columns(f: IncidentFilter, event: str | None) -> set[str]:
    """Filter columns held to one value: each leads a (column, sort, seq) index."""
    cols = {c for c, v in (("status", f.statuses), ("grade", f.grades)) if len(v) == 1}
    cols |= {c for c, v in (("country", f.country), ("admin1", f.admin1)) if v}
    if f.event_type and event is not None:
        cols.add(event)
    return cols


def _filtered(f: IncidentFilter) -> bool:
    """Whether ``f`` narrows the live rows at all (full-text search aside)."""
    return bool(
        f.statuses
        or f.grades
        or f.country
        or f.admin1
        or f.event_type
        or f.date_from
        or f.date_to
        or f.has_duplicates
        or f.contested
    )


def _walk(
    conn: sqlite3.Connection, f: IncidentFilter, sort: Sort, event: str | None, counting: bool = False
) -> str | None:
    """The sort column to walk (filter terms made unusable by indexes), or None to let
    SQLite search the filter's index: when an index serves filter and sort in order, or
    when the filter keeps too few rows for a walk to find them soon. ``counting``: for a
    count, order does not matter, so "status IN (a, b)" is a range of the (status, sort,
    seq) index per value, and every filter index ends in seq."""
    if not _filtered(f) or f.search:
        return None
    equal = _equality_columns(f, event)
    if counting:
        equal |= {c for c, v in (("status", f.statuses), ("grade", f.grades)) if v}
    if equal and (sort.column in INDEXED_SORTS or sort.column in equal):
        return None
    if sort.column == "seq" and (counting or f.has_duplicates or f.contested):
        return None  # (the dup and contested indexes are in seq order)
    if counting and (f.has_duplicates or f.contested) and sort.column in INDEXED_SORTS:
        return None  # the date and killed indexes lack the flags: read the few flagged rows
    if sort.column == "date" and (f.date_from or f.date_to):
        return None  # the date range is a range of the sort index itself
    where, params = where_clause(f, event_column=event, hidden=flipping.hidden(conn))
    n = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM incidents WHERE {where} LIMIT ?)", [*params, DENSE_FILTER_ROWS + 1]
    ).fetchone()[0]
    return sort.column if n > DENSE_FILTER_ROWS else None


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


def page_sql(
    conn: sqlite3.Connection,
    f: IncidentFilter,
    sort: Sort,
    after: tuple[Any, int] | None,
    limit: int,
    backwards: bool = False,
) -> tuple[str, list[Any]]:
    """The statement ``page`` runs, and its parameters (the plan tests read it)."""
    if sort.column not in SORTABLE:
        raise ValueError(f"cannot sort by {sort.column!r}")
    event = event_column(conn, f)
    walk_search = bool(f.search) and _search_hits(conn, f.search) > DENSE_SEARCH_HITS
    where, params = where_clause(
        f,
        walk_sort_index=walk_search,
        event_column=event,
        walk_filter=_walk(conn, f, sort, event),
        hidden=flipping.hidden(conn),
    )
    keyset, kparams = _keyset(sort, after, backwards)
    ascending = sort.descending == backwards
    direction = "ASC" if ascending else "DESC"
    order = "seq " + direction if sort.column == "seq" else f"{sort.column} {direction}, seq {direction}"
    sql = f"SELECT {_LIST_COLUMNS}, {sort.column} FROM incidents WHERE {where} AND {keyset} ORDER BY {order} LIMIT ?"
    return sql, [*params, *kparams, limit]


def page(
    conn: sqlite3.Connection,
    f: IncidentFilter,
    sort: Sort,
    after: tuple[Any, int] | None,
    limit: int,
    backwards: bool = False,
) -> list[ListRow]:
    """Up to ``limit`` rows after the key ``after``; ``backwards`` walks towards the start
    (the rows come back in display order either way)."""
    sql, params = page_sql(conn, f, sort, after, limit, backwards)
    rows = [_list_row(r) for r in conn.execute(sql, params)]
    if backwards:
        rows.reverse()
    return rows


def _list_row(r: tuple[Any, ...]) -> ListRow:
    """A row of ``SELECT _LIST_COLUMNS, <sort column>``."""
    values = dict(zip(_LIST_NAMES, r, strict=False))
    values["contested"] = bool(values["contested"])
    return ListRow(**values, sort_value=r[-1])


def position_sql(
    conn: sqlite3.Connection, f: IncidentFilter, sort: Sort, seq: int, value: Any
) -> list[tuple[str, list[Any]]]:
    """The counts whose sum is the index of the row (``value``, ``seq``) in the list.

    They count the rows before it with row-value ranges, which SQLite answers from the
    (column, seq) indexes without visiting rows: not a walk through the pages. Where a
    page walks the sort index, so does the count (that index holds the filter columns)."""
    event = event_column(conn, f)
    walk = _walk(conn, f, sort, event, counting=True)
    where, params = where_clause(f, event_column=event, walk_filter=walk, hidden=flipping.hidden(conn))
    col = sort.column
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
    return [
        (f"SELECT count(*) FROM incidents WHERE {where} AND {cond}", [*params, *cparams]) for cond, cparams in parts
    ]


def position(
    conn: sqlite3.Connection, f: IncidentFilter, sort: Sort, incident_id: str, limit: int
) -> tuple[int, list[ListRow]] | None:
    """Where ``incident_id`` stands in the list (its index under the filter and sort) and
    up to ``limit`` rows from it on; None when the filter leaves it out."""
    if sort.column not in SORTABLE:
        raise ValueError(f"cannot sort by {sort.column!r}")
    where, params = where_clause(f, hidden=flipping.hidden(conn))
    row = conn.execute(
        f"SELECT seq, {sort.column} FROM incidents WHERE {where} AND id = ?", [*params, incident_id]
    ).fetchone()
    if row is None:
        return None
    seq, value = row
    index = sum(
        int(conn.execute(sql, sql_params).fetchone()[0]) for sql, sql_params in position_sql(conn, f, sort, seq, value)
    )
    return index, page(conn, f, sort, key_before(value, seq, sort.descending), limit)


def _search_hits(conn: sqlite3.Connection, words: str | None, enough: int = DENSE_SEARCH_HITS + 1) -> int:
    """Full-text hits among incidents and reports, counted up to ``enough`` in each (the
    page only asks whether there are many: a full count of a common word costs 20 ms)."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM (SELECT 1 FROM incidents_fts WHERE incidents_fts MATCH ? "
        "LIMIT ?)) + (SELECT count(*) FROM (SELECT 1 FROM reports_fts WHERE reports_fts MATCH ? "
        "LIMIT ?))",
        (words, enough, words, enough),
    ).fetchone()
    return int(row[0])


def count_sql(conn: sqlite3.Connection, f: IncidentFilter) -> tuple[str, list[Any]]:
    """The count of live rows under ``f``: a range of a partial index, rows unread."""
    where, params = where_clause(f, event_column=event_column(conn, f), hidden=flipping.hidden(conn))
    return f"SELECT count(*) FROM incidents WHERE {where}", params


def count(conn: sqlite3.Connection, f: IncidentFilter) -> int:
    sql, params = count_sql(conn, f)
    return int(conn.execute(sql, params).fetchone()[0])


def ids(conn: sqlite3.Connection, f: IncidentFilter, limit: int = -1) -> list[str]:
    """The ids under ``f`` in insertion order (at most ``limit``; -1: all)."""
    where, params = where_clause(f, event_column=event_column(conn, f), hidden=flipping.hidden(conn))
    sql = f"SELECT id FROM incidents WHERE {where} ORDER BY seq LIMIT ?"
    return [r[0] for r in conn.execute(sql, [*params, limit])]
