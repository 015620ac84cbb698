"""The review app's filter bar (``f``), search-and-jump (``/``, ``n``, ``N``), frequency
view (``F``) and the header's counts per status. On the event loop; their reads (the
store's values for completion, the next match, the counts) run in the thread workers
below, which post messages back (tests/flows/test_thread_rule.py)."""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.actions import SkipAction
from textual.css.query import NoMatches
from textual.widgets import Input
from textual.worker import get_current_worker

from incident_review.core.errors import StoreError
from incident_review.core.filter_complete import STORE_KEYS
from incident_review.core.filter_text import FilterSyntaxError, describe_filter, parse_filter, with_value
from incident_review.core.query import IncidentFilter, Sort
from incident_review.services.browse import Browse
from incident_review.tui.detail import DetailPane
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.messages import FilterValues, Polled, SearchFound, SearchPlaced, StatusCounted
from incident_review.tui.query_bar import QueryBar
from incident_review.tui.status_counts import StatusCounts
from incident_review.tui.sync import ListSync, while_running

if TYPE_CHECKING:  # the frequency view (and its DataTable) loads on its first F, not at start
    from incident_review.tui.frequency import Pick

COUNTS_HIDE_BELOW = 30  # lines: under this, the detail pane with the focus takes the counts' row
BAR_WAITS_FOR_ROWS = 0.1  # seconds the filter bar stays after Enter for its rows at most
VALUES_PER_KEY = 5000  # completion candidates read per key (a store's places: tens of thousands)
VALUES_FRESH_FOR = 60.0  # seconds the completion values are kept, changed data or not
# The list's columns (tui/columns.py keys) that have a frequency view, and its key.
FREQUENCY_OF = {"status": "status", "grade": "grade", "admin1": "admin1", "location": "place", "sub_event_type": "type"}


