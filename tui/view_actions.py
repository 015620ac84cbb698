"""The review app's actions on what is shown: saved filters, sort, jump to an id, export,
panes and help (the filter bar, search and frequencies: tui/query_actions.py). On the event
loop; the reads they need run in the workers of tui/workers.py."""

from __future__ import annotations

from pathlib import Path

from textual import on

from incident_review.core.query import Sort
from incident_review.tui.detail import DetailPane
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.messages import JumpFound
from incident_review.tui.sanitize import printable
from incident_review.tui.screens import HelpScreen, PromptScreen
from incident_review.tui.sync import ListSync, while_running


class ViewActions(ListSync):
    def action_save_filter(self) -> None:
        from incident_review.core.filter_text import describe_filter
        from incident_review.services import saved_filters

        text = describe_filter(self.filter)

        def save(name: str | None) -> None:
            if name and name.strip():
                try:
                    saved_filters.save(name.strip(), text)
                except OSError as exc:
                    self.notify(f"filter not saved: {exc}", severity="error")
                    return
                self.notify(printable(f"saved filter {name.strip()!r}: {text}"), timeout=3)

        self.push_screen(PromptScreen(f"Save filter {text!r} as"), save)

    def action_saved_filter(self) -> None:
        from textual.suggester import SuggestFromList

        from incident_review.core.filter_text import FilterSyntaxError, parse_filter
        from incident_review.services import saved_filters

        filters = saved_filters.load()
        if not filters:
            self.notify("no saved filters yet (ctrl+s saves the current one)", timeout=3)
            return

        def apply(name: str | None) -> None:
            if name and name.strip() in filters:
                try:  # saved by an older version, or edited by hand
                    self.filter = parse_filter(filters[name.strip()])
                except FilterSyntaxError as exc:
                    self.notify(printable(f"saved filter {name.strip()!r}: {exc}"), severity="error")
                    return
                self.hold_for_rows()
                self.reload()
            elif name:
                self.notify(printable(f"no saved filter {name!r}"), severity="warning")

        prompt = PromptScreen("Saved filter: " + ", ".join(sorted(filters)))
        prompt.suggester = SuggestFromList(sorted(filters))
        self.push_screen(prompt, apply)

    def action_sort(self) -> None:
        """Sort on the column under the list's column cursor; on the sorted one, reverse."""
        column = self.review_screen.query_one(IncidentList).cursor_column
        if column is None:
            return
        if not column.sortable:
            self.notify(f"the list cannot be sorted on {column.title}", timeout=2)
            return
        if column.key == self.sort.column:
            self.action_reverse()
            return
        self.sort = Sort(column.key)
        self.hold_for_rows()
        self.reload(self._current_id())

    def action_reverse(self) -> None:
        self.sort = Sort(self.sort.column, not self.sort.descending)
        self.hold_for_rows()
        self.reload(self._current_id())

    def action_jump(self) -> None:
        def go(text: str | None) -> None:
            if text:
                self.hold_for_rows()
                self.jump_to(text.strip())

        self.push_screen(PromptScreen("Go to incident id", placeholder="INC-000123"), go)

    def jump_to(self, incident_id: str) -> None:
        self.find_incident(incident_id, self.filter.include_merged)

    @on(JumpFound)
    @while_running
    def _jump_found(self, message: JumpFound) -> None:
        if message.incident_id is None:
            self.release_keys("rows")
            return
        self.reload(message.incident_id, True)

    def action_export(self) -> None:
        def go(text: str | None) -> None:
            if text:
                self.export_to(Path(text.strip()).expanduser())

        self.push_screen(PromptScreen("Export the current filter to YAML file", "incidents.yaml"), go)

    def export_to(self, path: Path) -> None:
        self.export_yaml(path, self.filter, self.analyst)

    def action_evidence(self, direction: int) -> None:
        self.query_one(DetailPane).step(direction)

    def action_switch_pane(self) -> None:
        listing = self.query_one(IncidentList)
        (self.query_one(DetailPane) if listing.has_focus else listing).focus()

    def action_help(self) -> None:
        rows: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for key, active in self.screen.active_bindings.items():
            b = active.binding
            if b.description and (b.action, b.description) not in seen:
                seen.add((b.action, b.description))
                rows.append((self.get_key_display(b) if b.key else key, b.description))
        self.push_screen(HelpScreen(rows))
