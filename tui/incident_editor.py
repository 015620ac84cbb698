"""The base of the panes that edit one incident (attribution, casualties): each edit is
written in a worker, the incident reloaded, the pane redrawn; the batches go back to
the app's undo stack when the pane closes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType

from incident_review.core.model import Incident
from incident_review.storage.store import Store
from incident_review.tui.dialog import Dialog
from incident_review.tui.sanitize import printable
from incident_review.tui.writes import attempt


class IncidentEditor(Dialog[list[str]]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Back", id="editor.close")]

    def __init__(self, store: Store, incident: Incident, analyst: str) -> None:
        super().__init__()
        self.store, self.incident, self.analyst = store, incident, analyst
        self.batches: list[str] = []

    def redraw(self) -> None:
        """Show ``self.incident`` (after every edit)."""
        raise NotImplementedError

    @work(thread=True, group="editor-write")
    def write(self, action: Callable[[Incident], str]) -> None:
        """Apply ``action`` (a services.review call on the incident as shown) and reload.

        Retried while the store is locked; a conflict, an incident merged away meanwhile or
        a store that stays locked is a toast saying nothing was saved (the reload below then
        shows the other analyst's version), never an exit."""
        shown = self.incident
        outcome = attempt(
            lambda: action(shown), lambda m: self.app.call_from_thread(self.notify, m, severity="warning", timeout=2)
        )
        if outcome.ok and outcome.value is not None:
            self.batches.append(outcome.value)
        else:
            self.app.call_from_thread(self.notify, printable(outcome.error), severity="error", timeout=10)
        try:
            fresh = self.store.get(shown.id)
        except sqlite3.Error:
            fresh = None
        if fresh is not None:
            self.incident = fresh
        self.app.call_from_thread(self.redraw)

    def action_close(self) -> None:
        self.dismiss(self.batches)
