"""What a review session reads: the one read API of the TUI, over a store it never sees.

The TUI holds a ``Browse`` (the CLI's ``review`` command makes one from its store) and
reads through it: list pages, positions and counts, incidents and their reports, an
incident's history, who else has which incident open. Its writes go through the services
(``review``, ``duplicates``, ``yaml_io``), to which it hands ``store`` on. Every error is a
``core.errors.StoreError`` (``StoreBusyError`` when the store stayed locked), never sqlite3.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from incident_review.core.errors import StoreError
from incident_review.core.model import Incident, Report
from incident_review.core.query import IncidentFilter, ListRow, Sort
from incident_review.storage.store import AuditEntry, BatchInfo, Found, Match, Store

__all__ = ["AuditEntry", "BatchInfo", "Browse", "Found", "Match"]


class Browse:
    def __init__(self, store: Store) -> None:
        # For the services' write functions only: the TUI passes it on, never calls it.
        self.store = store

    @classmethod
    def open(cls, path: str | Path) -> Browse:
        """A session on the store at ``path`` (created and migrated as ``Store`` does)."""
        return cls(Store(path))

    def close(self) -> None:
        self.store.close()

    def reader(self) -> Browse:
        """A read-only session on the same file with a connection (and lock) of its own,
        for polling, so that a poll never waits behind this session's writes; this session
        itself when the store lives in memory (no other connection sees it) or cannot be
        opened read-only."""
        if self.store.path == ":memory:":
            return self
        try:
            return Browse(Store(self.store.path, read_only=True))
        except StoreError:
            return self

    # ------------------------------------------------------------ the list

    def page(
        self, f: IncidentFilter, sort: Sort, after: tuple[Any, int] | None, limit: int, backwards: bool = False
    ) -> list[ListRow]:
        """Up to ``limit`` rows under the filter after (or before) the keyset ``after``."""
        return self.store.page(f, sort, after, limit, backwards)

    def position(self, f: IncidentFilter, sort: Sort, incident_id: str, limit: int) -> tuple[int, list[ListRow]] | None:
        """The index of ``incident_id`` in the list and a page from it (None: filtered out)."""
        return self.store.position(f, sort, incident_id, limit)

    def count(self, f: IncidentFilter) -> int:
        """Rows under the filter; ``interrupt_counts`` stops it with a StoreError."""
        return self.store.count(f)

    def ids(self, f: IncidentFilter, limit: int) -> list[str]:
        """Up to ``limit`` ids under the filter, in insertion order."""
        return self.store.ids(f, limit)

    def interrupt_counts(self) -> None:
        """A newer filter made the running count moot."""
        self.store.interrupt_slow_reads()

    def data_version(self) -> int:
        """Changes when another connection commits: poll it to refresh what is shown."""
        return self.store.data_version()

    # ------------------------------------------------------------ incidents

    def get(self, incident_id: str) -> Incident | None:
        return self.store.get(incident_id)

    def get_many(self, ids: Sequence[str]) -> list[Incident]:
        """The incidents of ``ids`` that exist, in that order."""
        return self.store.get_many(ids)

    def report(self, report_id: str) -> Report | None:
        return self.store.report(report_id)

    def history(self, incident_id: str) -> list[AuditEntry]:
        """Every change to the incident, oldest first."""
        return self.store.history(incident_id)

    def batch_infos(self, batches: Sequence[str]) -> dict[str, BatchInfo]:
        """What each batch did and where, without its snapshots (for the undo list)."""
        return self.store.batch_infos(batches)

    def audit_entries(self, after_seq: int = 0) -> list[AuditEntry]:
        return self.store.audit_entries(after_seq)

    # ------------------------------------------------------------ presence

    def hold(
        self, session: str, analyst: str, incident_id: str | None, seconds: float, watcher: Browse | None = None
    ) -> tuple[int, int] | None:
        """This session has ``incident_id`` open for ``seconds`` more (renew to keep it).

        With ``watcher`` (a ``reader`` polling ``data_version``): its data_version just
        before this lease commits and just after. When the first is what the watcher last
        saw, the second is the version with nothing but this lease since: the poll need
        not take the session's own presence for another analyst's change."""
        return self.store.hold(session, analyst, incident_id, seconds, watcher.data_version if watcher else None)

    def release(self, session: str) -> None:
        self.store.release(session)

    def holders(self, ids: Sequence[str], exclude_session: str) -> dict[str, list[str]]:
        """Other live sessions' analysts on each of ``ids``."""
        return self.store.holders(ids, exclude_session)

    # ------------------------------------------------------------ facets and search

    def frequencies(self, f: IncidentFilter, key: str, limit: int) -> list[tuple[str | None, int]]:
        """The values of ``key`` (core/filter_text.py PICKABLE) under the filter with the
        incidents holding each, most first (None: no value); interrupted by a newer filter."""
        return self.store.frequencies(f, key, limit)

    def status_counts(self, f: IncidentFilter) -> dict[str, int]:
        """Incidents per status under the filter, its own status term left out."""
        return self.store.status_counts(f)

    def filter_values(self, key: str, limit: int) -> list[str]:
        """The values a filter key takes in the store (country, admin1, place, type, actor,
        outlet), in order: what the filter bar completes."""
        return self.store.distinct_values(key, limit)

    def find(
        self, f: IncidentFilter, sort: Sort, text: str, after: tuple[Any, int] | None, backwards: bool = False
    ) -> Match | None:
        """The next row of the list after the key ``after`` (or before it, ``backwards``)
        that shows ``text`` in a column (any case), wrapping round, with which match of how
        many it is; None: no row does. find_next and place_of in one."""
        return self.store.find(f, sort, text, after, backwards)

    def find_next(
        self, f: IncidentFilter, sort: Sort, text: str, after: tuple[Any, int] | None, backwards: bool = False
    ) -> Found | None:
        """The next row that shows ``text`` (a walk stopped at the first: fast when
        matches are common, a pass over the list when there is none)."""
        return self.store.find_next(f, sort, text, after, backwards)

    def place_of(self, f: IncidentFilter, sort: Sort, text: str, row: ListRow) -> tuple[int, int]:
        """Which match ``row`` is (from 0) and how many rows show ``text`` (one pass over
        the filter's rows)."""
        return self.store.place_of(f, sort, text, row)
