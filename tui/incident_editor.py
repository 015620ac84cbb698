"""The base of the panes that edit one incident (attribution, casualties): each edit is
written in a worker, the incident reloaded, the pane redrawn; the batches go back to
the app's undo stack when the pane closes."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from incident_review.core.errors import ConflictError
from incident_review.core.model import Incident
from incident_review.storage.store import Store
from incident_review.tui.sanitize import printable


class IncidentEditor(ModalScreen[list[str]]):
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
        """Apply ``action`` (a services.review call on the incident as shown) and reload."""
        try:
            self.batches.append(action(self.incident))
        except (ConflictError, ValueError) as exc:
            # A conflict: someone changed it meanwhile; the reload below shows their version.
            self.app.call_from_thread(self.notify, printable(str(exc)), severity="error", timeout=8)
        fresh = self.store.get(self.incident.id)
        if fresh is not None:
            self.incident = fresh
        self.app.call_from_thread(self.redraw)

    def action_close(self) -> None:
        self.dismiss(self.batches)
