"""The footer when the focus moves: tui/footer.py rewrites its keys in place instead of
recomposing (issue #16), and the filter bar lies over it without changing it. What it shows
must be what a freshly composed footer shows, styles included, at every width."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.footer import FittedFooter
from tests.tui_helpers import screen_text, settle

SIZES = [(60, 20), (80, 24), (120, 40)]


def _last_line(app: ReviewApp) -> str:
    """The screen's last line (the footer) with its colours, as the compositor paints it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    console.begin_capture()
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.end_capture().rstrip("\n").splitlines()[-1]


def _keys(app: ReviewApp) -> list[FooterKey]:
    """The footer's key widgets, the palette's last."""
    keys = list(app.query_one(FittedFooter).query_children(FooterKey))
    return sorted(keys, key=lambda k: k.has_class("-command-palette"))


async def _composed_afresh(app: ReviewApp, pilot: Pilot[None]) -> str:
    footer = app.query_one(FittedFooter)
    footer.call_later(footer.recompose)  # in the footer's context, as Textual's footer does
    await settle(pilot)
    return _last_line(app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_footer_is_as_composed_afresh_when_the_focus_moves(demo: Store, size: tuple[int, int]) -> None:
    """Tab to the detail pane and back: other keys, rewritten in place, as composed afresh."""
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        before = _last_line(app)
        assert "Help" in before
        widgets = _keys(app)
        await pilot.press("tab")
        await settle(pilot)
        in_detail = _last_line(app)
        assert in_detail != before  # the detail pane's keys
        assert await _composed_afresh(app, pilot) == in_detail
        widgets = _keys(app)
        await pilot.press("tab")
        await settle(pilot)
        assert _last_line(app) == before
        now = _keys(app)
        kept = min(len(now), len(widgets)) - 1
        assert now[:kept] == widgets[:kept] and now[-1] is widgets[-1]  # rewritten in place, not rebuilt
        assert await _composed_afresh(app, pilot) == before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_filter_bar_lies_over_the_footer_and_leaves_it_as_it_was(demo: Store, size: tuple[int, int]) -> None:
    """The bar's hint takes the last line while it is open; after its Enter the footer
    shows the list's keys again, the same widgets (nothing refitted or mounted)."""
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        before = _last_line(app)
        widgets, shown = _keys(app), app.query_one(FittedFooter)._shown
        await pilot.press("f")
        await settle(pilot)
        assert "Help" not in _last_line(app)  # the bar's hint line lies over the footer
        assert app.query_one("#bar-hint").region.y == app.query_one(FittedFooter).region.y == size[1] - 1
        for key in (*"status:new", "enter"):
            await pilot.press(key)
        await settle(pilot)
        assert "filter: status:new" in screen_text(app).splitlines()[0]
        assert _last_line(app) == before
        assert _keys(app) == widgets and app.query_one(FittedFooter)._shown is shown
        assert await _composed_afresh(app, pilot) == before


async def test_an_unchanged_footer_is_left_alone(demo: Store) -> None:
    """Focus moving between widgets with the same keys changes nothing in the footer."""
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.query_one(FittedFooter)
        shown = footer._shown
        widgets = _keys(app)
        footer.bindings_changed(app.screen)
        await settle(pilot)
        assert footer._shown is shown and _keys(app) == widgets
