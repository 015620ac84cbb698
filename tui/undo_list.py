"""The undo list (``z``): the batches of this session, newest first, each with what it did
and where, marking the one ``u`` undoes next and the one ``ctrl+r`` would redo (as
lazygit's reflog does); Enter goes to the incident of the highlighted one."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from incident_review.services.undo import UndoEntry
from incident_review.tui.dialog import Dialog
from incident_review.tui.sanitize import printable

NEXT_UNDO = "▶"
UNDONE = "↻"


class _Entries(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]


class UndoList(Dialog[str | None]):
    """Dismissed with the incident to go to, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,z", "close", "Close")]
    DEFAULT_CSS = """
    UndoList > Vertical { width: 100; }
    UndoList OptionList, UndoList OptionList:focus { height: auto; max-height: 20; border: none; padding: 0; }
    """

    def __init__(self, entries: list[UndoEntry], key_of: Callable[[str], str]) -> None:
        super().__init__()
        self.entries = entries
        self.undo_key, self.redo_key = key_of("review.undo"), key_of("review.redo")

    def _line(self, entry: UndoEntry) -> Text:
        width = max(len(self.undo_key), len(self.redo_key))
        if entry.next_key == "undo":
            mark = f"{self.undo_key:>{width}} {NEXT_UNDO}"
        elif entry.next_key == "redo":
            mark = f"{self.redo_key:>{width}} {UNDONE}"
        else:
            mark = " " * width + (f" {UNDONE}" if entry.undone else "  ")
        done = entry.step.done
        at = done.at[11:19] if done else " " * 8  # the time of day (UTC) of its first change
        line = Text(printable(f"{mark} {at}  {entry.text()}"))
        if entry.undone:
            line.stylize("dim")  # and marked: the colour is not all that says so
        return line

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                Text(
                    printable(
                        f"Undo list, newest first ({UNDONE} undone): {self.undo_key} undoes {NEXT_UNDO}, "
                        f"{self.redo_key} redoes; Enter: go there"
                    )
                )
            )
            options = [Option(self._line(e), id=str(i)) for i, e in enumerate(self.entries)]
            if not options:
                options = [Option(Text("nothing done in this session yet"), disabled=True)]
            yield _Entries(*options, id="undo-entries")

    def on_mount(self) -> None:
        entries = self.query_one(_Entries)
        # Highlight the step u undoes next (below the undone ones), else the first.
        nxt = next((i for i, e in enumerate(self.entries) if e.next_key == "undo"), 0)
        entries.highlighted = nxt if self.entries else None
        entries.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        index = int(event.option.id) if event.option.id is not None else -1
        if 0 <= index < len(self.entries):
            self.dismiss(self.entries[index].step.target)

    def action_close(self) -> None:
        self.dismiss(None)
