"""A victim named by role after "the" ("The driver was injured") is one victim, and never
counted twice when the report also states the count; sentences written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from incident_review.services.extraction import extractor

TUESDAY = dt.date(2024, 3, 12)
LEAD = "A Russian drone hit a truck in Kharkiv on Monday."


def _tolls(text: str) -> list[tuple[str, int | None]]:
    (incident,) = extractor().extract(text, TUESDAY, "R-1")
    return sorted((f.kind, f.best) for f in incident.figures if f.group == "all")


@pytest.mark.parametrize(
    ("later", "toll"),
    [
        ("The driver was injured.", [("wounded", 1)]),
        ("The truck's driver was wounded.", [("wounded", 1)]),
        ("The driver of the truck was killed.", [("killed", 1)]),
        ("The farmer died at the scene.", [("killed", 1)]),
        ("The rescuer was seriously injured.", [("wounded", 1)]),
        ("The 45-year-old driver was killed.", [("killed", 1)]),
    ],
)
def test_a_victim_named_by_role_after_the_is_one(later: str, toll: list[tuple[str, int]]) -> None:
    assert _tolls(f"{LEAD} {later}") == toll


@pytest.mark.parametrize(
    "later",
    [
        "Two people were injured, including the driver.",
        "Two people were injured. The driver was seriously injured.",
        "The driver was seriously injured. Two people were injured in all.",
    ],
)
def test_the_driver_is_one_of_the_stated_count(later: str) -> None:
    assert _tolls(f"{LEAD} {later}") == [("wounded", 2)]


@pytest.mark.parametrize(
    ("later", "toll"),
    [
        ("The driver said he saw the drone.", []),
        ("The driver of the truck told reporters two people were killed.", [("killed", 2)]),
        ("The drivers were injured.", []),  # how many is not told
        ("The driver was hospitalised with shock.", []),
        ("The family of the driver was injured.", []),  # the victims are the family, how many untold
    ],
)
def test_a_role_that_speaks_or_is_no_count_gives_none(later: str, toll: list[tuple[str, int]]) -> None:
    assert _tolls(f"{LEAD} {later}") == toll


@pytest.mark.parametrize(
    ("later", "toll"),
    [
        ("The truck's elderly driver was killed.", [("killed", 1)]),  # "elderly" is no victim of its own
        ("A driver and a passenger were injured.", [("wounded", 2)]),
        ("The driver and a passenger were injured.", [("wounded", 2)]),
        ("A man, a woman and two children were wounded.", [("wounded", 4)]),
        ("Two men and a woman were killed.", [("killed", 3)]),
        ("A woman and the driver were killed.", [("killed", 2)]),
    ],
)
def test_listed_victims_before_the_verb_are_all_counted(later: str, toll: list[tuple[str, int]]) -> None:
    assert _tolls(f"{LEAD} {later}") == toll


@pytest.mark.parametrize(
    ("later", "toll"),
    [
        ("A man and his son were wounded.", []),  # how many sons is not told
        ("A man and a dog were injured.", []),  # a dog is no victim counted
        ("Two people were killed, and a woman was injured.", [("killed", 2), ("wounded", 1)]),
        ("Two people were injured. The driver and a passenger were injured.", [("wounded", 2)]),
    ],
)
def test_a_list_counts_only_victims_up_to_its_own_verb(later: str, toll: list[tuple[str, int]]) -> None:
    assert _tolls(f"{LEAD} {later}") == toll
