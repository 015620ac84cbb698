"""The base of the panes that edit one incident (attribution, casualties): each edit is
written in a worker, the incident reloaded, the pane redrawn; the batches go back to
the app's undo stack when the pane closes."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType

from incident_review.core.errors import StoreError
from incident_review.core.model import Incident
from incident_review.services.browse import Browse
from incident_review.services.review import Saved
from incident_review.tui.dialog import Dialog
from incident_review.tui.messages import EditSaved, Toast
from incident_review.tui.writes import attempt


class IncidentEditor(Dialog[list[str]]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Back", id="editor.close")]

    def __init__(self, browse: Browse, incident: Incident, analyst: str) -> None:
        super().__init__()
        self.browse, self.incident, self.analyst = browse, incident, analyst
        self.batches: list[str] = []

    def redraw(self) -> None:
        """Show ``self.incident`` (after every edit)."""
        raise NotImplementedError

    def write(self, action: Callable[[Incident], Saved]) -> None:
        """Apply ``action`` (a services.review call) to the incident as shown, in a worker,
        then show the incident as saved (as stored meanwhile when the save failed).

        Retried while the store is locked; a conflict, an incident merged away meanwhile or
        a store that stays locked is a toast saying nothing was saved (the reload then
        shows the other analyst's version), never an exit."""
        self._save(action, self.incident)

    @work(thread=True, group="editor-write")
    def _save(self, action: Callable[[Incident], Saved], shown: Incident) -> None:
        outcome = attempt(lambda: action(shown), lambda m: self.app.post_message(Toast(m, "warning", 2)))
        if outcome.ok and outcome.value is not None:
            self.post_message(EditSaved(outcome.value.batch, None, outcome.value.incident))
            return
        try:
            fresh = self.browse.get(shown.id)
        except StoreError:
            fresh = None
        self.post_message(EditSaved(None, outcome.error or "not saved", fresh))

    @on(EditSaved)
    def _saved(self, message: EditSaved) -> None:
        if message.batch is not None:
            self.batches.append(message.batch)
        else:
            self.notify(message.error or "not saved", severity="error", timeout=10)
        if message.fresh is not None:
            self.incident = message.fresh
        self.redraw()

    def action_close(self) -> None:
        self.dismiss(self.batches)
