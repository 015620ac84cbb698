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
- the indexes of those other sorts hold every filter column but the dup flag, so that a
  walk tests the filter on index entries and the count of the rows before an incident
  (where a jump or a sort change lands) walks them without reading a row (the flag, which
  a rebuild rewrites on half the rows, is read from the row: migration 15);
- counts are ranges of those partial indexes, never visiting a row;
- a full-text search for a common word walks the list (the filter's plan, in order) and
  tests each row against the hits' rowids, at most SEARCH_WALK_ROWS rows; a rare word's
  hits are gathered and sorted (tests/storage/test_search_pages.py: the same rows).
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


# A search's page walks the list in its order and tests each row for the words when the
# hits are common enough for the walk to find the page soon, within half of
# SEARCH_WALK_ROWS if they were spread evenly (so ~20k hits at 1M for a page of 200);
# else SQLite gathers the hits and sorts them (~4 us a hit: the report hits mapped to
# their incidents). Below DENSE_SEARCH_HITS, gathering costs under ~10 ms anyway.
DENSE_SEARCH_HITS = 2_000
# How many rows of the list a page of a common word tests before it gathers the hits
# instead (each test ~2-3 us: its reports' rowids against the report hits).
SEARCH_WALK_ROWS = 20_000
# The same choice for a filter that no (filter, sort) index answers in order: sorting
# 10k rows costs ~10 ms, and a walk finds a page among 1M rows after ~5k rows when the
# filter keeps more than 1% of them (sqrt(page * rows) is where the two costs meet).
DENSE_FILTER_ROWS = 10_000
# Sorts that migration 7 indexes behind every equality filter column of
# SORT_INDEXED_FILTERS (seq comes free: every index ends in it).
INDEXED_SORTS: Final = frozenset({"date", "killed", "seq"})
SORT_INDEXED_FILTERS: Final = frozenset({"status", "grade", "country", "admin1", "event_type", "sub_event_type"})


def where_clause(
    f: IncidentFilter,
    walk_sort_index: bool = False,
    event_column: str | None = None,
    walk_filter: str | None = None,
    place_column: str | None = None,
    indexed: frozenset[str] | None = None,
    correlated: bool = False,
    hidden: str = "",
) -> tuple[str, list[Any]]:
    """The SQL condition of ``f``. ``walk_sort_index`` writes the search so that SQLite
    cannot answer it from the full-text hits (unary ``+``), and walks the sort order.
    ``event_column`` is the level of the taxonomy the event type filter is known to be
    at (both when None); ``place_column`` the column the place is known to be in
    (``location``, ``admin1``, or ``admin1 only``: in admin1 and not in location; either
    when None). ``indexed`` names the columns an index may serve: every other filter term
    is written with a unary ``+`` so that no index but theirs can serve the query;
    ``walk_filter`` is ``indexed`` of one column, the sort column a page walks.
    ``correlated``: claims and sources are looked up for each row read (a page's walk
    reads a few hundred), rather than every incident they name read first (a count).
    ``hidden``: the seq ranges of batches being flipped live (``flipping.hidden``), left out."""
    if walk_filter:
        indexed = frozenset({walk_filter})
    p = "" if indexed is None else "+"

    def col(name: str) -> str:
        return name if indexed is None or name in indexed else "+" + name

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
    if f.place:  # what the place column shows: the location, or the admin1 without one
        if place_column is None:  # in either: each half from its own index, by seq
            parts.append(
                f"{p}seq IN (SELECT seq FROM incidents WHERE location = ? AND merged_into IS NULL "
                "UNION ALL SELECT seq FROM incidents WHERE admin1 = ? AND merged_into IS NULL)"
            )
            params.extend([f.place, f.place])
        elif place_column == ADMIN1_ONLY:
            parts.append(f"{col('admin1')} = ? AND {col('location')} IS NOT ?")
            params.extend([f.place, f.place])
        else:
            parts.append(f"{col(place_column)} = ?")
            params.append(f.place)
    if f.ids:
        parts.append(f"{col('id')} IN ({','.join('?' * len(f.ids))})")
        params.extend(f.ids)
    for column, counted in (("killed", f.killed), ("wounded", f.wounded), ("n_sources", f.sources)):
        if counted is None:
            continue
        if counted.unknown:
            parts.append(f"{col(column)} IS NULL")
        elif counted.low is None and counted.high is None:
            parts.append(f"{col(column)} IS NOT NULL")
        else:
            if counted.low is not None:
                parts.append(f"{col(column)} >= ?")
                params.append(counted.low)
            if counted.high is not None:
                parts.append(f"{col(column)} <= ?")
                params.append(counted.high)
    # Claims and sources are tables of their own: the incidents they name, by seq (which
    # every index holds, so a walk of a sort index tests it without reading the row).
    for value, table, column in ((f.actor, "claims", "actor"), (f.outlet, "incident_sources", "outlet")):
        if value and correlated:
            parts.append(f"EXISTS (SELECT 1 FROM {table} x WHERE x.incident_id = incidents.id AND x.{column} = ?)")
            params.append(value)
        elif value:
            parts.append(
                f"{p}seq IN (SELECT i.seq FROM {table} x JOIN incidents i ON i.id = x.incident_id WHERE x.{column} = ?)"
            )
            params.append(value)
    if f.has_duplicates:
        parts.append(f"{p}dup_score IS NOT NULL")
    if f.contested:
        parts.append(f"{p}contested = 1")
    if f.search and walk_sort_index:
        # Summaries/locations of incidents, or the text of any report that supports one,
        # tested on each row the walk reads: its reports' rowids (through the reports' id
        # index) against the report hits. Mapping every report hit to its incidents first
        # (the plain form below, as a list to test against) cost ~3 us a hit, which at 1M
        # is most of a first page (a common word has 50-170k hits); the hits' rowids alone
        # cost ~0.4 us each, and a walk reads a few thousand rows at most.
        parts.append(
            "(+seq IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?) OR EXISTS ("
            "SELECT 1 FROM incident_sources s JOIN reports r ON r.id = s.report_id "
            "WHERE s.incident_id = incidents.id "
            "AND r.rowid IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)))"
        )
        params.extend([f.search, f.search])
    elif f.search:
        # The same hits gathered from both full-text indexes, for SQLite to sort (few) or count.
        parts.append(
            "(seq IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?) OR id IN ("
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
    return _only_column(conn, f.event_type, f.include_merged, "sub_event_type", "event_type")


def _only_column(conn: sqlite3.Connection, value: str, include_merged: bool, first: str, second: str) -> str | None:
    """Which of two columns holds ``value`` among the incidents read: None when both do,
    ``second`` when it does, else ``first``."""
    live = "" if include_merged else " AND merged_into IS NULL"
    in_first, in_second = conn.execute(
        f"SELECT EXISTS (SELECT 1 FROM incidents WHERE {first} = ?{live}), "
        f"EXISTS (SELECT 1 FROM incidents WHERE {second} = ?{live})",
        (value, value),
    ).fetchone()
    if in_first and in_second:
        return None
    return second if in_second else first


# A place named both as a location and as an admin1 is counted in two disjoint halves,
# each a range of one index: "location = X" and this (SQLite reads an OR of two columns
# by scanning a whole index).
ADMIN1_ONLY: Final = "admin1 only"


def place_column(conn: sqlite3.Connection, f: IncidentFilter) -> str | None:
    """The one column (location or admin1) that holds ``f.place`` in this store, or None
    when both do: an OR of two columns can use no index in sort order."""
    if not f.place:
        return None
    return _only_column(conn, f.place, f.include_merged, "location", "admin1")


def _equality_columns(f: IncidentFilter, event: str | None, place: str | None = None) -> set[str]:
    """Filter columns held to one value: each leads a (column, seq) index, and those of
    SORT_INDEXED_FILTERS a (column, sort, seq) index too."""
    cols = {c for c, v in (("status", f.statuses), ("grade", f.grades)) if len(v) == 1}
    cols |= {c for c, v in (("country", f.country), ("admin1", f.admin1)) if v}
    if f.event_type and event is not None:
        cols.add(event)
    if f.place and place is not None:
        cols.add(place)
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
        or f.place
        or f.ids
        or f.killed
        or f.wounded
        or f.sources
        or f.actor
        or f.outlet
    )


def _walk(
    conn: sqlite3.Connection,
    f: IncidentFilter,
    sort: Sort,
    event: str | None,
    counting: bool = False,
    place: str | None = None,
) -> str | None:
    """The sort column to walk (filter terms made unusable by indexes), or None to let
    SQLite search the filter's index: when an index serves filter and sort in order, or
    when the filter keeps too few rows for a walk to find them soon. ``counting``: for a
    count, order does not matter, so "status IN (a, b)" is a range of the (status, sort,
    seq) index per value, and every filter index ends in seq."""
    if not _filtered(f) or f.search or f.ids:
        return None  # (a list of ids: a handful of rows, found by id)
    equal = _equality_columns(f, event, place)
    if counting:
        equal |= {c for c, v in (("status", f.statuses), ("grade", f.grades)) if v}
    if equal & SORT_INDEXED_FILTERS and sort.column in INDEXED_SORTS:
        return None
    if equal and (sort.column == "seq" or sort.column in equal):
        return None  # every equality column leads a (column, seq) index
    if sort.column == "seq" and (counting or f.has_duplicates or f.contested):
        return None  # (the dup and contested indexes are in seq order)
    if counting and (f.has_duplicates or f.contested) and sort.column in INDEXED_SORTS:
        return None  # the date and killed indexes lack the flags: read the few flagged rows
    if counting and f.has_duplicates:
        return None  # no sort index holds dup_score (schema migration 15): the flagged rows
    if sort.column == "date" and (f.date_from or f.date_to):
        return None  # the date range is a range of the sort index itself
    if sort.column == "killed" and f.killed is not None:
        return None  # and so is a range of the killed figure
    return sort.column if _rows_at_most(conn, f, event, place) > DENSE_FILTER_ROWS else None


def _rows_at_most(conn: sqlite3.Connection, f: IncidentFilter, event: str | None, place: str | None) -> int:
    """The rows ``f`` keeps, counted up to DENSE_FILTER_ROWS + 1 (whether there are many is
    all a plan needs). Claims and sources by their own index: counting the incidents they
    name would read the whole list of them first (50-90 ms at 100k for a common actor)."""
    enough = DENSE_FILTER_ROWS + 1
    n = enough
    rest = dataclasses.replace(f, actor=None, outlet=None)
    if _filtered(rest):
        where, params = where_clause(rest, event_column=event, place_column=place, hidden=flipping.hidden(conn))
        sql = f"SELECT count(*) FROM (SELECT 1 FROM incidents WHERE {where} LIMIT ?)"
        n = int(conn.execute(sql, [*params, enough]).fetchone()[0])
    for value, table, column in ((f.actor, "claims", "actor"), (f.outlet, "incident_sources", "outlet")):
        if value:  # (an incident's claims count once each: an estimate, on the high side)
            sql = f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {column} = ? LIMIT ?)"
            n = min(n, int(conn.execute(sql, [value, enough]).fetchone()[0]))
    return n


