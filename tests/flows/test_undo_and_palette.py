"""Undo says what and where (issue #12, item 4), the undo list (``z``), and the command
palette holding every action with its key (item 6), driven with the Pilot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from incident_review.core.model import Incident
from incident_review.core.query import IncidentFilter
from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.undo_list import NEXT_UNDO, UNDONE, UndoList
from tests.tui_helpers import settle


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "undo.db")
    s.import_incidents([Incident(id=f"INC-{i:06d}", summary=f"s{i}") for i in range(1, 31)], "tester", "test")
    yield s
    s.close()


def _toasts(app: ReviewApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _note(pilot, app: ReviewApp, text: str) -> None:  # type: ignore[no-untyped-def]
    await app.run_action("note")  # (by its action: its key is being moved)
    await settle(pilot)
    await pilot.press(*text, "enter")
    await settle(pilot)


async def test_undo_says_what_it_undid_where_and_goes_there(store: Store) -> None:
    app = ReviewApp(Browse(store), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(IncidentList)
        await pilot.press("j", "j")
        await settle(pilot)
        await _note(pilot, app, "check toll")
        await pilot.press("ctrl+d", "j")  # away from it, off the first screen's rows
        await settle(pilot)
        assert listing.current is not None and listing.current.id != "INC-000003"
        await pilot.press("u")
        await settle(pilot)
        assert "undid: note on INC-000003 by tester" in _toasts(app)
        assert listing.current is not None and listing.current.id == "INC-000003"
        assert store.get("INC-000003").notes == []  # type: ignore[union-attr]
        await pilot.press("G", "ctrl+r")
        await settle(pilot)
        assert "redid: note on INC-000003 by tester" in _toasts(app)
        assert listing.current is not None and listing.current.id == "INC-000003"


async def test_undo_of_an_incident_the_filter_hides_says_so(store: Store) -> None:
    app = ReviewApp(Browse(store), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")  # INC-000001 rejected
        await settle(pilot)
        app.filter = IncidentFilter(statuses=("rejected",))  # which the undo takes it out of
        app.reload()
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert store.get("INC-000001").status == "unreviewed"  # type: ignore[union-attr]
        assert any("undid: status rejected on INC-000001 by tester" in t for t in _toasts(app)), _toasts(app)
        assert any("INC-000001 is not under the current filter" in t for t in _toasts(app)), _toasts(app)


async def test_an_undo_refused_names_why_and_stays_the_next_one(store: Store) -> None:
    app = ReviewApp(Browse(store), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        mine = store.get("INC-000001")
        assert mine is not None and mine.status == "confirmed"
        review.set_grade(store, mine, "weak", "bob")  # bob's later change
        await pilot.press("u")
        await settle(pilot)
        assert any(t.startswith("cannot undo status confirmed on INC-000001 by tester") for t in _toasts(app))
        assert "bob" in _toasts(app)[-1]
        assert store.get("INC-000001").status == "confirmed"  # type: ignore[union-attr]
        assert [s.batch for s in app.history.undo] and app.history.redo == []


async def test_the_undo_list_shows_what_u_and_ctrl_r_do_next_and_enter_goes_there(store: Store) -> None:
    app = ReviewApp(Browse(store), "tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")  # INC-000001, the cursor on to INC-000002
        await settle(pilot)
        await _note(pilot, app, "first")  # on INC-000002
        await pilot.press("j", "space", "space", "x")  # INC-000003 and INC-000004 rejected as one
        await settle(pilot)
        await pilot.press("u")  # the rejection undone
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, UndoList)
        lines = [e.text() for e in screen.entries]
        assert lines == [
            "status rejected on INC-000003, INC-000004 by tester",
            "note on INC-000002 by tester",
            "status confirmed on INC-000001 by tester",
        ]
        assert [(e.undone, e.next_key) for e in screen.entries] == [(True, "redo"), (False, "undo"), (False, None)]
        shown = [str(screen._line(e)) for e in screen.entries]
        assert UNDONE in shown[0] and shown[0].startswith("^r")
        assert NEXT_UNDO in shown[1] and shown[1].lstrip().startswith("u")
        await pilot.press("j", "enter")  # the confirmation's line
        await settle(pilot)
        assert not isinstance(app.screen, UndoList)
        listing = app.query_one(IncidentList)
        assert listing.current is not None and listing.current.id == "INC-000001"


def _palette_lines(app: ReviewApp) -> list[str]:
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def test_the_palette_holds_every_action_with_its_key(store: Store) -> None:
    app = ReviewApp(Browse(store), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("down")  # the discovery list
        await settle(pilot)
        lines = {" ".join(line.split()) for line in _palette_lines(app)}
        for expected in (
            "Confirm c",
            "Reject x",
            "Follow-up !",
            "Note i",
            "Frequencies F",
            "Next match n",
            "Unreview U",
            "Undo u",
            "Redo ^r",
            "Undo list z",
            "Grade R",
            "Duplicates d",
            "Filter f",
            "Saved filters '",
            "Go to id :",
            "Export e",
            "Select all in filter *",
            "Repeat last action .",
            "Help ?",
            "Quit q",
            "Theme",  # Textual's own, after the app's
        ):
            assert expected in lines, (expected, sorted(lines))
        assert "Down j ↓" not in lines and not any(line.startswith("Clear selection") for line in lines)
        assert sum(line.startswith("Quit") for line in lines) == 1
        await pilot.press(*"undo list")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UndoList)


async def test_the_palette_shows_a_remapped_key_and_runs_the_action(store: Store, tmp_path: Path) -> None:
    from incident_review import config

    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "keys.yaml").write_text('keymap:\n  review.confirm: "y"\n')
    config.cache_clear()
    try:
        app = ReviewApp(Browse(store), "tester")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p", *"confirm")
            await settle(pilot)
            lines = [" ".join(line.split()) for line in _palette_lines(app)]
            assert "Confirm y" in lines
            await pilot.press("down", "enter")
            await settle(pilot)
        assert store.get("INC-000001").status == "confirmed"  # type: ignore[union-attr]
    finally:
        config.cache_clear()
