"""Presence: which analyst has which incident open, as leases each session renews."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from incident_review.storage.db import Database


class Presence:
    def __init__(self, database: Database) -> None:
        self.database = database

    def hold(
        self,
        session: str,
        analyst: str,
        incident_id: str | None,
        seconds: float,
        watch: Callable[[], int] | None = None,
    ) -> tuple[int, int] | None:
        """This session has ``incident_id`` open until now + seconds (renew to keep it).

        ``watch`` (another connection's data_version) is read inside the write transaction,
        where no other connection can commit, and again after the commit: when the first is
        what the watcher last saw, nothing but this lease has changed since."""
        now = time.time()
        with self.database.write() as conn:
            before = watch() if watch is not None else None
            conn.execute("DELETE FROM presence WHERE expires_at < ?", (now,))
            conn.execute(
                "INSERT OR REPLACE INTO presence VALUES (?,?,?,?)", (session, analyst, incident_id, now + seconds)
            )
        return None if watch is None or before is None else (before, watch())

    def release(self, session: str) -> None:
        with self.database.write() as conn:
            conn.execute("DELETE FROM presence WHERE session = ?", (session,))

    def holders(self, ids: Sequence[str], exclude_session: str) -> dict[str, list[str]]:
        """Other live sessions' analysts on each of ``ids``."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self.database.lock:
            rows = self.database.conn.execute(
                f"SELECT incident_id, analyst FROM presence WHERE incident_id IN ({marks}) AND session != ? "
                "AND expires_at >= ? ORDER BY analyst",
                [*ids, exclude_session, time.time()],
            ).fetchall()
        out: dict[str, list[str]] = {}
        for incident_id, analyst in rows:
            out.setdefault(incident_id, []).append(analyst)
        return out
