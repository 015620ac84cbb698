"""Dataset files as analysts have them (issue #13): ACLED exports (semicolons, NA, Excel
dates, updated re-exports), UCDP GED CSV and API JSON (figures out of order, where_coordinates,
battle sides, Kyiv's admin1), Bellingcat's TimeMap JSON, CIR's Eyes on Russia CSV, any CSV
through a mapping; --on-error skip|fail. Each test writes small files in the published shape."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DATA, run_cli, stored_counts

ACLED = DATA / "datasets" / "acled.csv"
UCDP = DATA / "datasets" / "ucdp.csv"


def _csv(path: Path, rows: list[dict[str, Any]], delimiter: str = ",") -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _exported(db: Path) -> dict[str, dict[str, Any]]:
    result = run_cli("export", db=db)
    assert result.exit_code == 0, result.output
    text = "\n".join(line for line in result.output.splitlines() if not line.startswith("# store:"))
    return {i["id"]: i for i in yaml.safe_load(text)["incidents"]}


def _ok(db: Path, *args: str) -> str:
    result = run_cli("import", *args, db=db)
    assert result.exit_code == 0, result.output
    return result.output


def _refused(db: Path, *args: str) -> str:
    result = run_cli("import", *args, db=db)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("error: ")
    return line


def _roles(inc: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["actor"], c["role"]) for c in inc["attribution"]}


# ------------------------------------------------------------ ACLED


def test_acled_semicolon_export_imports_like_the_comma_one(tmp_path: Path) -> None:
    semi = _csv(tmp_path / "acled_semicolon.csv", _rows(ACLED), delimiter=";")
    _ok(tmp_path / "a.db", str(ACLED))
    _ok(tmp_path / "b.db", str(semi))
    comma, semicolon = _exported(tmp_path / "a.db"), _exported(tmp_path / "b.db")
    assert comma.keys() == semicolon.keys() == {"UKR123456", "RUS98765"}
    for key in ("UKR123456", "RUS98765"):
        assert {k: v for k, v in comma[key].items() if k != "notes"} == {
            k: v for k, v in semicolon[key].items() if k != "notes"
        }


def test_acled_excel_csv_with_a_bom_a_sep_line_and_crlf(tmp_path: Path) -> None:
    out = io.StringIO()
    rows = _rows(ACLED)
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "acled_excel.csv"
    path.write_bytes(("\ufeffsep=;\r\n" + out.getvalue()).encode("utf-8"))
    db = tmp_path / "s.db"
    _ok(db, str(path))
    got = _exported(db)
    assert set(got) == {"UKR123456", "RUS98765"}
    assert got["RUS98765"]["notes"][0]["text"].startswith("Imported from ACLED: acled_excel.csv, line 4 ")


def test_acled_na_is_unknown_never_an_actor_or_a_zero(tmp_path: Path) -> None:
    rows = _rows(ACLED)
    for row in rows:
        row.update(assoc_actor_1="NA", assoc_actor_2="NA", tags="NA", admin3="NA")
    rows[1].update(actor2="NA", fatalities="NA", time_precision="NA")
    db = tmp_path / "s.db"
    _ok(db, str(_csv(tmp_path / "acled_r.csv", rows)))
    got = _exported(db)
    actors = {c["actor"] for inc in got.values() for c in inc["attribution"]}
    assert "NA" not in actors
    assert _roles(got["RUS98765"]) == {("Military Forces of Ukraine (2019-)", "perpetrator")}
    assert got["RUS98765"]["casualties"]["killed"]["best"] is None  # NA, not 0
    assert got["RUS98765"]["date_precision"] == "unknown"
    assert got["UKR123456"]["casualties"]["killed"]["best"] == 2


@pytest.mark.parametrize("written", ["2022-03-15", "15 March 2022", "15-March-2022", "15/03/2022"])
def test_acled_date_forms(tmp_path: Path, written: str) -> None:
    rows = _rows(ACLED)[:1]
    rows[0]["event_date"] = written
    db = tmp_path / "s.db"
    _ok(db, str(_csv(tmp_path / "acled.csv", rows)))
    assert str(_exported(db)["UKR123456"]["date"]) == "2022-03-15"


def test_acled_header_that_does_not_parse_says_what_it_saw(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Event ID|Date|Fatalities\nUKR1|2023-05-26|2\n", encoding="utf-8")
    line = _refused(tmp_path / "s.db", str(path))
    assert f"{path}: line 1:" in line
    assert "saw 3 column(s) split on pipe: 'Event ID', 'Date', 'Fatalities'" in line


def test_acled_missing_column_names_the_columns_seen(tmp_path: Path) -> None:
    rows = [{k: v for k, v in row.items() if k != "geo_precision"} for row in _rows(ACLED)]
    line = _refused(tmp_path / "s.db", "--format", "acled-csv", str(_csv(tmp_path / "a.csv", rows, ";")))
    assert "missing column(s): geo_precision for ACLED" in line and "split on semicolon" in line


def test_updated_acled_export_adds_its_new_rows_and_updates_the_revised_one(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _ok(db, str(ACLED))
    rows = _rows(ACLED)
    rows[0].update(fatalities="5", timestamp="1690000000")  # ACLED revised this row
    rows.append({**rows[1], "event_id_cnty": "UKR999999", "location": "Kherson", "timestamp": "1690000000"})
    out = _ok(db, str(_csv(tmp_path / "acled_update.csv", rows)))
    assert "imported 1 incident(s)" in out
    assert "1 added, 1 revised, 1 unchanged, 0 deleted upstream, 0 conflict(s) kept for review" in out
    got = _exported(db)
    assert set(got) == {"UKR123456", "RUS98765", "UKR999999"}
    assert got["UKR123456"]["casualties"]["killed"]["best"] == 5  # tests/test_living_datasets.py has the rest


def test_acled_battle_sides_are_parties_and_remote_violence_keeps_its_direction(tmp_path: Path) -> None:
    rows = _rows(ACLED)
    rows[1].update(event_type="Battles", sub_event_type="Armed clash", actor2="Military Forces of Russia (2000-)")
    db = tmp_path / "s.db"
    _ok(db, str(_csv(tmp_path / "acled.csv", rows)))
    got = _exported(db)
    assert _roles(got["RUS98765"]) == {
        ("Military Forces of Ukraine (2019-)", "party"),
        ("Military Forces of Russia (2000-)", "party"),
    }
    assert ("Civilians (Ukraine)", "target") in _roles(got["UKR123456"])
    out = tmp_path / "out.csv"
    assert run_cli("export", "--format", "acled-csv", "-o", str(out), db=db).exit_code == 0
    battle = next(r for r in _rows(out) if r["event_id_cnty"] == "RUS98765")
    assert (battle["actor1"], battle["actor2"]) == (
        "Military Forces of Ukraine (2019-)",
        "Military Forces of Russia (2000-)",
    )


def test_each_acled_row_records_dataset_file_line_and_timestamp(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _ok(db, str(ACLED))
    notes = [n["text"] for n in _exported(db)["RUS98765"]["notes"]]
    assert notes == ["Imported from ACLED: acled.csv, line 3 (row timestamp 1685577600, 2023-06-01)."]


# ------------------------------------------------------------ UCDP GED


def _ucdp_rows(**changes: dict[str, str]) -> list[dict[str, str]]:
    rows = _rows(UCDP)
    for i, row in enumerate(rows):
        row.update(changes.get(str(i), {}))
    return rows


def test_ucdp_figures_out_of_order_are_a_warning_and_the_row_is_kept(tmp_path: Path) -> None:
    rows = _ucdp_rows(**{"0": {"low": "5", "best": "3", "high": "9"}})
    path = _csv(tmp_path / "GEDEvent_v24_1.csv", rows)
    db = tmp_path / "s.db"
    out = _ok(db, str(path))
    assert "imported 2 incident(s)" in out and "(UCDP GED release 24.1)" in out
    assert f"{path}: line 2, column 'best': low/best/high 5/3/9 are out of order: kept best 3, dropped the low" in out
    got = _exported(db)
    assert got["512345"]["casualties"]["killed"] == {"low": None, "best": 3, "high": 9}
    note = got["512345"]["notes"][0]["text"]
    assert note.startswith("Imported from UCDP GED: GEDEvent_v24_1.csv, line 2 (release 24.1, content #")
    assert "low/best/high 5/3/9 are out of order" in note
    assert got["512346"]["casualties"]["killed"] == {"low": 4, "best": 5, "high": 8}


@pytest.mark.parametrize(
    ("low", "best", "high", "kept"),
    [("5", "3", "", (None, 3, None)), ("", "7", "3", (None, 7, None)), ("9", "", "3", None)],
)
def test_ucdp_out_of_order_keeps_what_agrees_with_best(
    tmp_path: Path, low: str, best: str, high: str, kept: tuple[int | None, ...] | None
) -> None:
    db = tmp_path / "s.db"
    _ok(db, str(_csv(tmp_path / "ged.csv", _ucdp_rows(**{"0": {"low": low, "best": best, "high": high}}))))
    killed = _exported(db)["512345"]["casualties"]["killed"]
    assert (killed["low"], killed["best"], killed["high"]) == (kept or (None, None, None))


def test_ucdp_location_comes_from_where_coordinates_never_the_description(tmp_path: Path) -> None:
    rows = _ucdp_rows(
        **{
            "0": {"where_coordinates": "Dnipro town", "where_description": "near the village of Sviatoslavka"},
            "1": {
                "where_prec": "2",
                "where_coordinates": "",
                "where_description": "No geoinfo.",
                "adm_2": "Pokrovsk raion",
            },
        }
    )
    rows.append({**rows[1], "id": "512347", "where_prec": "4", "where_coordinates": "Donetsk oblast", "adm_2": ""})
    db = tmp_path / "s.db"
    _ok(db, str(_csv(tmp_path / "ged.csv", rows)))
    got = _exported(db)
    assert got["512345"]["location"] == "Dnipro"
    assert "near the village of Sviatoslavka" in got["512345"]["notes"][0]["text"]
    assert got["512346"]["location"] == "Pokrovsk raion"  # no where_coordinates: adm_2
    assert got["512347"]["location"] is None and got["512347"]["admin1"] == "Donetsk Oblast"  # a region
    assert all("geoinfo" not in (inc["location"] or "") for inc in got.values())


def test_ucdp_sides_are_parties_except_in_one_sided_violence(tmp_path: Path) -> None:
    rows = _ucdp_rows(**{"1": {"type_of_violence": "3", "side_b": "Civilians"}})
    db = tmp_path / "s.db"
    _ok(db, str(_csv(tmp_path / "ged.csv", rows)))
    got = _exported(db)
    assert _roles(got["512345"]) == {
        ("Government of Russia (Soviet Union)", "party"),
        ("Government of Ukraine", "party"),
    }
    assert _roles(got["512346"]) == {("Government of Russia (Soviet Union)", "perpetrator"), ("Civilians", "target")}
    from incident_review.core.query import IncidentFilter
    from incident_review.storage.store import Store

    store = Store(db)  # two parties are not two perpetrators: no battle is "contested"
    assert store.count(IncidentFilter(contested=True)) == 0
    store.close()


@pytest.mark.parametrize(
    ("adm_1", "ours"),
    [
        ("Kiev Special Republican city", "Kyiv"),
        ("Kyiv Special Republican city", "Kyiv"),
        ("Sevastopol City State Administration", "Sevastopol"),
        ("Autonomous Republic of Crimea", "Crimea"),
        ("Odessa oblast", "Odesa Oblast"),
        ("Kharkivs'ka oblast", "Kharkiv Oblast"),
    ],
)
def test_ucdp_admin1_spellings_become_ours(tmp_path: Path, adm_1: str, ours: str) -> None:
    db = tmp_path / "s.db"
    _ok(db, str(_csv(tmp_path / "ged.csv", _ucdp_rows(**{"0": {"adm_1": adm_1}}))))
    assert _exported(db)["512345"]["admin1"] == ours


def _api_page(rows: list[dict[str, str]], total: int) -> dict[str, Any]:
    """The GED API's response: values typed as the API types them."""
    numeric = {"id", "type_of_violence", "where_prec", "date_prec", "best", "low", "high", "deaths_civilians"}
    result = []
    for row in rows:
        item: dict[str, Any] = {k: (int(v) if k in numeric and v else v) for k, v in row.items()}
        item["latitude"], item["longitude"] = float(row["latitude"]), float(row["longitude"])
        item["date_start"] = row["date_start"][:10] + "T00:00:00"
        item["date_end"] = row["date_end"][:10] + "T00:00:00"
        item["gwnob"] = None
        result.append(item)
    return {
        "TotalCount": total,
        "TotalPages": 1 if total == len(rows) else 2,
        "PreviousPageUrl": "",
        "NextPageUrl": "" if total == len(rows) else "https://ucdpapi.pcr.uu.se/api/gedevents/24.1?pagesize=2&page=1",
        "Result": result,
    }


