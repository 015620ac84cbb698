"""The review app's thread side: every store read and write it makes, in Textual thread
workers, so that nothing on the event loop ever waits for SQLite.

The rule (tests/test_thread_rule.py): a worker takes its inputs as arguments, captured on
the event loop; it touches ``self`` only for the thread-safe store sessions and
``post_message``, and hands back its results as a message of tui/messages.py.

Two sessions on the same file, so that polling never waits behind a write: ``browse``
reads pages and incidents and makes every write (through the services); ``reader``
(``Browse.reader``: read-only, a connection and lock of its own) sees other analysts'
commits, counts and reads presence. A write worker waiting for another process's write
lock holds ``browse``'s connection lock in short tries; the list's pages wait for it
between tries, the poll does not wait at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual import work
from textual.worker import get_current_worker

from incident_review.core.errors import StoreError
from incident_review.core.model import Incident
from incident_review.core.query import IncidentFilter, ListRow, Sort
from incident_review.services import review
from incident_review.services.browse import BatchInfo, Browse
from incident_review.services.review import BulkSaved, Saved
from incident_review.services.selection import Span, filter_ids, span_ids
from incident_review.services.undo import Step
from incident_review.tui.incident_list import PAGE
from incident_review.tui.key_order import KeyOrder
from incident_review.tui.messages import (
    BatchesRead,
    BulkWritten,
    Counted,
    DetailLoaded,
    DetailsReadAhead,
    FirstPage,
    IdsSelected,
    IncidentForScreen,
    JumpFound,
    LeaseRenewed,
    NextUnreviewed,
    Polled,
    Reverted,
    SearchFailed,
    Toast,
    Written,
)
from incident_review.tui.writes import attempt

LEASE_SECONDS = 15.0  # a dead session's presence disappears within this


def release_in_background(browse: Browse, reader: Browse, session: str) -> asyncio.Event:
    """Release this session's presence and close the reader in a thread of their own; the
    event set when done. The app waits for it a moment on quit: another analyst's long
    write would hold the release up to the busy timeout, and an unreleased lease expires by
    itself (LEASE_SECONDS)."""
    loop = asyncio.get_running_loop()
    done = asyncio.Event()

    def release() -> None:
        with contextlib.suppress(StoreError):
            browse.release(session)
        if reader is not browse:
            reader.interrupt_counts()  # a poll's count in flight ends now
            with contextlib.suppress(StoreError):
                reader.close()
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits any more
            loop.call_soon_threadsafe(done.set)

    threading.Thread(target=release, name="release-presence", daemon=True).start()
    return done


def detail_of(browse: Browse, incident_id: str) -> DetailLoaded:
    """What the detail pane shows of ``incident_id``: it, and its first report."""
    inc = browse.get(incident_id)
    report = browse.report(inc.sources[0].report) if inc and inc.sources else None
    return DetailLoaded(incident_id, inc, report)


def landing_detail(browse: Browse, rows: Sequence[ListRow], keep_id: str | None) -> DetailLoaded | None:
    """The detail of the row a new page puts the cursor on (the kept one, else the first),
    for the page's message; None if it cannot be read now (the pane then loads it as the
    cursor's row)."""
    landing = keep_id if any(r.id == keep_id for r in rows) else rows[0].id if rows else None
    if landing is None:
        return None
    try:
        return detail_of(browse, landing)
    except StoreError:
        return None


