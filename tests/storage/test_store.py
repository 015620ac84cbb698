from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incident_review.core.errors import ConflictError, StoreError
from incident_review.core.model import Claim, Figure, Incident, Note
from incident_review.core.query import SORTABLE, IncidentFilter, Sort
from incident_review.services import review
from incident_review.services.ingest import ingest_paths
from incident_review.storage.schema import MIGRATIONS, SCHEMA_VERSION
from incident_review.storage.store import Change, Store
from tests.conftest import ROOT, SEED, run_cli


def make(i: int, **kw: object) -> Incident:
    base = Incident(
        id=f"INC-{i:06d}",
        location=["Kharkiv", "Dnipro", None][i % 3],
        admin1="Kharkiv Oblast",
        country="UA",
        summary=f"strike number {i}",
        figures=[Figure("killed", best=i % 5)],
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_migrations_set_schema_version_and_pragmas(store: Store) -> None:
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = set(store.database.db.table_names())
    assert {
        "reports",
        "incidents",
        "incident_sources",
        "claims",
        "casualty_figures",
        "notes",
        "audit",
        "reports_fts",
        "incidents_fts",
    } <= tables


def test_reopening_does_not_migrate_again(db_path: Path) -> None:
    Store(db_path).close()
    s = Store(db_path)
    assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    s.close()


def test_incident_round_trips_every_child(store: Store) -> None:
    inc = make(
        1,
        attribution=[Claim("Russian forces", stance="blamed", by="Kyiv", source="R-1", start=1, end=5)],
        notes=[Note("ana", "2024-01-01T00:00:00Z", "line one\nline two")],
        weapons=["drone"],
    )
    store.import_incidents([inc], "ana", "test")
    got = store.get(inc.id)
    assert got is not None
    assert got.attribution == inc.attribution and got.notes == inc.notes and got.figures == inc.figures
    assert got.weapons == ["drone"] and got.version == 1 and got.created_by == "ana"


def test_stale_save_is_refused_and_names_who_changed_it(store: Store) -> None:
    store.import_incidents([make(1)], "ana", "test")
    seen_by_ana = store.get("INC-000001")
    seen_by_bob = store.get("INC-000001")
    assert seen_by_ana and seen_by_bob
    review.set_status(store, seen_by_bob, "confirmed", "bob")
    with pytest.raises(ConflictError, match="bob"):
        review.set_status(store, seen_by_ana, "rejected", "ana")
    got = store.get("INC-000001")
    assert got and got.status == "confirmed"


def test_undo_and_redo_restore_exact_states(store: Store) -> None:
    store.import_incidents([make(1)], "ana", "test")
    before = store.get("INC-000001")
    assert before
    saved = review.add_note(store, before, "check casualty count", "ana")
    # What the action returns is the incident as stored: the next edit is based on it.
    assert saved.incident == store.get("INC-000001") and saved.incident.version == before.version + 1
    redo = review.undo(store, saved.batch, "ana")
    undone = store.get("INC-000001")
    assert undone and undone.notes == [] and undone.status == before.status
    review.undo(store, redo, "ana")
    redone = store.get("INC-000001")
    assert redone and [n.text for n in redone.notes] == ["check casualty count"]
    actions = [e.action for e in store.history("INC-000001")]
    assert actions == ["import", "note", "undo", "undo"]


def test_undo_refuses_to_erase_a_later_change(store: Store) -> None:
    store.import_incidents([make(1)], "ana", "test")
    inc = store.get("INC-000001")
    assert inc
    batch = review.set_status(store, inc, "confirmed", "ana").batch
    later = store.get("INC-000001")
    assert later
    review.add_note(store, later, "bob's note", "bob")
    with pytest.raises(ConflictError):
        review.undo(store, batch, "ana")


def test_failed_batch_writes_nothing(store: Store) -> None:
    store.import_incidents([make(1), make(2)], "ana", "test")
    a, b = store.get_many(["INC-000001", "INC-000002"])
    with pytest.raises(ConflictError):
        store.save([Change(replace(a, status="confirmed"), a.version), Change(b, b.version + 5)], "ana", "x")
    again = store.get("INC-000001")
    assert again and again.status == "unreviewed" and again.version == 1


def test_check_constraints_reject_negative_casualties(store: Store) -> None:
    with pytest.raises(StoreError, match="CHECK constraint"):
        store.import_incidents([make(1, figures=[Figure("killed", best=-1)])], "ana", "test")
    assert store.count(IncidentFilter()) == 0


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(column=st.sampled_from(SORTABLE), descending=st.booleans(), page=st.integers(1, 7))
def test_keyset_pages_walk_the_same_order_forwards_and_backwards(
    tmp_path_factory: pytest.TempPathFactory, column: str, descending: bool, page: int
) -> None:
    store = Store(tmp_path_factory.mktemp("k") / "k.db")
    store.import_incidents([make(i, status=["unreviewed", "confirmed"][i % 2]) for i in range(1, 24)], "a", "t")
    sort = Sort(column, descending)
    forward, after = [], None
    while rows := store.page(IncidentFilter(), sort, after, page):
        forward.extend(rows)
        after = rows[-1].key
    assert len(forward) == 23 and len({r.id for r in forward}) == 23
    backward: list[Any] = []
    before = None
    while rows := store.page(IncidentFilter(), sort, before, page, backwards=True):
        backward[:0] = rows
        before = rows[0].key
    assert [r.id for r in backward] == [r.id for r in forward]
    values = [r.sort_value for r in forward]
    non_null = [v for v in values if v is not None]
    assert non_null == sorted(non_null, reverse=descending)
    store.close()


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    column=st.sampled_from(SORTABLE),
    descending=st.booleans(),
    pick=st.integers(0, 40),
    merged=st.sets(st.integers(1, 30), max_size=5),
    confirmed_only=st.booleans(),
)
def test_position_is_the_index_in_the_walk_and_pages_from_the_row(
    tmp_path_factory: pytest.TempPathFactory,
    column: str,
    descending: bool,
    pick: int,
    merged: set[int],
    confirmed_only: bool,
) -> None:
    """Where a jump or a kept cursor lands: the row's index in the full list (NULLs,
    ties, merged rows and filters included) and the rows from it on."""
    store = Store(tmp_path_factory.mktemp("p") / "p.db")
    store.import_incidents(
        [
            make(
                i,
                status=["unreviewed", "confirmed"][i % 2],
                date=None if i % 4 else dt.date(2024, 1, 1 + i % 3),
                merged_into="INC-000031" if i in merged else None,
            )
            for i in range(1, 31)
        ],
        "a",
        "t",
    )
    f = IncidentFilter(statuses=("confirmed",) if confirmed_only else ())
    sort = Sort(column, descending)
    walk, after = [], None
    while rows := store.page(f, sort, after, 7):
        walk.extend(rows)
        after = rows[-1].key
    target = f"INC-{pick:06d}"
    found = store.position(f, sort, target, 5)
    ids = [r.id for r in walk]
    if target not in ids:
        assert found is None
    else:
        assert found is not None
        index, rows = found
        assert index == ids.index(target)
        assert [r.id for r in rows] == ids[index : index + 5]
    store.close()