def _gathered(f: IncidentFilter, sort: Sort) -> bool:
    """Whether a filter's rows, when few, are best gathered from its own index and sorted:
    not when there is no filter or a search (its own plan), nor when the filter is a range
    of the sort's own index (dates by date, counts by killed, the flags' indexes in seq)."""
    if not _filtered(f) or f.search:
        return False
    if sort.column == "date" and (f.date_from or f.date_to):
        return False
    if sort.column == "killed" and f.killed is not None:
        return False
    return not (sort.column == "seq" and (f.has_duplicates or f.contested))


def _ordered_by(f: IncidentFilter, sort: Sort, event: str | None, place: str | None) -> frozenset[str] | None:
    """When an index of equality columns gives the sort order (status, sort, seq): those
    columns and the sort's, for the other terms to be written so that SQLite does not
    take the index of one of them instead (killed>0 for status:new by seq) and sort."""
    equal = _equality_columns(f, event, place)
    if not equal or f.search:
        return None
    if (equal & SORT_INDEXED_FILTERS and sort.column in INDEXED_SORTS) or sort.column in (*equal, "seq"):
        return frozenset({*equal, sort.column})
    return None


def _keyset(sort: Sort, after: tuple[Any, int] | None, backwards: bool, plus: str = "") -> tuple[str, list[Any]]:
    """The condition for rows strictly after ``after`` in the direction of travel;
    ``plus`` ("+") writes it so that no index can serve it."""
    if after is None:
        return "1", []
    value, seq_value = after
    col, seq = plus + sort.column, plus + "seq"
    forward = sort.descending == backwards  # direction of travel in ascending terms
    if sort.column == "seq":
        return (f"{seq} > ?" if forward else f"{seq} < ?"), [seq_value]
    cmp, seq_cmp = (">", ">") if forward else ("<", "<")
    # SQLite sorts NULL first; NULL never compares, so spell out its place.
    if value is None:
        if forward:
            return f"(({col} IS NULL AND {seq} {seq_cmp} ?) OR {col} IS NOT NULL)", [seq_value]
        return f"({col} IS NULL AND {seq} {seq_cmp} ?)", [seq_value]
    cond = f"(({col} = ? AND {seq} {seq_cmp} ?) OR {col} {cmp} ?)"
    if not forward:
        cond = f"({cond} OR {col} IS NULL)"
    return cond, [value, seq_value, value]


