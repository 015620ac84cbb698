"""The field table (core/fields.py) and every consumer of it.

Each test walks the whole table and sets every field to a value other than its default,
so that a field added to the table which some consumer forgets (the contract drops it,
a store has no column for it, a merge cannot choose it...) fails here.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import sqlite3
from pathlib import Path
from typing import Annotated, Any

import pytest
import yaml

from incident_review.core import contract, datasets, snapshot
from incident_review.core.dataset_formats.rows import Context, Record
from incident_review.core.errors import InputError
from incident_review.core.fields import DERIVED, Derived, Field, table
from incident_review.core.filter_text import FILTER_KEYS, parse_filter
from incident_review.core.merge import CHOOSABLE, merge
from incident_review.core.model import FIELDS, Claim, Figure, Incident, Note, Source, Span
from incident_review.core.query import LISTED, SORTABLE, IncidentFilter, ListRow, Sort
from incident_review.services.dataset_places import places
from incident_review.storage import incident_rows, listing
from incident_review.storage.schema import MIGRATIONS, SCHEMA_VERSION, added_columns
from incident_review.storage.store import Change, Store
from incident_review.tui.columns import COLUMNS
from incident_review.tui.compare import comparison, rows, value_of
from incident_review.tui.detail import incident_text
from tests.conftest import DATA

# Values the table's kinds cannot make up: checked across fields or by a constraint.
_SPECIAL: dict[str, tuple[Any, Any]] = {
    "id": ("INC-000042", "INC-000043"),
    "country": ("UA", "PL"),  # an ISO alpha-2 code
    "casualty_aggregation": ("maximum", "conservative"),  # CHECK in the store
}


def _value(f: Field, n: int) -> Any:
    """A value for ``f`` other than its default; n = 1 and 2 give two different ones."""
    if f.name in _SPECIAL:
        return _SPECIAL[f.name][n - 1]
    if f.kind == "text":
        return f"{f.name} {n}"
    if f.kind == "choice":
        return [c for c in f.choices if c != f.default][n - 1]
    if f.kind == "date":
        return dt.date(2024, 1, n)  # date_end == date: not before it
    if f.kind == "number":
        lo, hi = f.bounds or (0, 100)
        return lo + (hi - lo) * n / 4
    if f.kind == "count":
        return 6 + n
    if f.kind == "texts":
        return [f"{f.name} {n}", "shared"]
    raise AssertionError(f"no sample for {f.kind}")


_NESTED: dict[str, tuple[Any, Any]] = {
    "attribution": ([Claim("A forces", source="R-1")], [Claim("B forces", "target", source="R-2")]),
    "figures": ([Figure("killed", "all", 1, 2, 3, "R-1")], [Figure("wounded", "all", None, 4, None, "R-2")]),
    "sources": ([Source("R-1", "Outlet one")], [Source("R-2", "Outlet two")]),
    "notes": ([Note("ana", "2024-01-02T03:04:05Z", "note one")], [Note("bo", "2024-01-03T03:04:05Z", "two")]),
    "spans": ({"location": Span("R-1", 0, 4)}, {"date": Span("R-2", 5, 9)}),
}


def _full(n: int = 1) -> Incident:
    """An incident with every field of the table set (none at its default)."""
    values = {f.name: _NESTED[f.name][n - 1] if f.kind == "nested" else _value(f, n) for f in FIELDS}
    return Incident(**values)


def test_the_samples_set_every_field() -> None:
    a, b = _full(1), _full(2)
    for f in FIELDS:
        assert not f.unset(getattr(a, f.name)), f.name
        assert getattr(a, f.name) != getattr(b, f.name), f.name


def test_an_attribute_without_its_row_is_refused() -> None:
    @dataclasses.dataclass
    class Bare:
        known: Annotated[str, Field("text")] = ""
        forgotten: str = ""

    with pytest.raises(TypeError, match="forgotten needs one Field"):
        table(Bare)


def test_a_sortable_field_must_be_a_list_column() -> None:
    @dataclasses.dataclass
    class Unlisted:
        when: Annotated[str, Field("text", sort=True)] = ""

    with pytest.raises(TypeError, match="sortable"):
        table(Unlisted)


# ------------------------------------------------------------ the YAML contract


def _keyed() -> list[Field]:
    return [f for f in FIELDS if f.key is not None]


def test_contract_round_trips_every_field() -> None:
    inc = _full()
    d = contract.incident_to_dict(inc)
    assert list(d) == [f.key for f in _keyed()]  # every key, sparse ones too when set, in table order
    text = contract.dump({"schema": contract.SCHEMA, "incidents": [d]})
    back = contract.incident_from_dict(yaml.safe_load(text)["incidents"][0], "t.yaml", 1)
    for f in _keyed():
        if f.kind != "nested":
            assert getattr(back, f.name) == getattr(inc, f.name), f.name
    assert contract.dump({"schema": contract.SCHEMA, "incidents": [contract.incident_to_dict(back)]}) == text


def test_contract_leaves_out_only_sparse_keys_that_are_unset() -> None:
    d = contract.incident_to_dict(Incident(id="INC-000001"))
    assert list(d) == list(contract.INCIDENT_KEYS)
    assert not set(contract.OPTIONAL_KEYS) & set(d)
    assert contract.incident_from_dict(d, "t.yaml", 1) == Incident(id="INC-000001")


@pytest.mark.parametrize("f", [f for f in FIELDS if f.key is not None and f.kind != "nested"], ids=lambda f: f.name)
def test_contract_refuses_a_wrong_type_for_every_field(f: Field) -> None:
    d = contract.incident_to_dict(_full())
    d[str(f.key)] = {"not": "a value"}
    with pytest.raises(InputError, match=f"key '{f.key}'"):
        contract.incident_from_dict(d, "t.yaml", 1)


# ------------------------------------------------------------ the store


@pytest.fixture
def conn(tmp_path: Path) -> Any:
    Store(tmp_path / "f.db").close()  # migrated
    connection = sqlite3.connect(tmp_path / "f.db")
    yield connection
    connection.close()


def test_every_stored_field_has_its_column(conn: sqlite3.Connection) -> None:
    columns = {r[1]: r[2] for r in conn.execute("PRAGMA table_info(incidents)")}
    for f in FIELDS:
        if f.column is not None:
            assert f.column in columns, f"{f.name}: no column (a migration: storage/schema.py added_columns)"
            assert columns[f.column] == str(f.sql_type).split()[0], f.name
    for d in DERIVED:
        assert columns[d.name] == d.sql.split()[0], d.name
    # each derived column is computed on every write (but the duplicate score, matching's)
    assert set(incident_rows.COMPUTED) == {d.name for d in DERIVED} - {"dup_score"}
    # and no column the table does not know of
    assert set(columns) == {"seq"} | {f.name for f in FIELDS if f.column} | {d.name for d in DERIVED}


def test_a_field_migration_adds_the_columns_of_its_fields() -> None:
    for version in range(8, SCHEMA_VERSION + 1):
        assert added_columns(version) == MIGRATIONS[version - 1][: len(added_columns(version))]
    assert all(f.since <= SCHEMA_VERSION for f in FIELDS)


def test_rows_round_trip_every_field(conn: sqlite3.Connection) -> None:
    inc = _full()
    incident_rows.insert_many(conn, [inc])
    (back,) = incident_rows.load(conn, [inc.id])
    assert back == inc
    changed = _full(2)
    changed.id = inc.id
    incident_rows.update(conn, changed)
    assert incident_rows.load(conn, [inc.id]) == [changed]


def test_audit_snapshots_round_trip_every_field() -> None:
    inc = _full()
    assert snapshot.from_json(snapshot.to_json(inc)) == inc


# ------------------------------------------------------------ merging and comparing


def test_merge_follows_every_fields_rule() -> None:
    survivor, other = _full(1), _full(2)
    merged, (absorbed,) = merge(survivor, [other])
    assert absorbed.merged_into == survivor.id
    for f in FIELDS:
        mine, theirs, got = getattr(survivor, f.name), getattr(other, f.name), getattr(merged, f.name)
        if f.merge in ("choose", "keep"):
            assert got == mine, f.name
        elif f.merge == "union":
            assert got == [*mine, *(x for x in theirs if x not in mine)], f.name
        else:  # its own rule: keeps the survivor's and adds the other's
            assert all(x in got for x in mine), f.name
            assert got != mine, f.name


@pytest.mark.parametrize("name", CHOOSABLE)
def test_merge_can_take_every_choosable_field_from_the_other(name: str) -> None:
    survivor, other = _full(1), _full(2)
    merged, _ = merge(survivor, [other], choose={name: other.id})
    assert getattr(merged, name) == getattr(other, name)
    for f in FIELDS:
        if f.merge == "choose" and f.name != name:
            assert getattr(merged, f.name) == getattr(survivor, f.name), f.name
    empty = dataclasses.replace(survivor, **{name: next(f.default for f in FIELDS if f.name == name)})
    filled, _ = merge(empty, [other])
    assert getattr(filled, name) == getattr(other, name)  # the survivor had none


def test_compare_shows_every_compared_field() -> None:
    a, b = _full(1), _full(2)
    shown = rows([a, b])
    compared = [f for f in FIELDS if f.compare is not None]
    assert [n for n in shown if n in {f.name for f in compared}] == [
        f.name for f in sorted(compared, key=lambda f: f.compare or 0)
    ]
    merged, _ = merge(a, [b])
    plain = comparison([a, b], 0, merged, {}, 0, 1, 200).plain
    for f in compared:
        assert value_of(a, f.name) and value_of(a, f.name) != value_of(b, f.name), f.name
        assert f.title in plain and value_of(b, f.name)[:20] in plain, f.name


def test_compare_and_detail_hide_sparse_fields_that_are_unset() -> None:
    bare = Incident(id="INC-000001")
    shown = rows([bare, bare])
    text = incident_text(bare).plain
    for f in FIELDS:
        if f.sparse:
            assert f.name not in shown
        if f.sparse and f.detail:
            assert f"\n{f.title} " not in text


def test_detail_shows_every_detail_field() -> None:
    inc = _full()
    text = incident_text(inc).plain
    for f in FIELDS:
        if f.detail:
            value = getattr(inc, f.name)
            assert f"{f.title} " in text and str(value[0] if isinstance(value, list) else value) in text, f.name


# ------------------------------------------------------------ the list


def test_every_filter_key_is_accepted_and_tests_its_field() -> None:
    # What a nested field's filter tests: the table of its rows.
    tables = {"attribution": "claims", "sources": "incident_sources"}
    columns: list[Field | Derived] = [*FIELDS, *DERIVED]
    assert set(FILTER_KEYS) == {key for c in columns for key in c.filter}  # the parser knows every key
    for c in columns:
        kind = c.kind if isinstance(c, Field) else "count"
        for key in c.filter:
            choice = c.choices[0] if isinstance(c, Field) and c.choices else ""
            value = {"date": "2024-01-02", "count": "3", "choice": choice}.get(kind, "XY")
            parsed = parse_filter(f"{key}:{value}")
            assert parsed.search is None, key  # taken as a filter, not as words to search
            assert parsed != IncidentFilter(), key
            where, _ = listing.where_clause(parsed)
            assert tables.get(c.name, c.name) in where, key


def test_every_list_column_is_a_row_attribute_and_shown(tmp_path: Path) -> None:
    row_names = {f.name for f in dataclasses.fields(ListRow)} - {"sort_value"}
    stored = {f.name for f in FIELDS if f.column} | {d.name for d in DERIVED}
    assert row_names <= stored | {"seq"}
    assert {c.name for c in LISTED} <= row_names
    store = Store(tmp_path / "l.db")
    inc = dataclasses.replace(_full(), merged_into=None, merged_from=[])
    store.import_incidents([inc], "t", "t")
    for column in SORTABLE:
        (row,) = store.page(IncidentFilter(), Sort(column), None, 10)
        assert row.id == inc.id and row.sort_value is not None, column
    store.close()
    stored_values = dict(zip(incident_rows.INCIDENT_COLUMNS, incident_rows.incident_values(inc), strict=True))
    for name in row_names - {"seq", "dup_score"}:
        assert getattr(row, name) == stored_values[name], name  # read by name, as stored
    assert [c.key for c in COLUMNS[: len(LISTED)]] == [c.name for c in LISTED]
    assert all(isinstance(c.value(row), str) for c in COLUMNS)
    assert {f.name for f in FIELDS if f.sort} <= set(SORTABLE)


# ------------------------------------------------------------ ACLED and UCDP CSV


def test_acled_round_trips_every_mapped_field() -> None:
    inc = _full()
    mapped = [f for f in FIELDS if f.acled]
    assert {f.acled for f in mapped} <= set(datasets.ACLED_COLUMNS)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=datasets.ACLED_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerow(datasets.acled_row(inc, lambda code: {"UA": "Ukraine"}[code]))
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    back = datasets.acled_incident(Record(row, "line 2"), Context("a.csv", places())).incident
    for f in mapped:
        assert getattr(back, f.name) == getattr(inc, f.name), f.name


def test_ucdp_reads_every_mapped_field() -> None:
    (row, *_) = csv.DictReader(io.StringIO((DATA / "datasets" / "ucdp.csv").read_text(encoding="utf-8")))
    inc = _full()
    mapped = [f for f in FIELDS if f.ucdp]
    for f in mapped:
        row[str(f.ucdp)] = str(getattr(inc, f.name))
    back = datasets.ucdp_incident(Record(row, "line 2"), Context("u.csv", places())).incident
    for f in mapped:
        assert getattr(back, f.name) == getattr(inc, f.name), f.name


def test_ucdp_round_trips_every_mapped_field() -> None:
    inc = _full()
    inc.where_prec = 3  # a code UCDP has (1-7): it also sets the place's precision
    mapped = [f for f in FIELDS if f.ucdp]
    assert {f.ucdp for f in mapped} <= set(datasets.UCDP_COLUMNS)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=datasets.UCDP_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerow(datasets.ucdp_row(inc, lambda code: {"UA": "Ukraine"}[code]))
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    back = datasets.ucdp_incident(Record(row, "line 2"), Context("u.csv", places())).incident
    for f in mapped:
        assert getattr(back, f.name) == getattr(inc, f.name), f.name
    assert back.type_of_violence == inc.type_of_violence  # a coded one


def test_a_re_import_takes_every_field_a_dataset_row_sets() -> None:
    # A field the readers fill that living.DATA_FIELDS lacks would never take a revision.
    from incident_review.core.living import DATA_FIELDS, VERSION_FIELDS

    read = {f.name for f in FIELDS if (f.acled or f.ucdp) and f.name != "id"} | {"type_of_violence"}
    assert read <= set(DATA_FIELDS) | set(VERSION_FIELDS)
    assert not {"status", "grade", "belligerent_assessment", "notes"} & set(DATA_FIELDS)


# ------------------------------------------------------------ time_of_day, added through the table


def test_time_of_day_is_written_after_the_date_only_when_known(tmp_path: Path) -> None:
    inc = Incident(id="INC-000001", date=dt.date(2024, 1, 2), date_precision="day", time_of_day="14:30")
    d = contract.incident_to_dict(inc)
    keys = list(d)
    assert keys.index("time_of_day") == keys.index("date_precision") + 1
    text = contract.dump([d])
    assert "time_of_day: '14:30'\n" in text  # quoted: unquoted YAML reads 14:30 as 870
    back = contract.incident_from_dict(yaml.safe_load(text)[0], "t.yaml", 1)
    assert back.time_of_day == "14:30"
    assert "time_of_day" not in contract.dump([contract.incident_to_dict(Incident(id="INC-000002"))])


@pytest.mark.parametrize("written", ["14:30", "9:00", "1430"])
def test_an_unquoted_time_of_day_is_refused_not_read_as_a_number(written: str) -> None:
    d = contract.incident_to_dict(Incident(id="INC-000001"))
    text = contract.dump([d]).replace("  summary:", f"  time_of_day: {written}\n  summary:")
    item = yaml.safe_load(text)[0]
    with pytest.raises(InputError, match=r"key 'time_of_day'.*expected text, got the number"):
        contract.incident_from_dict(item, "t.yaml", 1)
    quoted = yaml.safe_load(text.replace(f": {written}\n", f": '{written}'\n"))[0]
    assert contract.incident_from_dict(quoted, "t.yaml", 1).time_of_day == written


def test_a_store_from_before_time_of_day_keeps_its_incidents_and_takes_it(tmp_path: Path) -> None:
    db = tmp_path / "v7.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for version, statements in enumerate(MIGRATIONS[:7]):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.execute(
        "INSERT INTO incidents (id, location, created_at, created_by, updated_at, updated_by) "
        "VALUES ('INC-000001', 'Kharkiv', 't', 'ana', 't', 'ana')"
    )
    # indexed for search as insert_many does (an unindexed row corrupts the index on update)
    conn.execute("INSERT INTO incidents_fts (rowid, summary, location) SELECT seq, summary, location FROM incidents")
    conn.close()
    store = Store(db)
    inc = store.get("INC-000001")
    assert inc is not None and inc.location == "Kharkiv" and inc.time_of_day is None
    store.save([Change(dataclasses.replace(inc, time_of_day="night"), inc.version)], "ana", "edit")
    again = store.get("INC-000001")
    assert again is not None and again.time_of_day == "night"
    assert "time of day night" in incident_text(again).plain
    store.close()


def test_a_store_from_before_the_dataset_fields_keeps_its_claims_and_takes_them(tmp_path: Path) -> None:
    db = tmp_path / "v10.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for version, statements in enumerate(MIGRATIONS[:10]):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.execute(
        "INSERT INTO incidents (id, location, created_at, created_by, updated_at, updated_by) "
        "VALUES ('UKR1', 'Dnipro', 't', 'ana', 't', 'ana')"
    )
    conn.execute("INSERT INTO incidents_fts (rowid, summary, location) SELECT seq, summary, location FROM incidents")
    conn.execute(
        "INSERT INTO claims VALUES ('UKR1', 0, 'Civilians (Ukraine)', 'target', 'reported', NULL, NULL, NULL, NULL)"
    )
    conn.close()
    store = Store(db)
    inc = store.get("UKR1")
    assert inc is not None and inc.attribution == [Claim("Civilians (Ukraine)", "target")] and inc.tags is None
    children = Claim("Children (Ukraine)", "target", associated_with="Civilians (Ukraine)")
    changed = dataclasses.replace(inc, tags="women targeted: girls", attribution=[*inc.attribution, children])
    store.save([Change(changed, inc.version)], "ana", "edit")
    again = store.get("UKR1")
    assert again is not None and again.tags == "women targeted: girls" and again.attribution[1] == children
    store.close()
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT actor, associated_with FROM incident_claims ORDER BY position").fetchall()
    finally:
        conn.close()
    assert rows == [("Civilians (Ukraine)", None), ("Children (Ukraine)", "Civilians (Ukraine)")]
