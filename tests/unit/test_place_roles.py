"""Places a sentence names without the event being there: launch sites, visits, hospitals, ships."""

from __future__ import annotations

import datetime as dt

import pytest

from incident_review.services.extraction import extractor

MONDAY = dt.date(2024, 2, 12)


def _roles(text: str) -> dict[str, str | None]:
    rules = extractor().rules
    return {
        text[p.start : p.end]: rules.place_roles.role(text, p.start, p.end, p.kind) for p in rules.gazetteer.find(text)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russian forces fired S-300 missiles from Belgorod Oblast at Kharkiv on Monday.",
            {"Belgorod Oblast": "origin", "Kharkiv": None},
        ),
        ("The bombers took off from an air base in Kaluga Oblast.", {"Kaluga Oblast": "origin"}),
        ("The drones flew over the territory of the Kursk region.", {"Kursk region": "origin"}),
        ("Drones launched from Kursk Oblast attacked Sumy overnight.", {"Kursk Oblast": "origin", "Sumy": None}),
        ("Belgorod is where the missiles were launched.", {"Belgorod": "origin"}),
        ("The attack came hours after the foreign minister landed in Kyiv.", {"Kyiv": "travel"}),
        ("The two leaders held talks in Odesa on Monday.", {"Odesa": "travel"}),
        ("Eleven wounded were taken to a hospital in Dnipro.", {"Dnipro": "people"}),
        ("A man from Kharkiv was killed when shells hit Izium.", {"Kharkiv": "people", "Izium": None}),
        ("The cruiser Moskva sank after an explosion.", {"Moskva": "vessel"}),
        ("Ships moved south after the damage to the Moskva, the official said.", {"Moskva": "definite"}),
        ("The shells fell into the Dnipro.", {"Dnipro": "definite"}),
        # Where the event is: no role.
        ("Shelling hit the Kharkiv region.", {"Kharkiv region": None}),
        ("Drones struck the Odesa port.", {"Odesa": None}),
        ("Shells fired from across the river hit Kherson.", {"Kherson": None}),
        ("A drone shot down over Kyiv fell on a house.", {"Kyiv": None}),
        ("A missile struck Zaporizhzhia on Monday.", {"Zaporizhzhia": None}),
    ],
)
def test_place_roles(text: str, expected: dict[str, str | None]) -> None:
    assert _roles(text) == expected


def test_a_launch_site_opens_no_incident_of_its_own() -> None:
    text = (
        "Russian forces fired two S-300 missiles from Belgorod Oblast at Kharkiv on Monday, killing three people.\n\n"
        "The missiles were launched by bombers that took off from an air base in Kaluga Oblast."
    )
    incidents = extractor().extract(text, MONDAY, "R-test")
    assert [(i.location, i.admin1) for i in incidents] == [("Kharkiv", "Kharkiv Oblast")]


def test_a_visit_is_no_incident() -> None:
    text = (
        "A Russian missile struck Sumy on Monday.\n\nThe strike came hours after the secretary of state landed in Kyiv."
    )
    assert [i.location for i in extractor().extract(text, MONDAY, "R-test")] == ["Sumy"]


def test_a_ship_is_damage_by_its_kind() -> None:
    text = "A Ukrainian missile struck the Russian cruiser Moskva near Odesa on Monday, damaging the cruiser."
    (incident,) = extractor().extract(text, MONDAY, "R-test")
    assert incident.location == "Odesa"
    assert "cruiser" in incident.damage


def test_a_village_we_do_not_know_takes_the_country_its_sentence_gives() -> None:
    text = (
        "On 14 March 2023, a missile struck Romanian territory, in the village of Plauru near the border "
        "with Ukraine, damaging a barn."
    )
    (incident,) = extractor().extract(text, dt.date(2023, 3, 14), "R-test")
    assert (incident.country, incident.location) == ("RO", "Plauru")


def test_a_neighbouring_country_named_as_the_place_is_that_country() -> None:
    text = "A Russian drone struck a house in Moldova on 10 February 2024."
    (incident,) = extractor().extract(text, dt.date(2024, 2, 10), "R-test")
    assert incident.country == "MD"


def test_a_town_listed_after_a_hospital_town_is_a_hospital_too() -> None:
    text = (
        "A Russian missile struck Konotop on Monday, wounding 12 people.\n\n"
        "The wounded were taken to hospitals in Sumy and Romny."
    )
    assert [i.location for i in extractor().extract(text, MONDAY, "R-test")] == ["Konotop"]


def test_a_sentence_naming_only_the_launch_site_adds_to_the_strike() -> None:
    text = (
        "A Russian ballistic missile struck Chernihiv on Monday, killing two people.\n\n"
        "The missile was launched from Bryansk Oblast, the air force said."
    )
    (incident,) = extractor().extract(text, MONDAY, "R-test")
    assert (incident.location, incident.admin1) == ("Chernihiv", "Chernihiv Oblast")


def test_a_nationwide_aggregate_is_no_incident() -> None:
    text = "Russia launched 90 drones and four missiles at Ukraine overnight, the air force said on Monday."
    assert extractor().extract(text, MONDAY, "R-test") == []


def test_attacks_in_a_concessive_or_continuing_clause_are_no_event() -> None:
    text = "Grain exports through the ports of Mykolaiv region rose in March despite continued attacks on the ports."
    assert extractor().extract(text, MONDAY, "R-test") == []
