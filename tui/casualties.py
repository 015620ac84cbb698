"""Casualties pane: each source's figures, the incident's value under each aggregation,
and the analyst's override with a reason."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from incident_review.core.casualties import AGGREGATIONS, combine, range_text
from incident_review.core.model import CASUALTY_GROUPS, CASUALTY_KINDS, Incident
from incident_review.services import review
from incident_review.tui.dialog import Dialog
from incident_review.tui.incident_editor import IncidentEditor
from incident_review.tui.sanitize import printable


def _n(v: int | None) -> str:
    return "·" if v is None else str(v)


def casualty_table(inc: Incident) -> Text:
    text = Text()
    text.append(f"Casualties of {printable(inc.id)}\n", style="bold")
    text.append(f"{'source':22} {'kind':8} {'group':10} {'low':>5} {'best':>5} {'high':>5}\n", style="bold")
    for f in inc.figures:
        who = f.source or "analyst (override)"
        text.append(
            printable(f"{who[:22]:22} {f.kind:8} {f.group:10} {_n(f.low):>5} {_n(f.best):>5} {_n(f.high):>5}") + "\n",
            style="bold green" if f.source is None else "",
        )
    if not inc.figures:
        text.append("no figures\n", style="dim")
    text.append(
        f"\nincident value by aggregation (chosen: {inc.casualty_aggregation}, marked *; an override outranks all)\n",
        style="bold",
    )
    for kind in CASUALTY_KINDS:
        for group in CASUALTY_GROUPS:
            ranges = [combine(inc.figures, kind, group, how) for how in AGGREGATIONS]
            if any(r.known for r in ranges):
                cells = "  ".join(
                    f"{'*' if how == inc.casualty_aggregation else ' '}{how}: {range_text(r.low, r.best, r.high)}"
                    for how, r in zip(AGGREGATIONS, ranges, strict=True)
                )
                text.append(f"{kind}/{group}: {cells}\n")
    return text


class OverrideForm(Dialog[tuple[str, str, int | None, int | None, int | None, str] | None]):
    """The analyst's figure for one kind and group. A value the store would refuse (low
    above high, a negative count, no reason) keeps the form open with what was typed and
    the reason next to its field (issue #12: the form closed and the input was lost)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]
    DEFAULT_CSS = """
    OverrideForm > Vertical { width: 72; }
    OverrideForm .field { height: 1; }
    OverrideForm .field > .name { width: 8; }
    OverrideForm .field > Input { width: 14; }
    OverrideForm .field > #reason { width: 1fr; }
    OverrideForm .field-error { color: $error; width: 1fr; padding: 0 0 0 1; }
    OverrideForm #reason-error { display: none; }
    OverrideForm #reason-error.shown { display: block; }
    """
    NUMBERS = ("low", "best", "high")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Set the incident's figure (empty low/best/high removes the override; Tab moves, Enter saves)")
            yield Select([(k, k) for k in CASUALTY_KINDS], value="killed", allow_blank=False, id="kind", compact=True)
            yield Select([(g, g) for g in CASUALTY_GROUPS], value="all", allow_blank=False, id="group", compact=True)
            for name in self.NUMBERS:
                with Horizontal(classes="field"):
                    yield Label(name, classes="name")
                    yield Input(placeholder=name, id=name, type="integer", compact=True)
                    yield Label("", id=f"{name}-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label("reason", classes="name")
                yield Input(placeholder="reason (required)", id="reason", compact=True)
            yield Label("", id="reason-error", classes="field-error")

    def on_mount(self) -> None:
        # Killed/all is the usual case: start on the numbers (shift+tab reaches kind/group).
        self.query_one("#low", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def _error(self, field: str | None, message: str = "") -> None:
        """Show ``message`` next to ``field`` (and clear every other field's)."""
        for name in (*self.NUMBERS, "reason"):
            label = self.query_one(f"#{name}-error", Label)
            label.update(Text(printable(message)) if name == field else "")
            label.set_class(name == field, "shown")
        if field is not None:
            self.query_one(f"#{field}", Input).focus()

    def action_save(self) -> None:
        numbers: dict[str, int | None] = {}
        for name in self.NUMBERS:
            value = self.query_one(f"#{name}", Input).value.strip()
            try:
                numbers[name] = int(value) if value else None
            except ValueError:
                self._error(name, "a whole number, or empty")
                return
        problem = review.override_problem(numbers["low"], numbers["best"], numbers["high"])
        if problem is not None:
            self._error(*problem)
            return
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self._error("reason", "a reason is required (it is kept as a note)")
            return
        self._error(None)
        self.dismiss(
            (
                str(self.query_one("#kind", Select).value),
                str(self.query_one("#group", Select).value),
                numbers["low"],
                numbers["best"],
                numbers["high"],
                reason,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class CasualtiesPane(IncidentEditor):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o,e", "override", "Override", id="casualties.override"),
        Binding("A", "aggregation", "Next aggregation", id="casualties.aggregation"),
    ]
    DEFAULT_CSS = "CasualtiesPane > Vertical { width: 95%; }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(casualty_table(self.incident), id="figures")
            yield Label(Text("o override  A next aggregation (conservative/best/maximum)  Esc back", style="dim"))

    def redraw(self) -> None:
        self.query_one("#figures", Static).update(casualty_table(self.incident))

    def action_aggregation(self) -> None:
        following = AGGREGATIONS[(AGGREGATIONS.index(self.incident.casualty_aggregation) + 1) % len(AGGREGATIONS)]
        self.write(lambda inc: review.set_aggregation(self.browse.store, inc, following, self.analyst))

    def action_override(self) -> None:
        def chosen(values: tuple[str, str, int | None, int | None, int | None, str] | None) -> None:
            if values is not None:
                kind, group, low, best, high, reason = values
                self.write(
                    lambda inc: review.override_casualties(
                        self.browse.store, inc, kind, group, low, best, high, reason, self.analyst
                    )
                )

        self.app.push_screen(OverrideForm(), chosen)
