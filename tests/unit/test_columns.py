"""The list's columns at every width, and the analyst's arrangement of them (tui/columns.py),
and the footer's fitting (tui/footer.py): pure functions of a width."""

from __future__ import annotations

import itertools

import pytest
from textual.binding import Binding

from incident_review.tui.columns import COLUMNS, ELASTIC, WIDTH_STEP, ColumnLayout
from incident_review.tui.footer import Entry, fitted

ALWAYS = {"id", "location", "status", "dup_score"}  # priority 0 in the field table


def _keys(layout: ColumnLayout, width: int) -> list[str]:
    return [p.column.key for p in layout.fit(width)]


@pytest.mark.parametrize("width", range(44, 201))
def test_the_flags_always_show_and_the_columns_fit(width: int) -> None:
    placed = ColumnLayout().fit(width)
    keys = [p.column.key for p in placed]
    assert set(keys) >= ALWAYS, width
    assert keys == [c.key for c in COLUMNS if c.key in keys]  # in their order
    assert placed[-1].x + placed[-1].width <= width  # nothing drawn past the edge
    assert all(b.x == a.x + a.width + 1 for a, b in itertools.pairwise(placed))


def test_columns_drop_by_priority_as_the_width_shrinks() -> None:
    layout = ColumnLayout()
    shown_before = set(_keys(layout, 200))
    assert shown_before == {c.key for c in COLUMNS}
    for width in range(199, 43, -1):
        shown = set(_keys(layout, width))
        assert shown <= shown_before, width  # a narrower terminal never brings a column back
        priority = {c.key: c.priority for c in COLUMNS}
        if shown_before - shown:
            # what went is never more important than anything that stays
            assert min(priority[k] for k in shown_before - shown) >= max(priority[k] for k in shown), width
        shown_before = shown
    # The widths the issue names: the duplicate flag stays at 120 columns (the list's
    # 72 cells beside the detail pane) and at 80.
    assert "dup_score" in _keys(layout, 72) and "dup_score" in _keys(layout, 80)


def test_the_place_column_takes_the_spare_cells() -> None:
    layout = ColumnLayout()
    for width in (60, 72, 80):
        placed = layout.fit(width)
        place = next(p for p in placed if p.column.key == ELASTIC)
        spare = width - (placed[-1].x + placed[-1].width)
        assert place.width >= place.column.width and (spare == 0 or place.width == place.column.width * 3 // 2)


def test_cursor_moves_over_drawn_columns_and_stops_at_the_edges() -> None:
    layout = ColumnLayout()
    drawn = _keys(layout, 80)
    seen = [layout.cursor(80).column.key]  # type: ignore[union-attr]
    while layout.move(1, 80):
        seen.append(layout.cursor(80).column.key)  # type: ignore[union-attr]
    assert seen == drawn
    assert not layout.move(1, 80) and layout.cursor(80).column.key == drawn[-1]  # type: ignore[union-attr]
    # On a wide terminal, the cursor on admin1; narrowed, the cursor's column stays drawn.
    layout = ColumnLayout()
    while layout.cursor(200).column.key != "admin1":  # type: ignore[union-attr]
        assert layout.move(1, 200)
    assert "admin1" in _keys(layout, 60) and "admin1" not in _keys(ColumnLayout(), 60)
    assert layout.cursor(60).column.key == "admin1"  # type: ignore[union-attr]


def test_hide_show_and_resize() -> None:
    layout = ColumnLayout()
    while layout.cursor(80).column.key != "sub_event_type":  # type: ignore[union-attr]
        assert layout.move(1, 80)
    hidden = layout.hide(80)
    assert hidden is not None and hidden.key == "sub_event_type"
    assert "sub_event_type" not in _keys(layout, 200)
    assert layout.cursor(80).column.key == "killed"  # type: ignore[union-attr]  # the next one
    assert [c.key for c in layout.show_all()] == ["sub_event_type"]
    assert "sub_event_type" in _keys(layout, 80) and layout.show_all() == []
    layout.move(-1, 80)  # back on the type column
    assert layout.cursor(80).column.key == "sub_event_type"  # type: ignore[union-attr]
    before = next(p.width for p in layout.fit(200) if p.column.key == "sub_event_type")
    for _ in range(3):
        assert layout.resize(WIDTH_STEP, 80) is not None
    after = next(p.width for p in layout.fit(200) if p.column.key == "sub_event_type")
    assert after == before + 3 * WIDTH_STEP
    # Widened, it stays drawn at 80 whether or not the cursor is on it (others make room).
    layout.move(1, 80)
    assert "sub_event_type" in _keys(layout, 80)
    placed = layout.fit(80)
    assert placed[-1].x + placed[-1].width <= 80


def test_the_last_column_is_never_hidden() -> None:
    layout = ColumnLayout()
    for _ in range(len(COLUMNS) * 2):
        layout.hide(80)
    assert len(layout.fit(80)) == 1


def test_sort_marker_on_the_sorted_column_only() -> None:
    layout = ColumnLayout()
    date = next(c for c in COLUMNS if c.key == "date")
    killed = next(c for c in COLUMNS if c.key == "killed")
    assert layout.title(date) == "date"
    layout.sort("date", False)
    assert layout.title(date) == "date▲" and layout.title(killed) == killed.title
    layout.sort("date", True)
    assert layout.title(date) == "date▼"
    layout.sort("seq", False)  # insertion order: no column marked
    assert layout.title(date) == "date"


def _entry(key: str, description: str, action: str) -> Entry:
    return Entry(Binding(key, action, description), key, True, "")


def test_the_footer_shows_whole_keys_and_always_help() -> None:
    entries = [
        _entry("c", "Confirm", "confirm"),
        _entry("x", "Reject", "reject"),
        _entry("d", "Duplicates", "duplicates"),
        _entry("/", "Search", "search"),
        _entry("?", "Help", "help"),
        _entry("q", "Quit", "quit"),
    ]
    everything = sum(e.cells(False) for e in entries)
    assert fitted(entries, everything) == (entries, False)
    assert fitted(entries, everything - 1) == (entries, True)  # compact first
    for width in range(10, everything):
        shown, _compact = fitted(entries, width)
        assert sum(e.cells(True) for e in shown) <= width or shown == [entries[4]], width
        assert entries[4] in shown, width
        # in order: what is left out is the last ones (help apart)
        rest = [e for e in entries if e is not entries[4]]
        kept = [e for e in shown if e is not entries[4]]
        assert kept == rest[: len(kept)], width
    shown, _ = fitted(entries, 30, reserved=12)
    assert sum(e.cells(True) for e in shown) <= 18
