from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from incident_review.cli.main import cli
from incident_review.storage.store import Store

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "000_bedfac4b7dc0589f.txt"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the real user's config or store."""
    monkeypatch.setenv("INCIDENT_REVIEW_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("INCIDENT_REVIEW_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("INCIDENT_REVIEW_ANALYST", "tester")
    # The demo store (and anything else under the user data dir) stays in tmp_path too.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    # The parsed-config cache too (config/parsed_cache.py).
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs in its own tmp_path: a relative path a test or the app writes (an
    export typed into a prompt: a stray ``cked`` came from a lock test's keys) lands there,
    never in the checkout."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def seeded(db_path: Path) -> Iterator[Store]:
    from incident_review.services.ingest import ingest_paths

    s = Store(db_path)
    ingest_paths(s, [SEED], "tester")
    yield s
    s.close()


def run_cli(*args: str, db: Path | None = None) -> Result:
    argv = (["--db", str(db)] if db else []) + list(args)
    return CliRunner().invoke(cli, argv, catch_exceptions=False)


def sql_counts(db: Path, *queries: str) -> tuple[int, ...]:
    """The first value of each query, read straight from the file (no Store, no migration)."""
    conn = sqlite3.connect(db)
    try:
        return tuple(conn.execute(q).fetchone()[0] for q in queries)
    finally:
        conn.close()


def stored_counts(db: Path) -> tuple[int, ...]:
    """(reports, incidents) rows in the file, staged ones included; none when there is no file
    (connecting would create one)."""
    if not db.exists():
        return (0, 0)
    return sql_counts(db, "SELECT count(*) FROM reports", "SELECT count(*) FROM incidents")
