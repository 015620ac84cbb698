"""Per-incident history from the audit log: who changed what, when."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from incident_review.core.snapshot import to_json
from incident_review.services.browse import AuditEntry
from incident_review.tui.dialog import Dialog
from incident_review.tui.sanitize import printable

_IGNORED = {"version", "updated_at", "updated_by", "created_at", "created_by"}


def changed_fields(entry: AuditEntry) -> list[str]:
    import json

    if entry.before is None or entry.after is None:
        return []
    before, after = json.loads(to_json(entry.before)), json.loads(to_json(entry.after))
    # Either side may lack a key: a snapshot leaves out the fields at their default.
    return [k for k in sorted({*before, *after}) if k not in _IGNORED and before.get(k) != after.get(k)]


class HistoryScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Back")]
    DEFAULT_CSS = "HistoryScreen > VerticalScroll { width: 95%; }"

    def __init__(self, incident_id: str, entries: list[AuditEntry]) -> None:
        super().__init__()
        self.incident_id, self.entries = incident_id, entries

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(f"History of {printable(self.incident_id)}\n", style="bold")
        for e in self.entries:
            fields = ", ".join(changed_fields(e))
            text.append(printable(f"{e.at}  {e.analyst:12} {e.action:18} {fields}") + "\n")
        with VerticalScroll():
            yield Static(text)

    def action_close(self) -> None:
        self.dismiss(None)
