"""The audit log: every change to an incident with its state before and after, by batch
(one analyst action), which is what undo reverts."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from incident_review.core import snapshot
from incident_review.core.model import Incident
from incident_review.storage.db import Database


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


def record(
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


CREATED = "INSERT INTO audit (at, analyst, incident_id, action, batch, before, after) VALUES (?,?,?,?,?,NULL,?)"


def created_rows(at: str, analyst: str, action: str, batch: str, created: Sequence[Incident]) -> list[tuple[Any, ...]]:
    """The audit rows of new incidents (their snapshots: built before a write transaction)."""
    return [(at, analyst, inc.id, action, batch, snapshot.to_json(inc)) for inc in created]


def record_created(
    conn: sqlite3.Connection, at: str, analyst: str, action: str, batch: str, created: Sequence[Incident]
) -> None:
    conn.executemany(CREATED, created_rows(at, analyst, action, batch, created))


class AuditLog:
    def __init__(self, database: Database) -> None:
        self.database = database

    def history(self, incident_id: str) -> list[AuditEntry]:
        return self._entries("WHERE incident_id = ? ORDER BY seq", (incident_id,))

    def batch_entries(self, batch: str) -> list[AuditEntry]:
        return self._entries("WHERE batch = ? ORDER BY seq", (batch,))

    def audit_entries(self, after_seq: int = 0) -> list[AuditEntry]:
        return self._entries("WHERE seq > ? ORDER BY seq", (after_seq,))

    def _entries(self, where: str, params: tuple[Any, ...]) -> list[AuditEntry]:
        with self.database.lock:
            rows = self.database.conn.execute(
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
