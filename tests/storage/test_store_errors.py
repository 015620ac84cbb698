"""The storage boundary: the store raises ``core.errors``, never sqlite3, so the services,
the CLI and the TUI handle a busy or broken store without knowing SQLite."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from incident_review.core.errors import StoreBusyError, StoreError
from incident_review.core.query import IncidentFilter, Sort
from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from tests.conftest import run_cli, sql_counts
from tests.storage.test_store import make


@pytest.fixture
def blocked(db_path: Path) -> Iterator[tuple[Store, sqlite3.Connection]]:
    """A store of two incidents whose write lock another connection holds (as a long
    ingest by another analyst would), with the busy timeout cut to a tenth of a second."""
    store = Store(db_path)
    store.import_incidents([make(1), make(2)], "ana", "test")
    store.database.busy_timeout_ms = 100
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    yield store, blocker
    blocker.close()
    store.close()


def test_a_write_past_the_busy_timeout_is_store_busy_and_writes_nothing(
    blocked: tuple[Store, sqlite3.Connection],
) -> None:
    store, blocker = blocked
    inc = store.get("INC-000001")
    assert inc is not None
    with pytest.raises(StoreBusyError, match="locked") as caught:
        review.set_status(store, inc, "confirmed", "ana")
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)  # SQLite's, kept for debugging
    with pytest.raises(StoreBusyError):
        store.duplicates.decide("INC-000001", "INC-000002", "not_duplicate", "ana")
    blocker.execute("ROLLBACK")
    assert store.get("INC-000001").status == "unreviewed"  # type: ignore[union-attr]
    assert review.set_status(store, inc, "confirmed", "ana").incident.status == "confirmed"


def test_reads_go_on_while_another_analyst_holds_the_write_lock(blocked: tuple[Store, sqlite3.Connection]) -> None:
    store, _ = blocked
    browse = Browse(store)
    assert [r.id for r in browse.page(IncidentFilter(), Sort(), None, 10)] == ["INC-000001", "INC-000002"]
    assert browse.count(IncidentFilter()) == 2 and browse.get("INC-000002") is not None


@pytest.mark.parametrize("words", ['"', "AND", "*"])
def test_a_search_fts5_cannot_parse_is_a_store_error(store: Store, words: str) -> None:
    browse = Browse(store)
    with pytest.raises(StoreError) as caught:
        browse.page(IncidentFilter(search=words), Sort(), None, 10)
    assert not isinstance(caught.value, StoreBusyError)  # not worth retrying
    with pytest.raises(StoreError):
        browse.count(IncidentFilter(search=words))


def test_an_export_that_breaks_midway_raises_store_error_while_iterated(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from incident_review.storage import incident_rows

    store.import_incidents([make(i) for i in range(1, 6)], "ana", "test")
    load = incident_rows.load

    def breaks(conn: sqlite3.Connection, ids: list[str]) -> list[object]:
        if ids[0] != "INC-000001":
            raise sqlite3.DatabaseError("database disk image is malformed")
        return load(conn, ids)  # type: ignore[return-value]

    monkeypatch.setattr(incident_rows, "load", breaks)
    exported = store.iter_incidents(IncidentFilter(), chunk=2)
    assert [i.id for i in [next(exported), next(exported)]] == ["INC-000001", "INC-000002"]
    with pytest.raises(StoreError, match="malformed"):
        next(exported)


def test_a_cli_command_on_a_store_another_write_holds_is_one_line_naming_it(
    blocked: tuple[Store, sqlite3.Connection], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from incident_review.storage import db

    # The command's own store waits a tenth of a second, not 10 s, for the lock (opening
    # a store migrates it in a write transaction: that is where it waits here).
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    result = run_cli("not-duplicate", "INC-000001", "INC-000002", db=db_path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("error: ") and str(db_path) in line and "store busy" in line and "nothing was saved" in line
    assert sql_counts(db_path, "SELECT count(*) FROM pair_decisions") == (0,)
