"""The frequency view and the duplicate review are full screens that own their keys
(modal): j/k/Enter/Esc and the review's own letters act on them, never on the list behind;
their footers show whole keys at every width; ``?`` in the duplicate review lists its keys,
the merge decision first."""

from __future__ import annotations

import pytest

from incident_review.core.query import IncidentFilter
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.duplicate_review import DuplicateReview
from incident_review.tui.frequency import FrequencyScreen, FrequencyTable
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.screens import HelpScreen
from tests.tui_helpers import screen_text, settle


def _statuses(store: Store) -> list[tuple[str, str]]:
    return [(i.id, i.status) for i in store.iter_incidents(IncidentFilter())]


async def test_the_frequency_view_takes_its_keys_and_the_list_behind_none(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    before = _statuses(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FrequencyScreen)
        for key in ("l", "c", "x", "exclamation_mark", "u", "space", "i", "j", "j", "k"):  # on admin1: 4 values
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, FrequencyScreen)  # no note prompt opened over it either
        assert app.screen.query_one(FrequencyTable).cursor_row == 1
        assert app.review_screen.query_one(IncidentList).cursor == 0 and not app.selection.active
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.review_screen
    assert _statuses(demo) == before


async def test_the_duplicate_review_takes_its_keys_and_the_list_behind_none(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    before = _statuses(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, DuplicateReview) and len(review.members) == 2
        for key in ("c", "x", "u", "i", "R", "j", "j"):
            await pilot.press(key)
            await settle(pilot)
        assert review.cursor == 2  # j moved its field cursor
        assert app.screen is review
        assert app.review_screen.query_one(IncidentList).cursor == 0
    assert _statuses(demo) == before


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(("key", "needed"), [("F", ("Filter on it", "Back")), ("d", ("Merge into ◆", "Survivor"))])
async def test_their_footers_show_whole_keys_of_their_own(
    demo: Store, size: tuple[int, int], key: str, needed: tuple[str, ...]
) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        footer = screen_text(app).rstrip("\n").splitlines()[-1]
        assert "▏" not in footer and "…" not in footer  # no key cut at the edge
        assert all(word in footer for word in (*needed, "? Help")), footer
        assert "Confirm" not in footer and "Quit" not in footer  # the review's keys are not these screens'


async def test_help_in_the_duplicate_review_lists_its_keys_merge_and_survivor_first(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        descriptions = [d for _, d in app.screen.rows]
        assert descriptions[:3] == ["Merge into ◆", "Survivor", "Different"]
        assert {"Take left", "Take right", "Skip", "Back"} <= set(descriptions)
        assert "Confirm" not in descriptions and "Filter" not in descriptions
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DuplicateReview)