def test_ucdp_api_json_imports_like_the_csv(tmp_path: Path) -> None:
    page = tmp_path / "ged_page0.json"
    page.write_text(json.dumps(_api_page(_rows(UCDP), total=5)), encoding="utf-8")
    db = tmp_path / "s.db"
    out = _ok(db, str(page))
    assert "imported 2 incident(s)" in out and "(UCDP GED release 24.1)" in out
    assert "holds 2 of the API's 5 events" in out  # one page: the analyst is told to fetch the rest
    from_json = _exported(db)
    _ok(tmp_path / "c.db", str(UCDP))
    from_csv = _exported(tmp_path / "c.db")
    for key in ("512345", "512346"):
        assert {k: v for k, v in from_json[key].items() if k != "notes"} == {
            k: v for k, v in from_csv[key].items() if k != "notes"
        }
    assert from_json["512345"]["notes"][0]["text"].startswith(
        "Imported from UCDP GED: ged_page0.json, record 1 (id 512345) (release 24.1, content #"
    )


# ------------------------------------------------------------ Bellingcat TimeMap


def _bellingcat_download() -> list[dict[str, Any]]:
    """The map's "Download: JSON" shape."""
    return [
        {
            "id": "CIV0024",
            "date": "02/25/2022",
            "latitude": "50.309014",
            "longitude": "34.869037",
            "location": "Okhtyrka, Sumy Oblast",
            "description": "Kindergarten hit by cluster munition.",
            "sources": [
                {"id": "src_exists_CIV0024_1", "path": "https://twitter.com/example/status/1", "description": "Video"},
                {"id": "srcHidden", "path": "HIDDEN", "description": "Source hidden"},
            ],
            "filters": [
                {"key": "Type of area affected", "value": "School or childcare"},
                {"key": "Weapon System", "value": "Cluster munitions"},
            ],
        },
        {
            "id": "CIV0031",
            "date": "2/25/2022",
            "latitude": "50.016231",
            "longitude": "36.278018",
            "location": "Kharkiv",
            "description": "Artillery (Multiple Launch Rocket System) strike on a residential area.",
            "sources": [],
            "filters": [{"key": "Weapon System", "value": "HE rocket artillery"}],
        },
    ]


