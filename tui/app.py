"""The review app: incident list, detail pane, and the actions of a review session."""

from __future__ import annotations

import contextlib
import gc
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.css.query import NoMatches
from textual.widgets import Footer
from textual.worker import get_current_worker

from incident_review.core.errors import StoreError
from incident_review.core.model import Incident, Report
from incident_review.core.query import IncidentFilter, ListRow, Sort
from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.tui.detail import DetailPane
from incident_review.tui.incident_list import PAGE, IncidentList
from incident_review.tui.sanitize import printable
from incident_review.tui.screens import HelpScreen, PromptScreen
from incident_review.tui.status_bar import StatusBar
from incident_review.tui.writes import attempt

WIDE = 120  # at this width and more, list and detail sit side by side
POLL_SECONDS = 1.0
LEASE_SECONDS = 15.0  # a dead session's presence disappears within this


class ReviewApp(App[None]):
    TITLE = "incident-review"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "set_status('confirmed')", "Confirm", id="review.confirm"),
        Binding("x", "set_status('rejected')", "Reject", id="review.reject"),
        Binding("F", "set_status('needs_follow_up')", "Follow-up", id="review.follow_up", show=False),
        Binding("U", "set_status('unreviewed')", "Unreview", id="review.unreview", show=False),
        Binding("n", "note", "Note", id="review.note"),
        Binding("u", "undo", "Undo", id="review.undo"),
        Binding("ctrl+r", "redo", "Redo", id="review.redo", show=False),
        Binding("R", "grade", "Grade", id="review.grade", show=False),
        Binding("d", "duplicates", "Duplicates", id="review.duplicates"),
        Binding("a", "attribution", "Attribution", id="review.attribution", show=False),
        Binding("K", "casualties", "Casualties", id="review.casualties", show=False),
        Binding("H", "history", "History", id="review.history", show=False),
        Binding("f", "filter", "Filter", id="review.filter"),
        Binding("ctrl+s", "save_filter", "Save filter", id="review.save_filter", show=False),
        Binding("apostrophe", "saved_filter", "Saved filters", id="review.saved_filter", show=False),
        Binding("s", "sort", "Sort column", id="review.sort", show=False),
        Binding("S", "reverse", "Reverse sort", id="review.reverse", show=False),
        Binding("slash", "search", "Search", id="review.search"),
        Binding("escape", "clear_search", "Clear search", id="review.clear_search", show=False),
        Binding("colon", "jump", "Go to id", id="review.jump", show=False),
        Binding("e", "export", "Export", id="review.export", show=False),
        Binding("tab", "switch_pane", "Pane", id="review.switch_pane", show=False),
        Binding("right_square_bracket", "evidence(1)", "Next highlighted span", id="review.next_span", show=False),
        Binding(
            "left_square_bracket", "evidence(-1)", "Previous highlighted span", id="review.previous_span", show=False
        ),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, browse: Browse, analyst: str) -> None:
        super().__init__()
        self.browse = browse
        self.analyst = analyst
        self.filter = IncidentFilter()
        self.sort = Sort()
        self.incident: Incident | None = None  # as loaded for the detail pane
        self._detail_asked: str | None = None  # the last incident the detail was asked for
        self.undo_stack: list[str] = []
        self.redo_stack: list[str] = []
        self._data_version = 0
        self._counting = False
        self.session = uuid.uuid4().hex
        self.shown_filter: IncidentFilter | None = None  # the filter of the rows on screen
        self.shown_sort: Sort | None = None  # and their order

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast (the app's, its screens' and widgets') shows its text literally:
        names, ids and report text can hold ``[/]`` (a MarkupError that would end the app)
        or terminal escapes, so markup is never parsed and the text is sanitized."""
        super().notify(printable(message), title=printable(title), severity=severity, timeout=timeout, markup=False)

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Container(id="main"):
            yield IncidentList(self._fetch, id="list")
            yield DetailPane(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_keymap()
        self._layout()
        self.query_one(IncidentList).focus()
        self.reload()
        self._data_version = self.browse.data_version()
        self.set_interval(POLL_SECONDS, self._poll)
        self.set_interval(LEASE_SECONDS / 3, self._renew_lease)

    def on_unmount(self) -> None:
        with contextlib.suppress(StoreError):  # else the lease expires by itself
            self.browse.release(self.session)

    @work(thread=True, group="presence", exit_on_error=False)
    def _renew_lease(self) -> None:
        # The store busy or read-only: presence is a hint, the next renewal retries.
        with contextlib.suppress(StoreError):
            self.browse.hold(self.session, self.analyst, self.incident.id if self.incident else None, LEASE_SECONDS)
        try:
            listing = self.query_one(IncidentList)
        except NoMatches:
            return  # the app is closing: its screen is already gone
        holders = self.browse.holders(listing.visible_ids(), self.session)
        shown = {k: ",".join(v) for k, v in holders.items()}
        if shown != listing.holders:
            listing.holders = shown
            self.call_from_thread(listing.refresh)

    def _apply_keymap(self) -> None:
        from incident_review import config

        keymap = config.keys().keymap
        if keymap:
            self.set_keymap(keymap)

    def on_resize(self) -> None:
        self._layout()

    def _layout(self) -> None:
        self.query_one("#main").set_class(self.size.width >= WIDE, "wide")

    def _fetch(self, after: tuple[Any, int] | None, limit: int, backwards: bool) -> list[ListRow]:
        return self.browse.page(self.filter, self.sort, after, limit, backwards)

    # ------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="reload")
    def reload(self, keep_id: str | None = None, must_find: bool = False) -> None:
        """Show the first page under the filter at once, then count (in a worker): a
        keyset page costs a millisecond at any size, a count over a million rows does not.

        With ``keep_id`` the list opens on that incident wherever it stands (its index is
        one indexed count), so a sort, a filter change or another analyst's merge does not
        lose the analyst's place. With ``must_find`` (a jump) an incident the filter leaves
        out is reported and the list stays as it was."""
        f = self.filter
        if not must_find:
            self.browse.interrupt_counts()  # an older filter's count is moot now
        try:
            rows = self.browse.page(f, self.sort, None, PAGE)
            at = 0
            if keep_id is not None and all(r.id != keep_id for r in rows):
                found = self.browse.position(f, self.sort, keep_id, PAGE)
                if found is not None:
                    at, rows = found
                elif must_find:
                    self.call_from_thread(
                        self.notify,
                        printable(f"{keep_id} is not under the current filter (f changes it)"),
                        severity="warning",
                    )
                    return
        except StoreError as exc:
            self.call_from_thread(self._bad_search, str(exc))
            return
        if must_find:
            self.browse.interrupt_counts()
        full = len(rows) == PAGE
        provisional = at + len(rows) + (1 if full else 0)
        self.call_from_thread(self._restart, provisional, keep_id, rows, not full, f, at, self.sort)
        if full:
            if get_current_worker().is_cancelled or f != self.filter:
                # A newer reload has started: interrupting a count that has not begun
                # yet does nothing, so a stale count would run and slow the new page.
                return
            try:
                total = self.browse.count(f)
            except StoreError:
                return  # interrupted by a newer filter
            self.call_from_thread(self._counted, f, total)

    def _restart(
        self,
        total: int,
        keep_id: str | None,
        first: list[ListRow] | None = None,
        exact: bool = True,
        shown: IncidentFilter | None = None,
        at: int = 0,
        sort: Sort | None = None,
    ) -> None:
        self.shown_filter = shown or self.filter
        self.shown_sort = sort or self.sort
        listing = self.query_one(IncidentList)
        listing.descending = self.sort.descending
        listing.reset(total, keep_id, first, at)
        self._counting = not exact
        self._status(listing.cursor, total)
        if total == 0:
            self.query_one(DetailPane).show(None, None)
        gc.freeze()  # long-lived rows and widgets: keep them out of GC passes

    def _counted(self, f: IncidentFilter, total: int) -> None:
        if f != self.filter:
            return  # a newer filter is showing
        self._counting = False
        listing = self.query_one(IncidentList)
        listing.set_total(total)

    def _bad_search(self, error: str) -> None:
        self.notify(f"search: {error}", severity="error")
        self.filter = replace(self.filter, search=None)
        self.reload()

    def on_incident_list_highlighted(self, message: IncidentList.Highlighted) -> None:
        self._status(message.index, message.total)
        if message.row is not None:
            self.call_later(self._detail_of_cursor)

    def _detail_of_cursor(self) -> None:
        """Load the detail of the row under the cursor. Called after the keys already
        waiting (call_later), so keys that outrun the screen (a held j) load and draw only
        the incident they stop on, not one per key."""
        try:
            row = self.query_one(IncidentList).current
        except NoMatches:
            return  # the app is closing: its screen is already gone
        if row is None or row.id == self._detail_asked:
            return  # asked already: the callbacks of several keys meet here
        self._detail_asked = row.id
        if self.incident is None or self.incident.id != row.id:
            self.load_detail(row.id)

    def on_incident_list_opened(self, message: IncidentList.Opened) -> None:
        self.query_one(DetailPane).focus()

    @work(thread=True, exclusive=True, group="detail")
    def load_detail(self, incident_id: str) -> None:
        inc = self.browse.get(incident_id)
        report = self.browse.report(inc.sources[0].report) if inc and inc.sources else None
        self.call_from_thread(self._show_detail, inc, report)

    def _show_detail(self, inc: Incident | None, report: Report | None) -> None:
        changed = (inc.id if inc else None) != (self.incident.id if self.incident else None)
        self.incident = inc
        self.query_one(DetailPane).show(inc, report)
        if changed:
            self._renew_lease()

    def _status(self, index: int, total: int) -> None:
        shown = f"{PAGE}+ (counting…)" if self._counting else f"{total:,}"
        parts = [f"{index + 1 if total else 0}/{shown}"]
        described = self.filter.describe()
        if described:
            parts.append("filter: " + ", ".join(f"{k}={v}" for k, v in described.items()))
        parts.append(f"sort: {self.sort.column}{' ↓' if self.sort.descending else ''}")
        parts.append(f"analyst: {self.analyst}")
        with contextlib.suppress(NoMatches):  # a move announced as the app closes
            self.query_one(StatusBar).show("  ·  ".join(parts))

    def _poll(self) -> None:
        """Another analyst committed: refresh the rows in view and the open incident."""
        version = self.browse.data_version()
        if version != self._data_version:
            self._data_version = version
            self._after_change()

    def _after_change(self) -> None:
        self.recount()
        if self.incident is not None:
            self.load_detail(self.incident.id)

    @work(thread=True, exclusive=True, group="recount")
    def recount(self) -> None:
        """After a change: same number of rows -> refresh them in place; else restart the
        list on the same incident (a merge, unmerge or status change under a filter)."""
        try:
            total = self.browse.count(self.filter)
        except StoreError:
            return
        self.call_from_thread(self._recounted, total)

    def _recounted(self, total: int) -> None:
        listing = self.query_one(IncidentList)
        if self._counting:
            return  # the first count has not arrived yet; it will
        if total == listing.total:
            listing.refresh_rows()
        else:
            self.reload(self._current_id())

    # ------------------------------------------------------------ actions

    def _current_id(self) -> str | None:
        row = self.query_one(IncidentList).current
        return row.id if row else None

    @work(thread=True, group="write")
    def action_set_status(self, status: str) -> None:
        incident_id = self._current_id()
        if incident_id is None:
            return
        inc = self.incident if self.incident and self.incident.id == incident_id else self.browse.get(incident_id)
        if inc is None:
            return
        self._write(lambda: review.set_status(self.browse.store, inc, status, self.analyst), f"{inc.id}: {status}")

    def _retrying(self, message: str) -> None:
        self.call_from_thread(self.notify, message, severity="warning", timeout=2)

    def _write(self, action: Any, done: str) -> None:
        """Run a store write in this worker thread (retried while the store is locked);
        report the outcome on the UI thread. A failed save is a toast, never an exit."""
        outcome = attempt(action, self._retrying)
        if not outcome.ok or outcome.value is None:
            self.call_from_thread(self.notify, printable(outcome.error), severity="error", timeout=10)
            self.call_from_thread(self._after_change)
            return
        self.undo_stack.append(outcome.value.batch)
        self.redo_stack.clear()
        self.call_from_thread(self.notify, printable(done), timeout=2)
        self.call_from_thread(self._after_change)

    def _seen(self, incident_id: str) -> Incident | None:
        """The incident as the analyst sees it now (the detail pane's), so that an edit made
        from a dialog is checked against the version it was opened on."""
        return self.incident if self.incident is not None and self.incident.id == incident_id else None

    def action_note(self) -> None:
        incident_id = self._current_id()
        if incident_id is None:
            return
        seen = self._seen(incident_id)

        def save(text: str | None) -> None:
            if text and text.strip():
                self._save_note(incident_id, text.strip(), seen)

        self.push_screen(PromptScreen(f"Note on {incident_id}"), save)

    @work(thread=True, group="write")
    def _save_note(self, incident_id: str, text: str, seen: Incident | None = None) -> None:
        inc = seen or self.browse.get(incident_id)
        if inc is not None:
            self._write(
                lambda: review.add_note(self.browse.store, inc, text, self.analyst), f"{incident_id}: note added"
            )

    @work(thread=True, group="write")
    def action_undo(self) -> None:
        self._revert(self.undo_stack, self.redo_stack, "undone")

    @work(thread=True, group="write")
    def action_redo(self) -> None:
        self._revert(self.redo_stack, self.undo_stack, "redone")

    def _revert(self, source: list[str], target: list[str], verb: str) -> None:
        if not source:
            self.call_from_thread(self.notify, f"nothing to be {verb}", timeout=2)
            return
        batch = source[-1]
        outcome = attempt(lambda: review.undo(self.browse.store, batch, self.analyst), self._retrying)
        if not outcome.ok or outcome.value is None:
            self.call_from_thread(
                self.notify, printable(f"cannot {verb[:-1]}: {outcome.error}"), severity="error", timeout=10
            )
            return
        new_batch = outcome.value
        source.pop()
        target.append(new_batch)
        self.call_from_thread(self.notify, verb, timeout=2)
        self.call_from_thread(self._after_change)

    def action_search(self) -> None:
        def apply(text: str | None) -> None:
            if text is None:
                return
            self.filter = replace(self.filter, search=text.strip() or None)
            self.reload()

        self.push_screen(PromptScreen("Search summaries and report text (FTS5)", self.filter.search or ""), apply)

    def action_clear_search(self) -> None:
        if self.filter.search:
            self.filter = replace(self.filter, search=None)
            self.reload()

    def action_jump(self) -> None:
        def go(text: str | None) -> None:
            if text:
                self.jump_to(text.strip())

        self.push_screen(PromptScreen("Go to incident id", placeholder="INC-000123"), go)

    @work(thread=True, group="jump")
    def jump_to(self, incident_id: str) -> None:
        inc = self.browse.get(incident_id)
        if inc is not None and inc.merged_into and not self.filter.include_merged:
            self.call_from_thread(self.notify, printable(f"{inc.id} was merged into {inc.merged_into}"), timeout=4)
            inc = self.browse.get(inc.merged_into)
        if inc is None:
            self.call_from_thread(self.notify, printable(f"no incident {incident_id}"), severity="warning")
        else:
            self.call_from_thread(self.reload, inc.id, True)

    def action_export(self) -> None:
        def go(text: str | None) -> None:
            if text:
                self.export_to(Path(text.strip()).expanduser())

        self.push_screen(PromptScreen("Export the current filter to YAML file", "incidents.yaml"), go)

    @work(thread=True, group="export")
    def export_to(self, path: Path) -> None:
        from incident_review.services.yaml_io import export_yaml_file

        def progress(n: int) -> None:
            if n % 1000 == 0:
                self.call_from_thread(self.notify, f"exporting… {n:,}/{total:,}", timeout=1)

        try:
            total = self.browse.count(self.filter)
            count = export_yaml_file(self.browse.store, path, self.filter, self.analyst, progress=progress)
        except (OSError, StoreError) as exc:  # a worker's exception would end the app
            self.call_from_thread(self.notify, printable(f"export failed: {exc}"), severity="error")
            return
        self.call_from_thread(self.notify, printable(f"exported {count:,} incident(s) to {path}"))

    # ------------------------------------------------------------ panes and screens

    def _with_incident(self, open_screen: Any) -> None:
        """Load the current incident in a worker, then open a screen on it."""
        incident_id = self._current_id()
        if incident_id is not None:
            self._open_on(incident_id, open_screen)

    @work(thread=True, group="open")
    def _open_on(self, incident_id: str, open_screen: Any) -> None:
        inc = self.browse.get(incident_id)
        if inc is not None:
            self.call_from_thread(open_screen, inc)

    def _took_batches(self, batches: list[str] | None) -> None:
        if batches:
            self.undo_stack.extend(batches)
            self.redo_stack.clear()
        self.reload(self._current_id())
        if self.incident is not None:
            self.load_detail(self.incident.id)

    def action_duplicates(self) -> None:
        from incident_review.tui.duplicate_review import DuplicateReview

        self.push_screen(DuplicateReview(self.browse, self.analyst), self._took_batches)

    def action_attribution(self) -> None:
        from incident_review.tui.attribution import AttributionPane

        self._with_incident(
            lambda inc: self.push_screen(AttributionPane(self.browse, inc, self.analyst), self._took_batches)
        )

    def action_casualties(self) -> None:
        from incident_review.tui.casualties import CasualtiesPane

        self._with_incident(
            lambda inc: self.push_screen(CasualtiesPane(self.browse, inc, self.analyst), self._took_batches)
        )

    def action_history(self) -> None:
        from incident_review.tui.history import HistoryScreen

        self._with_incident(lambda inc: self.push_screen(HistoryScreen(inc.id, self.browse.history(inc.id))))

    def action_grade(self) -> None:
        from textual.suggester import SuggestFromList

        from incident_review.core.model import GRADES

        def chosen(text: str | None) -> None:
            if text is None:
                return
            grade = text.strip() or None
            if grade is not None and grade not in GRADES:
                self.notify(f"grade must be one of {', '.join(GRADES)}", severity="warning")
                return
            self._set_grade(grade, incident_id, seen)

        incident_id = self._current_id()
        if incident_id is None:
            return
        seen = self._seen(incident_id)
        prompt = PromptScreen(f"Grade of {incident_id} ({', '.join(GRADES)}; empty clears)")
        prompt.suggester = SuggestFromList(GRADES)
        self.push_screen(prompt, chosen)

    @work(thread=True, group="write")
    def _set_grade(self, grade: str | None, incident_id: str | None = None, seen: Incident | None = None) -> None:
        incident_id = incident_id or self._current_id()
        inc = seen or (self.browse.get(incident_id) if incident_id else None)
        if inc is not None:
            self._write(
                lambda: review.set_grade(self.browse.store, inc, grade, self.analyst), f"{inc.id}: grade {grade}"
            )

    def action_filter(self) -> None:
        from incident_review.core.query import FILTER_HELP, FilterSyntaxError, describe_filter, parse_filter

        def apply(text: str | None) -> None:
            if text is None:
                return
            try:
                self.filter = parse_filter(text)
            except FilterSyntaxError as exc:
                self.notify(f"filter: {exc}", severity="error")
                return
            self.reload()

        self.push_screen(PromptScreen("Filter", describe_filter(self.filter), FILTER_HELP), apply)

    def action_save_filter(self) -> None:
        from incident_review.core.query import describe_filter
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

        from incident_review.core.query import parse_filter
        from incident_review.services import saved_filters

        filters = saved_filters.load()
        if not filters:
            self.notify("no saved filters yet (ctrl+s saves the current one)", timeout=3)
            return

        def apply(name: str | None) -> None:
            if name and name.strip() in filters:
                self.filter = parse_filter(filters[name.strip()])
                self.reload()
            elif name:
                self.notify(printable(f"no saved filter {name!r}"), severity="warning")

        prompt = PromptScreen("Saved filter: " + ", ".join(sorted(filters)))
        prompt.suggester = SuggestFromList(sorted(filters))
        self.push_screen(prompt, apply)

    def action_sort(self) -> None:
        from incident_review.core.query import SORTABLE

        columns = [c for c in SORTABLE if c != "id"]
        following = (
            columns[(columns.index(self.sort.column) + 1) % len(columns)] if self.sort.column in columns else columns[0]
        )
        self.sort = Sort(following, self.sort.descending)
        self.reload(self._current_id())

    def action_reverse(self) -> None:
        self.sort = Sort(self.sort.column, not self.sort.descending)
        self.reload(self._current_id())

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


def run(browse: Browse, analyst: str) -> None:
    """Review until the analyst quits; the session's store is closed afterwards."""
    try:
        ReviewApp(browse, analyst).run()
    finally:
        browse.close()
