"""Keys typed fast are never lost or misrouted (issue #12, "speed under the fingers"):
a burst of keys, all queued before the first is handled as tmux send-keys or a fast
typist over SSH delivers them, ends where the same keys typed one at a time end: the
text in the prompt or form the first key opened, the cursor moved in the rows a new
filter, sort, jump or search shows, nothing done by the list behind a dialog."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from incident_review.core.filter_text import describe_filter
from incident_review.core.query import IncidentFilter
from incident_review.services import saved_filters
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.query_bar import QueryBar
from tests.tui_helpers import burst, settle, stored_incidents

# Each: keys an analyst types without a pause, and why they once went astray.
BURSTS: dict[str, tuple[str, ...]] = {
    # j moved in the old rows, then the new filter's first page put the cursor back on row 1
    "filter then j": ("f", *"country:UA", "enter", "j"),
    # the keys after ctrl+u were typed before the bar handled the ctrl+u, which cleared them
    "ctrl+u in the filter bar": ("f", *"status:new", "ctrl+u", *"country:RU", "enter", "j", "j"),
    # the id reached the list before the prompt was mounted
    "jump": ("colon", *"INC-000005", "enter", "j"),
    "export path": ("e", "ctrl+u", *"checked.yaml"),
    # "c" confirmed, "h" moved the column cursor, "e" opened the export prompt (a stray file)
    "note": ("i", *"check casualty figures"),
    # the "f" of "fair" opened the filter bar before the grade dialog came
    "grade then j": ("R", *"fair", "enter", "j"),
    "save filter": ("ctrl+s", *"mine"),
    "saved filter then j": ("apostrophe", *"kyiv", "enter", "j"),
    # the attribution pane opens after a read in a worker: the keys went to the list meanwhile
    "claim, then the next claim": ("a", "a", *"Russian forces", "enter", "a", *"Wagner"),
    "override, Enter, then back": (
        "K",
        "o",
        "3",
        "tab",
        "3",
        "tab",
        "4",
        "tab",
        *"hospital update",
        "enter",
        "escape",
        "j",
    ),
    "search then j": ("slash", *"krasnodar", "enter", "j"),
    "sort then j": ("l", "s", "j"),
    "frequency pick then j": ("F", "l", "j", "enter", "j"),
    "duplicate review and back": ("d", "j", "j", "escape", "j"),
    "history and back": ("H", "escape", "j", "j"),
}


def _state(app: ReviewApp, store: Store) -> dict[str, Any]:
    """What the analyst sees and what the store holds."""
    focused = app.focused
    listing = app.review_screen.query_one(IncidentList)
    row = listing.current
    return {
        "screen": type(app.screen).__name__,
        "focused": (type(focused).__name__, focused.id if focused else None),
        "typed": focused.value if isinstance(focused, Input) else None,
        "bar open": app.review_screen.query_one(QueryBar).is_open,
        "filter": describe_filter(app.filter),
        "sort": app.sort,
        "row": (listing.cursor, row.id if row else None),
        "stored": [
            (i.id, i.status, i.grade, [n.text for n in i.notes], [c.actor for c in i.attribution], len(i.figures))
            for i in stored_incidents(store)
        ],
    }


async def _typed(store: Store, keys: tuple[str, ...], fast: bool) -> dict[str, Any]:
    app = ReviewApp(Browse(store), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if fast:
            await burst(pilot, *keys)
        else:
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
        return _state(app, store)


@pytest.mark.parametrize("name", list(BURSTS))
async def test_a_burst_of_keys_ends_where_the_same_keys_typed_slowly_end(tmp_path: Any, name: str) -> None:
    from incident_review.services.ingest import ingest_paths
    from tests.conftest import ROOT

    saved_filters.save("kyiv", "place:Kyiv")
    stores = []
    for run in ("slow", "fast"):
        store = Store(tmp_path / f"{run}.db")
        ingest_paths(store, sorted((ROOT / "seeds").glob("*.txt")), "tester")
        stores.append(store)
    slow = await _typed(stores[0], BURSTS[name], fast=False)
    fast = await _typed(stores[1], BURSTS[name], fast=True)
    assert fast == slow


async def test_text_typed_right_after_a_key_lands_in_what_the_key_opened(demo: Store) -> None:
    """The burst's text is in the prompt, and nothing else happened: no status set, no
    filter bar opened, no export."""
    app = ReviewApp(Browse(demo), "tester")
    before = [(i.id, i.status) for i in demo.iter_incidents(IncidentFilter())]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "R", *"fair")
        assert isinstance(app.focused, Input) and app.focused.value == "fair"
        assert not app.review_screen.query_one(QueryBar).is_open
        await burst(pilot, "escape", "i", *"check casualty figures")
        assert isinstance(app.focused, Input) and app.focused.value == "check casualty figures"
        await burst(pilot, "escape", "K", "o", "2", "3")
        assert isinstance(app.focused, Input) and (app.focused.id, app.focused.value) == ("low", "23")
    assert [(i.id, i.status) for i in demo.iter_incidents(IncidentFilter())] == before


async def test_j_typed_right_after_the_filters_enter_moves_in_the_new_rows(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "f", *"country:RU", "enter", "j", "j")
        listing = app.query_one(IncidentList)
        assert app.filter == IncidentFilter(country="RU")
        assert listing.total == 4 and listing.cursor == 2  # the third of the new rows
        assert listing.has_focus


async def test_a_key_typed_right_after_ctrl_u_in_the_filter_bar_is_kept(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "f", *"status:new", "ctrl+u", "k")
        assert app.query_one(QueryBar).input.value == "k"


async def test_enter_in_the_claim_form_keeps_the_next_key(demo: Store) -> None:
    from incident_review.tui.attribution import AttributionPane

    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "a", "a", *"Russian forces", "enter", "escape", "j")
        assert not isinstance(app.screen, AttributionPane) and app.screen is app.review_screen
        assert app.query_one(IncidentList).cursor == 1
    assert "Russian forces" in [c.actor for c in demo.get("INC-000001").attribution]  # type: ignore[union-attr]
