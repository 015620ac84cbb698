"""Shared-server safety (issue #15): what a careless or hostile user on a shared server
must not be able to do to another analyst's store or terminal."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from incident_review.cli.main import cli
from incident_review.core.errors import ConflictError, MergedAwayError
from incident_review.core.model import Claim
from incident_review.core.query import IncidentFilter, Sort
from incident_review.services import review
from incident_review.services.duplicates import merge_incidents
from incident_review.storage.store import Store
from tests.conftest import SEED, run_cli


def _counts(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        return (conn.execute("SELECT count(*) FROM reports").fetchone()[0],
                conn.execute("SELECT count(*) FROM incidents").fetchone()[0])
    finally:
        conn.close()


def _shared_store(path: Path, n: int = 3) -> Store:
    from tests.test_store import make

    store = Store(path)
    store.import_incidents([make(i) for i in range(1, n + 1)], "ana", "test")
    return store


# ------------------------------------------------------------ 1. demo and read-only commands


def test_demo_with_the_env_store_exported_builds_its_own_store(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared" / "incidents.db"
    monkeypatch.setenv("INCIDENT_REVIEW_DB", str(shared))
    live = _shared_store(shared, 5)  # another analyst has it open: its -wal exists
    wal = Path(str(shared) + "-wal")
    assert wal.exists()
    result = run_cli("demo", "--no-tui")
    assert result.exit_code == 0, result.output
    demo_db = tmp_path / "data" / "incident-review" / "demo.db"
    assert str(demo_db) in result.output
    assert wal.exists() and _counts(shared) == (0, 5)
    assert live.count(IncidentFilter()) == 5
    assert _counts(demo_db)[0] >= 1
    live.close()


def test_demo_on_an_explicit_store_with_reviewed_work_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "mine.db"
    store = _shared_store(target)
    inc = store.get("INC-000001")
    assert inc is not None
    review.set_grade(store, inc, "fair", "ana")
    result = run_cli("demo", "--no-tui", db=target)
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and str(target) in line and "--force" in line and "reviewed work" in line
    assert _counts(target) == (0, 3)
    # --force replaces it through SQLite: the connection still open reads the new store whole.
    result = run_cli("demo", "--no-tui", "--force", db=target)
    assert result.exit_code == 0, result.output
    assert store.count(IncidentFilter()) == _counts(target)[1] >= 6
    assert store.integrity() == "ok"
    store.close()


def test_demo_again_on_its_own_store_keeps_a_review_in_progress(tmp_path: Path) -> None:
    assert run_cli("demo", "--no-tui").exit_code == 0
    demo_db = tmp_path / "data" / "incident-review" / "demo.db"
    store = Store(demo_db)
    inc = store.get_many([r.id for r in store.page(IncidentFilter(), Sort(), None, 1)])[0]
    review.set_status(store, inc, "confirmed", "ana")
    store.close()
    result = run_cli("demo", "--no-tui")
    assert result.exit_code == 2 and "1 reviewed incident(s)" in result.output
    assert Store(demo_db).stats()["by_status"].get("confirmed") == 1


@pytest.mark.parametrize("args", [["stats"], ["export"], ["export", "--format", "acled-csv"], ["duplicates"],
                                  ["backup", "copy.db"]])
def test_read_only_commands_create_no_store_and_no_folder(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "nonexistent" / "x.db"
    result = run_cli(*args, db=missing)
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and str(missing) in line and "Traceback" not in line
    assert not missing.parent.exists()


def test_every_command_names_its_store(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert str(db) in run_cli("ingest", str(SEED), "--published", "2024-01-01", db=db).output
    assert str(db) in run_cli("stats", db=db).output
    assert str(db) in run_cli("paths", db=db).output
    runner = CliRunner()
    exported = runner.invoke(cli, ["--db", str(db), "export"], catch_exceptions=False)
    assert str(db) in exported.stderr and str(db) not in exported.stdout
    assert yaml.safe_load(exported.stdout)["schema"] == "incident-review/1"  # stdout: clean YAML
    assert str(db) in run_cli("duplicates", db=db).output
