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

CHUNK = 500  # ids bound per statement (SQLite's limit on variables is far above)


@dataclass(frozen=True)
class BatchInfo:
    """What one batch did, without its snapshots: for saying what an undo undoes."""

    batch: str
    action: str  # the first entry's (one analyst action writes one action)
    at: str  # when its first entry was written
    analysts: tuple[str, ...]  # who wrote it (one, unless the audit was written by hand)
    incident_ids: tuple[str, ...]  # the incidents it touched, in the order it wrote them


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


def record_created(
    conn: sqlite3.Connection, at: str, analyst: str, action: str, batch: str, created: Sequence[Incident]
) -> None:
    conn.executemany(
        "INSERT INTO audit (at, analyst, incident_id, action, batch, before, after) VALUES (?,?,?,?,?,NULL,?)",
        [(at, analyst, inc.id, action, batch, snapshot.to_json(inc)) for inc in created],
    )


class AuditLog:
    def __init__(self, database: Database) -> None:
        self.database = database

    def history(self, incident_id: str) -> list[AuditEntry]:
        return self._entries("WHERE incident_id = ? ORDER BY seq", (incident_id,))

    def batch_entries(self, batch: str) -> list[AuditEntry]:
        return self._entries("WHERE batch = ? ORDER BY seq", (batch,))

    def audit_entries(self, after_seq: int = 0) -> list[AuditEntry]:
        return self._entries("WHERE seq > ? ORDER BY seq", (after_seq,))

    def batch_infos(self, batches: Sequence[str]) -> dict[str, BatchInfo]:
        """What each of ``batches`` did (those the log holds), read without the snapshots."""
        rows: list[tuple[str, str, str, str, str | None]] = []
        unique = list(dict.fromkeys(batches))
        with self.database.lock:
            for i in range(0, len(unique), CHUNK):
                part = unique[i : i + CHUNK]
                marks = ",".join("?" * len(part))
                rows.extend(
                    self.database.conn.execute(
                        "SELECT batch, action, at, analyst, incident_id FROM audit "
                        f"WHERE batch IN ({marks}) ORDER BY seq",
                        part,
                    ).fetchall()
                )
        found: dict[str, tuple[str, str, dict[str, None], dict[str, None]]] = {}
        for batch, action, at, analyst, incident_id in rows:
            entry = found.setdefault(batch, (action, at, {}, {}))
            entry[2][analyst] = None
            if incident_id is not None:
                entry[3][incident_id] = None
        return {b: BatchInfo(b, a, at, tuple(who), tuple(ids)) for b, (a, at, who, ids) in found.items()}

    def changed_since(self, since: dict[str, str], analyst: str) -> dict[str, str]:
        """Of the incidents in ``since`` (incident id -> a UTC time, to the second), those
        that someone other than ``analyst`` changed at or after that time, and who (the
        last of them). At the same second counts: the log's times are to the second, so a
        change in the second the analyst looked is taken as made after it."""
        by_time: dict[str, list[str]] = {}
        for incident_id, at in since.items():
            by_time.setdefault(at, []).append(incident_id)
        changed: dict[str, str] = {}
        with self.database.lock:
            for at, ids in by_time.items():
                for i in range(0, len(ids), CHUNK):
                    part = ids[i : i + CHUNK]
                    marks = ",".join("?" * len(part))
                    for incident_id, who in self.database.conn.execute(
                        f"SELECT incident_id, analyst FROM audit WHERE incident_id IN ({marks}) "
                        "AND at >= ? AND analyst != ? ORDER BY seq",
                        [*part, at, analyst],
                    ):
                        changed[incident_id] = who
        return changed

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
