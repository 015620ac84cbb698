"""A virtual incident list: draws only the rows in view, from a small window of rows
fetched by keyset pages in a worker. Memory and redraw cost do not grow with the store.

The page reader (``fetch``) is set by the app for the rows it shows (their filter and
sort bound on the event loop); the list's workers call it and post the page back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import on, work
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from incident_review.core.query import ListRow, key_before
from incident_review.services.selection import Selection
from incident_review.tui.columns import PRESENCE_TITLE, WIDTH_STEP, Column, ColumnLayout, Placed
from incident_review.tui.messages import PageLoaded
from incident_review.tui.sanitize import printable

PAGE = 200
SELECTED_MARK = "▌"  # the gutter of a selected row
MAX_BUFFER = 1000

# fetch(after_key, limit, backwards) -> rows in display order; called in a worker thread
Fetch = Callable[[tuple[Any, int] | None, int, bool], list[ListRow]]
Moved = Callable[[ListRow | None, int, int], None]  # the row under the cursor, its index, the total


class IncidentList(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", id="list.down", show=False),
        Binding("k,up", "cursor_up", "Up", id="list.up", show=False),
        Binding("g,home", "first", "First", id="list.first", show=False),
        Binding("G,end", "last", "Last", id="list.last", show=False),
        Binding("ctrl+d", "half_page(1)", "Half page down", id="list.half_down", show=False),
        Binding("ctrl+u", "half_page(-1)", "Half page up", id="list.half_up", show=False),
        Binding("pagedown,ctrl+f", "page(1)", "Page down", id="list.page_down", show=False),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", id="list.page_up", show=False),
        Binding("h,left", "column(-1)", "Column left", id="list.column_left", show=False),
        Binding("l,right", "column(1)", "Column right", id="list.column_right", show=False),
        Binding("minus", "hide_column", "Hide column", id="list.hide_column", show=False),
        Binding("equals_sign", "show_columns", "Show hidden columns", id="list.show_columns", show=False),
        Binding("greater_than_sign", "resize_column(1)", "Widen column", id="list.widen_column", show=False),
        Binding("less_than_sign", "resize_column(-1)", "Narrow column", id="list.narrow_column", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "incident-list--header",
        "incident-list--column-cursor",
        "incident-list--cursor",
        "incident-list--confirmed",
        "incident-list--rejected",
        "incident-list--loading",
    }
    DEFAULT_CSS = """
    IncidentList { height: 1fr; }
    IncidentList > .incident-list--header { text-style: bold; background: $panel; }
    /* reverse: the column cursor shows without colour too (NO_COLOR) */
    IncidentList > .incident-list--column-cursor { text-style: bold reverse; }
    IncidentList > .incident-list--cursor { background: $accent 40%; text-style: bold; }
    IncidentList:focus > .incident-list--cursor { background: $accent; color: $text; }
    IncidentList > .incident-list--confirmed { color: $success; }
    IncidentList > .incident-list--rejected { color: $text-muted; text-style: strike; }
    IncidentList > .incident-list--loading { color: $text-muted; }
    """

    class Opened(Message):
        def __init__(self, row: ListRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, fetch: Fetch, moved: Moved, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fetch = fetch
        # Called at once, not by a message: what the move changes elsewhere (the status
        # bar, the detail pane) is then drawn in the frame that moves the cursor. A
        # message reached the app after the screen had drawn the list, and the rest came
        # a frame later (through a real terminal, 20-30 ms after the list).
        self.moved = moved
        self.total = 0
        # A plain attribute, not a reactive: a reactive repaints the whole list on every
        # move, where a move within the view changes two lines (see _move_to).
        self.cursor = 0
        self.rows: list[ListRow] = []
        self.start = 0  # absolute index of rows[0]
        self.top = 0  # absolute index of the first row in view
        self._generation = 0
        self._loading = False
        self.descending = False  # the sort direction, set by whoever sets the fetch (set_sort)
        self.holders: dict[str, str] = {}  # incident id -> other analysts who have it open
        self.columns = ColumnLayout()
        self.selection: Selection | None = None  # the app's; its rows get the gutter mark

    # ------------------------------------------------------------ data

    def reset(
        self, total: int, keep_id: str | None = None, first_page: list[ListRow] | None = None, at: int = 0
    ) -> None:
        """New filter, sort or data: start again from the top (or stay on ``keep_id``).

        With ``first_page`` (already fetched; its first row has index ``at``) it shows at
        once; ``total`` may then be provisional until ``set_total`` gives the count."""
        self.total = total
        self._generation += 1
        self.rows, self.start, self.top = [], at, 0
        self.cursor = at
        if first_page is None:
            self._load(None, False, 0, keep_id)
        else:
            self._apply(self._generation, first_page, False, at, keep_id, True)

    def set_total(self, total: int) -> None:
        """The real count arrived (counting a million rows takes a while; paging does not)."""
        self.total = total
        self.cursor = min(self.cursor, max(total - 1, 0))
        self.refresh()
        self._announce()

    def refresh_rows(self) -> None:
        """Reload the rows in the buffer (another analyst changed something), keeping the cursor."""
        if not self.rows:
            return
        first = self.rows[0]
        after = None if self.start == 0 else self._key_before(first)
        self._generation += 1
        self._load(after, False, self.start, None, replace=True)

    def set_sort(self, column: str, descending: bool) -> None:
        """The order the fetch reads rows in (keyset paging needs its direction), marked
        on the sorted column's title."""
        self.descending = descending
        self.columns.sort(column, descending)
        self.refresh(Region(0, 0, self.size.width, 1))

    def _key_before(self, row: ListRow) -> tuple[Any, int]:
        return key_before(row.sort_value, row.seq, self.descending)

    def _load(
        self, after: tuple[Any, int] | None, backwards: bool, at: int, keep_id: str | None, replace: bool = False
    ) -> None:
        self._loading = True
        self._read_page(self.fetch, self._generation, after, backwards, at, keep_id, replace)

    @work(thread=True, group="list-page", exit_on_error=False)
    def _read_page(
        self,
        fetch: Fetch,
        generation: int,
        after: tuple[Any, int] | None,
        backwards: bool,
        at: int,
        keep_id: str | None,
        replace: bool,
    ) -> None:
        rows = fetch(after, PAGE, backwards)
        self.post_message(PageLoaded(generation, rows, backwards, at, keep_id, replace))

    @work(thread=True, group="list-page", exit_on_error=False)
    def _read_last_page(self, fetch: Fetch, generation: int, total: int) -> None:
        rows = fetch(None, PAGE, True)
        self.post_message(PageLoaded(generation, rows, True, total - len(rows), None, True))

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        self._apply(message.generation, message.rows, message.backwards, message.at, message.keep_id, message.replace)

    def _apply(
        self, generation: int, rows: list[ListRow], backwards: bool, at: int, keep_id: str | None, replace: bool
    ) -> None:
        if generation != self._generation:
            return  # a newer reset or jump made this page stale
        self._loading = False
        if replace or not self.rows:
            self.rows, self.start = rows, at
        elif backwards:
            self.rows = rows + self.rows
            self.start -= len(rows)
        else:
            self.rows.extend(rows)
        self._trim()
        if keep_id:
            for i, r in enumerate(self.rows):
                if r.id == keep_id:
                    self.cursor = self.start + i
                    break
        self.cursor = min(self.cursor, max(self.total - 1, 0))
        self._scroll_to_cursor()
        self.refresh()
        self._announce()

    def _trim(self) -> None:
        if len(self.rows) <= MAX_BUFFER:
            return
        local = self.cursor - self.start
        lo = max(0, min(local - MAX_BUFFER // 2, len(self.rows) - MAX_BUFFER))
        self.rows = self.rows[lo : lo + MAX_BUFFER]
        self.start += lo

    def _ensure_loaded(self) -> None:
        """Fetch the page that holds the rows in view, if we do not hold them."""
        if self.total == 0 or self._loading:
            return
        need_lo, need_hi = self.top, min(self.top + self.size.height + 1, self.total)
        end = self.start + len(self.rows)
        if not self.rows:
            return
        if need_hi > end and end < self.total:
            if need_lo - end > PAGE:
                self._jump(need_lo)
            else:
                self._load(self.rows[-1].key, False, end, None)
        elif need_lo < self.start:
            if self.start - need_hi > PAGE:
                self._jump(need_lo)
            else:
                self._load(self.rows[0].key, True, self.start, None)

    def _jump(self, index: int) -> None:
        self._generation += 1
        self.rows = []
        if index >= self.total // 2:
            # From the end: the last page, read backwards.
            self._loading = True
            self._read_last_page(self.fetch, self._generation, self.total)
        else:
            self._load(None, False, 0, None, replace=True)

    def row_at(self, index: int) -> ListRow | None:
        local = index - self.start
        return self.rows[local] if 0 <= local < len(self.rows) else None

    def visible_ids(self) -> list[str]:
        rows = (self.row_at(i) for i in range(self.top, self.top + self.size.height))
        return [r.id for r in rows if r is not None]

    @property
    def current(self) -> ListRow | None:
        return self.row_at(self.cursor)

    def window(self) -> tuple[int, list[str]]:
        """The index of the first row held and the ids of the rows held."""
        return self.start, [r.id for r in self.rows]

    def move_to(self, index: int) -> None:
        """Put the cursor on row ``index`` (scrolled into view, its page fetched)."""
        self._move_to(index)

    # ------------------------------------------------------------ movement

    def _move_to(self, index: int) -> None:
        if self.total == 0:
            return
        was, top = self.cursor, self.top
        self.cursor = max(0, min(index, self.total - 1))
        self._scroll_to_cursor()
        if self.row_at(self.cursor) is None and abs(self.cursor - self.start) > PAGE + len(self.rows):
            self._jump(self.cursor)
        else:
            self._ensure_loaded()
        visual = self.selection is not None and self.selection.visual is not None  # rows between change too
        if not visual and self.top == top and self.row_at(was) is not None and self.row_at(self.cursor) is not None:
            # Same rows in view: only the line the cursor left and the one it reached.
            width = self.size.width
            self.refresh(*(Region(0, i - top + 1, width, 1) for i in {was, self.cursor}))
        else:
            self.refresh()
        self._announce()

    def _scroll_to_cursor(self) -> None:
        body = max(self.size.height - 1, 1)
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + body:
            self.top = self.cursor - body + 1

    def _announce(self) -> None:
        self.moved(self.current, self.cursor, self.total)

    def action_cursor_down(self) -> None:
        self._move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_to(self.cursor - 1)

    def action_first(self) -> None:
        if self.start != 0:
            self._generation += 1
            self.rows = []
            self._load(None, False, 0, None, replace=True)
        self._move_to(0)

    def action_last(self) -> None:
        self.cursor = max(self.total - 1, 0)
        self._scroll_to_cursor()
        if self.row_at(self.cursor) is None:
            self._jump(self.cursor)
        self.refresh()
        self._announce()

    def action_half_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max((self.size.height - 1) // 2, 1))

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(self.size.height - 1, 1))

    def key_enter(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Opened(row))

    # ------------------------------------------------------------ columns

    @property
    def cursor_column(self) -> Column | None:
        """The column under the column cursor (``s`` sorts on it)."""
        placed = self.columns.cursor(self.size.width)
        return placed.column if placed else None

    def action_column(self, step: int) -> None:
        if self.columns.move(step, self.size.width):
            self.refresh(Region(0, 0, self.size.width, 1))  # the header alone

    def action_hide_column(self) -> None:
        hidden = self.columns.hide(self.size.width)
        if hidden is None:
            self.app.notify("the last column stays", timeout=2)
            return
        self.refresh()
        self.app.notify(f"column {hidden.title} hidden (= shows it again)", timeout=2)

    def action_show_columns(self) -> None:
        shown = self.columns.show_all()
        self.refresh()
        titles = ", ".join(c.title for c in shown)
        self.app.notify(f"shown again: {titles}" if shown else "no hidden columns", timeout=2)

    def action_resize_column(self, direction: int) -> None:
        if self.columns.resize(direction * WIDTH_STEP, self.size.width) is not None:
            self.refresh()

    def on_resize(self) -> None:
        self._scroll_to_cursor()
        self._ensure_loaded()

    # ------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        """A line of the list; while rows are selected, after a one-cell gutter that marks
        them (a glyph, not a colour: it reads the same under NO_COLOR)."""
        selection = self.selection
        if selection is None or not selection.active:
            return self._line(y, self.size.width)
        index = self.top + y - 1
        row = self.row_at(index) if y > 0 else None
        marked = row is not None and selection.covers(row.id, index, self.cursor)
        gutter = Segment(SELECTED_MARK if marked else " ", self.rich_style)
        return Strip([gutter, *self._line(y, self.size.width - 1)], self.size.width)

    def _line(self, y: int, width: int) -> Strip:
        placed = self.columns.fit(width)
        if y == 0:
            return self._header(placed, width)
        index = self.top + y - 1
        if index >= self.total:
            return Strip.blank(width, self.rich_style)  # a None style breaks NO_COLOR
        row = self.row_at(index)
        if row is None:
            style = self.get_component_rich_style("incident-list--loading")
            return Strip([Segment("…".ljust(width), style)], width)
        base = self.rich_style
        if row.status == "confirmed":
            base = base + self.get_component_rich_style("incident-list--confirmed")
        elif row.status == "rejected":
            base = base + self.get_component_rich_style("incident-list--rejected")
        if index == self.cursor:
            base = base + self.get_component_rich_style("incident-list--cursor")
        line = set_cell_size(" ".join(_cell(self._value(row, p.column), p) for p in placed), width)
        return Strip([Segment(line, base)], width)

    def _value(self, row: ListRow, column: Column) -> str:
        return self.holders.get(row.id, "") if column.title == PRESENCE_TITLE else column.value(row)

    def _header(self, placed: tuple[Placed, ...], width: int) -> Strip:
        """The column titles (the sorted one marked), the column cursor's in reverse."""
        style = self.get_component_rich_style("incident-list--header")
        cursor = self.columns.cursor(width)
        left = " ".join(_cell(self.columns.title(p.column), p) for p in placed if cursor is None or p.x < cursor.x)
        if cursor is None:
            return Strip([Segment(set_cell_size(left, width), style)], width)
        right = " ".join(_cell(self.columns.title(p.column), p) for p in placed if p.x > cursor.x)
        highlight = style + self.get_component_rich_style("incident-list--column-cursor")
        segments = [
            Segment(set_cell_size(left, cursor.x), style),
            Segment(_cell(self.columns.title(cursor.column), cursor), highlight),
            Segment(set_cell_size(" " + right, max(width - cursor.x - cursor.width, 0)), style),
        ]
        return Strip(segments, width).crop(0, width)


def _cell(value: str, placed: Placed) -> str:
    """``value`` in the column's cells: made printable, cut with … when too long."""
    text = printable(value)
    if cell_len(text) > placed.width:
        text = set_cell_size(text, placed.width - 1) + "…"
    pad = " " * (placed.width - cell_len(text))
    return pad + text if placed.column.align_right else text + pad
