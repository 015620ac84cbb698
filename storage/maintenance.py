"""The store as a file: backup, integrity, counts, what replacing it would lose, and
putting a freshly built store in place of another."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from incident_review.core.errors import InputError
from incident_review.storage import flipping
from incident_review.storage.db import BUSY_TIMEOUT_MS, Database, create_shared_file
from incident_review.storage.staging import STAGED


def backup(database: Database, target: str | Path) -> None:
    """A consistent copy through SQLite's online backup API, safe while others write
    (it copies pages in steps and restarts a step if a writer changed it)."""
    target = Path(target)
    tmp = target.with_name(f".{target.name}.partial")
    tmp.unlink(missing_ok=True)
    create_shared_file(tmp)  # the analyst's umask and the folder's group, not SQLite's 0644
    try:
        dest = sqlite3.connect(tmp)
        try:
            with database.slow_read() as source:
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


def integrity(database: Database) -> str:
    with database.lock:
        return str(database.conn.execute("PRAGMA integrity_check").fetchone()[0])


def stats(database: Database) -> dict[str, Any]:
    with database.lock:
        conn = database.conn
        live = flipping.hidden(conn)  # a batch being made live counts once it is
        # Reports an unfinished (or killed) ingest staged are not in the store yet.
        staged = sum(
            conn.execute(
                "SELECT count(*) FROM reports WHERE rowid >= ? AND ingested_by = ?",
                (first, STAGED + name.removeprefix("staging:")),
            ).fetchone()[0]
            for name, first in conn.execute("SELECT name, value FROM counters WHERE name LIKE 'staging:%'").fetchall()
        )
        out: dict[str, Any] = {
            "reports": conn.execute("SELECT count(*) FROM reports").fetchone()[0] - staged,
            "incidents": conn.execute(f"SELECT count(*) FROM incidents WHERE merged_into IS NULL{live}").fetchone()[0],
            "merged": conn.execute(
                f"SELECT count(*) FROM incidents WHERE merged_into IS NOT NULL AND merged_into NOT LIKE '{STAGED}%'"
            ).fetchone()[0],
            "by_status": dict(
                conn.execute(
                    f"SELECT status, count(*) FROM incidents WHERE merged_into IS NULL{live} "
                    "GROUP BY status ORDER BY status"
                )
            ),
            "audit_entries": conn.execute("SELECT count(*) FROM audit").fetchone()[0],
        }
    return out


def checkpoint(database: Database) -> None:
    """Fold the -wal into the main file and empty it (a store about to be copied or moved)."""
    with database.lock:
        database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


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


def install(built: Path, target: Path) -> None:
    """Put the store file ``built`` (closed, checkpointed) at ``target``, whole.

    Over an existing store it is copied through SQLite (one backup step, under the
    target's write lock), never by deleting files: an analyst with the old store open then
    sees the new one whole at their next read instead of a store whose -wal was pulled from
    under it. Where there is none, it is renamed into place."""
    if target.exists():
        src = sqlite3.connect(built)
        dest = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            src.backup(dest)
        except sqlite3.DatabaseError as exc:
            raise InputError(str(target), None, f"cannot replace it ({exc})") from None
        finally:
            dest.close()
            src.close()
        return
    # Nobody has it open: a -wal/-shm left by a deleted store must not be replayed onto
    # the new one.
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    src = sqlite3.connect(built)
    src.execute("PRAGMA journal_mode = DELETE")
    src.close()
    built.replace(target)
