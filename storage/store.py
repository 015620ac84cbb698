"""The store: every read and write the CLI and the services make, as core objects.

A thin front over one module per concern (reports_store, incidents_store, audit,
presence, lists, staging, maintenance). Its methods are the storage layer's boundary:
each raises ``core.errors.StoreError`` (``StoreBusyError`` for a write lock held past the
busy timeout, ``StoreFullError`` for a full disk) where SQLite raised ``sqlite3.Error``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incident_review.core.errors import ConflictError, MergedAwayError, StoreAccessError
from incident_review.core.model import Incident, Report
from incident_review.core.query import IncidentFilter, ListRow, Sort
from incident_review.storage import maintenance
from incident_review.storage.audit import AuditEntry, AuditLog, BatchInfo
from incident_review.storage.db import Database
from incident_review.storage.errors import translated, translating, translating_iter
from incident_review.storage.finding import Found, Match
from incident_review.storage.incidents_store import Change, Incidents
from incident_review.storage.lists import Lists
from incident_review.storage.presence import Presence
from incident_review.storage.reports_store import Reports, StoredReports
from incident_review.storage.schema import SCHEMA_VERSION, migrate
from incident_review.storage.staging import Staging
from incident_review.storage.stamps import utc_now

if TYPE_CHECKING:
    from incident_review.core.reports import ReportInput  # (its date rules: only for an ingest)
    from incident_review.storage.duplicates import Duplicates

# Names the services, the CLI and the tests import from here.
__all__ = ["AuditEntry", "BatchInfo", "Change", "Found", "Match", "Store", "StoredReports", "reviewed_work", "utc_now"]

reviewed_work = maintenance.reviewed_work


class Store:
    @translating
    def __init__(
        self, path: str | Path, on_upgrade: Callable[[int, int], None] | None = None, read_only: bool = False
    ) -> None:
        """``read_only``: a store this user cannot write (its file, folder or mount), opened
        for reading (export, stats); it must already be at this version's schema."""
        self.database = Database(path, read_only=read_only)
        self.path = self.database.path
        if read_only:
            version = int(self.database.conn.execute("PRAGMA user_version").fetchone()[0])
            if version != SCHEMA_VERSION:
                self.database.close()
                raise StoreAccessError(
                    f"{path}: read-only store at schema version {version}, this "
                    f"incident-review reads {SCHEMA_VERSION}: open it once with write access"
                )
        else:
            migrate(self.database, on_upgrade)
        self._duplicates: Duplicates | None = None
        self._staging = Staging(self.database)
        self._audit = AuditLog(self.database)
        self._incidents = Incidents(self.database, self._staging, self._audit)
        self._reports = Reports(self.database, self._staging)
        self._presence = Presence(self.database)
        self._lists = Lists(self.database)
        # A killed ingest's invisible rows go with the next store opened (a read-only store
        # keeps them: they stay invisible).
        with contextlib.suppress(sqlite3.Error):
            self._staging.recover_abandoned()

    @property
    def duplicates(self) -> Duplicates:
        """Candidate pairs and decisions; imported on first use, since matching pulls in
        numpy and rapidfuzz, which the review TUI does not need to start."""
        if self._duplicates is None:
            from incident_review.storage.duplicates import Duplicates

            self._duplicates = Duplicates(self.database)
        return self._duplicates

    @property
    def last_batch(self) -> str | None:
        """The ``matching:`` counter of the last batch this store staged (its pairs to come)."""
        return self._staging.last_batch

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    @translating
    def close(self) -> None:
        self.database.close()

    @property
    def conn(self) -> sqlite3.Connection:
        """The raw connection, for tests and benchmarks: its errors are not translated."""
        return self.database.conn

    @translating
    def data_version(self) -> int:
        """Changes when another connection commits: cheap polling for live refresh."""
        return self.database.data_version()

    def interrupt_slow_reads(self) -> None:
        """Stop a running ``count`` (it raises StoreError): a newer filter made it moot."""
        self.database.interrupt_slow_reads()

    # ------------------------------------------------------------ reports

    @translating
    def known_hashes(self, hashes: Sequence[str]) -> set[str]:
        return self._reports.known_hashes(hashes)

    @translating
    def report(self, report_id: str) -> Report | None:
        return self._reports.report(report_id)

    @translating
    def ingest(
        self, items: Iterable[tuple[ReportInput, list[Incident]]], analyst: str, to_match: bool = False
    ) -> StoredReports:
        """Store reports and their extracted incidents, all or nothing (``Reports.ingest``)."""
        return self._reports.ingest(items, analyst, to_match)

    @translating
    def pending_matches(self) -> list[tuple[str, list[str]]]:
        return self._staging.pending_matches()

    @translating
    def matched(self, names: Sequence[str]) -> None:
        self._staging.matched(names)

    @translating
    def all_pending_matches(self) -> list[str]:
        return self._staging.all_pending_matches()

    @translating
    def recover_abandoned_ingests(self) -> list[str]:
        return self._staging.recover_abandoned()

    # ------------------------------------------------------------ incidents

    @translating
    def import_incidents(
        self, incidents: Iterable[Incident], analyst: str, origin: str, to_match: bool = False
    ) -> list[str]:
        return self._incidents.import_incidents(incidents, analyst, origin, to_match)

    @translating
    def import_and_revise(
        self,
        incidents: Sequence[Incident],
        revisions: Sequence[Change],
        analyst: str,
        origin: str,
        action: str,
        to_match: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[list[str], str | None]:
        """New incidents and saves of known ones, all or nothing; the new ids and the saves'
        batch. ``progress`` is told the size of each chunk of new incidents written."""
        return self._incidents.import_and_revise(incidents, revisions, analyst, origin, action, to_match, progress)

    @translating
    def dataset_rows(self, dataset: str) -> list[tuple[str, dt.date | None, str | None, str | None, str | None]]:
        """(id, date, country, admin1, merged_into) of the incidents imported from ``dataset``."""
        return self._incidents.dataset_rows(dataset)

    @translating
    def get(self, incident_id: str) -> Incident | None:
        found = self._incidents.get_many([incident_id])
        return found[0] if found else None

    @translating
    def get_many(self, ids: Sequence[str]) -> list[Incident]:
        return self._incidents.get_many(ids)

    @translating
    def save(self, changes: Sequence[Change], analyst: str, action: str, batch: str | None = None) -> str:
        """Write new states of incidents atomically, version-checked; the batch id."""
        return self._incidents.save(changes, analyst, action, batch)[0]

    @translating
    def save_changes(
        self, changes: Sequence[Change], analyst: str, action: str, batch: str | None = None
    ) -> tuple[str, list[Incident]]:
        """``save``, also returning the incidents as stored (new version, who, when)."""
        return self._incidents.save(changes, analyst, action, batch)

    @translating
    def save_some(
        self, changes: Sequence[Change], analyst: str, action: str
    ) -> tuple[str | None, list[Incident], list[ConflictError | MergedAwayError]]:
        """``save`` leaving out (and returning) the changes someone else's change made stale."""
        return self._incidents.save_some(changes, analyst, action)

    @translating
    def revert(self, batch: str, analyst: str, action: str = "undo") -> str:
        return self._incidents.revert(batch, analyst, action)

    # ------------------------------------------------------------ audit

    @translating
    def history(self, incident_id: str) -> list[AuditEntry]:
        return self._audit.history(incident_id)

    @translating
    def batch_entries(self, batch: str) -> list[AuditEntry]:
        return self._audit.batch_entries(batch)

    @translating
    def batch_infos(self, batches: Sequence[str]) -> dict[str, BatchInfo]:
        return self._audit.batch_infos(batches)

    @translating
    def changed_since(self, since: dict[str, str], analyst: str) -> dict[str, str]:
        return self._audit.changed_since(since, analyst)

    @translating
    def audit_entries(self, after_seq: int = 0) -> list[AuditEntry]:
        return self._audit.audit_entries(after_seq)

    # ------------------------------------------------------------ listing

    @translating
    def page(
        self, f: IncidentFilter, sort: Sort, after: tuple[Any, int] | None, limit: int, backwards: bool = False
    ) -> list[ListRow]:
        return self._lists.page(f, sort, after, limit, backwards)

    @translating
    def position(self, f: IncidentFilter, sort: Sort, incident_id: str, limit: int) -> tuple[int, list[ListRow]] | None:
        return self._lists.position(f, sort, incident_id, limit)

    @translating
    def count(self, f: IncidentFilter) -> int:
        return self._lists.count(f)

    @translating
    def ids(self, f: IncidentFilter, limit: int) -> list[str]:
        return self._lists.ids(f, limit)

    @translating_iter
    def iter_incidents(self, f: IncidentFilter, chunk: int = 1000) -> Iterator[Incident]:
        return self._lists.iter_incidents(f, chunk)

    @translating
    def frequencies(self, f: IncidentFilter, key: str, limit: int) -> list[tuple[str | None, int]]:
        return self._lists.frequencies(f, key, limit)

    @translating
    def status_counts(self, f: IncidentFilter) -> dict[str, int]:
        return self._lists.status_counts(f)

    @translating
    def distinct_values(self, key: str, limit: int) -> list[str]:
        return self._lists.distinct_values(key, limit)

    @translating
    def find(
        self, f: IncidentFilter, sort: Sort, text: str, after: tuple[Any, int] | None, backwards: bool = False
    ) -> Match | None:
        return self._lists.find(f, sort, text, after, backwards)

    @translating
    def find_next(
        self, f: IncidentFilter, sort: Sort, text: str, after: tuple[Any, int] | None, backwards: bool = False
    ) -> Found | None:
        return self._lists.find_next(f, sort, text, after, backwards)

    @translating
    def place_of(self, f: IncidentFilter, sort: Sort, text: str, row: ListRow) -> tuple[int, int]:
        return self._lists.place_of(f, sort, text, row)

    # ------------------------------------------------------------ presence

    @translating
    def hold(
        self,
        session: str,
        analyst: str,
        incident_id: str | None,
        seconds: float,
        watch: Callable[[], int] | None = None,
    ) -> tuple[int, int] | None:
        """``watch``: another connection's data_version, read just before this lease commits
        and just after (see Presence.hold)."""
        return self._presence.hold(session, analyst, incident_id, seconds, watch)

    @translating
    def release(self, session: str) -> None:
        self._presence.release(session)

    @translating
    def holders(self, ids: Sequence[str], exclude_session: str) -> dict[str, list[str]]:
        return self._presence.holders(ids, exclude_session)

    # ------------------------------------------------------------ the file

    @translating
    def backup(self, target: str | Path) -> None:
        maintenance.backup(self.database, target)

    @translating
    def integrity(self) -> str:
        return maintenance.integrity(self.database)

    @translating
    def stats(self) -> dict[str, Any]:
        return maintenance.stats(self.database)

    @translating
    def checkpoint(self) -> None:
        maintenance.checkpoint(self.database)


def install(built: Path, target: Path) -> None:
    """See ``maintenance.install``; its SQLite errors as StoreError."""
    with translated():
        maintenance.install(built, target)