def test_full_text_search_finds_summaries_and_report_text(seeded: Store) -> None:
    by_summary = seeded.count(IncidentFilter(search="clinic"))
    by_report_text = seeded.count(IncidentFilter(search="Zelenskyy"))
    assert by_summary >= 1
    assert by_report_text == seeded.count(IncidentFilter())  # every incident cites that report
    assert seeded.count(IncidentFilter(search="nonexistentword")) == 0


def test_filters_combine(seeded: Store) -> None:
    ru = seeded.count(IncidentFilter(country="RU"))
    ua = seeded.count(IncidentFilter(country="UA"))
    assert ru + ua == seeded.count(IncidentFilter())
    assert seeded.count(IncidentFilter(country="RU", admin1="Belgorod Oblast")) >= 2
    assert seeded.count(IncidentFilter(contested=True)) >= 1


def test_search_finds_rows_from_every_write_path(seeded: Store) -> None:
    """Ingest and import index new rows themselves (no per-row trigger since migration 4):
    each path, and a second ingest after the first, must be searchable at once."""
    seeded.import_incidents([make(900, summary="Quarry blast near Zyxwvut")], "ana", "test")
    ingest_paths(seeded, [ROOT / "seeds" / "001_dnipro_clinic_wire.txt"], "ana")
    assert [r.id for r in seeded.page(IncidentFilter(search="Zyxwvut"), Sort(), None, 10)] == ["INC-000900"]
    wire_only = seeded.count(IncidentFilter(search="Lysak"))  # named only in the second report
    assert wire_only >= 1
    assert wire_only < seeded.count(IncidentFilter())


def _store_at_version_3(db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    for version, statements in enumerate(MIGRATIONS[:3]):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.close()


def test_upgrading_an_existing_store_is_announced(db_path: Path) -> None:
    _store_at_version_3(db_path)
    result = run_cli("stats", db=db_path)
    assert result.exit_code == 0
    assert f"upgrading {db_path} from schema 3 to {SCHEMA_VERSION}" in result.stderr
    assert "upgrading" not in run_cli("stats", db=db_path).stderr  # once


def test_store_made_before_migration_4_keeps_indexing(db_path: Path) -> None:
    _store_at_version_3(db_path)
    store = Store(db_path)
    triggers = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert "incidents_ai" not in triggers and "reports_ai" not in triggers
    ingest_paths(store, [SEED], "ana")
    assert store.count(IncidentFilter(search="clinic")) >= 1
    assert store.count(IncidentFilter(search="Zelenskyy")) == store.count(IncidentFilter())
    store.close()
