"""The filter bar, search-and-jump, the frequency view and the counts per status, driven
through the Pilot as an analyst would (issue #12, items 5, 11 and 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, Static

from incident_review.core.model import Incident
from incident_review.core.query import IncidentFilter, Range
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.frequency import FrequencyScreen, FrequencyTable
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.query_bar import QueryBar
from incident_review.tui.status_bar import StatusBar
from incident_review.tui.status_counts import StatusCounts
from tests.tui_helpers import settle


def _ids(app: ReviewApp) -> list[str]:
    listing = app.query_one(IncidentList)
    return [row.id for i in range(listing.total) if (row := listing.row_at(i)) is not None]


def _hint(app: ReviewApp) -> str:
    return str(app.query_one(QueryBar).query_one("#bar-hint", Static).render())


def _burst(app: ReviewApp, text: str) -> None:
    """Keys as a terminal sends them when typed fast: all queued before any is handled."""
    for char in text:
        app.post_message(events.Key(_character_to_key(char), char))


# ------------------------------------------------------------ the filter bar


async def test_keys_typed_right_after_f_land_in_the_filter_bar(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _burst(app, "fstatus:new killed>0")  # "c", "x", "i" in there would act on the list
        await pilot.pause()
        bar = app.query_one(QueryBar)
        assert bar.is_open and bar.input.value == "status:new killed>0"
        assert isinstance(app.focused, Input)
        await pilot.press("enter")
        await settle(pilot)
        assert app.filter == IncidentFilter(statuses=("unreviewed",), killed=Range(1))
        assert _ids(app) == ["INC-000002", "INC-000007"]  # the Dnipro clinic's two reports
        assert all(i.status == "unreviewed" for i in demo.iter_incidents(IncidentFilter()))  # nothing confirmed


async def test_the_filter_bar_is_docked_in_the_main_screen(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("f")
        assert app.screen is screen  # no modal screen: the list stays, under the bar
        bar = app.query_one(QueryBar)
        assert bar.region.y > app.query_one(IncidentList).region.y and bar.region.height == 2
        assert bar.input.value == ""
        await pilot.press(*"type:Shelling", "enter")
        await settle(pilot)
        await pilot.press("f")
        assert bar.input.value == "type:Shelling "  # the filter as the bar reads it, to add to
        assert "filter: type:Shelling" in app.query_one(StatusBar).text


async def test_every_column_filters_by_the_words_it_shows(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for text, expected in (
            ("status:new", 7),
            ("type:Shelling", 5),
            ("type:Clash", 1),
            ("place:Dnipro", 2),
            ("location:Dnipro", 2),
            ('place:"Belgorod Oblast"', 3),  # an admin1: the place column shows it where no town is
            ("killed>0", 2),
            ("wounded>=22", 1),
            ("killed:?", 3),
            ("killed:0-2 country:RU", 2),
            ('actor:"Russian forces"', 3),
            ('outlet:"Wire Service"', 1),
        ):
            await pilot.press("f", "ctrl+u", *text, "enter")
            await settle(pilot)
            listing = app.query_one(IncidentList)
            assert not app.query_one(QueryBar).is_open, text
            assert listing.total == expected == demo.count(app.filter), text


async def test_a_filter_it_cannot_read_is_said_in_the_bar_and_escape_leaves_the_old_one(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"country:RU", "enter")
        await settle(pilot)
        before = app.filter
        for text, said in (
            ("status:bogus", "status: 'bogus' is not one of new, confirmed, rejected, follow-up"),
            ("location>Dnipro", "location takes ':'"),
            ("killd>0", "unknown filter field 'killd'"),
        ):
            await pilot.press("f", "ctrl+u", *text, "enter")
            await settle(pilot)
            bar = app.query_one(QueryBar)
            assert bar.is_open and bar.input.value == text  # kept, to be put right
            assert said in _hint(app), text
            assert "no such column" not in _hint(app) and "fts5" not in _hint(app)
            app.query_one(QueryBar).set_values({"place": ["Dnipro"]})  # completion values arriving late
            assert said in _hint(app), text  # leave the error in place
            assert app.filter == before
            await pilot.press("escape")
            await settle(pilot)
            assert not bar.is_open and app.query_one(IncidentList).has_focus
            assert app.filter == before and app.query_one(IncidentList).total == 4


async def test_the_bar_completes_keys_and_values_from_the_store(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"pla")
        await settle(pilot)
        bar = app.query_one(QueryBar)
        assert bar.input._suggestion == "place:"  # shown after what was typed
        await pilot.press("tab", *"gr")
        await settle(pilot)
        assert bar.input.value == "place:gr" and bar.input._suggestion == "place:Grayvoron"
        assert "Grayvoron" in _hint(app)
        await pilot.press("right", " ", *"admin1:Bel", "tab")  # right takes the inline one
        await settle(pilot)
        assert bar.input.value == 'place:Grayvoron admin1:"Belgorod Oblast"'  # quoted, it has a space
        await pilot.press(" ", *"actor:")
        await settle(pilot)
        assert "Russian forces" in _hint(app) and "Ukrainian forces" in _hint(app)
        await pilot.press("ctrl+u", *"status:new,f")
        await settle(pilot)
        assert bar.input._suggestion == "status:new,follow-up"
        await pilot.press("ctrl+u", *"place:Grayvoron", "enter")
        await settle(pilot)
        assert _ids(app) == ["INC-000001"]


# ------------------------------------------------------------ search and jump


@pytest.fixture
def many(tmp_path: Path) -> Store:
    """1200 incidents, three of them in Needleton far down the list."""
    store = Store(tmp_path / "many.db")
    places = {300: "Needleton", 750: "Needleton", 1150: "Needleton"}
    store.import_incidents(
        [Incident(id=f"INC-{i:06d}", location=places.get(i, f"Town {i % 7}")) for i in range(1, 1201)], "t", "t"
    )
    return store


def _note(app: ReviewApp) -> str:
    return app.query_one(StatusBar).text


async def test_search_jumps_to_matches_beyond_the_first_page_and_wraps(many: Store) -> None:
    app = ReviewApp(Browse(many), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(IncidentList)
        await pilot.press("slash", *"needle", "enter")
        await settle(pilot)
        assert listing.current is not None and listing.current.id == "INC-000300"
        assert "/needle: match 1 of 3" in _note(app) and listing.cursor == 299
        assert app.filter == IncidentFilter()  # a search is not a filter: every row stays
        await pilot.press("n")
        await settle(pilot)
        assert listing.current.id == "INC-000750" and "match 2 of 3" in _note(app)
        await pilot.press("n")
        await settle(pilot)
        assert listing.current.id == "INC-001150" and "match 3 of 3" in _note(app)
        await pilot.press("n")
        await settle(pilot)
        assert listing.current.id == "INC-000300" and "match 1 of 3 (from the top)" in _note(app)
        await pilot.press("N")
        await settle(pilot)
        assert listing.current.id == "INC-001150" and "match 3 of 3 (from the bottom)" in _note(app)
        await pilot.press("g", "N")  # from the top, backwards: the last match
        await settle(pilot)
        assert listing.current.id == "INC-001150"
        await pilot.press("escape")
        await settle(pilot)
        assert "needle" not in _note(app)


async def test_search_follows_the_filter_and_its_order(many: Store) -> None:
    app = ReviewApp(Browse(many), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("S")  # the list in reverse order: the last match comes first
        await settle(pilot)
        await pilot.press("slash", *"Needleton", "enter")
        await settle(pilot)
        listing = app.query_one(IncidentList)
        assert listing.current is not None and listing.current.id == "INC-001150"
        await pilot.press("f", *"id:INC-000750,INC-000001", "enter")
        await settle(pilot)
        await pilot.press("G", "n")  # under the new filter, one match (before the last row)
        await settle(pilot)
        assert listing.current.id == "INC-000750" and "match 1 of 1 (from the top)" in _note(app)
        await pilot.press("n")
        await settle(pilot)
        assert "match 1 of 1 (no more matches)" in _note(app)
        await pilot.press("slash", "ctrl+u", *"nowhere", "enter")
        await settle(pilot)
        assert "/nowhere: no matches" in _note(app) and listing.current.id == "INC-000750"
        await pilot.press("n")
        await settle(pilot)
        assert "/nowhere: no more matches" in _note(app)


async def test_n_is_the_next_match_and_i_the_note(many: Store) -> None:
    app = ReviewApp(Browse(many), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")  # no search yet: says so, writes nothing
        await settle(pilot)
        assert any("/ searches the list" in str(n.message) for n in app._notifications)
        await pilot.press("i", *"look again", "enter")
        await settle(pilot)
        await pilot.press("exclamation_mark")
        await settle(pilot)
    inc = many.get("INC-000001")
    assert inc is not None and [n.text for n in inc.notes] == ["look again"] and inc.status == "needs_follow_up"


# ------------------------------------------------------------ frequencies and the counts per status


async def test_the_frequency_view_counts_and_a_value_picked_filters_the_list(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"country:RU", "enter")
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FrequencyScreen) and screen.key == "status"
        assert screen.rows == [("unreviewed", 4)] and screen.total == 4
        await pilot.press("l")  # the next column: admin1
        await settle(pilot)
        assert screen.key == "admin1" and screen.rows == [("Belgorod Oblast", 3), ("Krasnodar Krai", 1)]
        table = screen.query_one(FrequencyTable)
        cells = [str(c) for c in table.get_row_at(0)]
        assert cells[:3] == ["Belgorod Oblast", "3", "75.0%"] and set(cells[3]) == {"█"}
        assert len(str(table.get_row_at(1)[3])) == round(len(cells[3]) / 3)  # bars in proportion
        await pilot.press("l", "l", "l")  # place, type, actor
        await settle(pilot)
        assert screen.key == "actor" and screen.rows[0] == ("Ukrainian forces", 2)
        await pilot.press("j", "enter")  # the second: added to the filter
        await settle(pilot)
        assert not isinstance(app.screen, FrequencyScreen)
        assert app.filter == IncidentFilter(country="RU", actor="Russian volunteer groups")
        assert _ids(app) == ["INC-000005"]
        await pilot.press("F")  # it opens on the column it was on
        await settle(pilot)
        assert isinstance(app.screen, FrequencyScreen) and app.screen.key == "actor"
        await pilot.press("escape")
        await settle(pilot)
        assert app.filter.actor == "Russian volunteer groups"  # Esc picks nothing


async def test_type_frequencies_show_the_lists_words_and_filter_on_the_stored_type(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("F", "h", "h", "h", "h", "h")  # status, back round to type
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FrequencyScreen) and screen.key == "type"
        assert str(screen.query_one(FrequencyTable).get_row_at(0)[0]) == "Shelling"
        await pilot.press("enter")
        await settle(pilot)
        assert app.filter.event_type == "Shelling/artillery/missile attack" and len(_ids(app)) == 5


async def test_the_header_counts_statuses_and_follows_edits(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = app.query_one(StatusCounts)
        assert header.text == "new 7 · confirmed 0 · rejected 0 · follow-up 0"
        for key in ("c", "x", "exclamation_mark"):  # c and x move on to the next row once saved
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert header.text == "new 4 · confirmed 1 · rejected 1 · follow-up 1"
        await pilot.press("f", *"status:new country:UA", "enter")  # its status term left out
        await settle(pilot)
        assert header.text == "new 1 · confirmed 0 · rejected 1 · follow-up 1"
        await pilot.press("u")  # an undo is an edit too
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert header.text == "new 2 · confirmed 0 · rejected 1 · follow-up 0"


async def test_the_detail_pane_takes_the_counts_row_on_a_short_terminal(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        counts = app.query_one(StatusCounts)
        assert counts.display and counts.region.height == 1
        await pilot.press("tab")  # the detail pane: most of the height, the counts' row too
        await settle(pilot)
        assert not counts.display
        await pilot.press("tab")
        await settle(pilot)
        assert counts.display
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert app.query_one(StatusCounts).display  # room enough


async def test_the_frequency_view_opens_on_the_column_under_the_cursor(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listing = app.query_one(IncidentList)
        while listing.columns.cursor_key != "location":  # the place column
            await pilot.press("l")
        await pilot.press("F")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FrequencyScreen) and screen.key == "place"
        assert ("Dnipro", 2) in screen.rows and ("Grayvoron", 1) in screen.rows
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("h", "h", "F")  # the id column: no frequencies, the last one's
        await settle(pilot)
        assert isinstance(app.screen, FrequencyScreen) and app.screen.key == "place"


async def test_a_new_filters_counts_per_status_wait_for_its_rows(demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over a million rows the counts per status take 0.3-0.4 s of CPU: they start once the
    new filter's rows are on the list, not beside its first page (issue #16), and still
    show the new filter's counts."""
    started: list[tuple[IncidentFilter, IncidentFilter | None]] = []
    counts = Browse.status_counts
    app = ReviewApp(Browse(demo), "tester")

    def recorded(self: Browse, f: IncidentFilter) -> dict[str, int]:
        started.append((f, app.shown_filter))  # the filter of the rows on the list then
        return counts(self, f)

    monkeypatch.setattr(Browse, "status_counts", recorded)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert started == [(IncidentFilter(), IncidentFilter())]
        await pilot.press("f", *"country:UA", "enter")
        await settle(pilot)
        assert len(started) == 2 and started[1] == (app.filter, app.filter)
        assert app.query_one(StatusCounts).text == "new 3 · confirmed 0 · rejected 0 · follow-up 0"
        await pilot.press("s")  # a sort keeps the filter: the counts stand
        await settle(pilot)
        assert len(started) == 2
