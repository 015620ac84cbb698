"""Deaths told as more than the toll before ("Two more people died in hospital") add up
to it; the wounded who later died move to the killed; sentences written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from incident_review.services.extraction import extractor

TUESDAY = dt.date(2024, 3, 12)


def _tolls(text: str) -> list[tuple[str, int | None, int | None, int | None]]:
    (incident,) = extractor().extract(text, TUESDAY, "R-1")
    return sorted((f.kind, f.low, f.best, f.high) for f in incident.figures if f.group == "all")


@pytest.mark.parametrize(
    ("later", "killed"),
    [
        ("Two more people died in hospital.", 6),
        ("Another person died in hospital.", 5),
        ("Another two people died of their wounds.", 6),
        ("Two more bodies were found under the rubble.", 6),
    ],
)
def test_more_deaths_add_to_the_toll(later: str, killed: int) -> None:
    text = f"Russian forces killed four people in Kharkiv on Monday. {later}"
    assert _tolls(text) == [("killed", killed, killed, killed)]


@pytest.mark.parametrize("wounded_word", ["wounded", "injured"])
def test_the_wounded_who_later_died_are_killed(wounded_word: str) -> None:
    text = (
        "A Russian missile struck Kharkiv on Monday, killing four people and wounding 10. "
        f"Two of the {wounded_word} later died in hospital."
    )
    assert _tolls(text) == [("killed", 6, 6, 6), ("wounded", 8, 8, 8)]


@pytest.mark.parametrize(
    ("text", "tolls"),
    [
        # Not said to be more: the same deaths told again, as before.
        (
            "Russian forces killed four people in Kharkiv on Monday. Two people died in hospital.",
            [("killed", 2, 4, 4)],
        ),
        # "more" than the killed of its sentence, not more wounded than told before.
        (
            "Drones hit Kharkiv on Monday, injuring 10. Four people were killed and 12 more were injured.",
            [("killed", 4, 4, 4), ("wounded", 10, 12, 12)],
        ),
        # Victims of another event, not more of this one's.
        (
            "Russian forces killed four people in Kharkiv on Monday. Two more people were killed in a separate strike.",
            [("killed", 2, 4, 4)],
        ),
        # A revised toll may already hold them.
        (
            "Drones hit Kharkiv on Monday, killing four. The death toll rose to five. Two more people died.",
            [("killed", 2, 5, 5)],
        ),
        # No toll before: the count as told.
        ("A Russian missile struck Kharkiv on Monday. Two more people died in hospital.", [("killed", 2, 2, 2)]),
    ],
)
def test_deaths_not_beyond_a_toll_told_are_not_added(text: str, tolls: list[tuple[str, int, int, int]]) -> None:
    assert _tolls(text) == tolls
