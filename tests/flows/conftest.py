"""Fixtures the TUI flow tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from incident_review.services.ingest import ingest_paths
from incident_review.storage.store import Store
from tests.conftest import ROOT


@pytest.fixture
def demo(tmp_path: Path) -> Store:
    """A store of the bundled demo: every seed report, ingested as `demo` does."""
    store = Store(tmp_path / "demo.db")
    ingest_paths(store, sorted((ROOT / "seeds").glob("*.txt")), "tester")
    return store
