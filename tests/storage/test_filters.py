"""Each term of the filter language gives the right rows from the store, in every sort
(each sort takes another plan: storage/listing.py); whatever parses runs without an SQL or
FTS5 error; frequencies, status counts, completion values and search-and-jump."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from incident_review.core.filter_text import FilterSyntaxError, parse_filter
from incident_review.core.model import Claim, Figure, Incident, Source
from incident_review.core.query import SORTABLE, IncidentFilter, Sort
from incident_review.services import review
from incident_review.storage.store import Store
from tests.unit.test_filter_text import _TYPED

SHELLING = "Shelling/artillery/missile attack"


def _incident(n: int, **values: object) -> Incident:
    return Incident(id=f"INC-{n:06d}", **{"summary": f"incident {n}", **values})  # type: ignore[arg-type]


def _killed(best: int | None, wounded: int | None = None) -> list[Figure]:
    out = [] if best is None else [Figure("killed", best=best, source="r1")]
    return out + ([] if wounded is None else [Figure("wounded", best=wounded, source="r1")])


INCIDENTS = [
    _incident(
        1,
        date=dt.date(2023, 5, 26),
        country="UA",
        location="Dnipro",
        admin1="Dnipropetrovsk Oblast",
        event_type="Explosions/Remote violence",
        sub_event_type=SHELLING,
        figures=_killed(2, 21),
        attribution=[Claim("Russian forces")],
        sources=[Source("r1", outlet="Al Jazeera"), Source("r2", outlet="Reuters")],
    ),
    _incident(
        2,
        status="confirmed",
        date=dt.date(2024, 1, 15),
        country="UA",
        admin1="Kharkiv Oblast",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        figures=_killed(0),
        attribution=[Claim("Ukrainian forces", stance="denied")],
        sources=[Source("r3", outlet="Reuters")],
    ),
    _incident(
        3,
        status="needs_follow_up",
        grade="fair",
        date=dt.date(2024, 2, 10),
        country="UA",
        location="Kharkiv",
        admin1="Kharkiv Oblast",
        event_type="Battles",
        sub_event_type="Armed clash",
        figures=_killed(None, 5),
        attribution=[Claim("Russian forces"), Claim("Wagner")],
        sources=[Source("r4", outlet="Al Jazeera")],
    ),
    _incident(
        4,
        status="rejected",
        date=dt.date(2024, 3, 31),
        country="RU",
        location="Kharkiv Oblast",  # a place named as another's admin1
        admin1="Belgorod Oblast",
        sub_event_type=SHELLING,
        figures=_killed(12, 30),
    ),
    _incident(5, country="RU", admin1="Belgorod Oblast", summary="drone debris on a refinery"),
]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(tmp_path_factory.mktemp("filters") / "f.db")
    store.import_incidents(INCIDENTS, "t", "test")
    yield store
    store.close()


def _all_ids(store: Store, f: IncidentFilter, sort: Sort) -> list[str]:
    return [r.id for r in store.page(f, sort, None, 100)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("status:new", {1, 5}),
        ("status:follow-up,rejected", {3, 4}),
        ("type:Shelling", {1, 4}),
        ("type:clash", {3}),
        ("type:Battles", {3}),  # the other level of the taxonomy
        ("place:Dnipro", {1}),
        ("location:Kharkiv", {3}),
        ('place:"Kharkiv Oblast"', {2, 3, 4}),  # a location, or the admin1 of one
        ('place:"Belgorod Oblast"', {4, 5}),
        ('admin1:"Kharkiv Oblast"', {2, 3}),
        ("country:ru", {4, 5}),
        ("killed>0", {1, 4}),
        ("killed>=0", {1, 2, 4}),
        ("killed:0-2", {1, 2}),
        ("killed:?", {3, 5}),
        ("k<3", {1, 2}),
        ("wounded>=5", {1, 3, 4}),
        ("w:?", {2, 5}),
        ("sources>1", {1}),
        ("src:0", {4, 5}),
        ('actor:"Russian forces"', {1, 3}),
        ("actor:Wagner", {3}),
        ("outlet:Reuters", {1, 2}),
        ("id:INC-000002,INC-000005", {2, 5}),
        ("date:2024", {2, 3, 4}),
        ("date:2024-01..2024-02", {2, 3}),
        ("date<2024-01", {1}),
        ("grade:fair", {3}),
        ("contested", {2, 3}),  # a denial, two perpetrators
        ("refinery", {5}),
        ("refin*", {5}),
        ("refinery OR Dnipro", {1, 5}),
        ("status:new killed>0", {1}),
        ('type:Shelling place:"Kharkiv Oblast" killed>5', {4}),
    ],
)
def test_each_filter_gives_its_rows_in_every_sort(filled: Store, text: str, expected: set[int]) -> None:
    f = parse_filter(text)
    want = {f"INC-{n:06d}" for n in expected}
    assert filled.count(f) == len(want), text
    for column in SORTABLE:
        for descending in (False, True):
            sort = Sort(column, descending)
            ids = _all_ids(filled, f, sort)
            assert set(ids) == want and len(ids) == len(want), (text, sort)
            for i, incident_id in enumerate(ids):  # a jump lands where the page has it
                found = filled.position(f, sort, incident_id, 5)
                assert found is not None and found[0] == i, (text, sort, incident_id)


def test_status_words_a_search_would_have_missed(filled: Store) -> None:
    # The list says "new": status:new is its rows (it gave none when only "unreviewed" worked).
    assert filled.count(parse_filter("status:new")) == 2


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_TYPED, st.sampled_from(SORTABLE), st.booleans())
@example("\x00", "seq", False)  # FTS5 and LIKE end a string at a NUL ("unterminated string")
@example('50% _off_ \\ "a%"', "date", True)  # LIKE's own signs are text
def test_whatever_parses_runs_without_an_sql_error(filled: Store, text: str, column: str, descending: bool) -> None:
    try:
        f = parse_filter(text)
    except FilterSyntaxError:
        return
    sort = Sort(column, descending)
    rows = filled.page(f, sort, None, 100)
    assert filled.count(f) == len(rows)
    if rows:
        assert filled.position(f, sort, rows[-1].id, 5) is not None
    filled.find(f, sort, text, None)
    filled.status_counts(f)
    filled.frequencies(f, "actor", 10)


# ------------------------------------------------------------ frequencies and values


def test_frequencies_count_incidents_per_value_under_the_filter(filled: Store) -> None:
    assert filled.frequencies(IncidentFilter(), "status", 10) == [
        ("unreviewed", 2),
        ("confirmed", 1),
        ("needs_follow_up", 1),
        ("rejected", 1),
    ]
    assert filled.frequencies(IncidentFilter(), "type", 10) == [
        (SHELLING, 2),
        (None, 1),
        ("Air/drone strike", 1),
        ("Armed clash", 1),
    ]
    assert filled.frequencies(parse_filter("country:UA"), "admin1", 10) == [
        ("Kharkiv Oblast", 2),
        ("Dnipropetrovsk Oblast", 1),
    ]
    # Actors and outlets: an incident counts once per value, however many claims name it.
    assert filled.frequencies(IncidentFilter(), "actor", 10) == [
        ("Russian forces", 2),
        ("Ukrainian forces", 1),
        ("Wagner", 1),
    ]
    assert filled.frequencies(parse_filter("status:new"), "outlet", 10) == [("Al Jazeera", 1), ("Reuters", 1)]
    assert filled.frequencies(IncidentFilter(), "place", 2) == [(None, 2), ("Dnipro", 1)]


def test_status_counts_leave_the_status_term_out(filled: Store) -> None:
    every = {"unreviewed": 2, "confirmed": 1, "needs_follow_up": 1, "rejected": 1}
    assert filled.status_counts(IncidentFilter()) == every
    assert filled.status_counts(parse_filter("status:confirmed")) == every
    assert filled.status_counts(parse_filter("country:RU")) == {"unreviewed": 1, "rejected": 1}


def test_completion_values_are_the_stores(filled: Store) -> None:
    assert filled.distinct_values("admin1", 10) == [
        "Belgorod Oblast",
        "Dnipropetrovsk Oblast",
        "Kharkiv Oblast",
    ]
    assert filled.distinct_values("place", 10) == [
        "Belgorod Oblast",
        "Dnipro",
        "Dnipropetrovsk Oblast",
        "Kharkiv",
        "Kharkiv Oblast",
    ]
    assert "Battles" in filled.distinct_values("type", 10) and SHELLING in filled.distinct_values("type", 10)
    assert filled.distinct_values("actor", 2) == ["Russian forces", "Ukrainian forces"]
    assert filled.distinct_values("outlet", 10) == ["Al Jazeera", "Reuters"]


# ------------------------------------------------------------ search-and-jump


def test_find_walks_the_matches_in_list_order_and_wraps(filled: Store) -> None:
    f, sort = IncidentFilter(), Sort("date", descending=True)  # 4, 3, 2, 1, then 5 (no date)
    first = filled.find(f, sort, "kharkiv", None)
    assert first is not None and (first.row.id, first.index, first.total) == ("INC-000004", 0, 3)
    second = filled.find(f, sort, "kharkiv", first.row.key)
    assert second is not None and (second.row.id, second.index, second.wrapped) == ("INC-000003", 1, False)
    third = filled.find(f, sort, "kharkiv", second.row.key)
    assert third is not None and (third.row.id, third.index) == ("INC-000002", 2)
    again = filled.find(f, sort, "kharkiv", third.row.key)
    assert again is not None and (again.row.id, again.index, again.wrapped) == ("INC-000004", 0, True)
    back = filled.find(f, sort, "kharkiv", first.row.key, backwards=True)
    assert back is not None and (back.row.id, back.index, back.wrapped) == ("INC-000002", 2, True)
    assert filled.find(f, sort, "nowhere", None) is None


def test_find_matches_the_words_each_column_shows(filled: Store) -> None:
    f = parse_filter("country:UA")
    for text, incident_id in (
        ("Clash", "INC-000003"),  # the type column's word
        ("follow-up", "INC-000003"),  # the status column's
        ("2/21", "INC-000001"),  # k/w
        ("?/5", "INC-000003"),
        ("INC-000002", "INC-000002"),
        ("dnipro", "INC-000001"),
    ):
        found = filled.find(f, Sort(), text, None)
        assert found is not None and found.row.id == incident_id and found.total == 1, text
    assert filled.find(f, Sort(), "Belgorod", None) is None  # the filter's rows only


def test_find_reaches_rows_far_beyond_a_page(tmp_path: Path) -> None:
    store = Store(tmp_path / "many.db")
    many = [_incident(i, location="Town" if i != 1500 else "Needle") for i in range(1, 2001)]
    store.import_incidents(many, "t", "test")
    found = store.find(IncidentFilter(), Sort(), "needle", None)
    assert found is not None and (found.row.id, found.index, found.total) == ("INC-001500", 0, 1)
    inc = store.get("INC-001500")
    assert inc is not None
    review.set_status(store, inc, "confirmed", "t")
    assert store.find(parse_filter("status:new"), Sort(), "needle", None) is None
    store.close()
