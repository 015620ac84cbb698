"""Batches being made live in chunks (storage/staging.py): their rows are hidden until the
last chunk lands by the batch's seq range in the ``flipping`` table (migration 12).

The table is empty but for the seconds a big import's flip takes, so the project's readers
ask it once per query and add the condition only then (their SQL, and its query plans, are
unchanged otherwise); the views live_incidents and incident_claims ask it per row. Rows of
other writers that took seqs inside the range while the batch was staged are hidden with
it for those seconds."""

from __future__ import annotations

import sqlite3


def ranges(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    try:
        return [(int(lo), int(hi)) for lo, hi in conn.execute("SELECT lo, hi FROM flipping")]
    except sqlite3.OperationalError as exc:
        # A store from before migration 12 has no batch being flipped (the Store migrates
        # it first; the tests build such stores with today's code).
        if "no such table" in str(exc):
            return []
        raise


def hidden(conn: sqlite3.Connection, seq: str = "seq") -> str:
    """`` AND NOT (seq BETWEEN lo AND hi)`` for each batch being flipped ("" when none), to
    follow ``merged_into IS NULL`` (the numbers are the table's integers, written inline)."""
    return "".join(f" AND {seq} NOT BETWEEN {lo} AND {hi}" for lo, hi in ranges(conn))
