"""The store as people open it outside the app: sqlite-utils, Datasette, the sqlite3 shell."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml
from sqlite_utils import Database

from incident_review.config import datasette
from incident_review.core.query import IncidentFilter
from incident_review.services.demo import build_demo
from incident_review.storage import schema
from incident_review.storage.staging import STAGED
from incident_review.storage.store import Store
from tests.conftest import run_cli

BEFORE_DATASETTE = 9  # the schema version before the FTS tables were declared for Datasette


def _search_ids(db: Path, table: str, words: str) -> set[str]:
    return {row["id"] for row in Database(db).table(table).search(words, columns=["id"])}


def _project_search(db: Path, words: str) -> set[str]:
    s = Store(db)
    try:
        return {inc.id for inc in s.iter_incidents(IncidentFilter(search=words))}
    finally:
        s.close()


def _text_mentions(db: Path, word: str) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT id FROM incidents WHERE summary LIKE ? OR location LIKE ?", (f"%{word}%", f"%{word}%")
        )
        return {r[0] for r in rows}
    finally:
        conn.close()


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    db = tmp_path / "incidents.db"
    build_demo(db, "tester")
    return db


def test_sqlite_utils_finds_the_full_text_indexes_and_searches_them(demo: Path) -> None:
    db = Database(demo)
    assert db.table("incidents").detect_fts() == "incidents_fts"
    assert db.table("reports").detect_fts() == "reports_fts"
    dnipro = _text_mentions(demo, "Dnipro")
    assert dnipro  # the demo has incidents in Dnipro
    assert _search_ids(demo, "incidents", "Dnipro") == dnipro
    assert _search_ids(demo, "incidents", "nonexistentword") == set()
    assert _search_ids(demo, "reports", "Dnipro")


def test_the_projects_own_search_still_reads_incidents_and_report_text(demo: Path) -> None:
    dnipro = _project_search(demo, "Dnipro")
    assert _text_mentions(demo, "Dnipro") <= dnipro  # summaries and places, plus reports' text
    assert _project_search(demo, "nonexistentword") == set()


def test_the_index_follows_edits_after_the_upgrade(demo: Path) -> None:
    s = Store(demo)
    try:
        s.conn.execute("UPDATE incidents SET summary = 'Zaporizhzhiaspecialword' WHERE id = 'INC-000001'")
        assert {i.id for i in s.iter_incidents(IncidentFilter(search="Zaporizhzhiaspecialword"))} == {"INC-000001"}
    finally:
        s.close()
    assert _search_ids(demo, "incidents", "Zaporizhzhiaspecialword") == {"INC-000001"}


def _view(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_live_incidents_leaves_out_merged_and_staged_rows(demo: Path) -> None:
    everyone = {r[0] for r in _view(demo, "SELECT id FROM incidents")}
    assert {r[0] for r in _view(demo, "SELECT id FROM live_incidents")} == everyone
    result = run_cli("merge", "INC-000002", "INC-000007", db=demo)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(demo)
    with conn:  # a row of an ingest still running, as staging writes it
        conn.execute("UPDATE incidents SET merged_into = ? WHERE id = 'INC-000003'", (STAGED + "b1",))
    conn.close()
    live = {r[0] for r in _view(demo, "SELECT id FROM live_incidents")}
    assert live == everyone - {"INC-000007", "INC-000003"}
    assert "INC-000002" in live  # the survivor


def test_incident_claims_are_the_live_incidents_claims_with_their_place_and_date(demo: Path) -> None:
    run_cli("merge", "INC-000002", "INC-000007", db=demo)
    got = _view(demo, "SELECT incident_id, position, actor, role, location, date FROM incident_claims")
    want = _view(
        demo,
        "SELECT c.incident_id, c.position, c.actor, c.role, i.location, i.date FROM claims c "
        "JOIN incidents i ON i.id = c.incident_id WHERE i.merged_into IS NULL",
    )
    assert got and sorted(got) == sorted(want)
    assert "INC-000007" not in {r[0] for r in got}
    merged_claims = _view(demo, "SELECT count(*) FROM claims WHERE incident_id = 'INC-000007'")[0][0]
    assert merged_claims  # the merged-away incident still holds claims: the view leaves them out


def _demo_at(db: Path, version: int, head: Path) -> None:
    """The demo as a store at schema ``version`` holds it: built at the head (the code
    writes today's columns), its rows copied into a store migrated only that far."""
    build_demo(head, "tester")
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        for done, statements in enumerate(schema.MIGRATIONS[:version]):
            for statement in statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {done + 1}")
        conn.execute("ATTACH ? AS head", (str(head),))
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite%'"
            )
        ]
        for table in tables:
            columns = ", ".join(f"[{r[1]}]" for r in conn.execute(f"PRAGMA main.table_info([{table}])"))
            conn.execute(f"DELETE FROM main.[{table}]")
            conn.execute(f"INSERT INTO main.[{table}] ({columns}) SELECT {columns} FROM head.[{table}]")
        for fts in ("incidents_fts", "reports_fts"):
            conn.execute(f"INSERT INTO main.{fts} ({fts}) VALUES ('rebuild')")
    finally:
        conn.close()


def test_a_store_from_before_gets_the_indexes_and_views(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _demo_at(db, BEFORE_DATASETTE, tmp_path / "head.db")
    assert Database(db).table("incidents").detect_fts() is None  # what Datasette met: no search
    assert not _view(db, "SELECT name FROM sqlite_master WHERE type = 'view'")
    before = _project_search(db, "Dnipro")  # opening it upgrades it
    assert _view(db, "PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
    assert Database(db).table("incidents").detect_fts() == "incidents_fts"
    assert _search_ids(db, "incidents", "Dnipro") == _text_mentions(db, "Dnipro")
    assert _project_search(db, "Dnipro") == before
    assert {r[0] for r in _view(db, "SELECT name FROM sqlite_master WHERE type = 'view'")} == {
        "live_incidents",
        "incident_claims",
    }


# ------------------------------------------------------------ metadata.yml


def _columns(db: Path) -> dict[str, set[str]]:
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
        return {n: {r[1] for r in conn.execute(f"PRAGMA table_info([{n}])")} for n in names}
    finally:
        conn.close()


def test_metadata_names_only_tables_and_columns_that_exist(tmp_path: Path) -> None:
    db = tmp_path / "incidents.db"
    Store(db).close()
    columns = _columns(db)
    meta = yaml.safe_load(datasette.metadata_text())
    tables = meta["databases"]["incidents"]["tables"]
    assert {"incidents", "live_incidents", "incident_claims", "reports", "claims", "audit", "duplicate_pairs"} <= set(
        tables
    )
    for table, spec in tables.items():
        assert table in columns, table
        described = set(spec.get("columns", {}))
        assert described <= columns[table], (table, described - columns[table])
        if table != "counters":  # hidden, internal
            assert described == columns[table], (table, columns[table] - described)
        if "fts_table" in spec:
            assert spec["fts_table"] in columns
            assert spec["fts_pk"] in columns[table]


def test_datasette_metadata_is_keyed_by_the_stores_file_name(tmp_path: Path) -> None:
    result = run_cli("datasette-metadata", db=tmp_path / "field notes: 2024.db")
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load(result.output)
    assert list(meta["databases"]) == ["field notes: 2024"]
    assert (
        meta["databases"]["field notes: 2024"]["tables"]
        == yaml.safe_load(datasette.metadata_text())["databases"]["incidents"]["tables"]
    )
    assert "datasette metadata: " in run_cli("paths", db=tmp_path / "x.db").output
