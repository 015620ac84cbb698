"""``y`` in the detail pane: pick which value of the incident to copy, by its letter (or
with the arrows and Enter)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from incident_review.tui.dialog import Dialog
from incident_review.tui.sanitize import printable

PREVIEW = 46  # cells of each value shown in the picker (a line of it in 80 columns)


@dataclass(frozen=True)
class Choice:
    key: str  # the letter that picks it
    label: str
    value: str  # copied as it is


class CopyPicker(Dialog[str | None]):
    """Returns the key of the choice picked, or None (Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
    ]
    DEFAULT_CSS = """
    CopyPicker > Vertical { width: 76; }
    CopyPicker OptionList, CopyPicker OptionList:focus { height: auto; border: none; padding: 0; }
    """

    def __init__(self, choices: list[Choice]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Copy to the clipboard (its letter, or Enter; Esc cancels)"))
            yield OptionList(*(Option(_prompt(c), id=c.key) for c in self.choices))

    def on_key(self, event: events.Key) -> None:
        if event.character and any(c.key == event.character for c in self.choices):
            event.stop()
            self.dismiss(event.character)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


def _prompt(choice: Choice) -> Text:
    value = printable(" ".join(choice.value.split()))  # one line: newlines and runs of spaces as one
    if cell_len(value) > PREVIEW:
        value = set_cell_size(value, PREVIEW - 1) + "…"
    out = Text()
    out.append(f"{choice.key}  ", style="bold")
    out.append(printable(f"{choice.label:<15}"))
    out.append(value, style="dim")
    return out
