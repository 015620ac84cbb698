"""Modal screens: help, and a one-line prompt (search, jump to id, note)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from incident_review.tui.dialog import Dialog
from incident_review.tui.sanitize import printable


class HelpScreen(Dialog[None]):
    """Every binding active on the screen that opened it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]
    DEFAULT_CSS = "HelpScreen > VerticalScroll { width: 70; }"

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("Keys (Esc to close)\n\n", style="bold")
        for keys, description in self.rows:
            text.append(printable(f"{keys:>18}  "), style="bold")
            text.append(printable(description) + "\n")
        with VerticalScroll():
            yield Static(text)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class PromptScreen(Dialog[str | None]):
    """Ask for one line of text; Enter returns it, Esc returns None. With ``check`` (text ->
    why it is refused, or None), a refused text stays in the box with the reason under it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    PromptScreen > Vertical { width: 70; }
    PromptScreen .field-error { color: $error; display: none; }
    PromptScreen .field-error.shown { display: block; }
    """

    def __init__(
        self, title: str, value: str = "", placeholder: str = "", check: Callable[[str], str | None] | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.suggester: Suggester | None = None
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(printable(self.title_text)))
            yield Input(
                value=printable(self.value),
                placeholder=printable(self.placeholder),
                id="prompt-input",
                suggester=self.suggester,
            )
            yield Label("", id="prompt-error", classes="field-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        problem = self.check(event.value) if self.check is not None else None
        if problem is not None:
            error = self.query_one("#prompt-error", Label)
            error.update(Text(printable(problem)))
            error.add_class("shown")
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
