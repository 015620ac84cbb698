"""A search's pages: the walk a common word takes (each row of the list tested for the
words) lists exactly the rows of the plain query (SQLite gathering the hits and sorting
them), under every sort, both directions, page after page, with filters combined."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from incident_review.core.model import Figure, Incident, Source
from incident_review.core.query import SORTABLE, IncidentFilter, ListRow, Range, Sort
from incident_review.core.reports import ReportInput
from incident_review.services.duplicates import merge_incidents
from incident_review.storage import listing
from incident_review.storage.store import Store

WORD = "glide"


def _incident(i: int, report: str) -> Incident:
    # The word in one summary in five; most incidents find it only in their report's text.
    summary = f"a {WORD} bomb hit block {i}" if i % 5 == 0 else f"shelling of block {i}"
    return Incident(
        id=f"INC-{i:06d}",
        location=["Kharkiv", "Izium", None][i % 3],
        admin1="Kharkiv Oblast" if i % 4 else None,
        country="UA" if i % 3 else "RU",
        date=dt.date(2024, 1 + i % 12, 1 + i % 27) if i % 7 else None,
        summary=summary,
        figures=[Figure("killed", best=i % 6)] if i % 4 else [],
        sources=[Source(report, "Wire", quote=summary)],
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store(tmp_path_factory.mktemp("search") / "s.db")
    items = []
    for r in range(60):
        # The word in the text of two reports in three.
        text = f"Report {r}. " + (f"Witnesses described a {WORD} bomb." if r % 3 else "Artillery fire overnight.")
        report = ReportInput(text, outlet="Wire", published=dt.date(2024, 6, 1 + r % 28))
        items.append((report, [_incident(3 * r + k, report.report_id) for k in range(3)]))
    ids = s.ingest(items, "ana").incident_ids
    # Merged incidents: the survivor now also cites the other's report (whose text may be
    # the one that holds the word); the merged ones only the merged-in list shows.
    for survivor, other in zip(ids[1:40:6], ids[3:40:6], strict=True):
        merge_incidents(s, survivor, [other], "ana")
    yield s
    s.close()


FILTERS = {
    "search alone": IncidentFilter(search=WORD),
    "and a country": IncidentFilter(search=WORD, country="UA"),
    "and killed": IncidentFilter(search=WORD, killed=Range(low=2)),
    "and a place": IncidentFilter(search=WORD, place="Kharkiv"),
    "merged too": IncidentFilter(search=WORD, include_merged=True),
    "a phrase": IncidentFilter(search=f'"{WORD} bomb"'),
}


def _pages(store: Store, f: IncidentFilter, sort: Sort, limit: int, backwards: bool) -> list[ListRow]:
    """Every row of the list, a page of ``limit`` at a time (from the end when ``backwards``),
    in display order, up to the first page that is not full (the list takes it for the end)."""
    conn = store.database.conn
    out: list[ListRow] = []
    after = None
    for _ in range(1000):
        rows = listing.page(conn, f, sort, after, limit, backwards)
        out = [*rows, *out] if backwards else [*out, *rows]
        if len(rows) < limit:
            break
        after = (rows[0] if backwards else rows[-1]).key
    return out


@pytest.mark.parametrize("name", FILTERS)
def test_a_walked_search_lists_the_rows_of_the_plain_query(
    store: Store, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = FILTERS[name]
    for column in SORTABLE:
        for descending in (False, True):
            sort = Sort(column, descending)
            monkeypatch.setattr(listing, "walked_search", lambda *_: False)  # the plain query
            plain = _pages(store, f, sort, 7, False)
            assert plain, f"{name}: the store should hold hits"
            monkeypatch.setattr(listing, "walked_search", lambda *_: True)  # every page walks
            # Some walks read too few rows to fill a page, and gather the hits instead.
            for walk_rows in (10_000, 9):
                monkeypatch.setattr(listing, "SEARCH_WALK_ROWS", walk_rows)
                for backwards in (False, True):
                    walked = _pages(store, f, sort, 7, backwards)
                    assert [r.id for r in walked] == [r.id for r in plain], (name, sort, walk_rows, backwards)
                    assert [r.key for r in walked] == [r.key for r in plain]


def test_the_words_are_found_in_summaries_and_in_report_text(store: Store) -> None:
    """The fixture's store exercises both halves of the search and the merged reports."""
    conn = store.database.conn
    live = {r.id for r in listing.page(conn, IncidentFilter(search=WORD), Sort(), None, 1000)}
    in_summary = {r.id for r in listing.page(conn, IncidentFilter(search="bomb hit"), Sort(), None, 1000)}
    assert in_summary and in_summary < live
    everything = {r.id for r in listing.page(conn, IncidentFilter(), Sort(), None, 1000)}
    assert live < everything


def test_the_search_walks_only_for_a_common_word(store: Store) -> None:
    conn = store.database.conn
    assert not listing.walked_search(conn, IncidentFilter(search=WORD), 200)  # 180 rows: gathered
    assert not listing.walked_search(conn, IncidentFilter(), 200)


def test_a_walked_search_reads_the_list_in_order(store: Store) -> None:
    """The walk follows an index in the list's order (so that its LIMIT stops it at the
    page's last hit): no sort of its rows, under any sort."""
    conn = store.database.conn
    for column in SORTABLE:
        for descending in (False, True):
            sql, params = listing.page_sql(
                conn, IncidentFilter(search=WORD), Sort(column, descending), None, 50, walk_search=True
            )
            plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
            assert not any("TEMP B-TREE" in line for line in plan), (column, descending, plan)
