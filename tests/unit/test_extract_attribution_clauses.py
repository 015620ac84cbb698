"""Attribution told inside someone's statement, further on than the words right after the
verb, and the side named by where a weapon was launched from; sentences written for the test."""

from __future__ import annotations

import pytest

from incident_review.core.extract.attribution import find_claims
from incident_review.core.extract.rules import Rules


def _claims(rules: Rules, text: str) -> list[tuple[str, str]]:
    return [(c.actor, c.stance) for c in find_claims(rules, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Washington said that the rocket was most likely an interceptor fired by Ukrainian forces.",
            [("Ukrainian forces", "reported"), ("Ukrainian forces", "blamed")],
        ),
        (
            "Investigators believe the shells that hit the bakery were launched by Ukrainian troops.",
            [("Ukrainian forces", "reported"), ("Ukrainian forces", "blamed")],
        ),
        (
            "Analysts concluded that the blast at the depot was caused by Russian artillery.",
            [("Russian forces", "reported"), ("Russian forces", "blamed")],
        ),
    ],
)
def test_a_side_named_further_on_in_a_statement_is_blamed(
    rules: Rules, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _claims(rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The rocket was fired from Ukrainian positions east of the village.", [("Ukrainian forces", "reported")]),
        ("A drone launched from Russian territory hit a barn.", [("Russian forces", "reported")]),
        (
            "Investigators suggested that the missile had been fired from Ukrainian positions.",
            [("Ukrainian forces", "reported"), ("Ukrainian forces", "blamed")],
        ),
    ],
)
def test_the_ground_a_weapon_was_launched_from_names_its_side(
    rules: Rules, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _claims(rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Another clause of the sentence: what the speaker said ended before it.
        (
            "The mayor said all was calm, while Russian forces shelled a farm.",
            [("Russian forces", "reported")],
        ),
        ("The mayor said the night was quiet, and Russian troops shelled a farm.", [("Russian forces", "reported")]),
        # A place the missile came from, not a side's positions.
        ("A missile was fired from Russia's Belgorod region.", []),
        ("Refugees fled from Ukrainian villages near the border.", []),
    ],
)
def test_no_blame_beyond_the_statement_nor_from_a_place(
    rules: Rules, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _claims(rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian forces blew up the dam overnight.", [("Russian forces", "reported")]),
        ("Ukrainian troops have blown up a railway bridge.", [("Ukrainian forces", "reported")]),
        (
            "The General Staff said that the Russians blew up the barracks to hide the killings.",
            [("Russian forces", "reported"), ("Russian forces", "blamed")],
        ),
        # A person blowing something up is no side's strike.
        ("A Russian soldier blew up his own car.", []),
    ],
)
def test_a_side_that_blew_something_up_did_it(rules: Rules, text: str, expected: list[tuple[str, str]]) -> None:
    assert _claims(rules, text) == expected
