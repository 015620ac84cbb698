"""Keeping the screen in step with the store, on the event loop: the list under a filter
and sort, the detail pane, other analysts' commits (polled) and presence.

Each step starts a worker of tui/workers.py with its inputs captured here and applies the
message the worker posts back; nothing here calls SQLite once the app runs (the poll's
first data_version is read in __init__, before).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from textual import on
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker

from incident_review.core.errors import StoreError
from incident_review.core.filter_text import describe_filter
from incident_review.core.model import Incident, Report
from incident_review.core.query import IncidentFilter, ListRow, Sort
from incident_review.services.browse import Browse
from incident_review.tui.detail import DetailPane
from incident_review.tui.detail_cache import DetailCache
from incident_review.tui.incident_list import PAGE, Fetch, IncidentList
from incident_review.tui.messages import (
    Counted,
    DetailLoaded,
    DetailsReadAhead,
    FirstPage,
    LeaseRenewed,
    Polled,
    SearchFailed,
)
from incident_review.tui.status_bar import StatusBar
from incident_review.tui.workers import StoreWorkers

POLL_SECONDS = 1.0

A = TypeVar("A", bound="ListSync")
M = TypeVar("M", bound=Message)


def while_running(handler: Callable[[A, M], None]) -> Callable[[A, M], None]:
    """A message (a worker's answer, the list's news) that lands once the app is closing is
    dropped: its screens and widgets are going or gone."""

    @functools.wraps(handler)
    def guarded(self: A, message: M) -> None:
        if self.is_running:
            handler(self, message)

    return guarded


class ListSync(StoreWorkers):
    """The event-loop side of loading and refreshing (a base class of ReviewApp)."""

    def __init__(self, browse: Browse, analyst: str) -> None:
        super().__init__(browse)
        self.analyst = analyst
        self.filter = IncidentFilter()
        self.sort = Sort()
        self.incident: Incident | None = None  # as loaded for the detail pane
        self.session = uuid.uuid4().hex
        self.shown_filter: IncidentFilter | None = None  # the filter of the rows on screen
        self.shown_sort: Sort | None = None  # and their order
        self._counting = False
        self._reloads = 0  # reloads started
        self._keeping: tuple[int, str] | None = None  # the last reload that keeps a row, and the row
        self._shown_reload = 0  # the one whose rows are on screen: an older one's page is stale
        self._detail_wanted: str | None = None  # the incident the detail pane was last asked for
        self._polls = 0  # polls started
        self._poll_applied = 0  # the newest poll answered
        self._poll_running: Worker[None] | None = None  # the timer's poll worker, while it runs
        self._leasing = False
        self._lease_again = False
        self._rows_awaited: int | None = None  # the reload whose rows the held keys wait for
        self._detail_after_keys = False  # the detail pane's load waits for the held keys
        self._details = DetailCache()  # the rows beside the cursor, read ahead
        # Before the first page is read (on_mount), so no commit after it goes unseen. The
        # reader is a connection of its own: this never waits behind a write.
        self._data_version: int | None = None
        with contextlib.suppress(StoreError):
            self._data_version = self.reader.data_version()

    def _fetcher(self, f: IncidentFilter, sort: Sort) -> Fetch:
        """The list's page reader for the rows it shows, bound here on the event loop (the
        list calls it in its workers, which must not read the app's filter meanwhile)."""

        def fetch(after: tuple[Any, int] | None, limit: int, backwards: bool) -> list[ListRow]:
            return self.browse.page(f, sort, after, limit, backwards)

        return fetch

    @property
    def review_screen(self) -> Screen[Any]:
        """The screen of the list and the detail pane, under whatever screen or dialog is
        open over it: a worker's answer can land while the duplicates screen is open."""
        return self.screen_stack[0]

    def _current_id(self) -> str | None:
        row = self.review_screen.query_one(IncidentList).current
        return row.id if row else None

    def _visible_ids(self) -> list[str] | None:
        try:
            return self.review_screen.query_one(IncidentList).visible_ids()
        except (NoMatches, IndexError):
            return None  # the app is closing: its screen is already gone

    # ------------------------------------------------------------ loading

    def reload(self, keep_id: str | None = None, must_find: bool = False) -> None:
        """Show the first page under the filter at once, then count (in a worker): a
        keyset page costs a millisecond at any size, a count over a million rows does not.

        With ``keep_id`` the list opens on that incident wherever it stands (its index is
        one indexed count), so a sort, a filter change or another analyst's merge does not
        lose the analyst's place. With ``must_find`` (a jump) an incident the filter leaves
        out is reported and the list stays as it was."""
        self._reloads += 1
        if keep_id is not None and not must_find:
            self._keeping = (self._reloads, keep_id)
        self.read_first_page(self._reloads, self.filter, self.sort, keep_id, must_find)

    def hold_for_rows(self) -> None:
        """The keys typed next are for the rows of the reload about to start (a new filter,
        sort or jump): hold them until those rows show, so that a ``j`` typed right after
        the filter's Enter moves in the new rows instead of being reset to the first."""
        self._rows_awaited = self._reloads + 1
        self.hold_keys("rows")

    def _place(self) -> str | None:
        """The row a restart keeps: the one a reload still in flight goes to (an undo's
        incident), else the cursor's."""
        if self._keeping is not None and self._keeping[0] > self._shown_reload:
            return self._keeping[1]
        return self._current_id()

    @on(FirstPage)
    @while_running
    def _first_page(self, message: FirstPage) -> None:
        if message.reload < self._shown_reload:
            return  # a newer reload's rows are showing
        self._shown_reload = message.reload
        provisional = message.at + len(message.rows) + (0 if message.exact else 1)
        self._restart(
            provisional, message.keep_id, message.rows, message.exact, message.filter, message.at, message.sort
        )
        self._landed(message.detail)
        if self._rows_awaited is not None and message.reload >= self._rows_awaited:
            self._rows_awaited = None
            self._rows_arrived()
            self.release_keys("rows")
        self._first_page_shown(message.filter)

    def _landed(self, detail: DetailLoaded | None) -> None:
        """The detail read with the page, shown now if the cursor is on its row: drawn in
        the frame that draws the rows (else the cursor's Highlighted loads it, one worker
        and one frame later: 1M, a filter's Enter drew twice, ~20 ms each)."""
        row = self.review_screen.query_one(IncidentList).current
        if detail is None or row is None or row.id != detail.incident_id:
            return
        self._detail_wanted = detail.incident_id  # the Highlighted that follows: asked already
        self._show_detail(detail.incident, detail.report)
        self._read_ahead()

    def _rows_arrived(self) -> None:
        """The rows the held keys waited for are in (before those keys go on): what the
        action that asked for them finishes then (the filter bar closes)."""

    def _first_page_shown(self, shown: IncidentFilter) -> None:
        """A reload's rows are on the list (drawn at the next refresh): what waits for them."""

    def _restart(
        self,
        total: int,
        keep_id: str | None,
        first: list[ListRow],
        exact: bool,
        shown: IncidentFilter,
        at: int,
        sort: Sort,
    ) -> None:
        self.shown_filter = shown
        self.shown_sort = sort
        listing = self.review_screen.query_one(IncidentList)
        listing.fetch = self._fetcher(shown, sort)
        listing.set_sort(sort.column, sort.descending)
        listing.reset(total, keep_id, first, at)
        self._counting = not exact
        self._status(listing.cursor, total)
        if total == 0:
            self.review_screen.query_one(DetailPane).show(None, None)
            self._detail_wanted = None  # the next row highlighted is loaded, even the same one
        gc.freeze()  # long-lived rows and widgets: keep them out of GC passes

    @on(Counted)
    @while_running
    def _counted(self, message: Counted) -> None:
        if message.filter != self.filter:
            return  # a newer filter is showing
        self._counting = False
        self.review_screen.query_one(IncidentList).set_total(message.total)

    @on(SearchFailed)
    @while_running
    def _bad_search(self, message: SearchFailed) -> None:
        self.notify(f"search: {message.error}", severity="error")
        self.filter = replace(self.filter, search=None)
        self._rows_arrived()  # (the bar goes before the keys are let through)
        self.release_keys("rows")
        self.reload()

    # ------------------------------------------------------------ the detail pane

    def cursor_moved(self, row: ListRow | None, index: int, total: int) -> None:
        """The list's cursor is on ``row`` (at ``index`` of ``total``): the status bar says
        so, and the detail pane shows it (at once when read ahead, else once read)."""
        if not self.is_running:
            return
        self._status(index, total)
        if row is None or row.id == self._detail_wanted:
            return
        ahead = None if self.keys_held() else self._details.get(row.id)
        if ahead is None:
            self.call_later(self._detail_of_cursor)
        else:
            self._show_read_ahead(ahead)

    def _detail_of_cursor(self) -> None:
        """Load the detail of the row under the cursor. Called after the keys already
        waiting (call_later), and after those held in order (tui/key_order.py: once they
        are handed on), so keys that outrun the screen (a held j, a burst) load and draw
        only the incident they stop on, not one per key."""
        if not self.is_running:
            return  # the app is closing: its screen is going
        if self.keys_held():
            self._detail_after_keys = True
            return
        row = self.review_screen.query_one(IncidentList).current
        if row is None or row.id == self._detail_wanted:
            return  # asked already
        ahead = self._details.get(row.id)
        if ahead is None:
            self._detail_wanted = row.id
            self.read_detail(row.id)
        else:
            self._show_read_ahead(ahead)

    def _show_read_ahead(self, ahead: DetailLoaded) -> None:
        """Show a detail read ahead (drawn in the frame of the move), and read its neighbours."""
        self._detail_wanted = ahead.incident_id
        self._show_detail(ahead.incident, ahead.report)
        self._read_ahead()

    def keys_drained(self) -> None:
        if self._detail_after_keys:
            self._detail_after_keys = False
            self.call_later(self._detail_of_cursor)

    @while_running
    def on_incident_list_opened(self, message: IncidentList.Opened) -> None:
        self.review_screen.query_one(DetailPane).focus()

    def load_detail(self, incident_id: str) -> None:
        """Read ``incident_id``'s detail again: called when the store may have changed (a
        write, another analyst's commit, a pane closed), so the details read ahead go too."""
        self._details.clear()
        self._detail_wanted = incident_id
        self.read_detail(incident_id)

    @on(DetailLoaded)
    @while_running
    def _detail_loaded(self, message: DetailLoaded) -> None:
        if message.incident_id == self._detail_wanted:  # else the cursor has moved on
            self._show_detail(message.incident, message.report)
            self._read_ahead()

    def _read_ahead(self) -> None:
        """Read the details of the rows just above and below the cursor, if not yet read."""
        listing = self.review_screen.query_one(IncidentList)
        ids = [row.id for row in (listing.row_at(listing.cursor + 1), listing.row_at(listing.cursor - 1)) if row]
        wanted = [i for i in ids if i not in self._details]
        if wanted:
            self.read_ahead(self._details.generation, wanted)

    @on(DetailsReadAhead)
    @while_running
    def _details_read_ahead(self, message: DetailsReadAhead) -> None:
        for detail in message.details:
            self._details.put(message.generation, detail)

    def _show_detail(self, inc: Incident | None, report: Report | None) -> None:
        changed = (inc.id if inc else None) != (self.incident.id if self.incident else None)
        self.incident = inc
        self.review_screen.query_one(DetailPane).show(inc, report)
        if changed:
            self._renew_lease()

    def _status(self, index: int, total: int) -> None:
        shown = f"{PAGE}+ (counting…)" if self._counting else f"{total:,}"
        parts = [f"{index + 1 if total else 0}/{shown}", *self._status_notes()]
        described = describe_filter(self.filter)  # as the filter bar reads it
        if described:
            parts.append("filter: " + described)
        parts.append(f"sort: {self.sort.column}{' ↓' if self.sort.descending else ''}")
        parts.append(f"analyst: {self.analyst}")
        self.review_screen.query_one(StatusBar).show("  ·  ".join(parts))

    def _status_notes(self) -> list[str]:
        """What the app's actions add to the status line after the position ("20 selected")."""
        return []

    # ------------------------------------------------------------ other analysts' changes

    def _poll(self, forced: bool = False) -> None:
        """Every POLL_SECONDS: has another analyst committed? Then refresh the rows in view
        and the open incident. ``forced``: after this app's own write (it counts anyway)."""
        if not forced and self._poll_running is not None and not self._poll_running.is_finished:
            return  # the last poll is still counting
        visible = self._visible_ids()
        if visible is None:
            return
        self._polls += 1
        worker = self.poll(self._polls, self._data_version, self.filter, visible, self.session, forced)
        if not forced:
            self._poll_running = worker

    @on(Polled)
    @while_running
    def _polled(self, message: Polled) -> None:
        if message.seq < self._poll_applied:
            return  # a newer poll has answered already
        self._poll_applied = message.seq
        if message.version is not None:
            self._data_version = message.version
        if not message.changed:
            return
        self._details.clear()  # read before another analyst's commit (or this app's write)
        if message.holders is not None:
            self._show_holders(message.holders)
        if message.total is not None and message.filter == self.filter:
            self._recounted(message.total)
        if not message.forced and self.incident is not None:
            self.load_detail(self.incident.id)

    def _after_change(self) -> None:
        """This app wrote (or was refused on someone else's change): count and reload now."""
        self._poll(forced=True)
        if self.incident is not None:
            self.load_detail(self.incident.id)

    def _recounted(self, total: int) -> None:
        """After a change: same number of rows -> refresh them in place; else restart the
        list on the same incident (a merge, unmerge or status change under a filter)."""
        listing = self.review_screen.query_one(IncidentList)
        if self._counting:
            return  # the first count has not arrived yet; it will
        if total == listing.total:
            listing.refresh_rows()
        else:
            self.reload(self._place())

    # ------------------------------------------------------------ presence

    def _renew_lease(self) -> None:
        """Write this session's presence on the open incident (every LEASE_SECONDS / 3 and
        when the incident changes), then show who else has the rows in view open."""
        if self._leasing:
            self._lease_again = True  # once the renewal in flight is done (a store busy for long)
            return
        visible = self._visible_ids()
        if visible is None:
            return
        self._leasing = True
        self.hold_lease(self.session, self.analyst, self.incident.id if self.incident else None, visible)

    @on(LeaseRenewed)
    @while_running
    def _lease_renewed(self, message: LeaseRenewed) -> None:
        self._leasing = False
        if message.versions is not None and message.versions[0] == self._data_version:
            self._data_version = message.versions[1]  # nothing but this write since the last poll
        if message.holders is not None:
            self._show_holders(message.holders)
        if self._lease_again:
            self._lease_again = False
            self._renew_lease()

    def _show_holders(self, holders: dict[str, list[str]]) -> None:
        shown = {k: ",".join(v) for k, v in holders.items()}
        listing = self.review_screen.query_one(IncidentList)
        if shown != listing.holders:
            listing.holders = shown
            listing.refresh()
