"""How reports word a claim of responsibility and a denial beyond "X claimed responsibility"
and "X denied": an aside between the name and the verb, "took responsibility", "denied by X",
"called the attack a provocation"; sentences written for the test."""

from __future__ import annotations

import pytest

from incident_review.core.extract.attribution import find_claims
from incident_review.core.extract.rules import Rules


def _claims(rules: Rules, text: str) -> list[tuple[str, str]]:
    return [(c.actor, c.stance) for c in find_claims(rules, text)]


@pytest.mark.parametrize(
    "text",
    [
        "The Russian Volunteer Corps took responsibility for the raid.",
        "The Freedom of Russia Legion, a unit of exiles who fight beside Kyiv, took responsibility on Friday.",
        "The Russian Volunteer Corps, a group of exiles,[3] later claimed responsibility for the attack.",
        "The Russian Volunteer Corps assumed full responsibility for the incursion.",
    ],
)
def test_a_group_taking_responsibility_claims_it(rules: Rules, text: str) -> None:
    assert _claims(rules, text) == [("Russian volunteer groups", "claimed")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Drones hit the depot (per Moscow, denied by Kyiv).", [("Ukrainian forces", "denied")]),
        ("It was an accusation rejected by Ukraine within hours.", [("Ukrainian forces", "denied")]),
        ("Kyiv called the attack a provocation.", [("Ukrainian forces", "denied")]),
        ("Ukraine called the reports a deliberate provocation.", [("Ukrainian forces", "denied")]),
        ("Moscow dismissed the accusations as fake.", [("Russian forces", "denied")]),
        ("The Kremlin described it as a false flag operation.", [("Russian forces", "denied")]),
    ],
)
def test_denials_worded_otherwise(rules: Rules, text: str, expected: list[tuple[str, str]]) -> None:
    assert _claims(rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Condemnation is no denial; "by X" after another verb is who did it.
        ("Kyiv called the attack a war crime.", []),
        ("The village was shelled by Ukrainian troops.", [("Ukrainian forces", "reported")]),
        # The aside holds the name of a side, which takes no responsibility itself.
        ("Volunteers from the group, who fight for Ukraine, said nothing.", []),
        ("The mayor, who visited Kyiv, took responsibility for the evacuation.", []),
    ],
)
def test_no_claim_or_denial_where_none_is_worded(rules: Rules, text: str, expected: list[tuple[str, str]]) -> None:
    assert _claims(rules, text) == expected