def test_bellingcat_download_json_becomes_incidents(tmp_path: Path) -> None:
    path = tmp_path / "ukr-civharm-2024-05-01.json"
    path.write_text(json.dumps(_bellingcat_download()), encoding="utf-8")
    db = tmp_path / "s.db"
    assert "imported 2 incident(s)" in _ok(db, str(path))
    got = _exported(db)
    kindergarten = got["CIV0024"]
    assert (str(kindergarten["date"]), kindergarten["country"], kindergarten["admin1"]) == (
        "2022-02-25",
        "UA",
        "Sumy Oblast",
    )
    assert kindergarten["location"] == "Okhtyrka" and kindergarten["geo_precision"] == "point"
    assert kindergarten["weapons"] == ["cluster munition"] and kindergarten["damage"] == ["school"]
    assert [s["url"] for s in kindergarten["sources"]] == [None, "https://twitter.com/example/status/1", None]
    assert kindergarten["attribution"] == [] and kindergarten["casualties"]["killed"]["best"] is None
    note = kindergarten["notes"][0]["text"]
    assert "Type of area affected: School or childcare; Weapon System: Cluster munitions" in note
    assert "Okhtyrka, Sumy Oblast" in note
    assert got["CIV0031"]["weapons"] == ["rocket"]


def test_bellingcat_timemap_api_json_with_ids_imports(tmp_path: Path) -> None:
    events = [
        {
            "associations": ["asc1", "asc14"],
            "sources": ["src_exists_CIV0001_1"],
            "id": "CIV0001",
            "description": "Apartment block hit.",
            "date": "02/24/2022",
            "time": "00:00",
            "location": "Chuhuiv, south of Kharkiv",
            "latitude": "49.85005",
            "longitude": "36.659031",
            "graphic": "TRUE",
        }
    ]
    path = tmp_path / "api.json"
    path.write_text(json.dumps(events), encoding="utf-8")
    db = tmp_path / "s.db"
    _ok(db, str(path))
    inc = _exported(db)["CIV0001"]
    assert inc["location"] == "Chuhuiv" and inc["admin1"] is None
    assert "TimeMap association ids (its associations.json names them): asc1, asc14." in inc["notes"][0]["text"]
    assert "src_exists_CIV0001_1" in inc["notes"][0]["text"]


