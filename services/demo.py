"""The demo store: the bundled seed reports, through the same ingest as any report."""

from __future__ import annotations

import sqlite3
import tempfile
from importlib import resources
from pathlib import Path

from incident_review.core.errors import InputError
from incident_review.services.ingest import ingest_paths
from incident_review.storage.db import BUSY_TIMEOUT_MS, prepare_store_file
from incident_review.storage.store import IngestResult, Store, reviewed_work


def seed_files() -> list[Path]:
    root = resources.files("incident_review.seeds")
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith((".txt", ".md", ".jsonl")))


def build_demo(db_path: Path, analyst: str, force: bool = False) -> IngestResult:
    """Build a fresh store at ``db_path``, replacing an earlier one only when it holds no
    reviewed work (or ``force``): InputError names the store and what it holds otherwise."""
    if db_path.exists() and not force:
        work = reviewed_work(db_path)
        if work:
            raise InputError(
                str(db_path),
                None,
                f"holds reviewed work ({work}); demo replaces it only with "
                "--force (demo without --db builds its own demo store)",
            )
    prepare_store_file(db_path, create=False)  # the folder, with the group's mode
    # Build beside the target, so a running demo elsewhere never sees half a store.
    with tempfile.TemporaryDirectory(dir=db_path.parent) as tmp:
        staging = Path(tmp) / db_path.name
        store = Store(staging)
        try:
            result = ingest_paths(store, seed_files(), analyst)
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            store.close()
        if db_path.exists():
            _replace_in_place(staging, db_path)
        else:
            # Nobody has it open: a -wal/-shm left by a deleted store must not be replayed
            # onto the new one.
            for suffix in ("-wal", "-shm"):
                Path(str(db_path) + suffix).unlink(missing_ok=True)
            src = sqlite3.connect(staging)
            src.execute("PRAGMA journal_mode = DELETE")
            src.close()
            staging.replace(db_path)
    return result


def _replace_in_place(staging: Path, db_path: Path) -> None:
    """Copy the new store over the old one through SQLite (one backup step, under its write
    lock), never by deleting files: an analyst with the old store open then sees the new one
    whole at their next read instead of a store whose -wal was pulled from under it."""
    src = sqlite3.connect(staging)
    dest = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        src.backup(dest)
    except sqlite3.DatabaseError as exc:
        raise InputError(str(db_path), None, f"cannot replace it ({exc})") from None
    finally:
        dest.close()
        src.close()
