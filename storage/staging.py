"""Big writes (ingest, import) in short transactions, invisible until one final flip, and
the bookkeeping of batches stored but not yet matched for duplicates."""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from incident_review.core.model import Incident
from incident_review.storage import incident_rows
from incident_review.storage.db import Database
from incident_review.storage.stamps import new_batch

STAGED = "~ingest:"  # merged_into (incidents) / ingested_by (reports) of an unfinished ingest's rows
CHUNK_SECONDS = 0.25  # target length of each ingest write transaction (the lock is free between)
CHUNK_PAUSE = 0.04  # seconds the lock stays free between two chunks
INGEST_LEASE_SECONDS = 120.0  # a staging ingest renews this every chunk; past it, its rows are abandoned
# A batch whose incidents are stored but not yet matched is a ``matching:<batch>:<host>:<pid>``
# counter (value: when it was flipped); another host's is taken as dead after this long.
MATCH_LEASE_SECONDS = 3600
MATCHING = "matching:"
# Up to this many staged incidents are made live in the final transaction itself; more, in
# chunks first (``_flip_in_chunks``: a 100k import's flip held the lock for 18 s at once).
FLIP_AT_ONCE = 1000

# Writes a chunk's rows (incidents with ``merged_into`` = the batch's mark); their ids.
Stage = Callable[[sqlite3.Connection, Any, str], list[str]]
# What a chunk's write needs, built from it before its transaction (rows, snapshots).
Prepare = Callable[[Sequence[Any], str], Any]
# The page cache of a big write: SQLite's default (2 MB) made the chunks and the flip spill
# and reread index pages (25 partial indexes); 64 MB at most, only while staging.
STAGING_CACHE_KB = 65_536
# And its checkpoints: SQLite copies the -wal into the store (and syncs it) once the -wal
# passes 1,000 pages, i.e. after every chunk; the same index pages, touched by every chunk,
# were copied and synced each time. Every 4,096 pages (16 MB of -wal) while staging: not
# more, since another analyst's save that comes next may be the one that copies it.
STAGING_CHECKPOINT_PAGES = 4_096


