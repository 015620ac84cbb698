"""The one-line status bar: position, filter, sort, analyst.

It changes on every key that moves the cursor, so it draws its line itself (Textual's
line API) and repaints only that line when the text changed: a ``Static.update`` asks
for a layout of the whole screen each time, which cost more than the key's own redraw.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from incident_review.tui.sanitize import printable


class StatusBar(Widget):
    DEFAULT_CSS = "StatusBar { height: 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""

    @property
    def text(self) -> str:
        """The text shown (sanitized)."""
        return self._text

    def show(self, text: str) -> None:
        """Show ``text`` literally (report text is data, never markup or escapes)."""
        text = printable(text)
        if text != self._text:
            self._text = text
            self.refresh()  # its size never changes: no layout

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.rich_style
        text = set_cell_size(self._text, min(cell_len(self._text), width)) if y == 0 else ""
        # The rest of the line in the background alone, as a Static draws it.
        blank = Segment(" " * (width - cell_len(text)), Style(bgcolor=style.bgcolor))
        return Strip([Segment(text, style), blank] if text else [blank], width)