def test_bellingcat_reused_id_refuses_the_file_or_is_skipped(tmp_path: Path) -> None:
    events = _bellingcat_download()
    events.append({**events[1], "description": "the same id again"})
    path = tmp_path / "bc.json"
    path.write_text(json.dumps(events), encoding="utf-8")
    db = tmp_path / "s.db"
    line = _refused(db, str(path))
    assert f"{path}: record 3 (id CIV0031): id CIV0031 appears twice in the file (first at record 2)" in line
    assert "--on-error skip" in line
    assert stored_counts(db) == (0, 0)
    out = _ok(db, "--on-error", "skip", str(path))
    assert "imported 2 incident(s)" in out and "1 row(s) skipped:" in out
    assert f"{path}: record 3 (id CIV0031): id CIV0031 appears twice" in out
    assert _exported(db)["CIV0031"]["summary"].startswith("Artillery")  # the first one kept


def test_json_that_is_no_known_dataset_says_what_it_saw(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": []}), encoding="utf-8")
    line = _refused(tmp_path / "s.db", str(path))
    assert "not a dataset JSON this version knows" in line and "saw an object with keys 'type', 'features'" in line


def test_ingest_refuses_a_dataset_file_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(_bellingcat_download()), encoding="utf-8")
    result = run_cli("ingest", str(path), db=tmp_path / "s.db")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: {path}: a dataset file, not a report: use `incident-review import {path}`"
    ]
    assert stored_counts(tmp_path / "s.db") == (0, 0)


