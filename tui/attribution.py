"""Attribution pane: the claims of one incident; add (actor completion from the lexicon),
edit in place and remove. The incident shows as contested when claims conflict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, Static

from incident_review import config
from incident_review.core.model import ROLES, STANCES, Claim, Incident, Source
from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.tui.dialog import Dialog
from incident_review.tui.incident_editor import IncidentEditor
from incident_review.tui.sanitize import printable


def actor_names() -> list[str]:
    # "Enemy forces" is a word of reports the extractor settles, not an actor to pick.
    return [name for name, actor in config.actors().actors.items() if actor["side"] != "enemy"]


def source_label(source: Source) -> str:
    """A source as the claim form lists it: its outlet, date and report id."""
    parts = [source.outlet or "report", source.published.isoformat() if source.published else None, source.report]
    return printable(" · ".join(p for p in parts if p))


class ClaimForm(Dialog[Claim | None]):
    """A claim to add, or (given ``claim``) the fields of one to edit.

    A new claim cites one of ``sources`` (the incident's reports: the first by default, or
    none, the analyst's own reading); an edited one keeps the source and span it was read
    from, so the evidence stays shown."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]
    DEFAULT_CSS = """
    ClaimForm > Vertical { width: 72; }
    ClaimForm .field-error { color: $error; display: none; }
    ClaimForm .field-error.shown { display: block; }
    """
    NO_SOURCE = "(none)"  # the Select's value for a claim of the analyst's own

    def __init__(self, claim: Claim | None = None, sources: Sequence[Source] = ()) -> None:
        super().__init__()
        self.claim = claim
        self.sources = list(sources)

    def compose(self) -> ComposeResult:
        c = self.claim
        with Vertical():
            yield Label(
                ("Edit claim" if c else "New claim") + " (Tab between fields, Enter or ctrl+s to save, Esc to cancel)"
            )
            # Inputs show their value raw: an actor or a "by" read from a report passes the
            # sanitizer first (an OSC sequence there would retitle the terminal).
            yield Input(
                printable(c.actor) if c else "",
                placeholder="actor (→ completes from the lexicon)",
                id="actor",
                suggester=SuggestFromList(actor_names(), case_sensitive=False),
                compact=True,
            )
            yield Select(
                [(r, r) for r in ROLES],
                value=c.role if c else "perpetrator",
                allow_blank=False,
                id="role",
                compact=True,
            )
            yield Select(
                [(s, s) for s in STANCES],
                value=c.stance if c else "reported",
                allow_blank=False,
                id="stance",
                compact=True,
            )
            yield Label("", id="actor-error", classes="field-error")
            yield Input(
                printable(c.by) if c else "", placeholder="by whom (who makes the claim)", id="by", compact=True
            )
            if c is None:
                options = [(source_label(s), s.report) for s in self.sources]
                yield Select(
                    [*options, ("no source: the analyst's own reading", self.NO_SOURCE)],
                    value=options[0][1] if options else self.NO_SOURCE,
                    allow_blank=False,
                    id="source",
                    compact=True,
                )

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        actor = self.query_one("#actor", Input).value.strip()
        if not actor:
            error = self.query_one("#actor-error", Label)
            error.update("an actor is required")
            error.add_class("shown")
            self.query_one("#actor", Input).focus()
            return
        by = self.query_one("#by", Input).value.strip() or None
        role = str(self.query_one("#role", Select).value)
        stance = str(self.query_one("#stance", Select).value)
        source = None
        if self.claim is None:
            chosen = str(self.query_one("#source", Select).value)
            source = None if chosen == self.NO_SOURCE else chosen
        self.dismiss(Claim(actor, role, stance, by, source))

    def action_cancel(self) -> None:
        self.dismiss(None)


class AttributionPane(IncidentEditor):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Down", show=False),
        Binding("k,up", "move(-1)", "Up", show=False),
        Binding("a", "add", "Add claim", id="claims.add"),
        Binding("e,enter", "edit", "Edit", id="claims.edit"),
        Binding("d,delete", "remove", "Remove", id="claims.remove"),
    ]
    DEFAULT_CSS = "AttributionPane > Vertical { width: 90%; }"

    def __init__(self, browse: Browse, incident: Incident, analyst: str) -> None:
        super().__init__(browse, incident, analyst)
        self.cursor = 0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="claims")
            yield Label(Text("a add  e edit  d remove  Esc back", style="dim"))

    def on_mount(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        inc = self.incident
        self.cursor = min(self.cursor, max(len(inc.attribution) - 1, 0))
        text = Text()
        text.append(f"Attribution of {printable(inc.id)}", style="bold")
        text.append("  CONTESTED\n" if inc.contested else "\n", style="bold yellow")
        if not inc.attribution:
            text.append("no claims\n", style="dim")
        for i, c in enumerate(inc.attribution):
            line = (
                f"{c.stance:9} {c.actor} ({c.role})"
                + (f" — by {c.by}" if c.by else "")
                + (f" [{c.source}]" if c.source else " [analyst]")
            )
            text.append(printable(line) + "\n", style="reverse" if i == self.cursor else "")
        self.query_one("#claims", Static).update(text)

    def action_move(self, step: int) -> None:
        self.cursor = max(0, min(self.cursor + step, len(self.incident.attribution) - 1))
        self.redraw()

    def action_add(self) -> None:
        def added(claim: Claim | None) -> None:
            if claim is not None:
                self.write(lambda inc: review.add_claim(self.browse.store, inc, claim, self.analyst))

        self.app.push_screen(ClaimForm(sources=self.incident.sources), added)

    def action_edit(self) -> None:
        if not self.incident.attribution:
            return
        index = self.cursor

        def edited(claim: Claim | None) -> None:
            if claim is not None:
                self.write(lambda inc: review.edit_claim(self.browse.store, inc, index, claim, self.analyst))

        self.app.push_screen(ClaimForm(self.incident.attribution[index]), edited)

    def action_remove(self) -> None:
        if self.incident.attribution:
            index = self.cursor
            self.write(lambda inc: review.remove_claim(self.browse.store, inc, index, self.analyst))
