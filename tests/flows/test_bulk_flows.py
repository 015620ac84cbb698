"""Bulk work in the review list (issue #12, item 7), driven with the Pilot: select rows
(space, V, *), act on them all as one batch that one ``u`` undoes, another analyst's change
skipped and named, the cursor on to the next unreviewed row after c/x, ``.`` repeats."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from incident_review.core.model import Figure, Incident
from incident_review.core.query import IncidentFilter
from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.incident_list import SELECTED_MARK, IncidentList
from incident_review.tui.status_bar import StatusBar
from tests.tui_helpers import screen_lines, settle

N = 1200  # more rows than the list holds at once (its window is 1000)


@pytest.fixture
def many(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "many.db")
    store.import_incidents(
        [Incident(id=f"INC-{i:06d}", summary=f"s{i}", figures=[Figure("killed", best=i % 5)]) for i in range(1, N + 1)],
        "tester",  # the analyst of the session: their own rows are never "changed since selected"
        "test",
    )
    yield store
    store.close()


def _statuses(store: Store, ids: list[str]) -> set[str]:
    return {i.status for i in store.get_many(ids)}


def _ids(first: int, n: int) -> list[str]:
    return [f"INC-{i:06d}" for i in range(first, first + n)]


def _toasts(app: ReviewApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def _batches(store: Store) -> set[str]:
    return {e.batch for e in store.audit_entries() if e.action.startswith(("status:", "grade:"))}


async def test_space_selects_and_moves_down_then_c_confirms_all_and_one_u_undoes(many: Store) -> None:
    app = ReviewApp(Browse(many), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(IncidentList)
        await pilot.press("space", "space", "space")
        await settle(pilot)
        assert listing.cursor == 3
        lines = screen_lines(app)
        assert [line.startswith(SELECTED_MARK) for line in lines[1:5]] == [True, True, True, False]
        assert "3 selected" in app.query_one(StatusBar).text
        await pilot.press("c")
        await settle(pilot)
        assert _statuses(many, _ids(1, 3)) == {"confirmed"} and _statuses(many, _ids(4, 1)) == {"unreviewed"}
        assert len(_batches(many)) == 1  # one batch for the three
        assert "confirmed 3 of 3" in _toasts(app)
        assert not app.selection.active and "selected" not in app.query_one(StatusBar).text
        await pilot.press("u")
        await settle(pilot)
        assert _statuses(many, _ids(1, 3)) == {"unreviewed"}
        assert "undid: status confirmed on INC-000001, INC-000002, INC-000003 by tester" in _toasts(app)


async def test_v_draws_a_range_that_grows_with_the_cursor(many: Store) -> None:
    app = ReviewApp(Browse(many), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "V", "j", "j", "j")
        await settle(pilot)
        assert "4 selected" in app.query_one(StatusBar).text
        assert [line.startswith(SELECTED_MARK) for line in screen_lines(app)[1:7]] == [
            False,
            True,
            True,
            True,
            True,
            False,
        ]
        await pilot.press("x")  # acts on the range as drawn
        await settle(pilot)
        assert _statuses(many, _ids(2, 4)) == {"rejected"}
        assert _statuses(many, ["INC-000001", "INC-000006"]) == {"unreviewed"}


async def test_a_range_past_the_lists_window_is_read_in_a_worker(many: Store) -> None:
    app = ReviewApp(Browse(many), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("V", "G", "V")  # from the first row to the last: more than the list holds
        await settle(pilot)
        assert len(app.selection.picked) == N and "1,200 selected" in app.query_one(StatusBar).text
        await pilot.press("R")
        await pilot.press(*"weak", "enter")
        await settle(pilot)
    assert {i.grade for i in many.get_many(_ids(1, N))} == {"weak"} and len(_batches(many)) == 1


async def test_star_selects_every_row_of_the_filter_and_escape_clears(many: Store) -> None:
    for inc in many.get_many(_ids(1, 40)):
        review.set_status(many, inc, "needs_follow_up", "tester")
    app = ReviewApp(Browse(many), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.filter = IncidentFilter(statuses=("needs_follow_up",))
        app.reload()
        await settle(pilot)
        await pilot.press("asterisk")
        await settle(pilot)
        assert "40 selected" in app.query_one(StatusBar).text
        await pilot.press("space")  # the first row out again
        await settle(pilot)
        assert "39 selected" in app.query_one(StatusBar).text
        await pilot.press("escape")
        await settle(pilot)
        assert not app.selection.active and app.filter.statuses == ("needs_follow_up",)
        await pilot.press("asterisk")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
    assert _statuses(many, _ids(1, 40)) == {"confirmed"} and _statuses(many, _ids(41, 5)) == {"unreviewed"}


async def test_another_analysts_change_is_skipped_reported_and_stays_selected(many: Store) -> None:
    app = ReviewApp(Browse(many), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "space")
        await settle(pilot)
        bobs = many.get("INC-000002")
        assert bobs is not None
        review.set_status(many, bobs, "rejected", "bob")  # meanwhile, in bob's session
        await pilot.press("c")
        await settle(pilot)
        assert "skipped 1: INC-000002 changed by bob since it was selected" in _toasts(app)
        assert list(app.selection.picked) == ["INC-000002"]  # still selected, to look at
    assert many.get("INC-000002").status == "rejected"  # type: ignore[union-attr]  # bob's stands
    assert _statuses(many, ["INC-000001", "INC-000003"]) == {"confirmed"}


async def test_after_c_the_cursor_goes_to_the_next_unreviewed_row_and_dot_repeats(many: Store) -> None:
    third = many.get("INC-000002")
    assert third is not None
    review.set_status(many, third, "confirmed", "tester")
    app = ReviewApp(Browse(many), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(IncidentList)
        await pilot.press("c")
        await settle(pilot)
        assert listing.current is not None and listing.current.id == "INC-000003"  # INC-000002 was reviewed
        await pilot.press("full_stop")  # confirm again, here
        await settle(pilot)
        assert _statuses(many, ["INC-000001", "INC-000003"]) == {"confirmed"}
        assert listing.current is not None and listing.current.id == "INC-000004"
        await pilot.press("R", *"fair", "enter")
        await settle(pilot)
        await pilot.press("j", "full_stop")  # the grade again, one row down
        await settle(pilot)
    assert [i.grade for i in many.get_many(["INC-000004", "INC-000005"])] == ["fair", "fair"]


async def test_the_next_unreviewed_row_beyond_the_window_is_found(many: Store) -> None:
    rows = many.get_many(_ids(2, 1100))
    for inc in rows:
        review.set_status(many, inc, "rejected", "tester")
    app = ReviewApp(Browse(many), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        listing = app.query_one(IncidentList)
        assert listing.current is not None and listing.current.id == "INC-001102"


async def test_advancing_can_be_turned_off(many: Store, tmp_path: Path) -> None:
    from incident_review import config

    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "keys.yaml").write_text("advance_after_review: false\n")
    config.cache_clear()
    try:
        app = ReviewApp(Browse(many), "tester")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            assert app.query_one(IncidentList).cursor == 0
    finally:
        config.cache_clear()


async def test_e_exports_only_the_selection(many: Store, tmp_path: Path) -> None:
    out = tmp_path / "picked.yaml"
    app = ReviewApp(Browse(many), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "space", "j", "space")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+u", *str(out), "enter")
        await settle(pilot)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [i["id"] for i in data["incidents"]] == ["INC-000002", "INC-000004"]
    assert data["filter"] == {"selected": 2}


async def test_the_gutter_marks_selected_rows_without_colour(many: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReviewApp(Browse(many), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = screen_lines(app)
        await pilot.press("space")
        await settle(pilot)
        lines = screen_lines(app)
        assert lines[1].startswith(SELECTED_MARK) and lines[2].startswith(" ")
        # The row itself, after the gutter (its columns refit to one cell less).
        assert lines[1][1:].split() == before[1].split()
