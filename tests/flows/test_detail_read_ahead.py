"""`j` and `k` show the next incident in the frame that moves the cursor (issue #16): the
details of the rows beside the cursor are read ahead, and the list tells the app of the
move at once. A read-ahead never outlives a change to the store (this app's write, another
analyst's commit)."""

from __future__ import annotations

from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.detail import DetailPane
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.status_bar import StatusBar
from incident_review.tui.sync import POLL_SECONDS
from tests.tui_helpers import recorded_detail_reads, settle


async def test_a_move_shows_the_next_incident_before_anything_else_runs(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing, pane = app.query_one(IncidentList), app.query_one(DetailPane)
        asked = recorded_detail_reads(app)
        down, up = listing.action_cursor_down, listing.action_cursor_up
        for step, action in ((1, down), (2, down), (1, up)):
            action()  # no await: nothing else runs between the move and these checks
            row = listing.current
            assert row is not None and listing.cursor == step
            assert pane.incident is not None and pane.incident.id == row.id
            assert app.query_one(StatusBar).text.startswith(f"{step + 1}/")
            await settle(pilot)  # the next rows are read ahead meanwhile
        assert asked == []  # every row it moved to had been read ahead


async def test_a_row_confirmed_here_is_shown_confirmed_when_the_cursor_comes_back(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing, pane = app.query_one(IncidentList), app.query_one(DetailPane)
        await pilot.press("j")
        await settle(pilot)
        second = listing.current
        assert second is not None
        await pilot.press("c")  # confirmed; the cursor goes on to the next unreviewed row
        await settle(pilot)
        assert listing.current is not None and listing.current.id != second.id
        while listing.current is not None and listing.current.id != second.id:
            await pilot.press("k")
            await settle(pilot)
        assert pane.incident is not None and pane.incident.id == second.id
        assert pane.incident.status == "confirmed"


async def test_another_analysts_change_to_a_row_read_ahead_is_shown(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing, pane = app.query_one(IncidentList), app.query_one(DetailPane)
        following = listing.row_at(listing.cursor + 1)
        assert following is not None
        other = Store(demo.path)
        incident = other.get(following.id)
        assert incident is not None
        review.add_note(other, incident, "casualty figure checked with OCHA", "bob")
        other.close()
        await pilot.pause(POLL_SECONDS * 1.5)  # the poll sees the commit
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert pane.incident is not None and pane.incident.id == following.id
        assert [n.text for n in pane.incident.notes] == ["casualty figure checked with OCHA"]
