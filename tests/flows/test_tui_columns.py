"""The list's columns as the analyst uses them (issue #12, item 8): which show at 60, 80
and 120 columns, the column cursor, sorting on it, hiding, showing and widening columns,
a footer of whole keys, the detail pane's share of a small terminal."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.detail import DetailPane
from incident_review.tui.footer import FittedFooter
from incident_review.tui.incident_list import IncidentList
from tests.tui_helpers import screen_lines, screen_text, settle

SIZES = [(60, 20), (80, 24), (120, 40)]


def _header(app: ReviewApp) -> str:
    return screen_lines(app)[0]


def _cursor_title(listing: IncidentList) -> str:
    """The header's text drawn in reverse: the column cursor, as a mono terminal shows it."""
    return "".join(s.text for s in listing.render_line(0) if s.style is not None and s.style.reverse).strip()


def _cursor_cells(listing: IncidentList) -> int:
    return sum(len(s.text) for s in listing.render_line(0) if s.style is not None and s.style.reverse)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_status_and_duplicate_flags_show_at_every_size(demo: Store, size: tuple[int, int]) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        titles = _header(app).split()
        assert {"id", "place", "status", "dup"} <= set(titles), titles
        listing = app.query_one(IncidentList)
        rows = [listing.row_at(i) for i in range(min(listing.total, listing.size.height - 1))]
        flagged = {r.id for r in rows if r is not None and r.dup_score is not None}
        assert flagged  # the demo has duplicate pairs in view
        shown = screen_text(app)
        for line in shown.splitlines()[2:]:
            cells = line.split("│")[0].split()
            if cells and cells[0].startswith("INC-"):
                assert ("dup" in cells) == (cells[0] in flagged), line
        # The footer: whole keys only, `?` among them, none drawn past the screen's edge.
        footer = app.query_one(FittedFooter)
        keys = list(footer.query(FooterKey))
        assert any(k.key == "question_mark" for k in keys)
        assert all(k.region.right <= size[0] for k in keys)
        assert sum(k.region.width for k in keys if "-command-palette" not in k.classes) <= size[0]
        last = shown.splitlines()[-1]
        assert "? Help" in last and "▏" in last
        visible = [k for k in keys if "-command-palette" not in k.classes]
        for k in visible:
            assert k.description in last, k.description  # not cut


async def test_sort_on_the_column_under_the_cursor(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(IncidentList)
        assert _cursor_title(listing) == "id"
        await pilot.press("l", "l", "right", "h", "left")
        await settle(pilot)
        assert _cursor_title(listing) == "date" and listing.cursor_column is not None
        assert listing.cursor_column.key == "date"
        await pilot.press("s")
        await settle(pilot)
        dates = [listing.row_at(i).date for i in range(listing.total)]  # type: ignore[union-attr]
        assert app.sort.column == "date" and not app.sort.descending
        assert [d for d in dates if d] == sorted(d for d in dates if d)
        assert "date▲" in _header(app).split() and _cursor_title(listing) == "date▲"
        await pilot.press("s")  # again: the other way
        await settle(pilot)
        assert app.sort.descending and "date▼" in _header(app).split()
        dates = [listing.row_at(i).date for i in range(listing.total)]
        assert [d for d in dates if d] == sorted((d for d in dates if d), reverse=True)
        await pilot.press("S")
        await settle(pilot)
        assert not app.sort.descending and "date▲" in _header(app).split()
        await pilot.press("l", "l", "l", "s")  # on to k/w: sorted by killed, the marker moves
        await settle(pilot)
        assert app.sort.column == "killed" and "k/w▲" in _header(app).split()
        assert "date" in _header(app).split()
        await pilot.press("l", "l", "s")  # dup: a flag, not a sort key
        await settle(pilot)
        assert app.sort.column == "killed"
        assert any("cannot be sorted on dup" in n.message for n in app._notifications)


async def test_column_cursor_shows_without_colour(demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l", "l")
        await settle(pilot)
        listing = app.query_one(IncidentList)
        assert _cursor_title(listing) == "place"
        # As painted: the compositor's line of the header, reversed on "place" only.
        update = app.screen._compositor.render_update(full=True)
        strips = update.strips[listing.region.y]  # type: ignore[union-attr]
        reversed_text = "".join(s.text for strip in strips for s in strip if s.style and s.style.reverse)
        assert reversed_text.strip() == "place"


async def test_hide_show_widen_and_narrow_columns(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(IncidentList)
        assert "type" in _header(app).split()
        await pilot.press("l", "l", "l")
        await settle(pilot)
        assert _cursor_title(listing) == "type"
        await pilot.press("minus")
        await settle(pilot)
        header = _header(app).split()
        assert "type" not in header and _cursor_title(listing) == "k/w"
        row = screen_lines(app)[1]
        assert "Shelling" not in row and "Clash" not in row
        await pilot.press("equals_sign")
        await settle(pilot)
        assert "type" in _header(app).split()
        assert any("shown again: type" in n.message for n in app._notifications)
        # Widen the type column: its cell (the cursor's, in reverse) gains 2 cells a key;
        # the columns that always show stay, others make room.
        await pilot.press("h")  # on type again
        await settle(pilot)
        width = _cursor_cells(listing)
        await pilot.press("greater_than_sign", "greater_than_sign")
        await settle(pilot)
        assert _cursor_cells(listing) == width + 4 and _cursor_title(listing) == "type"
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert _cursor_cells(listing) == width + 2
        assert {"id", "place", "type", "status", "dup"} <= set(_header(app).split())
        rows = screen_lines(app)[1:]
        assert any("Shelling" in row for row in rows)


async def test_the_detail_pane_gets_most_of_a_small_terminal(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing, pane = app.query_one(IncidentList), app.query_one(DetailPane)
        assert pane.size.height >= 12 and listing.size.height >= 8  # header and 7 rows
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is pane
        assert pane.size.height >= 16 and listing.size.height >= 5  # the list keeps 4 rows
        await pilot.press("tab")
        await settle(pilot)
        assert pane.size.height >= 12 and listing.size.height >= 8
