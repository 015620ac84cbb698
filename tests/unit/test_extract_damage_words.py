"""Which words make a building or site the damage of a strike: a weapon "launched at" or
"fired at" it, a blast that "occurred in" or "ripped through" it, a recreational centre, a
town's square; a church service is no church; sentences written for the test."""

from __future__ import annotations

import pytest

from incident_review.services.extraction import extractor


def _damage(text: str) -> list[str]:
    return sorted(extractor().finders.damage(text))


@pytest.mark.parametrize(
    ("text", "damage"),
    [
        ("Russian forces launched a ballistic missile at the Opera Theatre in the city centre.", ["theatre"]),
        ("The troops fired two rockets at a school on Monday.", ["school"]),
        ("A huge explosion occurred in the main square of the city.", ["square"]),
        ("A blast ripped through the central market.", ["market"]),
        ("Two missiles hit a recreational center by the sea.", ["recreation center"]),
        ("A drone struck a recreation facility near the lake.", ["recreation center"]),
        ("Shells hit the town square and a church.", ["church", "square"]),
        ("A drone hit an office in the city centre, officials said.", ["office building"]),
    ],
)
def test_damage_worded_so(text: str, damage: list[str]) -> None:
    assert _damage(text) == damage


@pytest.mark.parametrize(
    "text",
    [
        "The strike came as locals were going to morning church services.",
        "The strike destroyed 1,500 square metres of floor space.",
        "Explosions were heard near the school.",  # heard, not hitting it
        "Russian forces launched attacks on several fronts.",
        "The school said it would reopen on Monday.",
        # The office that speaks, a few words of its name before its verb.
        "Troops fired 14 shells at the town, the regional office at the ceasefire centre said.",
    ],
)
def test_no_damage_where_none_is_worded(text: str) -> None:
    assert _damage(text) == []
