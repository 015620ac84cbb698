"""The bar where a filter (``f``) or a search (``/``) is typed, over the screen's last two
lines (the footer's and one of the list's).

Not a modal screen: it opens in the main screen and takes the focus at once, so the
keys typed right after ``f`` land in it (a modal's input takes the focus only once the
screen is composed: keys typed meanwhile went to the list). Enter asks the app to apply
the text (``Submitted``); an error stays in the bar under the text, which is kept;
Escape closes it (``Cancelled``). In filter mode it completes keys and values
(core/filter_complete.py): inline as Textual's suggester does, Tab to take the
completion, the candidates on the line under the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester, SuggestionReady
from textual.widgets import Input, Label, Static

from incident_review.core.filter_complete import Completion, complete
from incident_review.core.filter_text import FILTER_HELP
from incident_review.tui.footer import FittedFooter
from incident_review.tui.key_order import hold_keys
from incident_review.tui.sanitize import printable

Mode = Literal["filter", "search"]
PROMPTS: dict[Mode, str] = {"filter": "Filter: ", "search": "Search: "}
HINTS: dict[Mode, str] = {
    "filter": FILTER_HELP,
    "search": "Enter: the first row that shows it · n/N: next/previous match · Esc: back",
}


class FilterSuggester(Suggester):
    """The inline completion of the filter being typed, from the values the bar holds."""

    def __init__(self, bar: QueryBar) -> None:
        super().__init__(use_cache=False, case_sensitive=True)  # values arrive while typing
        self.bar = bar

    async def get_suggestion(self, value: str) -> str | None:
        return self.bar.completion(value).suggestion(value) if self.bar.mode == "filter" else None


class QueryBar(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="bar.cancel", show=False),
        Binding("tab", "complete", "Complete", id="bar.complete", show=False),
    ]
    DEFAULT_CSS = """
    /* On a layer of its own, docked over the screen's last lines (the footer's and one
       of the list's): opening and closing it resizes nothing, so the screen is not laid
       out again and only the lines it covered are drawn (app.tcss declares the layer). */
    QueryBar { layer: bar; dock: bottom; height: auto; display: none; background: $panel; }
    QueryBar > Horizontal { height: 1; }
    QueryBar #bar-prompt { width: auto; text-style: bold; padding: 0 0 0 1; }
    QueryBar #bar-input { border: none; height: 1; padding: 0; width: 1fr; background: $panel; }
    QueryBar #bar-hint { height: 1; color: $text-muted; padding: 0 1; }
    QueryBar #bar-hint.-error { color: $error; text-style: bold; }
    """

    class Submitted(Message):
        def __init__(self, mode: Mode, text: str) -> None:
            super().__init__()
            self.mode, self.text = mode, text

    class Cancelled(Message):
        def __init__(self, mode: Mode) -> None:
            super().__init__()
            self.mode = mode

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode: Mode = "filter"
        self.values: dict[str, Sequence[str]] = {}  # the store's, for completion (set by the app)

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(PROMPTS["filter"], id="bar-prompt")
            yield Input(id="bar-input", suggester=FilterSuggester(self), select_on_focus=False)
        yield Static("", id="bar-hint", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one("#bar-input", Input)

    @property
    def is_open(self) -> bool:
        return self.display

    def open(self, mode: Mode, text: str) -> None:
        """Show the bar with ``text`` and focus its input now (not after a refresh, as
        ``focus()`` does): the next key typed is the bar's."""
        self.mode = mode
        self.query_one("#bar-prompt", Label).update(PROMPTS[mode])
        # Shown and hidden by its display, not by a class: a class change styles the bar's
        # widgets afresh from the stylesheet (~8 ms of the filter's Enter at 1M).
        self.display = True
        self._footers(shown=False)
        field = self.input
        field.value = printable(text)
        field.cursor_position = len(field.value)
        self.screen.set_focus(field)
        self._hint()

    def close(self) -> None:
        self.display = False
        self._footers(shown=True)

    def _footers(self, shown: bool) -> None:
        """The bar lies over the footer of keys while it is open (its hint line names the
        bar's keys), and the footer keeps the list's keys under it: the bar's Enter or
        Escape then changes nothing in it. Had the footer followed the focus into the bar
        and back, each filter's Enter would refit it: one more layout of the whole screen
        (1M: ~25 ms of the Enter's ~130, issue #16)."""
        for footer in self.screen.query(FittedFooter):
            footer.covered = not shown
            if shown:
                footer.refit_later()  # (a no-op when the keys are as they were)

    def completion(self, text: str) -> Completion:
        return complete(text, self.values)

    def show_error(self, message: str) -> None:
        hint = self.query_one("#bar-hint", Static)
        hint.update(Text(printable(message)))
        hint.add_class("-error")

    def set_values(self, values: dict[str, Sequence[str]]) -> None:
        """The store's values arrived (a worker read them): complete with them now (an
        error shown stays until the text changes)."""
        self.values = values
        if self.is_open and not self.query_one("#bar-hint", Static).has_class("-error"):
            self._hint()
            self._suggest()

    def _hint(self) -> None:
        """Under the text: the candidates for the term being typed, else the help."""
        hint = self.query_one("#bar-hint", Static)
        hint.remove_class("-error")
        found = self.completion(self.input.value).candidates if self.mode == "filter" else ()
        hint.update(Text(printable("  ".join(found) if found else HINTS[self.mode])))

    def _suggest(self) -> None:
        value = self.input.value
        suggestion = self.completion(value).suggestion(value) if self.mode == "filter" else None
        if suggestion:
            self.input.post_message(SuggestionReady(value, suggestion))

    @on(Input.Changed, "#bar-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._hint()

    @on(Input.Submitted, "#bar-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # The keys typed after Enter are for what the App makes of it (the list under the
        # new filter, or the error in the bar): they wait until it has (tui/key_order.py).
        hold_keys(self.app, "bar")
        self.post_message(self.Submitted(self.mode, event.value))

    def action_cancel(self) -> None:
        hold_keys(self.app, "bar")  # the keys after Escape are the list's
        self.close()
        self.post_message(self.Cancelled(self.mode))

    def action_complete(self) -> None:
        """Tab: the term being typed completed to its first candidate (a value with a
        space quoted), the cursor at the end."""
        if self.mode != "filter":
            return
        line = self.completion(self.input.value).line
        if line is not None:
            self.input.value = line
            self.input.cursor_position = len(line)
