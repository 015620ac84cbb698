"""Casualties pane: each source's figures, the incident's value under each aggregation,
and the analyst's override with a reason."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from incident_review.core.casualties import AGGREGATIONS, combine
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
                    f"{'*' if how == inc.casualty_aggregation else ' '}{how}: {_n(r.best)} ({_n(r.low)}-{_n(r.high)})"
                    for how, r in zip(AGGREGATIONS, ranges, strict=True)
                )
                text.append(f"{kind}/{group}: {cells}\n")
    return text


class OverrideForm(Dialog[tuple[str, str, int | None, int | None, int | None, str] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]
    DEFAULT_CSS = "OverrideForm > Vertical { width: 72; }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Set the incident's figure (empty low/best/high removes the override; Tab moves, Enter saves)")
            yield Select([(k, k) for k in CASUALTY_KINDS], value="killed", allow_blank=False, id="kind", compact=True)
            yield Select([(g, g) for g in CASUALTY_GROUPS], value="all", allow_blank=False, id="group", compact=True)
            yield Input(placeholder="low", id="low", type="integer", compact=True)
            yield Input(placeholder="best", id="best", type="integer", compact=True)
            yield Input(placeholder="high", id="high", type="integer", compact=True)
            yield Input(placeholder="reason (required)", id="reason", compact=True)

    def on_mount(self) -> None:
        # Killed/all is the usual case: start on the numbers (shift+tab reaches kind/group).
        self.query_one("#low", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        def number(name: str) -> int | None:
            value = self.query_one(f"#{name}", Input).value.strip()
            return int(value) if value else None

        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.notify("a reason is required", severity="warning")
            return
        try:
            low, best, high = number("low"), number("best"), number("high")
        except ValueError:
            self.notify("low/best/high must be whole numbers", severity="warning")
            return
        self.dismiss(
            (
                str(self.query_one("#kind", Select).value),
                str(self.query_one("#group", Select).value),
                low,
                best,
                high,
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