class StoreWorkers(KeyOrder):
    """The thread workers of the review app (a base class: ReviewApp builds on it)."""

    def __init__(self, browse: Browse) -> None:
        super().__init__()
        self.browse = browse
        self.reader = browse.reader()

    # ------------------------------------------------------------ reads

    @work(thread=True, exclusive=True, group="reload")
    def read_first_page(self, reload: int, f: IncidentFilter, sort: Sort, keep_id: str | None, must_find: bool) -> None:
        """The first page under ``f`` (or the page holding ``keep_id``), then the count."""
        if not must_find:
            self.browse.interrupt_counts()  # an older filter's count is moot now
        try:
            rows = self.browse.page(f, sort, None, PAGE)
            at = 0
            if keep_id is not None and all(r.id != keep_id for r in rows):
                found = self.browse.position(f, sort, keep_id, PAGE)
                if found is not None:
                    at, rows = found
                elif must_find:
                    self.post_message(Toast(f"{keep_id} is not under the current filter (f changes it)", "warning"))
                    self.post_message(JumpFound(None))  # the list stays: the keys held for it go on
                    return
        except StoreError as exc:
            self.post_message(SearchFailed(str(exc)))
            return
        if must_find:
            self.browse.interrupt_counts()
        full = len(rows) == PAGE
        detail = landing_detail(self.browse, rows, keep_id)
        self.post_message(FirstPage(reload, f, sort, rows, at, keep_id, exact=not full, detail=detail))
        if full:
            if get_current_worker().is_cancelled:
                # A newer reload has started: interrupting a count that has not begun
                # yet does nothing, so a stale count would run and slow the new page.
                return
            try:
                total = self.browse.count(f)
            except StoreError:
                return  # interrupted by a newer filter
            self.post_message(Counted(reload, f, total))

    @work(thread=True, exclusive=True, group="detail")
    def read_detail(self, incident_id: str) -> None:
        self.post_message(detail_of(self.browse, incident_id))

    @work(thread=True, exclusive=True, group="read-ahead", exit_on_error=False)
    def read_ahead(self, generation: int, incident_ids: Sequence[str]) -> None:
        """The details of ``incident_ids`` for the cache (a store busy or closing: none,
        the cursor's move then reads its detail as it always could)."""
        details = []
        for incident_id in incident_ids:
            if get_current_worker().is_cancelled:
                break  # the cursor has moved on: a newer read-ahead wants other rows
            try:
                details.append(detail_of(self.browse, incident_id))
            except StoreError:
                break
        if details:
            self.post_message(DetailsReadAhead(generation, details))

    @work(thread=True, group="poll", exit_on_error=False)
    def poll(
        self,
        seq: int,
        last_version: int | None,
        f: IncidentFilter,
        visible: Sequence[str],
        session: str,
        forced: bool,
    ) -> None:
        """Has another connection committed since ``last_version``? Then count under ``f``
        and read who else has the ``visible`` rows open. ``forced`` (after this app's own
        write) counts whatever the version says, and takes the version that includes it."""
        try:
            version = self.reader.data_version()
        except StoreError:
            self.post_message(Polled(seq, None, False, forced, f, None, None))
            return
        changed = forced or (last_version is not None and version != last_version)
        total: int | None = None
        holders: dict[str, list[str]] | None = None
        if changed:
            with contextlib.suppress(StoreError):
                total = self.reader.count(f)
            with contextlib.suppress(StoreError):
                holders = self.reader.holders(visible, session)
        self.post_message(Polled(seq, version, changed, forced, f, total, holders))

    @work(thread=True, group="presence", exit_on_error=False)
    def hold_lease(self, session: str, analyst: str, incident_id: str | None, visible: Sequence[str]) -> None:
        holders: dict[str, list[str]] | None = None
        versions: tuple[int, int] | None = None
        try:
            # The store busy or read-only: presence is a hint, the next renewal retries.
            with contextlib.suppress(StoreError):
                # With the poll's data_version just before this lease commits and just
                # after: the app's next poll then does not take this session's own presence
                # for another analyst's change (a count and a redraw every renewal).
                versions = self.browse.hold(session, analyst, incident_id, LEASE_SECONDS, watcher=self.reader)
            with contextlib.suppress(StoreError):
                holders = self.reader.holders(visible, session)
        finally:  # whatever happens: the app renews only once the last renewal has answered
            self.post_message(LeaseRenewed(holders, versions))

    @work(thread=True, group="jump")
    def find_incident(self, incident_id: str, include_merged: bool) -> None:
        inc = self.browse.get(incident_id)
        if inc is not None and inc.merged_into and not include_merged:
            self.post_message(Toast(f"{inc.id} was merged into {inc.merged_into}", timeout=4))
            inc = self.browse.get(inc.merged_into)
        if inc is None:
            self.post_message(Toast(f"no incident {incident_id}", "warning"))
            self.post_message(JumpFound(None))
        else:
            self.post_message(JumpFound(inc.id))

    @work(thread=True, group="open")
    def read_for_screen(self, incident_id: str, screen: str) -> None:
        inc = self.browse.get(incident_id)
        if inc is not None:
            history = self.browse.history(inc.id) if screen == "history" else []
            self.post_message(IncidentForScreen(screen, inc, history))

    @work(thread=True, group="export")
    def export_yaml(self, path: Path, f: IncidentFilter, analyst: str) -> None:
        from incident_review.services.yaml_io import export_yaml_file

        def progress(n: int) -> None:
            if n % 1000 == 0:
                self.post_message(Toast(f"exporting… {n:,}/{total:,}", timeout=1))

        try:
            total = self.browse.count(f)
            count = export_yaml_file(self.browse.store, path, f, analyst, progress=progress)
        except (OSError, StoreError) as exc:  # a worker's exception would end the app
            self.post_message(Toast(f"export failed: {exc}", "error"))
            return
        self.post_message(Toast(f"exported {count:,} incident(s) to {path}"))

    # ------------------------------------------------------------ writes

    @work(thread=True, group="write")
    def save(self, incident_id: str, seen: Incident | None, change: Callable[[Incident], Saved], done: str) -> None:
        """Apply ``change`` (a services.review call) to the incident as the analyst saw it
        (``seen``, else as stored now): retried while the store is locked, the outcome a
        message. A failed save is a toast, never an exit."""
        inc = seen or self.browse.get(incident_id)
        if inc is None:
            return
        outcome = attempt(lambda: change(inc), lambda m: self.post_message(Toast(m, "warning", 2)))
        if not outcome.ok or outcome.value is None:
            self.post_message(Written(None, outcome.error or "not saved", done, incident_id))
        else:
            self.post_message(Written(outcome.value.batch, None, done, incident_id))

    @work(thread=True, group="write")
    def revert(self, step: Step, analyst: str, undo: bool, f: IncidentFilter, sort: Sort) -> None:
        """Undo (or redo: undo the undo) ``step``'s batch, reading what it did first (for
        the message), and then whether its incident is under ``f`` (the list jumps there)."""
        read: list[Step] = [step]

        def run() -> str:
            if read[0].done is None:
                read[0] = Step(step.batch, self.browse.batch_infos([step.batch]).get(step.batch))
            return review.undo(self.browse.store, step.batch, analyst)

        outcome = attempt(run, lambda m: self.post_message(Toast(m, "warning", 2)))
        done = read[0]
        shown = False
        if outcome.ok and done.target is not None:
            with contextlib.suppress(StoreError):
                shown = self.browse.position(f, sort, done.target, 1) is not None
        if not outcome.ok or outcome.value is None:
            self.post_message(Reverted(undo, done, None, outcome.error or "not saved", False))
        else:
            self.post_message(Reverted(undo, done, outcome.value, None, shown))

    @work(thread=True, group="write")
    def save_many(
        self,
        picked: dict[str, str],
        span: Span | None,
        write: Callable[[dict[str, str]], BulkSaved],
        done: str,
        repeat: tuple[str, str | None],
    ) -> None:
        """A bulk action (a services.review ``*_many`` call) on the selected rows: the
        picked ones and a visual range's, read here; one batch, retried while the store
        is locked, the outcome a message."""

        def run() -> BulkSaved:
            selected = dict(picked)
            if span is not None:
                for incident_id in span_ids(self.browse, span):
                    selected.setdefault(incident_id, span.since)
            return write(selected)

        outcome = attempt(run, lambda m: self.post_message(Toast(m, "warning", 2)))
        self.post_message(BulkWritten(outcome.value, outcome.error, done, repeat))

    # ------------------------------------------------------------ selection, undo list

    @work(thread=True, group="select", exit_on_error=False)
    def read_ids(self, f: IncidentFilter | None, span: Span | None, since: str, generation: int) -> None:
        """The ids of every row under ``f`` (``*``), or of a visual range's rows."""
        try:
            ids = filter_ids(self.browse, f) if f is not None else span_ids(self.browse, span) if span else []
        except StoreError as exc:
            self.post_message(Toast(f"not selected: {exc}", "error"))
            return
        self.post_message(IdsSelected(ids, since, generation))

    @work(thread=True, group="undo-list", exit_on_error=False)
    def read_batches(self, batches: list[str], open_list: bool) -> None:
        infos: dict[str, BatchInfo] = {}
        with contextlib.suppress(StoreError):  # the list then says "not read"
            infos = self.browse.batch_infos(batches)
        self.post_message(BatchesRead(infos, open_list))

    @work(thread=True, exclusive=True, group="next-unreviewed", exit_on_error=False)
    def find_unreviewed(self, f: IncidentFilter, sort: Sort, after: tuple[Any, int], after_id: str) -> None:
        """The first unreviewed row after the key ``after`` in the list's order."""
        found: str | None = None
        with contextlib.suppress(StoreError):
            rows = self.browse.page(replace(f, statuses=("unreviewed",)), sort, after, 1)
            found = rows[0].id if rows else None
        self.post_message(NextUnreviewed(found, after_id))

    @work(thread=True, group="export")
    def export_selected(self, path: Path, picked: list[str], span: Span | None, analyst: str) -> None:
        from incident_review.services.yaml_io import export_selected_yaml_file

        try:
            ids = list(picked)
            if span is not None:
                ids.extend(span_ids(self.browse, span))
            count = export_selected_yaml_file(self.browse.store, path, ids, analyst)
        except (OSError, StoreError) as exc:  # a worker's exception would end the app
            self.post_message(Toast(f"export failed: {exc}", "error"))
            return
        self.post_message(Toast(f"exported {count:,} selected incident(s) to {path}"))
