"""The store: every read and write the CLI and the TUI make, as core objects."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incident_review.core import snapshot
from incident_review.core.errors import ConflictError, InputError, MergedAwayError, StoreAccessError
from incident_review.core.model import Incident, Report, format_incident_id
from incident_review.core.query import IncidentFilter, ListRow, Sort
from incident_review.core.reports import ReportInput
from incident_review.storage import incident_rows, listing
from incident_review.storage.db import Database, create_shared_file
from incident_review.storage.schema import SCHEMA_VERSION, migrate

if TYPE_CHECKING:
    from incident_review.storage.duplicates import Duplicates


STAGED = "~ingest:"  # merged_into (incidents) / ingested_by (reports) of an unfinished ingest's rows
CHUNK_SECONDS = 0.25  # target length of each ingest write transaction (the lock is free between)
CHUNK_PAUSE = 0.04  # seconds the lock stays free between two chunks
MAX_INCIDENT_NUMBER = 10**15  # counters stay integers (SQLite turns values past 2**63 into floats)
INGEST_LEASE_SECONDS = 120.0  # a staging ingest renews this every chunk; past it, its rows are abandoned
# A batch whose incidents are stored but not yet matched is a ``matching:<batch>:<host>:<pid>``
# counter (value: when it was flipped); another host's is taken as dead after this long.
MATCH_LEASE_SECONDS = 3600
MATCHING = "matching:"


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class IngestResult:
    new_reports: list[str]
    known_reports: list[str]  # already in the store (same content hash): skipped
    incident_ids: list[str]
    duplicate_pairs: int = 0  # candidate pairs the new incidents form with the store


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    analyst: str
    incident_id: str | None
    action: str
    batch: str
    before: Incident | None
    after: Incident | None


@dataclass(frozen=True)
class Change:
    """A new state for an incident, based on the version the analyst saw."""

    incident: Incident
    base_version: int


class Store:
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
        # The ``matching:`` counter of the last batch this store staged (its pairs to come).
        self.last_batch: str | None = None
        # A killed ingest's invisible rows go with the next store opened (a read-only store
        # keeps them: they stay invisible).
        with contextlib.suppress(sqlite3.Error):
            self.recover_abandoned_ingests()

    @property
    def duplicates(self) -> Duplicates:
        """Candidate pairs and decisions; imported on first use, since matching pulls in
        numpy and rapidfuzz, which the review TUI does not need to start."""
        if self._duplicates is None:
            from incident_review.storage.duplicates import Duplicates

            self._duplicates = Duplicates(self.database)
        return self._duplicates

    def close(self) -> None:
        self.database.close()

    @property
    def conn(self) -> sqlite3.Connection:
        return self.database.conn

    # ------------------------------------------------------------ reports

    def known_hashes(self, hashes: Sequence[str]) -> set[str]:
        with self.database.lock:
            found: set[str] = set()
            for i in range(0, len(hashes), 500):
                chunk = hashes[i : i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(
                    r[0]
                    for r in self.conn.execute(
                        f"SELECT content_hash FROM reports WHERE content_hash IN ({marks})", chunk
                    )
                )
            return found

    def report(self, report_id: str) -> Report | None:
        with self.database.lock:
            row = self.conn.execute(
                "SELECT id, text, outlet, url, published, title, ingested_at, ingested_by FROM reports WHERE id = ?",
                (report_id,),
            ).fetchone()
        if row is None:
            return None
        published = dt.date.fromisoformat(row[4]) if row[4] else None
        return Report(row[0], row[1], row[2], row[3], published, row[5], row[6], row[7])

    def ingest(
        self, items: Sequence[tuple[ReportInput, list[Incident]]], analyst: str, to_match: bool = False
    ) -> IngestResult:
        """Store reports and their extracted incidents: all or nothing, in short transactions.

        A big ingest in one transaction held the store's write lock for tens of seconds, past
        every other analyst's busy timeout. So it is staged (see ``_staged``): chunks sized to
        commit in about CHUNK_SECONDS each write the rows marked as this batch's (incidents
        with ``merged_into`` = STAGED + batch, which every reader of live incidents -- the
        list, counts, exports, matching, stats -- already leaves out; reports ``ingested_by``
        the mark), then one short final transaction flips the marks, and only then do the
        incidents appear.

        Incident ids are assigned here; the incidents' ``id`` fields are ignored. ``to_match``:
        the caller matches the batch next (see ``_staged``)."""
        result = IngestResult([], [], [])
        now = utc_now()
        seen: set[str] = set()

        def stage(conn: sqlite3.Connection, chunk: Sequence[Any], batch: str) -> list[str]:
            return self._stage_chunk(conn, chunk, seen, result, now, analyst, batch, STAGED + batch)

        def flip(conn: sqlite3.Connection, batch: str, first_rowid: int) -> None:
            conn.execute(
                "UPDATE reports SET ingested_by = ? WHERE rowid >= ? AND ingested_by = ?",
                (analyst, first_rowid, STAGED + batch),
            )

        result.incident_ids.extend(self._staged(list(items), analyst, stage, flip=flip, to_match=to_match))
        return result

    def _staged(
        self,
        items: Iterable[Any],
        analyst: str,
        stage: Callable[[sqlite3.Connection, Sequence[Any], str], list[str]],
        setup: Callable[[sqlite3.Connection], None] | None = None,
        flip: Callable[[sqlite3.Connection, str, int], None] | None = None,
        to_match: bool = False,
    ) -> list[str]:
        """Write ``items`` a chunk per short transaction, hidden until one final flip.

        ``stage`` writes a chunk's rows (incidents with ``merged_into`` = the batch's mark)
        and returns their ids; ``setup`` runs in the first transaction, ``flip`` in the last.
        ``items`` is read a chunk at a time, between transactions: an iterator (a file being
        parsed) is never held whole, and an error it raises discards the batch as any other.
        A failure discards the batch's rows; a crash (kill -9) leaves them invisible, with a
        ``staging:<batch>`` counter and a lease (a presence row renewed every chunk, naming
        host and pid) that lapses: the next store opened removes them
        (``recover_abandoned_ingests``), at once when that pid is gone from this host.

        ``to_match``: the caller matches the batch next, so the flip marks it as still to be
        matched (``last_batch``; see ``pending_matches``). Callers that never match (the
        benchmarks' synthetic stores) leave it off, or every later ingest would match them."""
        self.recover_abandoned_ingests()
        batch = _batch()
        mark = STAGED + batch
        staged_ids: list[str] = []
        try:
            with self.database.write() as conn:
                first_rowid = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM reports").fetchone()[0]
                conn.execute("INSERT INTO counters (name, value) VALUES (?, ?)", (f"staging:{batch}", first_rowid))
                self._lease(conn, batch, analyst)
                if setup is not None:
                    setup(conn)
            source = iter(items)
            size = 16
            chunk = list(itertools.islice(source, size))
            while chunk:
                began = time.perf_counter()
                with self.database.write() as conn:
                    self._lease(conn, batch, analyst)
                    staged_ids.extend(stage(conn, chunk, batch))
                took = time.perf_counter() - began
                # Size the next chunk to take about CHUNK_SECONDS at the pace just measured.
                size = max(1, min(size * 4, int(len(chunk) * CHUNK_SECONDS / max(took, 1e-4))))
                chunk = list(itertools.islice(source, size))
                # A gap with the lock free: SQLite's busy handler (other processes) polls
                # every 100 ms at most, so back-to-back chunks could starve their writes.
                if chunk:
                    time.sleep(CHUNK_PAUSE)
            with self.database.write() as conn:
                flipped = conn.execute(
                    "UPDATE incidents SET merged_into = NULL WHERE merged_into = ?", (mark,)
                ).rowcount
                if flipped != len(staged_ids):
                    raise RuntimeError(
                        f"batch {batch}: {len(staged_ids) - flipped} staged incident(s) were removed "
                        "meanwhile (this command was paused past its lease); nothing was stored"
                    )
                if flip is not None:
                    flip(conn, batch, first_rowid)
                # In the same transaction as the flip: the incidents appear together with a
                # note that they still have to be matched, which the matching phase removes
                # when its pairs are stored. A kill -9 in between leaves the note, and the
                # next ingest, import or duplicates run matches them (``pending_matches``).
                pending = f"{MATCHING}{batch}:{socket.gethostname()}:{os.getpid()}"
                if staged_ids and to_match:
                    conn.execute("INSERT INTO counters (name, value) VALUES (?, ?)", (pending, int(time.time())))
                conn.execute("DELETE FROM counters WHERE name = ?", (f"staging:{batch}",))
                conn.execute("DELETE FROM presence WHERE session = ?", (self._lease_name(batch),))
        except BaseException:
            with contextlib.suppress(sqlite3.Error):  # else the next store opened removes them
                self._discard_batch(batch)
            raise
        self.last_batch = pending if staged_ids and to_match else None
        return staged_ids

    def pending_matches(self) -> list[tuple[str, list[str]]]:
        """Batches stored but never matched, because the command that stored them died
        (kill -9, a crash) in its matching phase: each ``matching:`` counter with its
        incident ids. A batch whose process still runs (this host) or that is younger than
        MATCH_LEASE_SECONDS (another host's) is left to that process."""
        with self.database.lock:
            rows = self.conn.execute("SELECT name, value FROM counters WHERE name LIKE ?", (MATCHING + "%",)).fetchall()
        out: list[tuple[str, list[str]]] = []
        for name, since in rows:
            if _process_may_run(name) and not (_on_other_host(name) and since < time.time() - MATCH_LEASE_SECONDS):
                continue
            batch = name.split(":")[1]
            with self.database.lock:
                ids = [
                    r[0]
                    for r in self.conn.execute(
                        "SELECT incident_id FROM audit WHERE batch = ? AND action IN ('ingest', 'import') "
                        "AND incident_id IS NOT NULL ORDER BY seq",
                        (batch,),
                    )
                ]
            out.append((name, ids))
        return out

    def matched(self, names: Sequence[str]) -> None:
        """The batches' pairs are stored: forget that they were to be matched."""
        if names:
            with self.database.write() as conn:
                conn.executemany("DELETE FROM counters WHERE name = ?", [(n,) for n in names])

    def all_pending_matches(self) -> list[str]:
        """Every ``matching:`` counter, running or not (a full rebuild covers them all)."""
        with self.database.lock:
            return [r[0] for r in self.conn.execute("SELECT name FROM counters WHERE name LIKE ?", (MATCHING + "%",))]

    @staticmethod
    def _lease_name(batch: str) -> str:
        return f"ingest:{batch}:{socket.gethostname()}:{os.getpid()}"

    def _lease(self, conn: sqlite3.Connection, batch: str, analyst: str) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO presence VALUES (?,?,NULL,?)",
            (self._lease_name(batch), analyst, time.time() + INGEST_LEASE_SECONDS),
        )

    def _stage_chunk(
        self,
        conn: sqlite3.Connection,
        chunk: Sequence[tuple[ReportInput, list[Incident]]],
        seen: set[str],
        result: IngestResult,
        now: str,
        analyst: str,
        batch: str,
        mark: str,
    ) -> list[str]:
        report_rows: list[tuple[Any, ...]] = []
        stored: list[Incident] = []
        for report, incidents in chunk:
            h = report.content_hash
            exists = conn.execute("SELECT 1 FROM reports WHERE content_hash = ?", (h,)).fetchone()
            if exists or h in seen:
                result.known_reports.append(report.report_id)
                continue
            seen.add(h)
            report_rows.append(
                (
                    report.report_id,
                    h,
                    report.outlet,
                    report.url,
                    report.published.isoformat() if report.published else None,
                    report.title,
                    report.text,
                    now,
                    mark,
                )
            )
            result.new_reports.append(report.report_id)
            first = self._reserve_ids(conn, len(incidents))
            stored.extend(
                _created(inc, now, analyst, format_incident_id(first + offset)) for offset, inc in enumerate(incidents)
            )
        last_rowid = conn.execute("SELECT coalesce(max(rowid), 0) FROM reports").fetchone()[0]
        conn.executemany(
            "INSERT INTO reports (id, content_hash, outlet, url, published, title, text, ingested_at, "
            "ingested_by) VALUES (?,?,?,?,?,?,?,?,?)",
            report_rows,
        )
        # One statement indexes the new reports (see migration 4).
        conn.execute(
            "INSERT INTO reports_fts (rowid, title, text) SELECT rowid, title, text FROM reports WHERE rowid > ?",
            (last_rowid,),
        )
        _insert_hidden(conn, stored, mark)
        self._audit_new(conn, now, analyst, "ingest", batch, stored)
        return [inc.id for inc in stored]

    def _discard_batch(self, batch: str) -> None:
        """Remove every row an unfinished ingest staged, a chunk per transaction (they are
        invisible meanwhile, so removing them piecemeal shows nobody half a batch)."""
        mark = STAGED + batch
        while True:
            with self.database.write() as conn:
                row = conn.execute("SELECT value FROM counters WHERE name = ?", (f"staging:{batch}",)).fetchone()
                ids = [r[0] for r in conn.execute("SELECT id FROM incidents WHERE merged_into = ? LIMIT 2000", (mark,))]
                if ids:
                    marks = ",".join("?" * len(ids))
                    conn.execute(f"DELETE FROM incidents WHERE id IN ({marks})", ids)  # children cascade
                    conn.execute(f"DELETE FROM audit WHERE batch = ? AND incident_id IN ({marks})", [batch, *ids])
                    continue
                first_rowid = row[0] if row else 0
                conn.execute("DELETE FROM reports WHERE rowid >= ? AND ingested_by = ?", (first_rowid, mark))
                conn.execute("DELETE FROM counters WHERE name = ?", (f"staging:{batch}",))
                conn.execute("DELETE FROM presence WHERE session LIKE ?", (f"ingest:{batch}:%",))
                return

    def recover_abandoned_ingests(self) -> list[str]:
        """Remove the staged rows of ingests and imports that died; their batch ids.

        A batch is abandoned when its lease lapsed, or at once when the lease names this host
        and a pid that no longer runs (a kill -9 is then cleaned up by the next command)."""
        with self.database.lock:
            batches = [
                r[0].removeprefix("staging:")
                for r in self.conn.execute("SELECT name FROM counters WHERE name LIKE 'staging:%'")
            ]
            if not batches:
                return []
            leases = self.conn.execute(
                "SELECT session, expires_at FROM presence WHERE session LIKE 'ingest:%'"
            ).fetchall()
        live = {
            session.split(":")[1] for session, expires in leases if expires >= time.time() and _process_may_run(session)
        }
        abandoned = [b for b in batches if b not in live]
        for batch in abandoned:
            self._discard_batch(batch)
        return abandoned

    # ------------------------------------------------------------ incidents

    def _reserve_ids(self, conn: sqlite3.Connection, n: int) -> int:
        """First number of ``n`` fresh incident numbers."""
        row = conn.execute("UPDATE counters SET value = value + ? WHERE name = 'incident' RETURNING value", (n,))
        return int(row.fetchone()[0]) - n + 1

    def import_incidents(
        self, incidents: Iterable[Incident], analyst: str, origin: str, to_match: bool = False
    ) -> list[str]:
        """Insert incidents keeping their ids; any id already in the store aborts the import.

        All or nothing in short transactions, as ``ingest`` (see ``_staged``); imported
        incidents that are themselves merged away get their ``merged_into`` back in the flip.
        ``incidents`` may be an iterator (a file being read): it is consumed a chunk at a
        time, so only the ids stay in memory.

        Imported id numbers are reserved in the counter (so the store's own numbering
        continues after them): a sequence's all at once, before anything is written; an
        iterator's a chunk at a time, so an ingest running meanwhile may take a number a
        later chunk holds, which then fails the import as a clash (nothing of it stays)."""
        now = utc_now()
        merged: list[tuple[str, str]] = []

        def setup(conn: sqlite3.Connection) -> None:
            if isinstance(incidents, Sequence):
                _reserve(conn, incidents, origin)

        def stage(conn: sqlite3.Connection, chunk: Sequence[Any], batch: str) -> list[str]:
            _reserve(conn, chunk, origin)
            merged.extend((inc.merged_into, inc.id) for inc in chunk if inc.merged_into)
            ids = [inc.id for inc in chunk]
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                marks = ",".join("?" * len(part))
                clash = conn.execute(f"SELECT id FROM incidents WHERE id IN ({marks}) LIMIT 1", part).fetchone()
                if clash:
                    raise InputError(origin, f"incident {clash[0]}", "id already exists in the store")
            stored = [_created(inc, now, analyst, inc.id) for inc in chunk]
            _insert_hidden(conn, stored, STAGED + batch)
            self._audit_new(conn, now, analyst, "import", batch, stored)
            return ids

        def flip(conn: sqlite3.Connection, batch: str, first_rowid: int) -> None:
            conn.executemany("UPDATE incidents SET merged_into = ? WHERE id = ?", merged)

        return self._staged(incidents, analyst, stage, setup, flip, to_match)

    def get(self, incident_id: str) -> Incident | None:
        found = self.get_many([incident_id])
        return found[0] if found else None

    def get_many(self, ids: Sequence[str]) -> list[Incident]:
        with self.database.read() as conn:
            return incident_rows.load(conn, ids)

    def save(self, changes: Sequence[Change], analyst: str, action: str, batch: str | None = None) -> str:
        """Write new states of one or more incidents atomically.

        Every incident's stored version must still be the one its change was based on;
        otherwise nothing is written and ConflictError names who changed it."""
        now = utc_now()
        batch = batch or _batch()
        with self.database.write() as conn:
            for change in changes:
                row = conn.execute(
                    "SELECT version, updated_by, merged_into FROM incidents WHERE id = ?", (change.incident.id,)
                ).fetchone()
                if row is None or row[0] != change.base_version:
                    raise ConflictError(
                        change.incident.id, change.base_version, row[0] if row else None, row[1] if row else None
                    )
                # Checked with the version, inside the same write transaction: an incident
                # merged away takes no edits (they would vanish from exports and block the
                # unmerge); only a change that brings it back (unmerge, undo) may touch it.
                if row[2] is not None and change.incident.merged_into == row[2]:
                    raise MergedAwayError(change.incident.id, row[2])
            befores = {inc.id: inc for inc in incident_rows.load(conn, [c.incident.id for c in changes])}
            for change in changes:
                after = replace(change.incident, version=change.base_version + 1, updated_at=now, updated_by=analyst)
                incident_rows.update(conn, after)
                self._audit(conn, now, analyst, after.id, action, batch, befores[after.id], after)
        return batch

    # ------------------------------------------------------------ audit, undo

    def _audit(
        self,
        conn: sqlite3.Connection,
        at: str,
        analyst: str,
        incident_id: str | None,
        action: str,
        batch: str,
        before: Incident | None,
        after: Incident | None,
    ) -> None:
        conn.execute(
            "INSERT INTO audit (at, analyst, incident_id, action, batch, before, after) VALUES (?,?,?,?,?,?,?)",
            (
                at,
                analyst,
                incident_id,
                action,
                batch,
                snapshot.to_json(before) if before else None,
                snapshot.to_json(after) if after else None,
            ),
        )

    def _audit_new(
        self, conn: sqlite3.Connection, at: str, analyst: str, action: str, batch: str, created: Sequence[Incident]
    ) -> None:
        conn.executemany(
            "INSERT INTO audit (at, analyst, incident_id, action, batch, before, after) VALUES (?,?,?,?,?,NULL,?)",
            [(at, analyst, inc.id, action, batch, snapshot.to_json(inc)) for inc in created],
        )

    def history(self, incident_id: str) -> list[AuditEntry]:
        return self._entries("WHERE incident_id = ? ORDER BY seq", (incident_id,))

    def batch_entries(self, batch: str) -> list[AuditEntry]:
        return self._entries("WHERE batch = ? ORDER BY seq", (batch,))

    def audit_entries(self, after_seq: int = 0) -> list[AuditEntry]:
        return self._entries("WHERE seq > ? ORDER BY seq", (after_seq,))

    def _entries(self, where: str, params: tuple[Any, ...]) -> list[AuditEntry]:
        with self.database.lock:
            rows = self.conn.execute(
                f"SELECT seq, at, analyst, incident_id, action, batch, before, after FROM audit {where}", params
            ).fetchall()
        return [
            AuditEntry(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                snapshot.from_json(r[6]) if r[6] else None,
                snapshot.from_json(r[7]) if r[7] else None,
            )
            for r in rows
        ]

    def revert(self, batch: str, analyst: str, action: str = "undo") -> str:
        """Put every incident a batch touched back as it was before it (undo).

        Each incident must still be as the batch left it, so an undo never erases a later
        change by someone else; the undo itself is a new batch, which can be reverted (redo)."""
        entries = self.batch_entries(batch)
        if not entries:
            raise KeyError(batch)
        before_of: dict[str, Incident | None] = {}
        version_of: dict[str, int] = {}
        for entry in entries:
            if entry.incident_id is None or entry.after is None:
                continue
            # The first entry per incident holds the state before the batch, the last one
            # the version the batch left.
            before_of.setdefault(entry.incident_id, entry.before)
            version_of[entry.incident_id] = entry.after.version
        changes = []
        for incident_id, before in before_of.items():
            if before is None:
                raise ValueError(f"{incident_id} was created by that action; delete is not an undo")
            changes.append(Change(before, version_of[incident_id]))
        return self.save(changes, analyst, action)

    # ------------------------------------------------------------ listing

    def page(
        self, f: IncidentFilter, sort: Sort, after: tuple[Any, int] | None, limit: int, backwards: bool = False
    ) -> list[ListRow]:
        with self.database.lock:
            return listing.page(self.conn, f, sort, after, limit, backwards)

    def position(self, f: IncidentFilter, sort: Sort, incident_id: str, limit: int) -> tuple[int, list[ListRow]] | None:
        """The index of ``incident_id`` in the list and a page of rows from it (None when
        the filter leaves it out)."""
        with self.database.lock:
            return listing.position(self.conn, f, sort, incident_id, limit)

    def count(self, f: IncidentFilter) -> int:
        """Rows under the filter, on the slow-read connection (interruptible)."""
        with self.database.slow_read() as conn:
            return listing.count(conn, f)

    def iter_incidents(self, f: IncidentFilter, chunk: int = 1000) -> Iterator[Incident]:
        """Every incident under the filter in id order, loaded a chunk at a time, all from
        one snapshot: one read transaction on a connection of its own (so the app's other
        threads are not held up meanwhile), so an incident merged during the export is
        either live or inside its survivor's merged_from, never both. In WAL mode a reader
        never blocks writers; they go on committing after the snapshot."""
        if self.path == ":memory:":
            with self.database.read() as conn:
                ids = listing.ids(conn, f)
                for i in range(0, len(ids), chunk):
                    yield from incident_rows.load(conn, ids[i : i + chunk])
            return
        conn = self.database.snapshot_connection()
        try:
            conn.execute("BEGIN")
            ids = listing.ids(conn, f)
            for i in range(0, len(ids), chunk):
                yield from incident_rows.load(conn, ids[i : i + chunk])
            conn.execute("COMMIT")
        finally:
            conn.close()

    # ------------------------------------------------------------ presence

    def hold(self, session: str, analyst: str, incident_id: str | None, seconds: float) -> None:
        """This session has ``incident_id`` open until now + seconds (renew to keep it)."""
        now = time.time()
        with self.database.write() as conn:
            conn.execute("DELETE FROM presence WHERE expires_at < ?", (now,))
            conn.execute(
                "INSERT OR REPLACE INTO presence VALUES (?,?,?,?)", (session, analyst, incident_id, now + seconds)
            )

    def release(self, session: str) -> None:
        with self.database.write() as conn:
            conn.execute("DELETE FROM presence WHERE session = ?", (session,))

    def holders(self, ids: Sequence[str], exclude_session: str) -> dict[str, list[str]]:
        """Other live sessions' analysts on each of ``ids``."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self.database.lock:
            rows = self.conn.execute(
                f"SELECT incident_id, analyst FROM presence WHERE incident_id IN ({marks}) AND session != ? "
                "AND expires_at >= ? ORDER BY analyst",
                [*ids, exclude_session, time.time()],
            ).fetchall()
        out: dict[str, list[str]] = {}
        for incident_id, analyst in rows:
            out.setdefault(incident_id, []).append(analyst)
        return out

    def backup(self, target: str | Path) -> None:
        """A consistent copy through SQLite's online backup API, safe while others write
        (it copies pages in steps and restarts a step if a writer changed it)."""
        target = Path(target)
        tmp = target.with_name(f".{target.name}.partial")
        tmp.unlink(missing_ok=True)
        create_shared_file(tmp)  # the analyst's umask and the folder's group, not SQLite's 0644
        try:
            dest = sqlite3.connect(tmp)
            try:
                with self.database.slow_read() as source:
                    source.backup(dest, pages=1024)
                dest.execute("PRAGMA journal_mode = DELETE")
                ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dest.close()
            if ok != "ok":
                raise RuntimeError(f"backup failed its integrity check: {ok}")
            tmp.replace(target)
        except BaseException:
            # A failed backup (disk full, corrupt store) leaves no .partial, nor the rollback
            # journal SQLite kept beside it (1 KB that still fills a full disk).
            for leftover in (tmp, *(tmp.with_name(tmp.name + side) for side in ("-journal", "-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
            raise

    def integrity(self) -> str:
        with self.database.lock:
            return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def stats(self) -> dict[str, Any]:
        with self.database.lock:
            conn, tables = self.conn, self.database.db
            # Reports an unfinished (or killed) ingest staged are not in the store yet.
            staged = sum(
                conn.execute(
                    "SELECT count(*) FROM reports WHERE rowid >= ? AND ingested_by = ?",
                    (first, STAGED + name.removeprefix("staging:")),
                ).fetchone()[0]
                for name, first in conn.execute(
                    "SELECT name, value FROM counters WHERE name LIKE 'staging:%'"
                ).fetchall()
            )
            out: dict[str, Any] = {
                "reports": tables["reports"].count - staged,
                "incidents": conn.execute("SELECT count(*) FROM incidents WHERE merged_into IS NULL").fetchone()[0],
                "merged": conn.execute(
                    f"SELECT count(*) FROM incidents WHERE merged_into IS NOT NULL AND merged_into NOT LIKE '{STAGED}%'"
                ).fetchone()[0],
                "by_status": dict(
                    conn.execute(
                        "SELECT status, count(*) FROM incidents WHERE merged_into IS NULL "
                        "GROUP BY status ORDER BY status"
                    )
                ),
                "audit_entries": tables["audit"].count,
            }
        return out


def _process_may_run(lease: str) -> bool:
    """False when the lease ``ingest:<batch>:<host>:<pid>`` names this host and a dead pid."""
    parts = lease.split(":")
    if len(parts) != 4 or parts[2] != socket.gethostname() or not parts[3].isdigit():
        return True
    try:
        os.kill(int(parts[3]), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # alive, another user's
    return True


def _on_other_host(lease: str) -> bool:
    parts = lease.split(":")
    return len(parts) != 4 or parts[2] != socket.gethostname()


def _insert_hidden(conn: sqlite3.Connection, stored: list[Incident], mark: str) -> None:
    """Insert incidents marked as merged into ``mark`` (hidden from every live reader),
    leaving the objects as they will appear once the batch is flipped."""
    true_merged = [inc.merged_into for inc in stored]
    for inc in stored:
        inc.merged_into = mark
    incident_rows.insert_many(conn, stored)
    for inc, merged_into in zip(stored, true_merged, strict=True):
        inc.merged_into = merged_into


def reviewed_work(path: str | Path) -> str | None:
    """What an analyst did in the store at ``path`` that replacing it would lose (statuses,
    notes, merges, pair decisions, any edit in the audit log), in a few words; None when it
    holds only ingested or imported incidents. Read-only: opens nothing for writing."""
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return f"cannot be read: {exc}"
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return None  # an empty file: a store never written
        if "incidents" not in tables:
            return "not an incident-review store"
        found = []
        queries = {
            "reviewed incident(s)": "SELECT count(*) FROM incidents WHERE status != 'unreviewed'",
            # Not the notes ingest itself writes (services.ingest.SYSTEM_AUTHOR).
            "note(s)": "SELECT count(*) FROM notes WHERE by_whom != 'incident-review'",
            "merged incident(s)": "SELECT count(*) FROM incidents WHERE merged_into IS NOT NULL "
            f"AND merged_into NOT LIKE '{STAGED}%'",
            "pair decision(s)": "SELECT count(*) FROM pair_decisions" if "pair_decisions" in tables else "",
            "edit(s) in the audit log": "SELECT count(*) FROM audit WHERE action NOT IN ('ingest', 'import')",
        }
        for label, sql in queries.items():
            n = conn.execute(sql).fetchone()[0] if sql else 0
            if n:
                found.append(f"{n} {label}")
        if found:
            reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
            found.append(f"{reports} report(s)")
        return ", ".join(found) or None
    except sqlite3.Error as exc:
        return f"cannot be read: {exc}"
    finally:
        conn.close()


def _reserve(conn: sqlite3.Connection, incidents: Iterable[Incident], origin: str) -> None:
    """Move the incident counter past the numbers of imported ids (INC-000123 -> 123), so
    the store's own numbering never reuses one; a gap in it if the import then fails."""
    top = 0
    for inc in incidents:
        number = _id_number(inc.id)
        if number is not None and number > MAX_INCIDENT_NUMBER:
            problem = f"id number above {MAX_INCIDENT_NUMBER:,} (this store numbers its own incidents; rename the id)"
            raise InputError(origin, f"incident {inc.id}", problem)
        top = max(top, number or 0)
    conn.execute("UPDATE counters SET value = max(value, ?) WHERE name = 'incident'", (top,))


def _id_number(incident_id: str) -> int | None:
    """The number of an ``INC-`` id in ASCII digits (``INC-²`` is no number), else None."""
    digits = incident_id[4:] if incident_id.startswith("INC-") else ""
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 30 else None


def _created(inc: Incident, now: str, analyst: str, incident_id: str) -> Incident:
    """A new incident as stored: its id, version 1, who and when. A shallow copy of its
    fields, then these set: dataclasses.replace re-runs __init__ over every field and
    copy.copy goes through pickling's protocol, each a sixth of an ingest's storing time."""
    stored = Incident.__new__(Incident)
    stored.__dict__.update(vars(inc))
    stored.id, stored.version = incident_id, 1
    stored.created_at = stored.updated_at = now
    stored.created_by = stored.updated_by = analyst
    return stored


def _batch() -> str:
    return uuid.uuid4().hex[:12]
