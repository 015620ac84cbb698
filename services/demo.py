"""The demo store: the bundled seed reports, through the same ingest as any report."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

from incident_review.core.errors import InputError
from incident_review.services.ingest import IngestResult, ingest_paths
from incident_review.storage.db import prepare_store_file
from incident_review.storage.store import Store, install, reviewed_work


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
            store.checkpoint()
        finally:
            store.close()
        install(staging, db_path)
    return result
