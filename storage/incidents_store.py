"""Incidents: loading them, version-checked saves (and undo), and imports that keep ids."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from incident_review.core.errors import ConflictError, InputError, MergedAwayError
from incident_review.core.model import Incident
from incident_review.storage import audit, incident_rows
from incident_review.storage.audit import AuditLog
from incident_review.storage.db import Database
from incident_review.storage.staging import STAGED, Staging, insert_hidden
from incident_review.storage.stamps import created, new_batch, utc_now

MAX_INCIDENT_NUMBER = 10**15  # counters stay integers (SQLite turns values past 2**63 into floats)


@dataclass(frozen=True)
class Change:
    """A new state for an incident, based on the version the analyst saw."""

    incident: Incident
    base_version: int


def reserve_ids(conn: sqlite3.Connection, n: int) -> int:
    """First number of ``n`` fresh incident numbers."""
    row = conn.execute("UPDATE counters SET value = value + ? WHERE name = 'incident' RETURNING value", (n,))
    return int(row.fetchone()[0]) - n + 1


def _refusal(conn: sqlite3.Connection, change: Change) -> ConflictError | MergedAwayError | None:
    """Why ``change`` may not be written (inside the write transaction), or None."""
    row = conn.execute(
        "SELECT version, updated_by, merged_into FROM incidents WHERE id = ?", (change.incident.id,)
    ).fetchone()
    if row is None or row[0] != change.base_version:
        return ConflictError(change.incident.id, change.base_version, row[0] if row else None, row[1] if row else None)
    # Checked with the version, inside the same write transaction: an incident merged
    # away takes no edits (they would vanish from exports and block the unmerge); only a
    # change that brings it back (unmerge, undo) may touch it.
    if row[2] is not None and change.incident.merged_into == row[2]:
        return MergedAwayError(change.incident.id, row[2])
    return None


def _write(
    conn: sqlite3.Connection, changes: Sequence[Change], analyst: str, action: str, batch: str
) -> list[Incident]:
    """Write checked changes and their audit entries; the incidents as stored."""
    now = utc_now()
    ids = [c.incident.id for c in changes]
    befores = {inc.id: inc for inc in incident_rows.load(conn, ids)}
    for change in changes:
        after = replace(change.incident, version=change.base_version + 1, updated_at=now, updated_by=analyst)
        incident_rows.update(conn, after)
        audit.record(conn, now, analyst, after.id, action, batch, befores[after.id], after)
    # Read back in the same transaction: exactly what a later ``get`` returns.
    return incident_rows.load(conn, ids)


class Incidents:
    def __init__(self, database: Database, staging: Staging, log: AuditLog) -> None:
        self.database, self.staging, self.log = database, staging, log

    def get_many(self, ids: Sequence[str]) -> list[Incident]:
        with self.database.read() as conn:
            return incident_rows.load(conn, ids)

    def save(
        self, changes: Sequence[Change], analyst: str, action: str, batch: str | None = None
    ) -> tuple[str, list[Incident]]:
        """Write new states of one or more incidents atomically; the batch and the
        incidents as stored (their new version, who and when).

        Every incident's stored version must still be the one its change was based on;
        otherwise nothing is written and ConflictError names who changed it."""
        batch = batch or new_batch()
        with self.database.write() as conn:
            for change in changes:
                refusal = _refusal(conn, change)
                if refusal is not None:
                    raise refusal
            return batch, _write(conn, changes, analyst, action, batch)

    def save_some(
        self, changes: Sequence[Change], analyst: str, action: str
    ) -> tuple[str | None, list[Incident], list[ConflictError | MergedAwayError]]:
        """``save`` for many incidents at once (a bulk action): those changed meanwhile by
        someone else (or merged away) are left out and returned as refusals, the others
        written in one transaction and one batch (None when none was written)."""
        batch = new_batch()
        with self.database.write() as conn:
            kept: list[Change] = []
            refused: list[ConflictError | MergedAwayError] = []
            for change in changes:
                refusal = _refusal(conn, change)
                if refusal is None:
                    kept.append(change)
                else:
                    refused.append(refusal)
            if not kept:
                return None, [], refused
            return batch, _write(conn, kept, analyst, action, batch), refused

    def revert(self, batch: str, analyst: str, action: str = "undo") -> str:
        """Put every incident a batch touched back as it was before it (undo).

        Each incident must still be as the batch left it, so an undo never erases a later
        change by someone else; the undo itself is a new batch, which can be reverted (redo)."""
        entries = self.log.batch_entries(batch)
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
        return self.save(changes, analyst, action)[0]

    def dataset_rows(self, dataset: str) -> list[tuple[str, dt.date | None, str | None, str | None, str | None]]:
        """(id, date, country, admin1, merged_into) of every incident whose first source is
        a row of ``dataset`` (its report id ``acled:...``), merged away or not."""
        low, high = f"{dataset}:", f"{dataset};"  # ';' sorts right after ':'
        with self.database.read() as conn:
            rows = conn.execute(
                "SELECT i.id, i.date, i.country, i.admin1, i.merged_into FROM incidents i "
                "JOIN incident_sources s ON s.incident_id = i.id AND s.position = "
                "(SELECT min(position) FROM incident_sources WHERE incident_id = i.id) "
                "WHERE s.report_id >= ? AND s.report_id < ? AND (i.merged_into IS NULL OR i.merged_into NOT LIKE ?)",
                (low, high, STAGED + "%"),
            ).fetchall()
        return [(r[0], dt.date.fromisoformat(r[1]) if r[1] else None, r[2], r[3], r[4]) for r in rows]

    def import_and_revise(
        self,
        incidents: Sequence[Incident],
        revisions: Sequence[Change],
        analyst: str,
        origin: str,
        action: str,
        to_match: bool = False,
    ) -> tuple[list[str], str | None]:
        """New incidents (as ``import_incidents``) and version-checked saves of known ones
        (``action``, one batch: what undo reverts), all or nothing: the saves run in the
        transaction that makes the new incidents visible, and a stale version aborts both.
        The new ids and the saves' batch (None without revisions)."""
        batch = new_batch() if revisions else None

        def revise(conn: sqlite3.Connection) -> None:
            if revisions:
                self.save(revisions, analyst, action, batch)  # joins the flip's transaction

        if incidents:
            return self.import_incidents(incidents, analyst, origin, to_match, revise), batch
        if revisions:
            self.save(revisions, analyst, action, batch)
        return [], batch

    def import_incidents(
        self,
        incidents: Iterable[Incident],
        analyst: str,
        origin: str,
        to_match: bool = False,
        then: Callable[[sqlite3.Connection], None] | None = None,
    ) -> list[str]:
        """Insert incidents keeping their ids; any id already in the store aborts the import.

        All or nothing in short transactions, as an ingest (see ``Staging.run``); imported
        incidents that are themselves merged away get their ``merged_into`` back in the flip,
        where ``then`` runs too (its error undoes the import). ``incidents`` may be an
        iterator (a file being read): it is consumed a chunk at a time, so only the ids stay
        in memory.

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
            stored = [created(inc, now, analyst, inc.id) for inc in chunk]
            insert_hidden(conn, stored, STAGED + batch)
            audit.record_created(conn, now, analyst, "import", batch, stored)
            return ids

        def flip(conn: sqlite3.Connection, batch: str, first_rowid: int) -> None:
            conn.executemany("UPDATE incidents SET merged_into = ? WHERE id = ?", merged)
            if then is not None:
                then(conn)

        return self.staging.run(incidents, analyst, stage, setup, flip, to_match)


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
