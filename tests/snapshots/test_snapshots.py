"""What each screen looks like, at 80x24 and 120x40 (pytest-textual-snapshot).

Update after an intended change with ``pytest tests/snapshots/test_snapshots.py --snapshot-update``
and review the SVGs in tests/__snapshots__.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from incident_review.core.model import Incident
from incident_review.services.browse import Browse
from incident_review.services.ingest import ingest_paths
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from tests.conftest import SEED
from tests.tui_helpers import settle

SIZES = [(80, 24), (120, 40)]


def _app(tmp_path: Path) -> ReviewApp:
    store = Store(tmp_path / "snap.db")
    ingest_paths(store, [SEED], "tester")
    return ReviewApp(Browse(store), "tester")


async def _settled(pilot: Pilot[None]) -> None:
    await settle(pilot)


def _keys_then_settle(*keys: str) -> Callable[[Pilot[None]], Any]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_list_and_detail(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=_keys_then_settle("j", "j"))


def test_list_and_detail_at_60x20(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(60, 20), run_before=_keys_then_settle("j", "j"))


def test_columns_sorted_cursor_and_hidden(snap_compare: Any, tmp_path: Path) -> None:
    # Sorted on date (▲), the cursor moved on to the type column and that column hidden:
    # the cursor is on k/w, and the room goes to a column that did not fit.
    keys = ("l", "s", "l", "l", "minus")
    assert snap_compare(_demo_app(tmp_path), terminal_size=(80, 24), run_before=_keys_then_settle(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_detail_pane_focused_and_scrolled(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    keys = ("j", "tab", "ctrl+d")
    assert snap_compare(_demo_app(tmp_path), terminal_size=size, run_before=_keys_then_settle(*keys))


def test_copy_picker(snap_compare: Any, tmp_path: Path) -> None:
    keys = ("j", "j", "j", "j", "j", "j", "tab", "y")  # the wire report's incident: it has a URL
    assert snap_compare(_demo_app(tmp_path), terminal_size=(80, 24), run_before=_keys_then_settle(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=_keys_then_settle("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_prompt(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=_keys_then_settle("slash", *"clinic"))


def test_markup_and_escapes_are_literal(snap_compare: Any, tmp_path: Path) -> None:
    store = Store(tmp_path / "evil.db")
    evil = "[bold red]not bold[/] \x1b[31mnot red\x1b[0m \x1b]0;title\x07 [link=http://x]no link[/link]"
    store.import_incidents([Incident(id="INC-000001", location="[i]x[/i]", summary=evil)], "t", "t")
    assert snap_compare(ReviewApp(Browse(store), "tester"), terminal_size=(80, 24), run_before=_settled)


def _demo_app(tmp_path: Path) -> ReviewApp:
    store = Store(tmp_path / "demo.db")
    ingest_paths(store, sorted((SEED.parent).glob("*.txt")), "tester")
    return ReviewApp(Browse(store), "tester")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_duplicate_review_with_preview(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    # The summary row (the ninth) taken from the right-hand incident: the ► moves there
    # and the preview column (what "m" stores) shows its summary; the left one survives (◆).
    keys = ("d", *["j"] * 8, "l")
    assert snap_compare(_demo_app(tmp_path), terminal_size=size, run_before=_keys_then_settle(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_attribution_pane(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    keys = ("j",) * 6 + ("a",)
    assert snap_compare(_demo_app(tmp_path), terminal_size=size, run_before=_keys_then_settle(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_casualties_pane(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_demo_app(tmp_path), terminal_size=size, run_before=_keys_then_settle("j", "j", "K"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_command_palette(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """ctrl+p: the review screen's actions, each with its key (the list opened with down)."""
    assert snap_compare(_demo_app(tmp_path), terminal_size=size, run_before=_keys_then_settle("ctrl+p", "down"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_undo_list(snap_compare: Any, tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """z after a confirmation, a rejection of two selected rows and its undo: newest first,
    the undone one marked for ctrl+r, the confirmation for u (times fixed for the picture)."""
    for module in ("incident_review.storage.incidents_store", "incident_review.services.review"):
        monkeypatch.setattr(f"{module}.utc_now", lambda: "2024-05-01T09:30:00Z")

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in ("c", "space", "space", "x", "u"):
            await pilot.press(key)
            await settle(pilot)
        pilot.app.clear_notifications()  # toasts expire on their own clock: not in the picture
        await pilot.press("z")
        await settle(pilot)

    assert snap_compare(_demo_app(tmp_path), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_frequency_view(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    # Shift+F on the demo, then one column on: admin1, four values with their bars.
    assert snap_compare(_demo_app(tmp_path), terminal_size=size, run_before=_keys_then_settle("F", "l", "j"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_filter_bar_with_an_error(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    keys = ("f", *"status:bogus killed>0", "enter")
    assert snap_compare(_demo_app(tmp_path), terminal_size=size, run_before=_keys_then_settle(*keys))
