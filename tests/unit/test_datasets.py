"""ACLED and UCDP GED CSV: import keeping ids, matching against reports, ACLED export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

from incident_review.core.datasets import ACLED_COLUMNS
from tests.conftest import DATA, run_cli

ACLED = DATA / "datasets" / "acled.csv"
UCDP = DATA / "datasets" / "ucdp.csv"


def test_acled_and_ucdp_rows_become_incidents_with_their_ids(db_path: Path) -> None:
    assert run_cli("import", str(ACLED), db=db_path).exit_code == 0
    assert run_cli("import", str(UCDP), db=db_path).exit_code == 0
    by_id = {i["id"]: i for i in yaml.safe_load(run_cli("export", db=db_path).output)["incidents"]}
    acled = by_id["UKR123456"]
    assert (acled["country"], acled["admin1"], acled["location"]) == ("UA", "Dnipropetrovsk Oblast", "Dnipro")
    assert acled["date_precision"] == "day" and acled["geo_precision"] == "town"
    assert acled["casualties"]["killed"]["best"] == 2
    assert {(c["actor"], c["role"]) for c in acled["attribution"]} == {
        ("Military Forces of Russia (2000-)", "perpetrator"),
        ("Civilians (Ukraine)", "target"),
    }
    assert by_id["RUS98765"]["country"] == "RU"
    ucdp = by_id["512345"]
    assert ucdp["casualties"]["killed"] == {"low": 2, "best": 2, "high": 3}
    assert ucdp["casualties"]["civilians_killed"] == 2 and ucdp["geo_precision"] == "point"
    ranged = by_id["512346"]
    assert ranged["date_precision"] == "range" and str(ranged["date_end"]) == "2023-05-24"
    assert ranged["admin1"] == "Donetsk Oblast"


def test_imported_rows_match_extracted_reports(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    run_cli("demo", "--no-tui", db=db)
    run_cli("import", str(ACLED), db=db)
    pairs = yaml.safe_load(run_cli("duplicates", "--format", "yaml", db=db).output)["pairs"]
    assert any("UKR123456" in (p["a"], p["b"]) for p in pairs)
    assert any("RUS98765" in (p["a"], p["b"]) for p in pairs)


def test_acled_export_has_acleds_columns_in_order(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    run_cli("import", str(ACLED), db=db)
    out = tmp_path / "out.csv"
    assert run_cli("export", "--format", "acled-csv", "-o", str(out), db=db).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS
    assert rows[0]["event_id_cnty"] == "UKR123456" and rows[0]["fatalities"] == "2"
    assert rows[0]["actor1"] == "Military Forces of Russia (2000-)" and rows[0]["country"] == "Ukraine"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace(",time_precision,", ",time_prec,", 1), "missing column(s): time_precision"),
        (lambda t: t.replace(",48.4666,35.0407,", ",148.4,35.0407,", 1), "column 'latitude'"),
        (lambda t: t.replace('injured.",2,', 'injured.",-2,', 1), "column 'fatalities'"),
        (lambda t: t.replace("2023-05-26,2023,1,Political", "2023-02-30,2023,1,Political", 1), "column 'event_date'"),
        (
            lambda t: t.replace(",Europe,Ukraine,", ",Europe,Atlantis,", 1).replace(",804,", ",999,", 1),
            "column 'country'",
        ),
        (lambda t: t + t.splitlines()[1] + "\n", "appears twice"),
    ],
)
def test_bad_csv_is_refused_whole(tmp_path: Path, db_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text(edit(ACLED.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_cli("import", str(bad), db=db_path)
    assert result.exit_code == 2 and message in result.output and str(bad) in result.output
    assert yaml.safe_load(run_cli("export", db=db_path).output)["incidents"] == []
