"""A sentence that claims, denies or blames an attack names a country as a side, not as
the place: it joins the incident being told even when that incident is in another
country; sentences written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from incident_review.services.extraction import extractor

WEDNESDAY = dt.date(2024, 3, 13)
LEAD = "Drones struck an oil depot in Belgorod on Tuesday."


def _attribution(text: str) -> list[tuple[str | None, list[tuple[str, str]]]]:
    found = extractor().extract(text, WEDNESDAY, "R-1")
    return [(i.location, [(c.actor, c.stance) for c in i.attribution]) for i in found]


@pytest.mark.parametrize(
    ("later", "claims"),
    [
        ("Ukraine called the attack a provocation.", [("Ukrainian forces", "denied")]),
        ("Kyiv denied any involvement in the attack.", [("Ukrainian forces", "denied")]),
        (
            "The Russian Volunteer Corps, a group of exiles fighting for Ukraine, took responsibility for the attack.",
            [("Russian volunteer groups", "claimed")],
        ),
        (
            "The Russian Volunteer Corps, which is based in Ukraine, claimed responsibility for the attack.",
            [("Russian volunteer groups", "claimed")],
        ),
    ],
)
def test_who_claims_or_denies_the_attack_joins_it(later: str, claims: list[tuple[str, str]]) -> None:
    assert _attribution(f"{LEAD} {later}") == [("Belgorod", claims)]


@pytest.mark.parametrize(
    "later",
    [
        "Ukraine has faced Russian strikes every night for months.",
        "Russian missiles hit Ukraine overnight.",  # who struck there, not who is said to have struck here
    ],
)
def test_a_sentence_about_the_other_country_stays_out(later: str) -> None:
    assert _attribution(f"{LEAD} {later}") == [("Belgorod", [])]
