"""The anchor of the pty benchmark: a bare Textual app moving a cursor over a list.

Run as a script (``python benchmarks/bare_list.py``) in the same pseudo-terminal as the
review app: what Textual itself costs per key on this machine, today. The status line
names the highlighted row, so the benchmark waits for the same kind of screen (a list
line and a text line changed) as it does in the review app.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static

ROWS = 1_000  # more rows make its start slower (an Option each), not its keys


class BareList(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "down", "Down"),
        Binding("q", "quit", "Quit"),
    ]
    CSS = "#at { height: 1; } OptionList { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Static("row 1", id="at")
        yield OptionList(*(f"row {i}" for i in range(1, ROWS + 1)))

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # layout=False: a fixed one-line widget, as the review app's status bar
        self.query_one("#at", Static).update(f"at row {event.option_index + 1}", layout=False)


if __name__ == "__main__":
    BareList().run()
