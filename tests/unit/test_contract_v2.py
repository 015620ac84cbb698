"""The YAML contract's version 2 (issue #13): the datasets' fields and a claim's
``associated_with``, written only when set. /2 round-trips byte for byte; an export of
incidents without them is the /1 file but for its version line; /1 files still import, and
a /2 key in a /1 file is refused as before."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from incident_review.core import contract
from incident_review.core.datasets import ACLED_COLUMNS, UCDP_COLUMNS
from incident_review.core.model import FIELDS, Claim, Incident
from incident_review.storage.store import Change, Store
from tests.conftest import run_cli
from tests.system.test_dataset_export import ACLED_ROWS, UCDP_ROWS, _write
from tests.unit.test_contract import _incident

V2_KEYS = {str(f.key) for f in FIELDS if f.contract == 2}


def _export(db: Path, path: Path) -> str:
    result = run_cli("export", "--no-timestamp", "-o", str(path), db=db)
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8")


def test_v2_keys_are_sparse_so_v1_files_stay_valid() -> None:
    assert V2_KEYS  # the datasets' fields
    assert all(f.sparse for f in FIELDS if f.contract > 1)
    assert contract.SCHEMA == "incident-review/2"


def test_every_new_field_round_trips_byte_for_byte(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    for path in (
        _write(tmp_path / "acled.csv", ACLED_COLUMNS, ACLED_ROWS),
        _write(tmp_path / "ged.csv", UCDP_COLUMNS, UCDP_ROWS),
    ):
        assert run_cli("import", str(path), db=db).exit_code == 0
    store = Store(db)
    inc = store.get("UKR200001")
    assert inc is not None
    reviewed = dataclasses.replace(
        inc,
        grade="fair",
        belligerent_assessment="Russia's MoD: struck a military target",
        geolocation_accuracy="within 100 m",
        time_of_day="night",
    )
    store.save([Change(reviewed, inc.version)], "ana", "edit")
    store.close()
    first = _export(db, tmp_path / "a.yaml")
    assert run_cli("import", str(tmp_path / "a.yaml"), db=tmp_path / "fresh.db").exit_code == 0
    assert _export(tmp_path / "fresh.db", tmp_path / "b.yaml") == first
    data = yaml.safe_load(first)
    assert data["schema"] == "incident-review/2"
    written = {k for i in data["incidents"] for k in i}
    assert written >= V2_KEYS  # every new key came out (and went back in)
    claims = [c for i in data["incidents"] for c in i["attribution"]]
    assert any("associated_with" in c for c in claims) and not all("associated_with" in c for c in claims)


def test_an_export_without_the_new_fields_is_the_v1_file_but_for_its_version(tmp_path: Path, seeded: Store) -> None:
    text = _export(Path(seeded.path), tmp_path / "a.yaml")
    assert "schema: incident-review/2\n" in text
    incidents = yaml.safe_load(text)["incidents"]
    assert incidents and not {k for i in incidents for k in i} & V2_KEYS
    assert "associated_with" not in text
    v1 = tmp_path / "v1.yaml"
    v1.write_text(text.replace("schema: incident-review/2\n", "schema: incident-review/1\n"), encoding="utf-8")
    assert run_cli("import", str(v1), db=tmp_path / "b.db").exit_code == 0
    assert _export(tmp_path / "b.db", tmp_path / "b.yaml") == text


@pytest.mark.parametrize(
    ("incident", "key"),
    [
        (_incident(tags="crowd size=no report"), "tags"),
        (_incident(type_of_violence="one-sided"), "type_of_violence"),
        (
            _incident(attribution=[{"actor": "A", "role": "party", "stance": "reported", "associated_with": "B"}]),
            "associated_with",
        ),
    ],
)
def test_a_v2_key_in_a_v1_file_is_refused(tmp_path: Path, incident: dict[str, object], key: str) -> None:
    for schema, ok in (("incident-review/1", False), ("incident-review/2", True)):
        path = tmp_path / "in.yaml"
        path.write_text(yaml.safe_dump({"schema": schema, "incidents": [incident]}, sort_keys=False), encoding="utf-8")
        result = run_cli("import", str(path), db=tmp_path / f"{ok}.db")
        if ok:
            assert result.exit_code == 0, result.output
        else:
            assert result.exit_code == 2
            assert f"key '{key}': is not a key of schema incident-review/1" in result.output


def test_an_associated_actor_is_written_after_the_claims_keys_only_when_set() -> None:
    inc = Incident(
        id="INC-000001",
        attribution=[
            Claim("Civilians (Ukraine)", "target"),
            Claim("Children (Ukraine)", "target", associated_with="Civilians (Ukraine)"),
        ],
    )
    first, second = contract.incident_to_dict(inc)["attribution"]
    assert list(first) == list(contract.CLAIM_KEYS)
    assert list(second) == [*contract.CLAIM_KEYS, "associated_with"]
    back = contract.incident_from_dict(contract.incident_to_dict(inc), "t.yaml", 1)
    assert back.attribution == inc.attribution