class QueryActions(ListSync):
    def __init__(self, browse: Browse, analyst: str) -> None:
        super().__init__(browse, analyst)
        self.search_text: str | None = None  # the last text searched for with /
        self.search_note = ""  # where it landed, for the status bar ("/x: match 3 of 17")
        self.frequency_key = "status"  # the frequency view opens on the column it was last on
        self._finds = 0  # searches started
        self._backwards = False  # the last search's direction (N: backwards)
        self._placed_suffix = ""  # what the note adds to "match i of n" (wrapped, the only one)
        self._status_counts = 0  # header counts started
        self._counted_filter: IncidentFilter | None = None
        self._statuses_due = False  # a new filter's counts wait for its first page
        self._bar_closing = False  # the filter bar goes once its filter's rows are in
        self._values_read: tuple[int | None, float] | None = None  # (data version, when) of the last read

    def _bar(self) -> QueryBar:
        return self.review_screen.query_one(QueryBar)

    def _back_to_list(self) -> None:
        """Now, not after a refresh (as focus() does): the keys held for the bar's Enter or
        Escape go on to the list."""
        self.review_screen.set_focus(self.review_screen.query_one(IncidentList))

    # ------------------------------------------------------------ the counts line's room

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._fit_counts()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._fit_counts()

    def _fit_counts(self) -> None:
        """On a short terminal the detail pane, while it has the focus, takes the counts
        line's row too (it gets most of the height then: 16 of 24 lines)."""
        if not self.is_running or not self.screen_stack:
            return
        with contextlib.suppress(NoMatches):
            counts = self.review_screen.query_one(StatusCounts)
            short = self.size.height < COUNTS_HIDE_BELOW and isinstance(self.focused, DetailPane)
            counts.display = not short

    def _status_notes(self) -> list[str]:
        return [*super()._status_notes(), *([self.search_note] if self.search_note else [])]

    def _show_status(self) -> None:
        listing = self.review_screen.query_one(IncidentList)
        self._status(listing.cursor, listing.total)

    # ------------------------------------------------------------ the filter bar

    def _opening_bar(self) -> None:
        """``f`` and ``/`` are priority bindings: the App runs them as it reads the key,
        before it hands the next keys on to the widget with the focus, so the bar has it
        for them. Elsewhere (an input, a dialog, another screen) the key is typed as usual."""
        if self.screen is not self.review_screen or isinstance(self.focused, Input):
            raise SkipAction()

    def action_filter(self) -> None:
        self._opening_bar()
        text = describe_filter(self.filter)
        self._bar().open("filter", text + " " if text else "")  # what is typed adds a term
        self._refresh_filter_values()

    def _refresh_filter_values(self) -> None:
        """Read the store's values for completion again if they may have changed. At 1M each
        read is six index walks, ~3 s of CPU: read on every ``f``, they piled up behind a
        fast typist's filters and slowed each Enter on 2 cores (issue #16). The bar keeps
        the last values it was given; a minute's staleness costs a completion, no more."""
        now = time.monotonic()
        if self._values_read is not None:
            version, at = self._values_read
            if version == self._data_version or now - at < VALUES_FRESH_FOR:
                return
        self._values_read = (self._data_version, now)
        self.read_filter_values()

    @work(thread=True, exclusive=True, group="filter-values", exit_on_error=False)
    def read_filter_values(self) -> None:
        values: dict[str, list[str]] = {}
        for key in dict.fromkeys(STORE_KEYS.values()):
            if get_current_worker().is_cancelled:
                return  # a newer read has started
            try:
                values[key] = self.reader.filter_values(key, VALUES_PER_KEY)
            except StoreError:
                values[key] = []  # completion without them; the filter still works
        self.post_message(FilterValues(values))

    @on(FilterValues)
    @while_running
    def _filter_values(self, message: FilterValues) -> None:
        self._bar().set_values(dict(message.values))

    @on(QueryBar.Submitted)
    def _bar_submitted(self, message: QueryBar.Submitted) -> None:
        try:
            self._bar_text(message)
        finally:
            self.release_keys("bar")  # (a new filter's rows or a search's row hold them on)

    def _bar_text(self, message: QueryBar.Submitted) -> None:
        bar = self._bar()
        if message.mode == "filter":
            try:
                f = parse_filter(message.text, IncidentFilter(include_merged=self.filter.include_merged))
            except FilterSyntaxError as exc:
                bar.show_error(str(exc))  # the text stays, to be put right
                return
            # The bar stays until the new rows are in (a page is a millisecond), and goes
            # in the handler that shows them: the screen is laid out once for the bar's
            # going and the new rows, not once for each (1M: ~25 ms a layout). The keys
            # typed meanwhile wait for the rows (hold_for_rows); a slow page closes it anyway.
            self._apply_filter(f)
            self._bar_closing = True
            self.set_timer(BAR_WAITS_FOR_ROWS, self._rows_arrived)
            return
        bar.close()
        self._back_to_list()
        text = message.text.strip()
        if not text:
            self.action_clear_search()
            return
        self.search_text = text
        self._find(None, False, None)

    def _rows_arrived(self) -> None:
        super()._rows_arrived()
        if self._bar_closing:
            self._bar_closing = False
            self._bar().close()
            self._back_to_list()

    @on(QueryBar.Cancelled)
    def _bar_cancelled(self, message: QueryBar.Cancelled) -> None:
        self._back_to_list()
        self.release_keys("bar")

    def _apply_filter(self, f: IncidentFilter) -> None:
        self.filter = f
        self.search_note = ""  # its place among the old filter's matches is moot
        self.hold_for_rows()
        self.reload()

    # ------------------------------------------------------------ search and jump

    def action_search(self) -> None:
        self._opening_bar()
        self._bar().open("search", self.search_text or "")

    def action_search_next(self) -> None:
        self._step(backwards=False)

    def action_search_previous(self) -> None:
        self._step(backwards=True)

    def _step(self, backwards: bool) -> None:
        if not self.search_text:
            self.notify("no search yet: / searches the list", timeout=3)
            return
        row = self.review_screen.query_one(IncidentList).current
        self._find(row.key if row else None, backwards, row.id if row else None)

    def _find(self, after: tuple[Any, int] | None, backwards: bool, current: str | None) -> None:
        text = self.search_text or ""
        self._finds += 1
        self._backwards = backwards
        self.search_note = f"/{text}: searching…"
        self._show_status()
        self.hold_for_rows()  # the keys typed next are for the row it lands on
        self.find_match(self._finds, self.filter, self.sort, text, after, backwards, current)

    @work(thread=True, group="find", exit_on_error=False)
    def find_match(
        self,
        seq: int,
        f: IncidentFilter,
        sort: Sort,
        text: str,
        after: tuple[Any, int] | None,
        backwards: bool,
        current: str | None,
    ) -> None:
        """The next match in the list's order, however far down (SQL, not the rows loaded),
        then which match it is: the jump does not wait for the count. On the reader's
        connection, which the jump's own reload does not interrupt."""
        try:
            found = self.reader.find_next(f, sort, text, after, backwards)
        except StoreError as exc:  # the store failed
            self.post_message(SearchFound(seq, text, None, current, str(exc)))
            return
        self.post_message(SearchFound(seq, text, found, current, None))
        if found is not None:
            with contextlib.suppress(StoreError):  # the note then says only where it went
                index, total = self.reader.place_of(f, sort, text, found.row)
                self.post_message(SearchPlaced(seq, index, total))

    @on(SearchFound)
    @while_running
    def _search_found(self, message: SearchFound) -> None:
        if message.seq != self._finds:
            return  # a newer search is running
        found, text = message.found, message.text
        self._placed_suffix = ""
        if message.error:
            self.search_note = f"/{text}: not searched ({message.error})"
        elif found is None:
            self.search_note = f"/{text}: {'no matches' if message.current is None else 'no more matches'}"
        else:
            if found.row.id == message.current:
                self._placed_suffix = " (no more matches)"
            elif found.wrapped:
                self._placed_suffix = " (from the bottom)" if self._backwards else " (from the top)"
            self.search_note = f"/{text}: match …{self._placed_suffix}"
            if found.row.id != message.current:
                self.reload(found.row.id, must_find=True)
                return
        self.release_keys("rows")  # the cursor stays where it is
        self._show_status()

    @on(SearchPlaced)
    @while_running
    def _search_placed(self, message: SearchPlaced) -> None:
        if message.seq != self._finds or not self.search_text:
            return
        self.search_note = f"/{self.search_text}: match {message.index + 1:,} of {message.total:,}{self._placed_suffix}"
        self._show_status()

    def action_clear_search(self) -> None:
        if self.search_text or self.search_note:
            self.search_text = None
            self.search_note = ""
            self._show_status()

    # ------------------------------------------------------------ the frequency view

    def action_frequency(self) -> None:
        """The column under the list's column cursor (h/l), when it has a frequency view;
        else the one the view was last on."""

        def picked(pick: Pick | None) -> None:
            if pick is None:
                return
            self.frequency_key = pick.key
            if pick.value is not None:
                self._apply_filter(with_value(self.filter, pick.key, pick.value))

        from incident_review.tui.frequency import FrequencyScreen

        listing = self.review_screen.query_one(IncidentList)
        placed = listing.columns.cursor(listing.size.width)
        key = FREQUENCY_OF.get(placed.column.key, self.frequency_key) if placed else self.frequency_key
        self.push_screen(FrequencyScreen(self.browse, self.filter, key), picked)

    # ------------------------------------------------------------ the header's counts per status

    def reload(self, keep_id: str | None = None, must_find: bool = False) -> None:
        super().reload(keep_id, must_find)
        if self.filter != self._counted_filter:  # (a sort or a jump keeps the counts)
            self._statuses_due = True

    def _first_page_shown(self, shown: IncidentFilter) -> None:
        """The counts per status start once the new filter's rows are drawn: over a
        million rows they take 0.3-0.4 s of CPU (a country filter: a table lookup per row
        for its status), which, started beside the first page, slowed the rows' Enter on 2
        cores (issue #16)."""
        super()._first_page_shown(shown)
        if self._statuses_due and shown == self.filter:
            self._statuses_due = False
            self.call_after_refresh(self._count_statuses)

    @on(Polled)
    @while_running
    def _recount_statuses(self, message: Polled) -> None:
        if message.changed:  # an edit, this analyst's or another's
            self._count_statuses()

    def _count_statuses(self) -> None:
        self._counted_filter = self.filter
        self._status_counts += 1
        self.count_statuses(self._status_counts, self.filter)

    @work(thread=True, group="status-counts", exit_on_error=False)
    def count_statuses(self, seq: int, f: IncidentFilter) -> None:
        try:
            counts: dict[str, int] | None = self.reader.status_counts(f)
        except StoreError:
            counts = None
        self.post_message(StatusCounted(seq, f, counts))

    @on(StatusCounted)
    @while_running
    def _status_counted(self, message: StatusCounted) -> None:
        if message.seq != self._status_counts:
            return  # a newer count is on its way
        if message.counts is None:
            self._counted_filter = None  # count again on the next reload
            return
        self.review_screen.query_one(StatusCounts).show(message.counts)
