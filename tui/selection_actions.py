"""The review list's selection keys: space toggles a row, ``V`` draws a range, ``*``
selects every row of the filter, Esc clears; and what the status line says of it.

The selection itself (services/selection.py) lives here on the event loop; ranges beyond
the rows the list holds, and every row of a filter, are read as ids in a worker
(tui/workers.py ``read_ids``). The actions that write on a selection are in
tui/review_actions.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on

from incident_review.core.query import IncidentFilter, ListRow, Sort
from incident_review.services.browse import Browse
from incident_review.services.selection import MAX_SELECTED, Selection, Span, now
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.messages import IdsSelected
from incident_review.tui.screens import PromptScreen
from incident_review.tui.sync import ListSync, while_running

# Actions whose binding gives way to the next one on its key when nothing is selected
# (Esc then clears the search, ``e`` exports the filter).
_WITH_SELECTION = frozenset({"clear_selection", "export_selection"})


class SelectionActions(ListSync):
    def __init__(self, browse: Browse, analyst: str) -> None:
        super().__init__(browse, analyst)
        self.selection = Selection()

    def _listing(self) -> IncidentList:
        return self.review_screen.query_one(IncidentList)

    def _selection_changed(self) -> None:
        listing = self._listing()
        listing.refresh()
        self._status(listing.cursor, listing.total)

    def _status_notes(self) -> list[str]:
        if not self.selection.active:
            return []
        listing = self._listing()
        start, ids = listing.window()
        count = self.selection.count(listing.cursor, start, ids)
        return [f"{count:,} selected" + (" (range: V ends it)" if self.selection.visual else "")]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _WITH_SELECTION:
            return self.selection.active
        return super().check_action(action, parameters)

    def _shown(self) -> tuple[IncidentFilter, Sort]:
        """The filter and sort of the rows on screen (a newer one may still be loading)."""
        return self.shown_filter or self.filter, self.shown_sort or self.sort

    # ------------------------------------------------------------ keys

    def action_toggle_select(self) -> None:
        listing = self._listing()
        row = listing.current
        if row is None:
            return
        self.selection.toggle(row.id, now())
        listing.action_cursor_down()
        self._selection_changed()

    def action_select_range(self) -> None:
        listing = self._listing()
        if self.selection.visual is not None:
            self._end_visual()
        else:
            row = listing.current
            if row is None:
                return
            f, sort = self._shown()
            self.selection.start_visual(listing.cursor, row.key, f, sort, now())
        self._selection_changed()

    def _range_rows(self) -> tuple[list[ListRow] | None, Span | None]:
        """The visual range's rows when the list holds them all, else its span to read."""
        visual = self.selection.visual
        if visual is None:
            return [], None
        listing = self._listing()
        lo, hi = visual.bounds(listing.cursor)
        rows = [listing.row_at(i) for i in range(lo, hi + 1)] if hi - lo < len(listing.rows) else [None]
        if all(r is not None for r in rows):
            return [r for r in rows if r is not None], None
        return None, visual.span(listing.cursor)

    def _end_visual(self) -> Span | None:
        """End the range: its rows join the picked ones (read in a worker when the list
        does not hold them all). The span being read, if any."""
        visual = self.selection.visual
        if visual is None:
            return None
        rows, span = self._range_rows()
        self.selection.end_visual()
        if rows is not None:
            self.selection.add((r.id for r in rows), visual.since)
        elif span is not None:
            self.read_ids(None, span, visual.since, self.selection.generation)
        return span

    def action_select_all(self) -> None:
        f, _ = self._shown()
        self.read_ids(f, None, now(), self.selection.generation)

    @on(IdsSelected)
    @while_running
    def _ids_selected(self, message: IdsSelected) -> None:
        if message.ids is None:
            self.notify(f"more than {MAX_SELECTED:,} rows: narrow the filter to select them all", severity="warning")
            return
        self.selection.add(message.ids, message.since, message.generation)
        self._selection_changed()

    def action_export_selection(self) -> None:
        """``e`` with rows selected: those incidents to a YAML file (read in a worker)."""
        rows, span = self._range_rows()
        picked = [*self.selection.picked, *(r.id for r in rows or [])]
        listing = self._listing()
        start, ids = listing.window()
        count = self.selection.count(listing.cursor, start, ids)

        def go(text: str | None) -> None:
            if text:
                self.export_selected(Path(text.strip()).expanduser(), picked, span, self.analyst)

        self.push_screen(PromptScreen(f"Export the {count:,} selected incidents to YAML file", "incidents.yaml"), go)

    def action_clear_selection(self) -> None:
        self.selection.clear()
        self._selection_changed()

    def _restart(self, *args: Any) -> None:
        """A new filter, sort or count restarts the list: a range being drawn ends first,
        while the list still holds its rows."""
        if self.selection.visual is not None:
            self._end_visual()
        super()._restart(*args)
