"""A report that says a place was bombed and names no weapon tells bombs (as "shelled" tells
artillery); a named weapon, a bomb shelter or a bomb threat does not; sentences written for
the test."""

from __future__ import annotations

import datetime as dt

import pytest

from incident_review.services.extraction import extractor

WEDNESDAY = dt.date(2024, 3, 13)


def _weapons(text: str) -> list[tuple[str | None, list[str]]]:
    return [(i.location, i.weapons) for i in extractor().extract(text, WEDNESDAY, "R-1")]


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces bombed a theatre in Mariupol on Tuesday.",
        "The bombing of a market in Mariupol on Tuesday killed three people.",
        "Bombs fell on a school in Mariupol on Tuesday.",
    ],
)
def test_bombed_with_no_weapon_named_is_bombs(text: str) -> None:
    assert _weapons(text) == [("Mariupol", ["bomb"])]


@pytest.mark.parametrize(
    ("text", "weapons"),
    [
        ("A missile bombing hit a school in Mariupol on Tuesday.", ["missile"]),
        ("Residents hid in a bomb shelter as shells hit a school in Mariupol on Tuesday.", ["artillery"]),
        ("A bomb threat emptied a school in Mariupol after a drone attack on Tuesday.", ["drone"]),
    ],
)
def test_a_named_weapon_a_shelter_or_a_threat_is_no_bomb(text: str, weapons: list[str]) -> None:
    assert _weapons(text) == [("Mariupol", weapons)]
