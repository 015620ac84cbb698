"""A filter's Enter draws the screen once (issue #16): the bar goes, and the new rows and
the detail of the row the cursor lands on come, in the one handler of the first page; the
bar lies over the footer, so neither its opening nor its going resizes anything."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Input

from incident_review.core.query import IncidentFilter
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui import query_actions
from incident_review.tui.app import ReviewApp
from incident_review.tui.detail import DetailPane
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.query_bar import QueryBar
from tests.tui_helpers import burst, recorded_detail_reads, settle


async def test_the_detail_of_the_first_row_comes_with_the_page(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        asked = recorded_detail_reads(app)
        shown_before = app.incident.id if app.incident else None
        await burst(pilot, "f", *"country:UA", "enter")
        listing = app.query_one(IncidentList)
        assert app.filter == IncidentFilter(country="UA")
        first = listing.current
        assert first is not None and listing.cursor == 0 and first.id != shown_before
        assert app.incident is not None and app.incident.id == first.id
        shown = app.query_one(DetailPane).incident
        assert shown is not None and shown.id == first.id
        assert first.id not in asked  # no second read, and no second frame, for it
        await burst(pilot, "j")
        moved_to = listing.current
        assert moved_to is not None and moved_to.id != first.id
        shown = app.query_one(DetailPane).incident
        assert shown is not None and shown.id == moved_to.id  # moving on still shows the row


async def test_the_bar_goes_with_its_rows_not_before(demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query_actions, "BAR_WAITS_FOR_ROWS", 60.0)  # only the rows can close it
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "f", *"country:RU", "enter")
        assert not app.query_one(QueryBar).is_open
        assert app.query_one(IncidentList).has_focus and app.query_one(IncidentList).total == 4


async def test_a_slow_page_closes_the_bar_anyway_and_the_keys_wait_for_the_rows(
    demo: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(query_actions, "BAR_WAITS_FOR_ROWS", 0.05)
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        go_on = threading.Event()
        page = app.browse.page

        def slow_page(f: IncidentFilter, *args: Any, **kwargs: Any) -> Any:
            if f.country == "RU":
                go_on.wait(10)
            return page(f, *args, **kwargs)

        app.browse.page = slow_page  # type: ignore[method-assign]
        for key in ("f", *"country:RU", "enter", "j"):
            await pilot.press(key)
        await pilot.pause(0.3)
        bar = app.query_one(QueryBar)
        assert not bar.is_open and not isinstance(app.focused, Input)  # closed before the rows came
        assert bar.input.value == "country:RU"  # the j held for the rows went nowhere yet
        go_on.set()
        await settle(pilot)
        listing = app.query_one(IncidentList)
        assert listing.total == 4 and listing.cursor == 1  # the j moved in the new rows
        assert bar.input.value == "country:RU"
