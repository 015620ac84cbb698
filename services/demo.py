"""The demo store: the bundled seed reports, through the same ingest as any report."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

from incident_review.services.ingest import ingest_paths
from incident_review.storage.store import IngestResult, Store


def seed_files() -> list[Path]:
    root = resources.files("incident_review.seeds")
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith((".txt", ".md", ".jsonl")))


def build_demo(db_path: Path, analyst: str) -> IngestResult:
    """Build a fresh store at ``db_path`` (replacing any earlier demo store)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the target and rename, so a running demo elsewhere never sees half a store.
    with tempfile.TemporaryDirectory(dir=db_path.parent) as tmp:
        staging = Path(tmp) / db_path.name
        store = Store(staging)
        try:
            result = ingest_paths(store, seed_files(), analyst)
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            store.conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            store.close()
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        staging.replace(db_path)
    return result
