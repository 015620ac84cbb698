"""A toll told over a list of towns is none of theirs alone: each rule with sentences
written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from incident_review.services.extraction import extractor

TUESDAY = dt.date(2024, 3, 12)


def _tolls(text: str) -> dict[str | None, list[tuple[str, int | None]]]:
    found = extractor().extract(text, TUESDAY, "R-1")
    return {i.location: sorted((f.kind, f.best) for f in i.figures if f.group == "all") for i in found}


@pytest.mark.parametrize(
    ("text", "towns"),
    [
        ("Four people were injured in Russian attacks on Kupiansk and Balakliia on Monday.", ("Kupyansk", "Balakliya")),
        ("Drones struck Kyiv, Odesa and Lviv on Monday, killing three, wounding 11.", ("Kyiv", "Odesa", "Lviv")),
        ("Shelling of Nikopol and Marhanets on Monday left two people dead.", ("Nikopol", "Marhanets")),
    ],
)
def test_a_toll_over_a_list_of_towns_is_copied_to_none(text: str, towns: tuple[str, ...]) -> None:
    # Each town's own count is not told: 4 wounded in each of two towns would be 8.
    assert _tolls(text) == {town: [] for town in towns}


def test_no_casualties_over_a_list_of_towns_holds_for_each() -> None:
    text = "Russian drones struck Kyiv and Odesa on Monday; no casualties were reported."
    assert _tolls(text) == {"Kyiv": [("killed", 0), ("wounded", 0)], "Odesa": [("killed", 0), ("wounded", 0)]}


def test_a_count_placed_in_one_listed_town_stays_that_towns() -> None:
    text = "Russian forces shelled Kherson and Beryslav on Monday, killing two people in Beryslav."
    assert _tolls(text) == {"Kherson": [], "Beryslav": [("killed", 2)]}


def test_a_later_sentence_on_one_listed_town_gives_it_its_toll() -> None:
    text = (
        "Four people were injured in Russian attacks on Kupiansk and Balakliia on Monday. "
        "In Balakliia, a drone killed a man on Monday."
    )
    assert _tolls(text) == {"Kupyansk": [], "Balakliya": [("killed", 1)]}
