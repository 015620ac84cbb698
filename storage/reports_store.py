"""Reports: the ingest that stores them with their extracted incidents, and reading them."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from incident_review.core.model import Incident, Report, format_incident_id
from incident_review.storage import audit
from incident_review.storage.db import Database
from incident_review.storage.incidents_store import reserve_ids
from incident_review.storage.staging import STAGED, Staging, insert_hidden
from incident_review.storage.stamps import created, utc_now

if TYPE_CHECKING:  # core.reports imports the date rules of the extractor: not for reading a store
    from incident_review.core.reports import ReportInput


@dataclass(frozen=True)
class StoredReports:
    """What one ``ingest`` call stored."""

    new_reports: list[str]
    known_reports: list[str]  # already in the store (same content hash): skipped
    incident_ids: list[str]


class Reports:
    def __init__(self, database: Database, staging: Staging) -> None:
        self.database, self.staging = database, staging

    def known_hashes(self, hashes: Sequence[str]) -> set[str]:
        with self.database.lock:
            found: set[str] = set()
            for i in range(0, len(hashes), 500):
                chunk = hashes[i : i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(
                    r[0]
                    for r in self.database.conn.execute(
                        f"SELECT content_hash FROM reports WHERE content_hash IN ({marks})", chunk
                    )
                )
            return found

    def report(self, report_id: str) -> Report | None:
        with self.database.lock:
            row = self.database.conn.execute(
                "SELECT id, text, outlet, url, published, title, ingested_at, ingested_by FROM reports WHERE id = ?",
                (report_id,),
            ).fetchone()
        if row is None:
            return None
        published = dt.date.fromisoformat(row[4]) if row[4] else None
        return Report(row[0], row[1], row[2], row[3], published, row[5], row[6], row[7])

    def ingest(
        self, items: Iterable[tuple[ReportInput, list[Incident]]], analyst: str, to_match: bool = False
    ) -> StoredReports:
        """Store reports and their extracted incidents: all or nothing, in short transactions.

        A big ingest in one transaction held the store's write lock for tens of seconds, past
        every other analyst's busy timeout. So it is staged (see ``Staging.run``): chunks sized
        to commit in about CHUNK_SECONDS each write the rows marked as this batch's (incidents
        with ``merged_into`` = STAGED + batch, which every reader of live incidents -- the
        list, counts, exports, matching, stats -- already leaves out; reports ``ingested_by``
        the mark), then one short final transaction flips the marks, and only then do the
        incidents appear.

        Incident ids are assigned here; the incidents' ``id`` fields are ignored. ``items`` may
        be an iterator (an ingest extracting as it goes): it is read a chunk at a time, between
        transactions. ``to_match``: the caller matches the batch next (see ``Staging.run``)."""
        new: list[str] = []
        known: list[str] = []
        now = utc_now()
        seen: set[str] = set()

        def stage(conn: sqlite3.Connection, chunk: Sequence[Any], batch: str) -> list[str]:
            return self._stage_chunk(conn, chunk, seen, new, known, now, analyst, batch, STAGED + batch)

        def flip(conn: sqlite3.Connection, batch: str, first_rowid: int) -> None:
            conn.execute(
                "UPDATE reports SET ingested_by = ? WHERE rowid >= ? AND ingested_by = ?",
                (analyst, first_rowid, STAGED + batch),
            )

        ids = self.staging.run(items, analyst, stage, flip=flip, to_match=to_match)
        return StoredReports(new, known, ids)

    def _stage_chunk(
        self,
        conn: sqlite3.Connection,
        chunk: Sequence[tuple[ReportInput, list[Incident]]],
        seen: set[str],
        new: list[str],
        known: list[str],
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
                known.append(report.report_id)
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
            new.append(report.report_id)
            first = reserve_ids(conn, len(incidents))
            stored.extend(
                created(inc, now, analyst, format_incident_id(first + offset)) for offset, inc in enumerate(incidents)
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
        insert_hidden(conn, stored, mark)
        audit.record_created(conn, now, analyst, "ingest", batch, stored)
        return [inc.id for inc in stored]