class Staging:
    def __init__(self, database: Database) -> None:
        self.database = database
        # The ``matching:`` counter of the last batch this store staged (its pairs to come).
        self.last_batch: str | None = None

    def run(
        self,
        items: Iterable[Any],
        analyst: str,
        stage: Stage,
        setup: Callable[[sqlite3.Connection], None] | None = None,
        flip: Callable[[sqlite3.Connection, str, int], None] | None = None,
        to_match: bool = False,
        prepare: Prepare | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        """Write ``items`` a chunk per short transaction, hidden until one final flip.

        ``stage`` writes a chunk's rows (incidents with ``merged_into`` = the batch's mark)
        and returns their ids; ``setup`` runs in the first transaction, ``flip`` in the last.
        ``items`` is read a chunk at a time, between transactions: an iterator (a file being
        parsed) is never held whole, and an error it raises discards the batch as any other.
        A failure discards the batch's rows; a crash (kill -9) leaves them invisible, with a
        ``staging:<batch>`` counter and a lease (a presence row renewed every chunk, naming
        host and pid) that lapses: the next store opened removes them
        (``recover_abandoned``), at once when that pid is gone from this host.

        ``to_match``: the caller matches the batch next, so the flip marks it as still to be
        matched (``last_batch``; see ``pending_matches``). Callers that never match (the
        benchmarks' synthetic stores) leave it off, or every later ingest would match them.

        ``prepare``: builds what ``stage`` writes from a chunk, before the chunk's transaction
        (Python work: rows, snapshots), so the lock is held for SQLite's work only; ``stage``
        then gets its result instead of the chunk. ``progress`` is told each chunk's size once
        it is written."""
        self.recover_abandoned()
        batch = new_batch()
        mark = STAGED + batch
        staged_ids: list[str] = []
        conn = self.database.conn
        with self.database.lock:
            cache = conn.execute("PRAGMA cache_size").fetchone()[0]
            conn.execute(f"PRAGMA cache_size = {-STAGING_CACHE_KB}")
            checkpoint = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
            conn.execute(f"PRAGMA wal_autocheckpoint = {STAGING_CHECKPOINT_PAGES}")
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
            committed = 0.0  # when the last chunk's transaction ended
            while chunk:
                payload = prepare(chunk, batch) if prepare is not None else chunk
                # A gap with the lock free: SQLite's busy handler (other processes) polls
                # every 100 ms at most, so back-to-back chunks could starve their writes.
                # Reading and preparing the chunk (Python's work, the lock free) counts
                # towards it: only what is left of CHUNK_PAUSE is slept.
                gap = CHUNK_PAUSE - (time.perf_counter() - committed)
                if committed and gap > 0:
                    time.sleep(gap)
                began = time.perf_counter()
                with self.database.write() as conn:
                    self._lease(conn, batch, analyst)
                    staged_ids.extend(stage(conn, payload, batch))
                committed = time.perf_counter()
                took = committed - began
                if progress is not None:
                    progress(len(chunk))
                # Size the next chunk to take about CHUNK_SECONDS at the pace just measured.
                size = max(1, min(size * 4, int(len(chunk) * CHUNK_SECONDS / max(took, 1e-4))))
                chunk = list(itertools.islice(source, size))
            # A big batch is made live in chunks, hidden meanwhile by its seq range (flipping);
            # a small one (an ingest of a few reports) in the final transaction alone.
            chunked = len(staged_ids) > FLIP_AT_ONCE
            flipped = self._flip_in_chunks(batch, mark, analyst) if chunked else 0
            with self.database.write() as conn:
                flipped += conn.execute(
                    "UPDATE incidents SET merged_into = NULL WHERE merged_into = ?", (mark,)
                ).rowcount
                # The range goes in this transaction: every row of the batch appears at once.
                if chunked and not conn.execute("DELETE FROM flipping WHERE batch = ?", (batch,)).rowcount:
                    flipped = -1  # another process discarded the batch meanwhile
                if flipped != len(staged_ids):
                    raise RuntimeError(
                        f"batch {batch}: staged incidents were removed meanwhile (this command was "
                        "paused past its lease); nothing was stored"
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
                conn.execute("DELETE FROM presence WHERE session = ?", (_lease_name(batch),))
        except BaseException:
            with contextlib.suppress(sqlite3.Error):  # else the next store opened removes them
                self.discard(batch)
            raise
        finally:
            with self.database.lock, contextlib.suppress(sqlite3.Error):
                self.database.conn.execute(f"PRAGMA cache_size = {int(cache)}")
                self.database.conn.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")
        self.last_batch = pending if staged_ids and to_match else None
        return staged_ids

    def _flip_in_chunks(self, batch: str, mark: str, analyst: str) -> int:
        """Make the batch's staged rows live (``merged_into`` NULL: every live partial index
        takes them in, the bulk of a flip's work) a chunk per short transaction, each sized
        to CHUNK_SECONDS, the lock free between them. Hidden meanwhile by the batch's seq
        range in ``flipping`` (storage/flipping.py): readers see none of them until the final
        transaction deletes it, and a kill leaves them hidden for ``discard``. The rows made
        live so far."""
        with self.database.write() as conn:
            self._lease(conn, batch, analyst)
            lo, hi = conn.execute("SELECT min(seq), max(seq) FROM incidents WHERE merged_into = ?", (mark,)).fetchone()
            if lo is None:
                return 0
            conn.execute("INSERT INTO flipping (batch, lo, hi) VALUES (?, ?, ?)", (batch, lo, hi))
        done, size = 0, FLIP_AT_ONCE
        while True:
            time.sleep(CHUNK_PAUSE)
            began = time.perf_counter()
            with self.database.write() as conn:
                self._lease(conn, batch, analyst)
                n = conn.execute(
                    "UPDATE incidents SET merged_into = NULL WHERE seq IN "
                    "(SELECT seq FROM incidents WHERE merged_into = ? LIMIT ?)",
                    (mark, size),
                ).rowcount
            done += n
            if n < size:
                return done
            took = time.perf_counter() - began
            size = max(1, min(size * 4, int(n * CHUNK_SECONDS / max(took, 1e-4))))

    def pending_matches(self) -> list[tuple[str, list[str]]]:
        """Batches stored but never matched, because the command that stored them died
        (kill -9, a crash) in its matching phase: each ``matching:`` counter with its
        incident ids. A batch whose process still runs (this host) or that is younger than
        MATCH_LEASE_SECONDS (another host's) is left to that process."""
        conn = self.database.conn
        with self.database.lock:
            rows = conn.execute("SELECT name, value FROM counters WHERE name LIKE ?", (MATCHING + "%",)).fetchall()
        out: list[tuple[str, list[str]]] = []
        for name, since in rows:
            if _process_may_run(name) and not (_on_other_host(name) and since < time.time() - MATCH_LEASE_SECONDS):
                continue
            batch = name.split(":")[1]
            with self.database.lock:
                ids = [
                    r[0]
                    for r in conn.execute(
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
            return [
                r[0]
                for r in self.database.conn.execute("SELECT name FROM counters WHERE name LIKE ?", (MATCHING + "%",))
            ]

    def _lease(self, conn: sqlite3.Connection, batch: str, analyst: str) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO presence VALUES (?,?,NULL,?)",
            (_lease_name(batch), analyst, time.time() + INGEST_LEASE_SECONDS),
        )

    def discard(self, batch: str) -> None:
        """Remove every row an unfinished ingest staged, a chunk per transaction (they are
        invisible meanwhile, so removing them piecemeal shows nobody half a batch): the rows
        still marked, then those a flip cut short made live (hidden by its seq range, found
        by their audit entries), then the range itself."""
        mark = STAGED + batch
        while True:
            with self.database.write() as conn:
                row = conn.execute("SELECT value FROM counters WHERE name = ?", (f"staging:{batch}",)).fetchone()
                ids = [r[0] for r in conn.execute("SELECT id FROM incidents WHERE merged_into = ? LIMIT 2000", (mark,))]
                span = conn.execute("SELECT lo, hi FROM flipping WHERE batch = ?", (batch,)).fetchone()
                if not ids and span:
                    ids = [
                        r[0]
                        for r in conn.execute(
                            "SELECT i.id FROM audit a JOIN incidents i ON i.id = a.incident_id "
                            "WHERE a.batch = ? AND a.action IN ('ingest', 'import') AND i.seq BETWEEN ? AND ? "
                            "LIMIT 2000",
                            (batch, *span),
                        )
                    ]
                if ids:
                    marks = ",".join("?" * len(ids))
                    conn.execute(f"DELETE FROM incidents WHERE id IN ({marks})", ids)  # children cascade
                    conn.execute(f"DELETE FROM audit WHERE batch = ? AND incident_id IN ({marks})", [batch, *ids])
                    continue
                first_rowid = row[0] if row else 0
                conn.execute("DELETE FROM reports WHERE rowid >= ? AND ingested_by = ?", (first_rowid, mark))
                conn.execute("DELETE FROM counters WHERE name = ?", (f"staging:{batch}",))
                conn.execute("DELETE FROM presence WHERE session LIKE ?", (f"ingest:{batch}:%",))
                conn.execute("DELETE FROM flipping WHERE batch = ?", (batch,))
                return

    def recover_abandoned(self) -> list[str]:
        """Remove the staged rows of ingests and imports that died; their batch ids.

        A batch is abandoned when its lease lapsed, or at once when the lease names this host
        and a pid that no longer runs (a kill -9 is then cleaned up by the next command)."""
        conn = self.database.conn
        with self.database.lock:
            batches = [
                r[0].removeprefix("staging:")
                for r in conn.execute("SELECT name FROM counters WHERE name LIKE 'staging:%'")
            ]
            if not batches:
                return []
            leases = conn.execute("SELECT session, expires_at FROM presence WHERE session LIKE 'ingest:%'").fetchall()
        live = {
            session.split(":")[1] for session, expires in leases if expires >= time.time() and _process_may_run(session)
        }
        abandoned = [b for b in batches if b not in live]
        for batch in abandoned:
            self.discard(batch)
        return abandoned


def insert_hidden(conn: sqlite3.Connection, stored: list[Incident], mark: str) -> None:
    """Insert incidents marked as merged into ``mark`` (hidden from every live reader),
    leaving the objects as they will appear once the batch is flipped."""
    true_merged = [inc.merged_into for inc in stored]
    for inc in stored:
        inc.merged_into = mark
    incident_rows.insert_many(conn, stored)
    for inc, merged_into in zip(stored, true_merged, strict=True):
        inc.merged_into = merged_into


def _lease_name(batch: str) -> str:
    return f"ingest:{batch}:{socket.gethostname()}:{os.getpid()}"


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
