"""A forked computation gives the text the same call gives in-process, failure or not."""

from __future__ import annotations

import os

from incident_review.services.forked import Forked


def test_the_childs_text_is_the_callables_own() -> None:
    text = "pair\tö \ud800 " * 10_000  # (a lone surrogate too: what any str may hold)
    assert Forked(lambda: text).result() == text


def test_a_failing_child_leaves_the_text_to_this_process() -> None:
    parent = os.getpid()

    def compute() -> str:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return "computed here"

    assert Forked(compute).result() == "computed here"


def test_any_picklable_value_comes_back() -> None:
    value = {"pairs": [("INC-1", "INC-2", 0.91)], "n": 3}
    assert Forked(lambda: value).result() == value