# ------------------------------------------------------------ CIR Eyes on Russia


CIR_HEADER = (
    "entry,date,event_group,title,brief description,lat,lon,country,province,district,town/city,"
    "arms/munition,violence level,link,geolocation"
)


def _cir(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([CIR_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


CIR_GOOD = (
    "UW0067,2022-03-01,Civilian Infrastructure Damage March 2022,01/03/2022 Strike on a school,"
    "Strike on a school,49.99,36.23,Ukraine,Kharkivs'ka oblast,,Kharkiv,Grad,3,https://t.me/x/1,https://t.me/x/2"
)


def test_cir_events_csv_with_volunteer_spellings(tmp_path: Path) -> None:
    path = _cir(
        tmp_path / "events.csv",
        CIR_GOOD,
        "UW0068,2022-03-02,Russian Military Presence March 2022,t,Convoy,52.35,30.4,Belaurs,Gomel,,Rechytsa,,1,,",
        "UW0069,2022-03-02,Other,t,Bridge,45.2,34.1,Crimea,,,Dzhankoi,,2,,",
        "UW0070,2022-03-03,Other,t,Shelling,47.1,37.5,,Donetsk Oblast,,Mariupol,,2,,",
    )
    db = tmp_path / "s.db"
    out = _ok(db, str(path))
    assert "imported 4 incident(s)" in out and "(CIR Eyes on Russia)" in out
    assert f"{path}: line 3, column 'country': 'Belaurs' read as BY (Belarus), the closest spelling" in out
    assert f"{path}: line 4, column 'country': 'Crimea' is a region: read as UA (Crimea)" in out
    assert f"{path}: line 5, column 'country': empty: read as UA, the country of province 'Donetsk Oblast'" in out
    got = _exported(db)
    assert (got["UW0067"]["country"], got["UW0067"]["admin1"], got["UW0067"]["location"]) == (
        "UA",
        "Kharkiv Oblast",
        "Kharkiv",
    )
    assert got["UW0067"]["sources"][0]["url"] == "https://t.me/x/1"
    assert "CIR's arms/munition: Grad." in got["UW0067"]["notes"][0]["text"]
    assert got["UW0068"]["country"] == "BY"
    assert (got["UW0069"]["country"], got["UW0069"]["admin1"]) == ("UA", "Crimea")
    assert got["UW0070"]["country"] == "UA"


def test_cir_as_acled_csv_names_the_problem(tmp_path: Path) -> None:
    """Forced through the ACLED importer, CIR's file is refused naming what it saw."""
    line = _refused(tmp_path / "s.db", "--format", "acled-csv", str(_cir(tmp_path / "events.csv", CIR_GOOD)))
    assert "missing column(s): event_id_cnty" in line and "'entry', 'date'" in line


# ------------------------------------------------------------ --on-error


def _cir_with_bad_rows(tmp_path: Path) -> Path:
    return _cir(
        tmp_path / "events.csv",
        CIR_GOOD,
        ",2022-03-02,Other,t,No id,49.9,36.2,Ukraine,,,Kharkiv,,1,,",  # line 3
        "UW0071,,Other,t,No date,49.9,36.2,Ukraine,,,Kharkiv,,1,,",  # line 4
        "UW0072,2022-03-05,Other,t,Fine,49.9,36.2,Ukraine,,,Kharkiv,,1,,",
        "UW0067,2022-03-06,Other,t,Id again,49.9,36.2,Ukraine,,,Kharkiv,,1,,",  # line 6
        "UW0073,2022-03-07,Other,t,Far north,149.9,36.2,Ukraine,,,Kharkiv,,1,,",  # line 7
    )


def test_fail_mode_refuses_the_file_at_its_first_bad_row_and_writes_nothing(tmp_path: Path) -> None:
    path, db = _cir_with_bad_rows(tmp_path), tmp_path / "s.db"
    line = _refused(db, str(path))
    assert line.startswith(f"error: {path}: line 3, column 'entry': is empty")
    assert stored_counts(db) == (0, 0)


def test_skip_mode_imports_the_good_rows_and_lists_the_bad_ones(tmp_path: Path) -> None:
    path, db = _cir_with_bad_rows(tmp_path), tmp_path / "s.db"
    errors = tmp_path / "problems.csv"
    out = _ok(db, "--on-error", "skip", "--errors-to", str(errors), str(path))
    assert "imported 2 incident(s)" in out and "4 row(s) skipped:" in out
    for expected in (
        f"{path}: line 3, column 'entry': is empty",
        f"{path}: line 4, column 'date': is empty",
        f"{path}: line 6: id UW0067 appears twice in the file (first at line 2)",
        f"{path}: line 7, column 'lat': 149.9 is out of range [-90, 90]",
    ):
        assert expected in out
    assert set(_exported(db)) == {"UW0067", "UW0072"}
    assert [(r["kind"], r["where"]) for r in _rows(errors) if r["kind"] == "skipped"] == [
        ("skipped", "line 3, column 'entry'"),
        ("skipped", "line 4, column 'date'"),
        ("skipped", "line 6"),
        ("skipped", "line 7, column 'lat'"),
    ]


def test_skip_mode_with_no_good_row_fails(tmp_path: Path) -> None:
    path = _cir(tmp_path / "events.csv", ",2022-03-02,Other,t,No id,49.9,36.2,Ukraine,,,Kharkiv,,1,,")
    line = _refused(tmp_path / "s.db", "--on-error", "skip", str(path))
    assert "no row could be imported (1 bad row(s), listed above)" in line
    assert stored_counts(tmp_path / "s.db") == (0, 0)


def test_a_shared_id_from_another_dataset_is_a_clash_not_a_known_row(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _ok(db, str(_cir(tmp_path / "events.csv", CIR_GOOD.replace("UW0067", "CIV0024"))))
    path = tmp_path / "bc.json"
    path.write_text(json.dumps(_bellingcat_download()), encoding="utf-8")
    out = _ok(db, "--on-error", "skip", str(path))
    assert "id CIV0024 is already in the store as another incident (cir:CIV0024): not imported" in out
    assert _exported(db)["CIV0024"]["sources"][0]["report"] == "cir:CIV0024"


def test_yaml_import_has_no_skip_mode(tmp_path: Path) -> None:
    doc = tmp_path / "x.yaml"
    doc.write_text("schema: incident-review/1\nincidents: []\n", encoding="utf-8")
    line = _refused(tmp_path / "s.db", "--on-error", "skip", str(doc))
    assert "--on-error skip is for dataset files" in line


# ------------------------------------------------------------ column mappings


def test_any_csv_through_a_mapping_file(tmp_path: Path) -> None:
    mapping = tmp_path / "viina.yaml"
    mapping.write_text(
        yaml.safe_dump(
            {
                "name": "mydata",
                "label": "My monitoring sheet",
                "date_formats": ["%d/%m/%Y"],
                "columns": {
                    "id": "ref",
                    "date": "day",
                    "location": "town",
                    "admin1": "region",
                    "perpetrator": ["actor"],
                    "killed": "dead",
                    "url": "links",
                },
                "values": {"country": "UA", "geo_precision": "town"},
            }
        ),
        encoding="utf-8",
    )
    data = _csv(
        tmp_path / "sheet.csv",
        [
            {
                "ref": "A-1",
                "day": "26/05/2023",
                "town": "Dnipro",
                "region": "Dnipropetrovsk oblast",
                "actor": "Russian forces",
                "dead": "2",
                "links": "https://a.example/1, https://b.example/2",
                "weather": "rain",
            },
        ],
    )
    db = tmp_path / "s.db"
    assert "(My monitoring sheet)" in _ok(db, "--mapping", str(mapping), str(data))
    inc = _exported(db)["A-1"]
    assert (str(inc["date"]), inc["country"], inc["admin1"], inc["location"]) == (
        "2023-05-26",
        "UA",
        "Dnipropetrovsk Oblast",
        "Dnipro",
    )
    assert _roles(inc) == {("Russian forces", "perpetrator")}
    assert inc["casualties"]["killed"]["best"] == 2
    assert [s["url"] for s in inc["sources"]] == ["https://a.example/1", "https://b.example/2"]
    assert inc["sources"][0]["report"] == "mydata:A-1"
    assert "Other columns: weather: rain." in inc["notes"][0]["text"]


def test_a_bad_mapping_is_one_line_naming_its_file_and_key(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("name: x\ncolumns: {id: ref, date: day, colour: c}\n", encoding="utf-8")
    data = _csv(tmp_path / "d.csv", [{"ref": "1", "day": "2023-05-26", "c": "red"}])
    line = _refused(tmp_path / "s.db", "--mapping", str(mapping), str(data))
    assert line.startswith(f"error: {mapping}: key 'columns.colour': is not a field")


def test_bellingcat_csv_download_is_found_by_the_shipped_mapping(tmp_path: Path) -> None:
    rows = [
        {
            "id": "CIV0024",
            "date": "02/25/2022",
            "latitude": "50.309014",
            "longitude": "34.869037",
            "location": "Okhtyrka",
            "description": "Kindergarten hit by cluster munition.",
            "sources": "https://twitter.com/example/status/1,https://t.me/example/2",
            "associations": "Type of area affected=School or childcare,Weapon System=Cluster munitions",
        }
    ]
    db = tmp_path / "s.db"
    out = _ok(db, str(_csv(tmp_path / "ukr-civharm-2024-05-01.csv", rows)))
    assert "(Bellingcat civilian harm in Ukraine (CSV download))" in out
    inc = _exported(db)["CIV0024"]
    assert (inc["country"], inc["geo_precision"], str(inc["date"])) == ("UA", "point", "2022-02-25")
    assert [s["url"] for s in inc["sources"]] == ["https://twitter.com/example/status/1", "https://t.me/example/2"]
    # Its filters are the incident's tags (the crosswalk reads the weapon from them).
    assert inc["tags"] == "Type of area affected=School or childcare,Weapon System=Cluster munitions"
    assert inc["geolocation_accuracy"] == "within 150 m, published slightly obscured"


# ------------------------------------------------------------ the "party" role


def test_a_store_made_before_the_party_role_keeps_its_claims_and_takes_parties(tmp_path: Path) -> None:
    import sqlite3

    from incident_review.storage.schema import MIGRATIONS

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for version, statements in enumerate(MIGRATIONS[:7]):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.execute(
        "INSERT INTO incidents (id, created_at, created_by, updated_at, updated_by) "
        "VALUES ('INC-000001', 'a', 'b', 'a', 'b')"
    )
    conn.execute(
        "INSERT INTO claims VALUES ('INC-000001', 0, 'Russian forces', 'perpetrator', 'claimed', 'x', 'R-1', 3, 9)"
    )
    with pytest.raises(sqlite3.IntegrityError):  # the old CHECK
        conn.execute(
            "INSERT INTO claims VALUES ('INC-000001', 1, 'Ukraine', 'party', 'reported', NULL, NULL, NULL, NULL)"
        )
    conn.close()
    _ok(db, str(UCDP))  # upgrades the store, then stores two battles' parties
    got = _exported(db)
    assert got["INC-000001"]["attribution"] == [
        {"actor": "Russian forces", "role": "perpetrator", "stance": "claimed", "by": "x", "source": "R-1"}
    ]
    assert ("Government of Ukraine", "party") in _roles(got["512345"])


def test_a_mapping_in_the_users_config_is_used_by_name_and_a_bad_one_named(tmp_path: Path) -> None:
    from incident_review import config

    folder = tmp_path / "config"  # $INCIDENT_REVIEW_CONFIG (conftest)
    folder.mkdir(exist_ok=True)
    override = folder / "datasets.yaml"
    override.write_text(
        "mappings:\n  sheet:\n    columns: {id: ref, date: day}\n    values: {country: UA}\n", encoding="utf-8"
    )
    data = _csv(tmp_path / "d.csv", [{"ref": "S-1", "day": "2023-05-26"}])
    db = tmp_path / "s.db"
    config.cache_clear()  # the CLI runs in this process: config is read once per process
    try:
        _ok(db, "--mapping", "sheet", str(data))
        assert _exported(db)["S-1"]["sources"][0]["report"] == "sheet:S-1"
        config.cache_clear()
        override.write_text("mappings:\n  sheet:\n    columns: {id: ref}\n", encoding="utf-8")
        line = _refused(tmp_path / "t.db", "--mapping", "sheet", str(data))
        assert line == f"error: {override}: mappings.sheet: key 'columns.date': is required"
    finally:
        config.cache_clear()  # later tests read the shipped files again
