"""The YAML contract: round trip, and every kind of bad file refused with one line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from incident_review.core.contract import INCIDENT_KEYS, SCHEMA
from incident_review.core.model import Claim, Figure, Incident, Note, Source
from incident_review.core.query import IncidentFilter
from incident_review.storage.store import Store
from tests.conftest import run_cli


def _incident(**extra: object) -> dict[str, object]:
    d: dict[str, object] = {k: None for k in INCIDENT_KEYS}
    d.update(
        id="INC-000001",
        status="unreviewed",
        date_precision="unknown",
        geo_precision="unknown",
        weapons=[],
        damage=[],
        attribution=[],
        casualties={
            "killed": {"low": None, "best": None, "high": None},
            "wounded": {"low": None, "best": None, "high": None},
        },
        sources=[],
        merged_from=[],
        notes=[],
    )
    d.update(extra)
    return d


def _write(path: Path, doc: object) -> Path:
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_export_import_export_is_byte_identical(tmp_path: Path, db_path: Path) -> None:
    store = Store(db_path)
    inc = Incident(
        id="INC-000042",
        status="confirmed",
        grade="fair",
        country="UA",
        admin1="Харківська область",
        location="Kharkiv — центр",
        summary="Strike on «market»\nsecond line",
        weapons=["S-300 missile"],
        damage=["market"],
        attribution=[Claim("Russian forces", "perpetrator", "blamed", "Київ", "R-1")],
        figures=[Figure("killed", "all", 2, 3, 5, "R-1"), Figure("killed", "children", None, 1, None, "R-1")],
        sources=[Source("R-1", "Укрінформ", "https://x.example/a", None, "quote: with colon")],
        notes=[Note("ana", "2024-01-02T03:04:05Z", "multi\nline: note [bold]not markup[/bold]")],
        latitude=49.98,
        longitude=36.25,
        merged_from=["INC-000041"],
        reviewed_by="ana",
        reviewed_at="2024-01-02T03:04:05Z",
    )
    store.import_incidents([inc], "ana", "test")
    store.close()
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert run_cli("export", "--no-timestamp", "-o", str(first), db=db_path).exit_code == 0
    assert run_cli("import", str(first), db=tmp_path / "empty.db").exit_code == 0
    assert run_cli("export", "--no-timestamp", "-o", str(second), db=tmp_path / "empty.db").exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA
    assert list(data["incidents"][0]) == list(INCIDENT_KEYS)
    cas = data["incidents"][0]["casualties"]
    assert cas["killed"] == {"low": 2, "best": 3, "high": 5} and cas["children_killed"] == 1


def test_seed_export_round_trips(tmp_path: Path, seeded: Store) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert run_cli("export", "--no-timestamp", "-o", str(first), db=Path(seeded.path)).exit_code == 0
    assert run_cli("import", str(first), db=tmp_path / "b.db").exit_code == 0
    assert run_cli("export", "--no-timestamp", "-o", str(second), db=tmp_path / "b.db").exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_export_is_deterministic_and_filters(seeded: Store, tmp_path: Path) -> None:
    db = Path(seeded.path)
    a = run_cli("export", "--no-timestamp", db=db).output
    b = run_cli("export", "--no-timestamp", db=db).output
    assert a == b
    confirmed = yaml.safe_load(run_cli("export", "--status", "confirmed", db=db).output)
    assert confirmed["incidents"] == [] and confirmed["filter"] == {"statuses": ["confirmed"]}
    assert confirmed["exported_at"] is not None


BAD_DOCS = [
    ("not a mapping", ["a", "list"], "expected a mapping"),
    ("missing schema", {"incidents": []}, "missing 'schema'"),
    ("wrong schema", {"schema": "incident-review/9", "incidents": []}, "unknown schema"),
    ("incidents not list", {"schema": SCHEMA, "incidents": {"a": 1}}, "'incidents' must be a list"),
    (
        "missing key",
        {"schema": SCHEMA, "incidents": [{k: v for k, v in _incident().items() if k != "summary"}]},
        "INC-000001, key 'summary': is missing",
    ),
    ("unknown key", {"schema": SCHEMA, "incidents": [_incident(colour="red")]}, "key 'colour'"),
    ("bad status", {"schema": SCHEMA, "incidents": [_incident(status="done")]}, "key 'status'"),
    ("bad date", {"schema": SCHEMA, "incidents": [_incident(date="2023-02-30")]}, "key 'date'"),
    (
        "negative killed",
        {
            "schema": SCHEMA,
            "incidents": [_incident(casualties={"killed": {"low": None, "best": -2, "high": None}, "wounded": {}})],
        },
        "negative",
    ),
    (
        "low above high",
        {
            "schema": SCHEMA,
            "incidents": [_incident(casualties={"killed": {"low": 9, "best": 5, "high": 3}, "wounded": {}})],
        },
        "out of order",
    ),
    ("latitude out of range", {"schema": SCHEMA, "incidents": [_incident(latitude=123.0)]}, "key 'latitude'"),
    ("bad country", {"schema": SCHEMA, "incidents": [_incident(country="Ukraine")]}, "ISO 3166-1"),
    ("duplicate ids", {"schema": SCHEMA, "incidents": [_incident(), _incident()]}, "appears twice"),
    ("weapons not list", {"schema": SCHEMA, "incidents": [_incident(weapons="drone")]}, "key 'weapons'"),
]


@pytest.mark.parametrize(("name", "doc", "message"), BAD_DOCS, ids=[b[0] for b in BAD_DOCS])
def test_bad_documents_are_refused_whole(tmp_path: Path, db_path: Path, name: str, doc: object, message: str) -> None:
    path = _write(tmp_path / "bad.yaml", doc)
    result = run_cli("import", str(path), db=db_path)
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and str(path) in line and message in line
    assert Store(db_path).count(IncidentFilter()) == 0


RAW_BAD = [
    (
        "python object tag",
        "schema: incident-review/1\nincidents: !!python/object/apply:os.system ['true']\n",
        "not valid YAML",
    ),
    (
        "alias bomb",
        "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nschema: incident-review/1\nincidents: [*c]\n",
        "aliases are not allowed",
    ),
    ("broken syntax", "schema: incident-review/1\nincidents: [\n", "line"),
    ("empty", "", "empty file"),
]


@pytest.mark.parametrize(("name", "text", "message"), RAW_BAD, ids=[b[0] for b in RAW_BAD])
def test_unsafe_or_broken_yaml_is_refused(tmp_path: Path, db_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("import", str(path), db=db_path)
    assert result.exit_code == 2 and message in result.output


def test_import_refuses_ids_already_in_store(tmp_path: Path, db_path: Path) -> None:
    path = _write(tmp_path / "one.yaml", {"schema": SCHEMA, "incidents": [_incident(), _incident(id="INC-000002")]})
    assert run_cli("import", str(path), db=db_path).exit_code == 0
    again = _write(
        tmp_path / "two.yaml", {"schema": SCHEMA, "incidents": [_incident(id="INC-000003"), _incident(id="INC-000002")]}
    )
    result = run_cli("import", str(again), db=db_path)
    assert result.exit_code == 2 and "INC-000002" in result.output and "already exists" in result.output
    assert "INC-000003" not in run_cli("export", db=db_path).output


def test_new_ids_continue_after_imported_ones(tmp_path: Path, db_path: Path) -> None:
    path = _write(tmp_path / "one.yaml", {"schema": SCHEMA, "incidents": [_incident(id="INC-000500")]})
    assert run_cli("import", str(path), db=db_path).exit_code == 0
    from tests.conftest import SEED

    assert run_cli("ingest", str(SEED), db=db_path).exit_code == 0
    ids = [i["id"] for i in yaml.safe_load(run_cli("export", db=db_path).output)["incidents"]]
    assert "INC-000501" in ids


def test_export_leaves_no_partial_file_on_failure(
    tmp_path: Path, seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from incident_review.core import contract
    from incident_review.services import yaml_io

    target = tmp_path / "out.yaml"
    target.write_text("previous complete export\n")
    calls = {"n": 0}
    real = contract.incident_to_dict

    def failing(inc: Incident, how: str = "best") -> dict[str, object]:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(inc, how)

    monkeypatch.setattr(contract, "incident_to_dict", failing)
    with pytest.raises(OSError):
        yaml_io.export_yaml_file(seeded, target, IncidentFilter(), "ana")
    assert target.read_text() == "previous complete export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.yaml")] == []