def page_sql(
    conn: sqlite3.Connection,
    f: IncidentFilter,
    sort: Sort,
    after: tuple[Any, int] | None,
    limit: int,
    backwards: bool = False,
    extra: tuple[str, list[Any]] | None = None,
    walk_search: bool | None = None,
) -> tuple[str, list[Any]]:
    """The statement ``page`` runs, and its parameters (the plan tests read it).
    ``extra``: a condition of its own on the rows (one no index serves: the page keeps
    the filter's plan and tests it on the rows the plan reads). ``walk_search``: whether
    a search walks the list (``walked_search``; decided here when None)."""
    if sort.column not in SORTABLE:
        raise ValueError(f"cannot sort by {sort.column!r}")
    if walk_search is None:
        walk_search = walked_search(conn, f, limit)
    if walk_search and f.search:
        return _walked_search_sql(conn, f, sort, after, limit, backwards, extra)
    event, place = event_column(conn, f), place_column(conn, f)
    walk = _walk(conn, f, sort, event, place=place)
    ordered = None if walk else _ordered_by(f, sort, event, place)
    where, params = where_clause(
        f,
        event_column=event,
        walk_filter=walk,
        place_column=place,
        indexed=ordered,
        correlated=walk is not None,
        hidden=flipping.hidden(conn),
    )
    # A filter that keeps few rows, in an order no index of it gives: its rows gathered by
    # its own index and sorted. Without statistics SQLite walked the sort column's index
    # instead, reading every row to find the few (killed>100 by date: the whole store).
    plus = "+" if walk is None and ordered is None and _gathered(f, sort) else ""
    keyset, kparams = _keyset(sort, after, backwards, plus)
    ascending = sort.descending == backwards
    direction = "ASC" if ascending else "DESC"
    col, seq = plus + sort.column, plus + "seq"
    order = f"{seq} {direction}" if sort.column == "seq" else f"{col} {direction}, {seq} {direction}"
    cond, cparams = extra or ("1", [])
    sql = (
        f"SELECT {_LIST_COLUMNS}, {sort.column} FROM incidents WHERE {where} AND {keyset} AND {cond} "
        f"ORDER BY {order} LIMIT ?"
    )
    return sql, [*params, *kparams, *cparams, limit]


