"""Datasets out (issue #13): `export --format acled-csv` fills ACLED's 31 columns from the
stored fields and `--format ucdp-csv` UCDP GED's columns the store carries; a file in
either shape comes back as it went in, and export -> import -> export is byte-identical.
Each test writes its small files in the published shapes (real files stay out of the
repository)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml

from incident_review.core.datasets import ACLED_COLUMNS, UCDP_COLUMNS
from incident_review.storage.store import Store
from tests.conftest import run_cli


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows([{c: row.get(c, "") for c in columns} for row in rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _import(db: Path, path: Path) -> None:
    result = run_cli("import", str(path), db=db)
    assert result.exit_code == 0, result.output


def _export(db: Path, fmt: str, path: Path) -> list[dict[str, str]]:
    result = run_cli("export", "--format", fmt, "-o", str(path), db=db)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _round_trip(tmp_path: Path, fmt: str, first: Path) -> None:
    """The export imported into an empty store exports to the very same bytes."""
    again = tmp_path / "again.db"
    _import(again, first)
    second = tmp_path / f"second-{first.name}"
    _export(again, fmt, second)
    assert second.read_bytes() == first.read_bytes()


# ------------------------------------------------------------ ACLED

ACLED_ROWS = [
    {  # remote violence aimed at civilians; associated actors on both sides
        "event_id_cnty": "UKR200001",
        "event_date": "2023-05-26",
        "year": "2023",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Military Forces of Russia (2000-)",
        "assoc_actor_1": "Military Forces of Russia (2000-) Air Force",
        "inter1": "8",
        "actor2": "Civilians (Ukraine)",
        "assoc_actor_2": "Health Workers (Ukraine); Children (Ukraine)",
        "inter2": "7",
        "interaction": "78",
        "civilian_targeting": "Civilian targeting",
        "iso": "804",
        "region": "Europe",
        "country": "Ukraine",
        "admin1": "Dnipropetrovsk",
        "admin2": "Dniprovskyi",
        "admin3": "Dnipro",
        "location": "Dnipro",
        "latitude": "48.4666",
        "longitude": "35.0407",
        "geo_precision": "1",
        "source": "Suspilne; Ukrinform",
        "source_scale": "National",
        "notes": 'On 26 May 2023, Russian forces struck a clinic in Dnipro. "2 killed", 30 injured.',
        "fatalities": "2",
        "tags": "women targeted: health workers",
        "timestamp": "1685577600",
    },
    {  # a battle: two parties, each with its own associated actor; fatalities unknown
        "event_id_cnty": "UKR200002",
        "event_date": "2023-05-20",
        "year": "2023",
        "time_precision": "2",
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Ukraine (2019-)",
        "assoc_actor_1": "Azov Battalion",
        "inter1": "1",
        "actor2": "Military Forces of Russia (2000-)",
        "assoc_actor_2": "Wagner Group",
        "inter2": "8",
        "interaction": "18",
        "civilian_targeting": "",
        "iso": "804",
        "region": "Europe",
        "country": "Ukraine",
        "admin1": "Donetsk",
        "admin2": "Bakhmutskyi",
        "admin3": "Bakhmutska",
        "location": "Bakhmut",
        "latitude": "48.5956",
        "longitude": "37.9999",
        "geo_precision": "2",
        "source": "Ukrinform",
        "source_scale": "National-Regional",
        "notes": "Fighting in and around Bakhmut; casualties unknown.",
        "fatalities": "",
        "tags": "",
        "timestamp": "1686000000",
    },
    {  # a clash within one armed group (actor1 and actor2 alike), month precision
        "event_id_cnty": "RUS200003",
        "event_date": "2023-05-01",
        "year": "2023",
        "time_precision": "3",
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Unidentified Armed Group (Russia)",
        "assoc_actor_1": "",
        "inter1": "3",
        "actor2": "Unidentified Armed Group (Russia)",
        "assoc_actor_2": "",
        "inter2": "3",
        "interaction": "33",
        "civilian_targeting": "",
        "iso": "643",
        "region": "Europe",
        "country": "Russia",
        "admin1": "Belgorod",
        "admin2": "Shebekinskiy",
        "admin3": "",
        "location": "Shebekino",
        "latitude": "50.4111",
        "longitude": "36.8981",
        "geo_precision": "3",
        "source": "Telegram",
        "source_scale": "New media",
        "notes": "Armed men clashed near Shebekino.",
        "fatalities": "0",
        "tags": "",
        "timestamp": "1686000001",
    },
]
# ACLED's admin1 as the gazetteer names it (matching blocks imported rows with extracted ones).
OUR_ADMIN1 = {"Dnipropetrovsk": "Dnipropetrovsk Oblast", "Donetsk": "Donetsk Oblast", "Belgorod": "Belgorod Oblast"}


def test_an_acled_file_comes_back_in_every_column_and_round_trips_byte_for_byte(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _import(db, _write(tmp_path / "acled.csv", ACLED_COLUMNS, ACLED_ROWS))
    first = tmp_path / "export.csv"
    got = {row["event_id_cnty"]: row for row in _export(db, "acled-csv", first)}
    assert first.read_text(encoding="utf-8").splitlines()[0] == ",".join(ACLED_COLUMNS)
    for given in ACLED_ROWS:
        back = got[given["event_id_cnty"]]
        expected = {**given, "admin1": OUR_ADMIN1[given["admin1"]]}
        assert back == expected, {c: (expected[c], back[c]) for c in ACLED_COLUMNS if back[c] != expected[c]}
    assert got["UKR200002"]["fatalities"] == ""  # unknown stays unknown, never 0
    assert got["RUS200003"]["fatalities"] == "0"  # a known zero stays
    _round_trip(tmp_path, "acled-csv", first)


def test_acled_associated_actors_are_claims_linked_to_their_actor(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _import(db, _write(tmp_path / "acled.csv", ACLED_COLUMNS, ACLED_ROWS[:2]))
    result = run_cli("export", "--no-timestamp", db=db)
    text = "\n".join(line for line in result.output.splitlines() if not line.startswith("# store:"))
    incidents = {i["id"]: i for i in yaml.safe_load(text)["incidents"]}
    battle = [(c["actor"], c["role"], c.get("associated_with")) for c in incidents["UKR200002"]["attribution"]]
    assert battle == [
        ("Military Forces of Ukraine (2019-)", "party", None),
        ("Azov Battalion", "party", "Military Forces of Ukraine (2019-)"),
        ("Military Forces of Russia (2000-)", "party", None),
        ("Wagner Group", "party", "Military Forces of Russia (2000-)"),
    ]
    strike = incidents["UKR200001"]
    assert [c.get("associated_with") for c in strike["attribution"]] == [
        None,
        "Military Forces of Russia (2000-)",
        None,
        "Civilians (Ukraine)",
        "Civilians (Ukraine)",
    ]
    store = Store(db)
    stored = store.get("UKR200001")
    store.close()
    assert stored is not None and not stored.contested  # the air force with the army: one side, no rival
    assert (strike["disorder_type"], strike["inter1"], strike["interaction"], strike["row_timestamp"]) == (
        "Political violence",
        "8",
        "78",
        "1685577600",
    )


def test_unknown_fatalities_are_written_empty_not_zero(tmp_path: Path) -> None:
    # Bellingcat states no tolls: every one of its incidents came back "killed 0" before.
    events = [
        {
            "id": "CIV0024",
            "date": "02/25/2022",
            "latitude": "50.309014",
            "longitude": "34.869037",
            "location": "Okhtyrka, Sumy Oblast",
            "description": "Kindergarten hit by cluster munition.",
            "sources": [],
            "filters": [{"key": "Weapon System", "value": "Cluster munitions"}],
        }
    ]
    path = tmp_path / "bellingcat.json"
    path.write_text(json.dumps(events), encoding="utf-8")
    db = tmp_path / "s.db"
    _import(db, path)
    (row,) = _export(db, "acled-csv", tmp_path / "out.csv")
    assert row["fatalities"] == ""
    assert row["tags"] == "Weapon System=Cluster munitions"
    assert (row["time_precision"], row["geo_precision"], row["iso"]) == ("1", "1", "804")
    (ucdp,) = _export(db, "ucdp-csv", tmp_path / "out-ucdp.csv")
    assert (ucdp["best"], ucdp["low"], ucdp["high"]) == ("", "", "")


# ------------------------------------------------------------ UCDP GED

UCDP_ROWS = [
    {  # one-sided violence over a 4-day range (date_prec 2), low/best/high apart
        "id": "600001",
        "relid": "UKR-2023-3-1",
        "year": "2023",
        "active_year": "TRUE",
        "code_status": "Clear",
        "type_of_violence": "3",
        "conflict_new_id": "14001",
        "dyad_new_id": "16001",
        "side_a": "Government of Russia (Soviet Union)",
        "side_b": "Civilians",
        "number_of_sources": "3",
        "source_article": 'Reuters 2023-05-24 "Bodies found in Kherson region"',
        "source_office": "Reuters",
        "where_prec": "2",
        "where_coordinates": "Bilozerka village",
        "where_description": "near the village of Bilozerka",
        "adm_1": "Kherson oblast",
        "adm_2": "Khersonskyi raion",
        "latitude": "46.6362",
        "longitude": "32.3869",
        "geom_wkt": "POINT (32.3869 46.6362)",
        "country": "Ukraine",
        "region": "Europe",
        "event_clarity": "2",
        "date_prec": "2",
        "date_start": "2023-05-20 00:00:00.000",
        "date_end": "2023-05-24 00:00:00.000",
        "deaths_a": "0",
        "deaths_b": "0",
        "deaths_civilians": "5",
        "deaths_unknown": "0",
        "best": "5",
        "high": "9",
        "low": "3",
    },
    {  # state-based, one day, exact place
        "id": "600002",
        "year": "2023",
        "type_of_violence": "1",
        "conflict_new_id": "13243",
        "dyad_new_id": "15123",
        "side_a": "Government of Russia (Soviet Union)",
        "side_b": "Government of Ukraine",
        "number_of_sources": "1",
        "source_article": "Interfax-Ukraine",
        "source_office": "Interfax",
        "where_prec": "1",
        "where_coordinates": "Dnipro city",
        "adm_1": "Dnipropetrovsk oblast",
        "adm_2": "Dniprovskyi raion",
        "latitude": "48.4666",
        "longitude": "35.0407",
        "geom_wkt": "POINT (35.0407 48.4666)",
        "country": "Ukraine",
        "region": "Europe",
        "event_clarity": "1",
        "date_prec": "1",
        "date_start": "2023-05-26 00:00:00.000",
        "date_end": "2023-05-26 00:00:00.000",
        "deaths_a": "1",
        "deaths_b": "2",
        "deaths_civilians": "0",
        "deaths_unknown": "1",
        "best": "4",
        "high": "4",
        "low": "4",
    },
]
# The columns the store does not carry: written empty.
UCDP_NOT_CARRIED = (
    "relid",
    "active_year",
    "code_status",
    "conflict_dset_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_b_dset_id",
    "side_b_new_id",
    "source_date",
    "source_headline",
    "source_original",
    "where_description",
    "priogrid_gid",
    "country_id",
    "gwnoa",
    "gwnob",
)
OUR_ADM_1 = {"Kherson oblast": "Kherson Oblast", "Dnipropetrovsk oblast": "Dnipropetrovsk Oblast"}


def test_a_ucdp_file_comes_back_in_the_columns_it_carries_and_round_trips_byte_for_byte(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _import(db, _write(tmp_path / "GEDEvent_v24_1.csv", UCDP_COLUMNS, UCDP_ROWS))
    first = tmp_path / "export.csv"
    got = {row["id"]: row for row in _export(db, "ucdp-csv", first)}
    assert tuple(next(iter(got.values()))) == UCDP_COLUMNS
    for given in UCDP_ROWS:
        back = got[given["id"]]
        expected = {c: given.get(c, "") for c in UCDP_COLUMNS if c not in UCDP_NOT_CARRIED}
        expected["adm_1"] = OUR_ADM_1[given["adm_1"]]
        assert {c: back[c] for c in expected} == expected
        assert all(back[c] == "" for c in UCDP_NOT_CARRIED)
    ranged = got["600001"]  # the 2-6 day range as such, never month precision
    assert (ranged["date_prec"], ranged["date_start"], ranged["date_end"]) == (
        "2",
        "2023-05-20 00:00:00.000",
        "2023-05-24 00:00:00.000",
    )
    assert (ranged["low"], ranged["best"], ranged["high"]) == ("3", "5", "9")
    _round_trip(tmp_path, "ucdp-csv", first)


def test_ucdp_ranges_go_to_acled_as_a_week_not_a_month(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _import(db, _write(tmp_path / "ged.csv", UCDP_COLUMNS, UCDP_ROWS))
    got = {row["event_id_cnty"]: row for row in _export(db, "acled-csv", tmp_path / "acled.csv")}
    assert (got["600001"]["event_date"], got["600001"]["time_precision"]) == ("2023-05-20", "2")
    assert got["600002"]["time_precision"] == "1"
    # One-sided violence: side_a acted on side_b (actor1 -> actor2), a toll of 5 (best).
    assert (got["600001"]["actor1"], got["600001"]["actor2"], got["600001"]["fatalities"]) == (
        "Government of Russia (Soviet Union)",
        "Civilians",
        "5",
    )


def test_acled_rows_go_to_ucdp_with_their_place_and_sides(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _import(db, _write(tmp_path / "acled.csv", ACLED_COLUMNS, ACLED_ROWS[:2]))
    got = {row["id"]: row for row in _export(db, "ucdp-csv", tmp_path / "ucdp.csv")}
    strike, battle = got["UKR200001"], got["UKR200002"]
    assert (strike["side_a"], strike["side_b"]) == ("Military Forces of Russia (2000-)", "Civilians (Ukraine)")
    assert (battle["side_a"], battle["side_b"]) == (
        "Military Forces of Ukraine (2019-)",
        "Military Forces of Russia (2000-)",
    )
    assert (strike["where_prec"], strike["where_coordinates"], strike["date_prec"]) == ("2", "Dnipro", "1")
    assert battle["date_prec"] == "3" and battle["best"] == ""  # ACLED's week; no toll
    assert strike["type_of_violence"] == ""  # ACLED says no UCDP type: none is made up
