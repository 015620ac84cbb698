"""The list's queries stay index ranges at a million incidents (issue #16).

A store of a few thousand rows is given the statistics a 1M-incident store would have
(``sqlite_stat1`` rows written by hand), and also none at all (a store nobody ran
ANALYZE on, as every real store is); then EXPLAIN QUERY PLAN of every filter x sort page,
keyset page, jump count and filter count must use no temporary B-tree (a sort of every
row the filter keeps: 4.7 s for country:UA sorted by killed at 1M) and never scan the
incidents table. Filter x sort pairs that migration 7 indexes must be pure index searches.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from incident_review.core.query import SORTABLE, IncidentFilter, Range, Sort
from incident_review.storage import listing
from incident_review.storage.store import Store

ROWS = 3000
MILLION = 1_000_000
# Distinct values of each column in a 1M-incident store (ACLED-like: 4 statuses, a few
# grades and countries, hundreds of admin1s, 27 years of days, 6 event types, 25 subtypes).
DISTINCT = {
    "status": 4,
    "grade": 4,
    "country": 10,
    "admin1": 200,
    "location": 20_000,
    "date": 10_000,
    "event_type": 6,
    "sub_event_type": 25,
    "killed": 150,
    "id": MILLION,
    "seq": MILLION,
    "merged_into": 1_000,
    "dup_score": 1_000,
    "contested": 2,
    "wounded": 100,
    "n_sources": 20,
}
# Rows of each partial index that is not on every live row.
PARTIAL_ROWS = {"incidents_merged_into": 1_000, "incidents_live_dup": 50_000, "incidents_live_contested": 10_000}

FILTERS = {
    "none": IncidentFilter(),
    "status": IncidentFilter(statuses=("confirmed",)),
    "statuses": IncidentFilter(statuses=("confirmed", "needs_follow_up")),
    "grade": IncidentFilter(grades=("fair",)),
    "country": IncidentFilter(country="UA"),
    "admin1": IncidentFilter(admin1="Kharkiv Oblast"),
    "event type": IncidentFilter(event_type="Explosions/Remote violence"),
    "sub-event type": IncidentFilter(event_type="Air/drone strike"),
    "dates": IncidentFilter(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31)),
    "dup": IncidentFilter(has_duplicates=True),
    "contested": IncidentFilter(contested=True),
    "country+status": IncidentFilter(country="UA", statuses=("unreviewed",)),
    # The filter language's terms (core/filter_text.py): place (location, admin1 or both),
    # counts, claims and sources, ids.
    "place": IncidentFilter(place="Town 5"),
    "place in admin1": IncidentFilter(place="Oblast 3"),
    "place in both": IncidentFilter(place="Kharkiv Oblast"),
    "killed": IncidentFilter(killed=Range(1)),
    "killed range": IncidentFilter(killed=Range(3, 10)),
    "killed unknown": IncidentFilter(killed=Range(unknown=True)),
    "wounded": IncidentFilter(wounded=Range(5)),
    "sources": IncidentFilter(sources=Range(2)),
    "actor": IncidentFilter(actor="Wagner"),
    "outlet": IncidentFilter(outlet="Reuters"),
    "ids": IncidentFilter(ids=("INC-0000007", "INC-0000010")),
    "status+killed": IncidentFilter(statuses=("confirmed",), killed=Range(1)),
}
EQUALITY = {
    "status": {"status"},
    "grade": {"grade"},
    "country": {"country"},
    "admin1": {"admin1"},
    "event type": {"event_type"},
    "sub-event type": {"sub_event_type"},
    "country+status": {"country", "status"},
    "place": {"location"},
    "place in admin1": {"admin1"},
    "status+killed": {"status"},
}
# A range of a count under a sort by that count: a range of the sort index itself.
OWN_RANGE = {"killed": "killed", "killed range": "killed", "killed unknown": "killed"}
# A handful of rows, found by id and sorted, however dense the store.
FEW = {"ids"}
# Filters whose rows are found through another table's index (claims, sources) or by id:
# their counts read the rows found (one lookup each, as many as the filter keeps), not a range.
LOOKED_UP = {"actor", "outlet", "ids"}
# Filters no (column, date|killed, seq) index holds: under a sort by date or killed, the
# count of the rows before an incident reads the rows of its range of the sort index (the
# date and killed indexes hold no filter column; the other sorts' indexes hold them all).
NOT_IN_DATE_KILLED = {
    "dates",
    "dup",
    "contested",
    "place",
    "place in both",
    "killed",
    "killed range",
    "killed unknown",
    "wounded",
    "sources",
    "status+killed",
}
# Filter columns the walked sort indexes (place, admin1, type, status) do not hold: a full
# rebuild rewrites the dup flag on half the rows, and each entry in four indexes with it
# (schema migration 15). Their jump counts under those sorts read the flagged rows.
NOT_IN_WALKED = {"dup"}
SORTS = [Sort(c, d) for c in SORTABLE for d in (False, True)]
OWN_INDEX = {"dup": "incidents_live_dup", "contested": "incidents_live_contested"}


def _fill(conn: sqlite3.Connection) -> None:
    """Rows with every filter value present, both event type levels, some merged."""
    conn.execute(
        """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO incidents (seq, id, status, grade, date, country, admin1, location, event_type,
            sub_event_type, killed, wounded, n_sources, contested, dup_score, merged_into,
            created_at, created_by, updated_at, updated_by)
        SELECT i, printf('INC-%07d', i),
            CASE i % 4 WHEN 0 THEN 'unreviewed' WHEN 1 THEN 'confirmed' WHEN 2 THEN 'rejected'
                 ELSE 'needs_follow_up' END,
            CASE i % 3 WHEN 0 THEN 'fair' WHEN 1 THEN 'strong' ELSE NULL END,
            date('2023-06-01', '+' || (i % 400) || ' days'),
            CASE i % 5 WHEN 4 THEN 'RU' ELSE 'UA' END,
            CASE i % 7 WHEN 0 THEN 'Kharkiv Oblast' ELSE 'Oblast ' || (i % 7) END,
            CASE i % 11 WHEN 0 THEN NULL WHEN 5 THEN 'Kharkiv Oblast' ELSE 'Town ' || (i % 97) END,
            CASE i % 3 WHEN 2 THEN 'Battles' ELSE 'Explosions/Remote violence' END,
            CASE i % 3 WHEN 0 THEN 'Air/drone strike' WHEN 1 THEN 'Shelling/artillery/missile attack'
                 ELSE 'Armed clash' END,
            CASE i % 13 WHEN 0 THEN NULL ELSE i % 41 END, i % 17, i % 4, i % 9 = 0,
            CASE i % 6 WHEN 0 THEN 0.9 ELSE NULL END,
            CASE i % 50 WHEN 0 THEN 'INC-0000001' ELSE NULL END,
            '2024-01-01', 'test', '2024-01-01', 'test'
        FROM n""",
        (ROWS,),
    )
    # Claims and sources: one actor on every other incident and another on a few, one
    # outlet on each and another on some.
    conn.execute(
        """INSERT INTO claims (incident_id, position, actor, role, stance)
        SELECT id, 0, CASE seq % 29 WHEN 0 THEN 'Wagner' ELSE 'Russian forces' END, 'perpetrator', 'reported'
        FROM incidents WHERE seq % 2 = 0 OR seq % 29 = 0"""
    )
    conn.execute(
        """INSERT INTO incident_sources (incident_id, position, report_id, outlet)
        SELECT id, 0, 'r' || seq, CASE seq % 13 WHEN 0 THEN 'Reuters' ELSE 'Al Jazeera' END FROM incidents"""
    )


def _million_stats(conn: sqlite3.Connection) -> None:
    """sqlite_stat1 as ANALYZE would write it for a 1M-incident store."""
    conn.execute("ANALYZE")  # creates sqlite_stat1
    conn.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'incidents'")
    conn.execute("INSERT INTO sqlite_stat1 VALUES ('incidents', NULL, ?)", (str(MILLION),))
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incidents'"
    ).fetchall():
        columns = [r[2] for r in conn.execute(f"PRAGMA index_info({name})")]
        rows = PARTIAL_ROWS.get(name, MILLION)
        stat, distinct = [str(rows)], 1
        for column in columns:
            distinct *= DISTINCT[column]
            stat.append(str(max(1, math.ceil(rows / distinct))))
        conn.execute("INSERT INTO sqlite_stat1 VALUES ('incidents', ?, ?)", (name, " ".join(stat)))
    # 1.5 claims and 1.2 sources an incident, among 500 actors and 200 outlets.
    per_value = {"claims_actor": 3_000, "incident_sources_outlet": 6_000, "incident_sources_report": 2}
    for table, rows in (("claims", 1_500_000), ("incident_sources", 1_200_000)):
        conn.execute("DELETE FROM sqlite_stat1 WHERE tbl = ?", (table,))
        conn.execute("INSERT INTO sqlite_stat1 VALUES (?, NULL, ?)", (table, str(rows)))
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)):
            entry = f"{rows} {per_value.get(name, 2)} 1"  # (the primary keys: an incident's few rows)
            conn.execute("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)", (table, name, entry))
    conn.commit()
    conn.execute("ANALYZE sqlite_schema")  # reload the statistics


@pytest.fixture(scope="module", params=["1M statistics", "no statistics"])
def conn(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path: Path = tmp_path_factory.mktemp("plans") / "store.db"
    Store(path).close()
    c = sqlite3.connect(path)
    _fill(c)
    c.commit()
    if request.param == "1M statistics":
        _million_stats(c)
    yield c
    c.close()


def _plan(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[str]:
    return [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


def _check(plan: list[str], indexed: bool, what: str, by_seq: bool = False, own: str = "") -> None:
    """No sort of the filtered rows, no read of the whole table; ``indexed``: only
    searches of incidents (a range of one index, in order). A page in seq order may walk
    the table itself (it is stored in seq order: the walk stops at the page's end)."""
    text = "\n  ".join(plan)
    assert not any("TEMP B-TREE" in line for line in plan), f"{what} sorts:\n  {text}"
    on_incidents = [line for line in plan if line.split()[1:2] == ["incidents"]]
    assert on_incidents, f"{what}: no step reads incidents:\n  {text}"
    for line in on_incidents:
        assert line.startswith("SEARCH") or " USING " in line or by_seq, f"{what} scans the table:\n  {text}"
        if indexed:  # (or the whole of a partial index that holds just the filter's rows)
            ok = line.startswith("SEARCH") or (bool(own) and line.startswith(f"SCAN incidents USING INDEX {own}"))
            assert ok, f"{what} is not one index range:\n  {text}"


def _reads_rows(conn: sqlite3.Connection, sql: str, params: list[Any]) -> bool:
    """Whether the statement reads a column of an incidents row (not just its index
    entries). SQLite 3.40 does not call a partial index covering when the query names a
    column of the index's WHERE, but never seeks the row (a deferred seek, no read)."""
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'incidents'").fetchone()[0]
    program = conn.execute(f"EXPLAIN {sql}", params).fetchall()
    cursors = {r[2] for r in program if r[1] == "OpenRead" and r[3] == root}
    return any(r[1] in ("Column", "Rowid") and r[2] in cursors for r in program)


def _indexed(name: str, sort: Sort) -> bool:
    equal = EQUALITY.get(name, set())
    if sort.column == "seq" and name in ("dup", "contested"):
        return True  # their partial indexes are in seq order
    if OWN_RANGE.get(name) == sort.column:
        return True
    if equal & listing.SORT_INDEXED_FILTERS and sort.column in listing.INDEXED_SORTS:
        return True  # a (column, sort, seq) index of migration 7
    return bool(equal) and (sort.column == "seq" or sort.column in equal)  # a (column, seq) index


@pytest.fixture(params=["dense", "sparse"])
def density(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Dense: every filter keeps more rows than DENSE_FILTER_ROWS (as at 1M), so the
    pairs without an index walk the sort order; sparse: it keeps fewer."""
    monkeypatch.setattr(listing, "DENSE_FILTER_ROWS", 0 if request.param == "dense" else 10 * ROWS)
    return str(request.param)


@pytest.mark.parametrize("name", FILTERS)
def test_page_plans_use_an_index_in_sort_order(conn: sqlite3.Connection, density: str, name: str) -> None:
    f = FILTERS[name]
    for sort in SORTS:
        first = listing.page(conn, f, sort, None, 3)
        assert first, f"{name}: the fill should match the filter"
        key = first[-1].key
        for after, backwards in ((None, False), (key, False), (key, True)):
            sql, params = listing.page_sql(conn, f, sort, after, 50, backwards)
            plan = _plan(conn, sql, params)
            what = f"page of {name} by {sort.column}{' desc' if sort.descending else ''} after={after} back={backwards}"
            if (density == "sparse" or name in FEW) and not _indexed(name, sort) and name not in ("none", "dates"):
                # Few rows: collecting and sorting them is the cheap plan, but from an index.
                assert all(
                    line.startswith("SEARCH") or " USING " in line or sort.column == "seq"
                    for line in plan
                    if line.split()[1:2] == ["incidents"]
                ), f"{what}: {plan}"
                continue
            if name == "dates" and sort.column != "date" and density == "sparse":
                continue  # a date range keeping few rows: sorted from the date index
            _check(plan, _indexed(name, sort), what, by_seq=sort.column == "seq", own=OWN_INDEX.get(name, ""))


@pytest.mark.parametrize("name", FILTERS)
def test_counts_are_index_ranges(conn: sqlite3.Connection, name: str) -> None:
    f = FILTERS[name]
    sql, params = listing.count_sql(conn, f)
    plan = _plan(conn, sql, params)
    _check(plan, name not in ("none", "dup", "contested"), f"count of {name}")
    if name != "country+status" and name not in LOOKED_UP:  # (a count of two filters reads the rows of one)
        assert not _reads_rows(conn, sql, params), f"count of {name} reads rows: {plan}"
    assert (
        listing.count(conn, f)
        == conn.execute(
            "SELECT count(*) FROM incidents WHERE " + listing.where_clause(f)[0], listing.where_clause(f)[1]
        ).fetchone()[0]
    )


@pytest.mark.parametrize("name", FILTERS)
def test_jump_counts_are_index_ranges(conn: sqlite3.Connection, density: str, name: str) -> None:
    """Where a jump or a sort change lands (the count of the rows before an incident):
    from index entries alone, for the pairs migration 7 indexes and for the walks of a
    sort index under a dense filter (those indexes hold every filter column)."""
    f = FILTERS[name]
    for sort in SORTS:
        if sort.column == "id":
            continue  # the list does not offer it: tui/app.py cycles SORTABLE without id
        walks = density == "dense" and not _indexed(name, sort) and name not in FEW
        if not (_indexed(name, sort) or walks or name == "none"):
            continue  # a sparse filter: at most DENSE_FILTER_ROWS rows read
        row = listing.page(conn, f, sort, None, 2)[-1]
        for sql, params in listing.position_sql(conn, f, sort, row.seq, row.sort_value):
            plan = _plan(conn, sql, params)
            assert not any("TEMP B-TREE" in line for line in plan), plan
            # Known to read rows: two equality filters (the rows of the one searched); a
            # range, a place or a flag under a sort by date or killed (those two indexes
            # hold no filter column: the rows of the range are read); the rows looked up.
            if name == "country+status" or name in LOOKED_UP:
                continue
            if name in NOT_IN_DATE_KILLED and sort.column in ("date", "killed") and OWN_RANGE.get(name) != sort.column:
                continue
            if name in NOT_IN_WALKED and sort.column != "seq":
                continue
            assert not _reads_rows(conn, sql, params), f"jump count of {name} by {sort} reads rows: {plan}"


def test_event_type_filter_names_one_level_when_the_store_does(conn: sqlite3.Connection) -> None:
    """'type:X' means either level of the taxonomy; the query tests only the level the
    store holds X at, so that an index gives the order (an OR of two columns cannot)."""
    top, sub = FILTERS["event type"], FILTERS["sub-event type"]
    assert listing.event_column(conn, top) == "event_type"
    assert listing.event_column(conn, sub) == "sub_event_type"
    assert listing.event_column(conn, IncidentFilter(event_type="Nothing")) == "sub_event_type"
    assert listing.count(conn, top) == len([i for i in range(1, ROWS + 1) if i % 3 != 2 and i % 50])
    assert listing.count(conn, sub) == len([i for i in range(1, ROWS + 1) if i % 3 == 0 and i % 50])
