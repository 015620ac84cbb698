"""The type crosswalk (config/crosswalk.yaml, core/crosswalk.py): ACLED's event types, UCDP's
type_of_violence and Bellingcat's filters as kinds of violence, and duplicate matching's
type component through them, so that a UCDP row and an ACLED row of one strike compare
their types fairly (a state-based UCDP event was "Battles / Armed clash" against ACLED's
shelling: 0)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from incident_review import config
from incident_review.core import datasets
from incident_review.core.crosswalk import TypeCrosswalk
from incident_review.core.dataset_formats import bellingcat
from incident_review.core.dataset_formats.rows import Context, Record
from incident_review.core.errors import InputError
from incident_review.core.matching import Matcher, MatchInput
from incident_review.core.model import Incident
from incident_review.services.dataset_places import places
from incident_review.services.duplicates import matcher
from tests.system.test_dataset_export import ACLED_ROWS, UCDP_ROWS

WALK = TypeCrosswalk(config.crosswalk())
CONFIG = Path(config.__file__).parent  # the shipped files


def _acled(**changes: str) -> Incident:
    row = {**ACLED_ROWS[0], **changes}
    return datasets.acled_incident(Record(row, "line 2"), Context("a.csv", places())).incident


def _ucdp(**changes: str) -> Incident:
    # The state-based row, moved onto the ACLED strike's day and place.
    row = {**UCDP_ROWS[1], **changes}
    return datasets.ucdp_incident(Record(row, "line 2"), Context("u.csv", places())).incident


def _bellingcat(weapon: str | None) -> Incident:
    event: dict[str, Any] = {
        "id": "CIV0100",
        "date": "05/26/2023",
        "latitude": "48.4666",
        "longitude": "35.0407",
        "location": "Dnipro",
        "description": "A clinic hit.",
        "sources": [],
        "filters": [{"key": "Weapon System", "value": weapon}] if weapon else [],
    }
    return bellingcat.incident(Record(event, "record 1"), Context("b.json", places())).incident


def _type(m: Matcher, x: Incident, y: Incident) -> float:
    t = m.table([MatchInput.from_incident(x), MatchInput.from_incident(y)])
    return float(m.components(t, np.array([0]), np.array([1]), with_text=False)["event_type"][0])


def test_the_kinds_of_each_datasets_types() -> None:
    assert WALK.kinds("Explosions/Remote violence", "Shelling/artillery/missile attack") == {"remote"}
    assert WALK.kinds("Battles", "Armed clash") == {"battle"}
    assert WALK.kinds(None, None, "state-based") == {"battle", "remote"}
    assert WALK.kinds(None, None, "one-sided") == {"civilians"}
    # ACLED's civilian targeting mark: remote violence aimed at civilians is both.
    assert WALK.kinds("Explosions/Remote violence", None, None, "Civilian targeting") == {"remote", "civilians"}
    assert WALK.kinds(None, None, tags="Type of area affected=Residential; weapon system=CLUSTER MUNITIONS") == {
        "remote",
        "civilians",
    }
    assert WALK.kinds(None, None, tags="Weapon System=Unknown") == frozenset()  # says nothing of the type
    assert WALK.kinds(None, None) == frozenset()


def test_every_event_type_the_extraction_writes_has_its_kinds() -> None:
    rules = config.extraction()
    written = {r["event_type"] for r in rules.event_types} | {rules.default_event_type["event_type"]}
    assert written <= set(config.crosswalk().acled_event_types)


def test_a_ucdp_row_and_an_acled_row_of_one_strike_compare_their_types_fairly() -> None:
    m = matcher()
    strike, ucdp = _acled(), _ucdp()
    assert ucdp.event_type is None and ucdp.type_of_violence == "state-based"  # no ACLED type made up
    assert _type(m, strike, ucdp) == 0.75  # shared_credit: state-based can be a shelling
    # What it was: UCDP's type 1 read as ACLED's "Battles / Armed clash", against a shelling.
    as_before = dataclasses.replace(ucdp, event_type="Battles", sub_event_type="Armed clash")
    assert _type(m, strike, as_before) == 0.0
    # One-sided violence is no battle, but can be remote violence aimed at civilians.
    one_sided = _ucdp(type_of_violence="3", side_b="Civilians")
    battle = _acled(event_type="Battles", sub_event_type="Armed clash", civilian_targeting="")
    assert _type(m, battle, one_sided) == 0.0
    assert _type(m, strike, one_sided) == 0.75  # ACLED's row has the civilian targeting mark
    assert _type(m, _acled(civilian_targeting=""), one_sided) == 0.0


def test_a_bellingcat_event_compares_through_its_weapon() -> None:
    m = matcher()
    cluster = _bellingcat("Cluster munitions")
    assert cluster.tags == "Weapon System=Cluster munitions"
    assert _type(m, _acled(), cluster) == 0.75
    assert _type(m, _ucdp(), cluster) == 0.75
    assert _type(m, _acled(event_type="Battles", sub_event_type="Armed clash", civilian_targeting=""), cluster) == 0.0
    assert _type(m, _acled(), _bellingcat(None)) == 0.5  # no weapon: its type is unknown


def test_two_incidents_in_acleds_taxonomy_compare_as_before() -> None:
    m = matcher()
    strike = _acled()
    assert _type(m, strike, _acled(event_id_cnty="UKR200009")) == 1.0
    assert _type(m, strike, _acled(sub_event_type="Air/drone strike")) == 0.5
    assert _type(m, strike, _acled(event_type="Battles", sub_event_type="Armed clash")) == 0.0


def test_a_users_crosswalk_is_what_matching_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = yaml.safe_load((CONFIG / "crosswalk.yaml").read_text(encoding="utf-8"))
    shipped["ucdp_type_of_violence"]["state-based"] = ["battle"]  # this analyst: state-based means ground fighting
    (tmp_path / "crosswalk.yaml").write_text(yaml.safe_dump(shipped), encoding="utf-8")
    monkeypatch.setenv("INCIDENT_REVIEW_CONFIG", str(tmp_path))
    config.cache_clear()
    matcher.cache_clear()
    try:
        assert _type(matcher(), _acled(), _ucdp()) == 0.0
    finally:
        config.cache_clear()
        matcher.cache_clear()


def test_a_bad_crosswalk_override_names_the_file_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "crosswalk.yaml").write_text("shared_credit: lots\n", encoding="utf-8")
    monkeypatch.setenv("INCIDENT_REVIEW_CONFIG", str(tmp_path))
    config.cache_clear()
    try:
        with pytest.raises(InputError, match=r"crosswalk\.yaml.*shared_credit"):
            config.crosswalk()
    finally:
        config.cache_clear()
