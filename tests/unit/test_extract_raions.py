"""A raion or community named for its town ("the Nikopol district of Dnipropetrovsk
region") is the town's, in the region named; sentences written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from incident_review.services.extraction import extractor

TUESDAY = dt.date(2024, 3, 12)


def _places(text: str) -> list[tuple[str | None, str | None]]:
    return [(i.location, i.admin1) for i in extractor().extract(text, TUESDAY, "R-1")]


@pytest.mark.parametrize(
    ("text", "town", "region"),
    [
        # "Dnipropetrovsk" is also Dnipro's old name: here it names the region, not the city.
        (
            "A drone hit a car in the Nikopol district of Dnipropetrovsk region on Monday, injuring a man.",
            "Nikopol",
            "Dnipropetrovsk Oblast",
        ),
        (
            "Russian shelling hit the Nikopol raion of Dnipropetrovsk region on Monday, injuring a man.",
            "Nikopol",
            "Dnipropetrovsk Oblast",
        ),
        (
            "Russian shelling hit the Nikopol district of the Dnipropetrovsk region on Monday, injuring a man.",
            "Nikopol",
            "Dnipropetrovsk Oblast",
        ),
        (
            "Shelling of the Pokrovsk district of Donetsk Oblast on Monday wounded two people.",
            "Pokrovsk",
            "Donetsk Oblast",
        ),
        (
            "A missile struck the Kupiansk district in Kharkiv region on Monday, killing a woman.",
            "Kupyansk",
            "Kharkiv Oblast",
        ),
        (
            "Russian drones attacked the Marhanets community in Dnipropetrovsk region on Monday, injuring a man.",
            "Marhanets",
            "Dnipropetrovsk Oblast",
        ),
    ],
)
def test_a_district_named_for_its_town_is_the_town(text: str, town: str, region: str) -> None:
    assert _places(text) == [(town, region)]


def test_a_district_no_town_is_named_for_is_the_district() -> None:
    text = "Russian artillery shelled the Zlatopilskyi district of Kharkiv region on Monday, wounding a man."
    assert _places(text) == [("Zlatopilskyi district", "Kharkiv Oblast")]


@pytest.mark.parametrize(
    "text",
    [
        "Russian shelling hit Dnipropetrovsk region on Monday, injuring a man.",
        "A Russian drone attack on the Dnipropetrovsk region on Monday injured a man.",
    ],
)
def test_the_region_alone_is_no_city(text: str) -> None:
    assert _places(text) == [(None, "Dnipropetrovsk Oblast")]


def test_a_city_district_stays_the_citys() -> None:
    # "X district of <city>" is a part of the city: the city names the place, not X.
    text = "A drone hit a house in the Kyivskyi district of Kharkiv on Monday, injuring a man."
    assert _places(text) == [("Kharkiv", "Kharkiv Oblast")]


def test_the_city_of_dnipropetrovsk_is_still_dnipro() -> None:
    text = "A missile hit a factory in the city of Dnipropetrovsk on Monday, killing two."
    assert _places(text) == [("Dnipro", "Dnipropetrovsk Oblast")]


@pytest.mark.parametrize(
    ("text", "town", "region"),
    [
        # The region has its town's name: the raion of that name is still the town's.
        (
            "A Russian missile hit the Kherson district of Kherson region on Monday, killing two.",
            "Kherson",
            "Kherson Oblast",
        ),
        (
            "Shelling of the Kharkiv district of the Kharkiv region on Monday wounded a man.",
            "Kharkiv",
            "Kharkiv Oblast",
        ),
        # No region named after "district": "the Kherson district" stays the region.
        ("A Russian missile hit the Kherson district on Monday, killing two.", None, "Kherson Oblast"),
        ("A Russian missile hit the Kherson region on Monday, killing two.", None, "Kherson Oblast"),
    ],
)
def test_a_raion_named_for_the_town_of_a_region_of_that_name_is_the_town(
    text: str, town: str | None, region: str
) -> None:
    assert _places(text) == [(town, region)]


@pytest.mark.parametrize(
    "text",
    [
        "A Russian missile hit a house in Marhanets, Nikopol district, Dnipropetrovsk region on Monday, killing two.",
        "A Russian missile hit a house in Marhanets, Nikopol raion on Monday, killing two.",
    ],
)
def test_the_raion_of_a_town_named_for_another_town_only_says_where_it_is(text: str) -> None:
    # Marhanets is in the raion named for Nikopol: one incident, in Marhanets (ACLED codes the town).
    assert _places(text) == [("Marhanets", "Dnipropetrovsk Oblast")]


def test_towns_listed_without_a_raion_word_each_stay() -> None:
    text = "Russian shelling hit Marhanets and Nikopol on Monday, injuring a man."
    assert _places(text) == [("Marhanets", "Dnipropetrovsk Oblast"), ("Nikopol", "Dnipropetrovsk Oblast")]