def walked_search(conn: sqlite3.Connection, f: IncidentFilter, limit: int) -> bool:
    """Whether a page of ``limit`` rows of ``f`` walks the list in its order and tests
    each row for the search (a common word: a page is found after a few thousand rows),
    rather than have SQLite gather every hit and sort them (a rare one)."""
    if not f.search:
        return False
    rows = int(conn.execute("SELECT coalesce(max(seq), 0) FROM incidents").fetchone()[0])
    enough = max(DENSE_SEARCH_HITS, 2 * limit * rows // SEARCH_WALK_ROWS)
    return _search_hits(conn, f.search, enough + 1) > enough


def _walked_search_sql(
    conn: sqlite3.Connection,
    f: IncidentFilter,
    sort: Sort,
    after: tuple[Any, int] | None,
    limit: int,
    backwards: bool,
    extra: tuple[str, list[Any]] | None,
) -> tuple[str, list[Any]]:
    """A page of a common word: the next SEARCH_WALK_ROWS rows of the list without the
    search (the filter's own plan, in the list's order), each tested for the search, the
    first ``limit`` hits kept. Bounded: a walk that finds too few (``page`` then gathers
    the hits) has read at most SEARCH_WALK_ROWS rows."""
    inner, params = page_sql(
        conn, dataclasses.replace(f, search=None), sort, after, SEARCH_WALK_ROWS, backwards, extra, walk_search=False
    )
    hit, hparams = where_clause(IncidentFilter(search=f.search, include_merged=True), walk_sort_index=True)
    # No ORDER BY: SQLite runs the inner query as a co-routine that yields its rows in its
    # order, and the LIMIT stops the walk at the last hit needed; sorting the hits again
    # would read (and test) all SEARCH_WALK_ROWS rows first.
    sql = f"SELECT * FROM ({inner}) AS incidents WHERE {hit} LIMIT ?"
    return sql, [*params, *hparams, limit]


def page(
    conn: sqlite3.Connection,
    f: IncidentFilter,
    sort: Sort,
    after: tuple[Any, int] | None,
    limit: int,
    backwards: bool = False,
    extra: tuple[str, list[Any]] | None = None,
) -> list[ListRow]:
    """Up to ``limit`` rows after the key ``after``; ``backwards`` walks towards the start
    (the rows come back in display order either way)."""
    walk_search = walked_search(conn, f, limit)
    sql, params = page_sql(conn, f, sort, after, limit, backwards, extra, walk_search)
    rows = [_list_row(r) for r in conn.execute(sql, params)]
    if walk_search and len(rows) < limit:
        # The walk's rows held too few hits (hits crowded elsewhere in the list, or the
        # list's end): the hits gathered and sorted, as for a rare word.
        sql, params = page_sql(conn, f, sort, after, limit, backwards, extra, walk_search=False)
        rows = [_list_row(r) for r in conn.execute(sql, params)]
    if backwards:
        rows.reverse()
    return rows


def _list_row(r: tuple[Any, ...]) -> ListRow:
    """A row of ``SELECT _LIST_COLUMNS, <sort column>``."""
    values = dict(zip(_LIST_NAMES, r, strict=False))
    values["contested"] = bool(values["contested"])
    return ListRow(**values, sort_value=r[-1])


def before_conditions(sort: Sort, seq: int, value: Any) -> list[tuple[str, list[Any]]]:
    """Disjoint conditions that together hold for the rows before (``value``, ``seq``)."""
    col = sort.column
    # In ascending terms, NULL first; "before" is below the row ascending, above it descending.
    if col == "seq":
        return [("seq > ?" if sort.descending else "seq < ?", [seq])]
    if value is None:
        parts = [(f"{col} IS NULL AND seq {'>' if sort.descending else '<'} ?", [seq])]
        return [*parts, (f"{col} IS NOT NULL", [])] if sort.descending else parts
    if sort.descending:
        return [(f"({col}, seq) > (?, ?)", [value, seq])]
    return [(f"({col}, seq) < (?, ?)", [value, seq]), (f"{col} IS NULL", [])]


def position_sql(
    conn: sqlite3.Connection, f: IncidentFilter, sort: Sort, seq: int, value: Any
) -> list[tuple[str, list[Any]]]:
    """The counts whose sum is the index of the row (``value``, ``seq``) in the list.

    They count the rows before it with row-value ranges, which SQLite answers from the
    (column, seq) indexes without visiting rows: not a walk through the pages. Where a
    page walks the sort index, so does the count (that index holds the filter columns)."""
    event = event_column(conn, f)
    col = sort.column
    parts = before_conditions(sort, seq, value)
    out: list[tuple[str, list[Any]]] = []
    for variant, place in _count_variants(conn, f):
        walk = _walk(conn, variant, sort, event, counting=True, place=place)
        # "status IN (a, b)": one range of the (status, sort, seq) index per value (SQLite
        # without statistics took the sort column's own index for the IN and read rows).
        for each in [variant] if walk else _each_value(variant):
            where, params = where_clause(
                each, event_column=event, walk_filter=walk, place_column=place, hidden=flipping.hidden(conn)
            )
            for cond, cparams in parts:
                if col == "seq" and not walk and _by_own_index(each, event, place):
                    cond = "+" + cond  # the filter's own index, not the rows in seq order
                out.append((f"SELECT count(*) FROM incidents WHERE {where} AND {cond}", [*params, *cparams]))
    return out


def _count_variants(conn: sqlite3.Connection, f: IncidentFilter) -> list[tuple[IncidentFilter, str | None]]:
    """``f`` and the place column of each disjoint part a count adds up (a place in both
    columns: its location rows, then its admin1 rows without that location)."""
    place = place_column(conn, f)
    if f.place and place is None:
        return [(f, "location"), (f, ADMIN1_ONLY)]
    return [(f, place)]


def _each_value(f: IncidentFilter) -> list[IncidentFilter]:
    """``f`` once for each status and grade it allows (disjoint: their counts add up)."""
    return [
        dataclasses.replace(f, statuses=(s,) if s else (), grades=(g,) if g else ())
        for s in (f.statuses or (None,))
        for g in (f.grades or (None,))
    ]


def _by_own_index(f: IncidentFilter, event: str | None, place: str | None) -> bool:
    """Whether a count in seq order under ``f`` is best a range of a filter term's own
    index (a count, a date or a place range, claims or sources) tested for seq: SQLite
    otherwise reads the rows before the seq, in the table. Not for equality columns
    (their (column, seq) index ranges over both) or the dup and contested flags (their
    partial indexes are in seq order)."""
    if not _filtered(f) or f.has_duplicates or f.contested:
        return False
    return not _equality_columns(f, event, place) and not (f.statuses or f.grades)


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


def _search_hits(conn: sqlite3.Connection, words: str | None, enough: int) -> int:
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
    """The count of live rows under ``f``: a range of a partial index, rows unread (a
    place in both location and admin1: two ranges added up)."""
    event = event_column(conn, f)
    counts: list[str] = []
    params: list[Any] = []
    for variant, place in _count_variants(conn, f):
        where, wparams = where_clause(variant, event_column=event, place_column=place, hidden=flipping.hidden(conn))
        counts.append(f"SELECT count(*) FROM incidents WHERE {where}")
        params.extend(wparams)
    return (counts[0] if len(counts) == 1 else "SELECT " + " + ".join(f"({c})" for c in counts)), params


def resolved_where(conn: sqlite3.Connection, f: IncidentFilter) -> tuple[str, list[Any]]:
    """The condition of ``f`` with its type and place resolved to the columns that hold
    them in this store (each an index's column), for a read in no particular order."""
    return where_clause(
        f, event_column=event_column(conn, f), place_column=place_column(conn, f), hidden=flipping.hidden(conn)
    )


def count(conn: sqlite3.Connection, f: IncidentFilter) -> int:
    sql, params = count_sql(conn, f)
    return int(conn.execute(sql, params).fetchone()[0])


def ids(conn: sqlite3.Connection, f: IncidentFilter, limit: int = -1) -> list[str]:
    """The ids under ``f`` in insertion order (at most ``limit``; -1: all)."""
    where, params = resolved_where(conn, f)
    sql = f"SELECT id FROM incidents WHERE {where} ORDER BY seq LIMIT ?"
    return [r[0] for r in conn.execute(sql, [*params, limit])]
