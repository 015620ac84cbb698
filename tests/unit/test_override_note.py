"""An override's note in words, and where the casualties form shows a refused value
(issue #12 item 10: the note read "set to 20/23/None")."""

from __future__ import annotations

import pytest

from incident_review.services.review import describe_override, override_problem


@pytest.mark.parametrize(
    ("kind", "group", "values", "note"),
    [
        ("killed", "all", (20, 20, 23), "killed set to 20 (low 20, high 23)"),
        ("killed", "all", (None, 20, None), "killed set to 20"),
        ("killed", "all", (None, 20, 23), "killed set to 20 (high 23)"),
        ("wounded", "children", (4, None, None), "wounded (children) set to at least 4"),
        ("wounded", "all", (None, None, 9), "wounded set to at most 9"),
        ("killed", "civilians", (3, None, 7), "killed (civilians) set to between 3 and 7"),
        ("killed", "all", (None, None, None), "killed override removed"),
    ],
)
def test_the_note_says_what_was_set(kind: str, group: str, values: tuple[int | None, ...], note: str) -> None:
    low, best, high = values
    assert describe_override(kind, group, low, best, high) == note
    assert "None" not in note and "/" not in note


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ((23, None, 20), "high", "high 20 is below low 23"),
        ((5, 3, None), "best", "best 3 is below low 5"),
        ((None, 9, 4), "high", "high 4 is below best 9"),
        ((-1, None, None), "low", "negative"),
        ((None, None, -2), "high", "negative"),
    ],
)
def test_a_refused_value_is_named_at_its_field(values: tuple[int | None, ...], field: str, words: str) -> None:
    problem = override_problem(*values)
    assert problem is not None and problem[0] == field and words in problem[1]


def test_ordered_values_are_fine() -> None:
    assert override_problem(20, 20, 23) is None and override_problem(None, None, None) is None
    assert override_problem(3, None, 3) is None
