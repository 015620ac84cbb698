"""The extraction's domain words live in config/: an analyst changes a rule there, and no
country's or region's name is written into the code."""

from __future__ import annotations

import ast
import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

from incident_review import config
from incident_review.core.extract.pipeline import Extractor
from incident_review.core.extract.rules import Rules
from tests.conftest import ROOT

EXTRACT = ROOT / "core" / "extract"
# Names of the conflict's countries, capitals, regions and their kinds of region.
_PLACE_KNOWLEDGE = re.compile(
    r"ukrain|russia|kyiv|kiev|moscow|kremlin|oblast|krai|raion|rayon|hromada|donetsk|kharkiv|belgorod", re.I
)


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_country_or_region_is_named_in_the_extraction_code() -> None:
    found = [
        f"{path.name}:{line}: {text[:60]}"
        for path in sorted(EXTRACT.glob("*.py"))
        for line, text in _code_strings(path)
        if _PLACE_KNOWLEDGE.search(text)
    ]
    assert found == []


def _extractor(**changes: Any) -> Extractor:
    """An extractor of the shipped rules with ``changes`` made to extraction.yaml's keys."""
    extraction = copy.deepcopy(config.extraction())
    for key, change in changes.items():
        change(getattr(extraction, key))  # (the frozen settings hold the word lists as plain dicts)
    return Extractor(Rules(extraction, config.actors(), config.gazetteer()))


def test_the_default_event_type_is_the_configured_one() -> None:
    text = "An explosion hit a house in Kharkiv on 2 March 2024, killing two people."
    shipped = _extractor().extract(text, dt.date(2024, 3, 2), "r")
    assert [(i.event_type, i.sub_event_type) for i in shipped] == [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    ]

    def rename(default: dict[str, str]) -> None:
        default["sub_event_type"] = "Remote explosive/landmine/IED"

    changed = _extractor(default_event_type=rename).extract(text, dt.date(2024, 3, 2), "r")
    assert [(i.event_type, i.sub_event_type) for i in changed] == [
        ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    ]


def test_a_country_adjective_added_to_the_config_places_an_unknown_village() -> None:
    text = "A drone struck Georgian territory, in the village of Zemo Nikozi, on 2 March 2024."

    def add_georgian(words: dict[str, Any]) -> None:
        words["country_adjectives"]["Georgian"] = "GE"

    assert _extractor().rules.gazetteer.country_hint(text) is None
    changed = _extractor(place_wording=add_georgian)
    assert changed.rules.gazetteer.country_hint(text) == "GE"
    assert [(i.country, i.location) for i in changed.extract(text, dt.date(2024, 3, 2), "r")] == [("GE", "Zemo Nikozi")]


def test_a_policy_word_added_to_the_config_makes_a_statement_tell_no_incident() -> None:
    text = "The minister lamented the attacks on Kharkiv."
    assert len(_extractor().extract(text, dt.date(2024, 3, 2), "r")) == 1

    def add_lamented(words: dict[str, Any]) -> None:
        words["policy"].append("lament\\w*")

    assert _extractor(event_wording=add_lamented).extract(text, dt.date(2024, 3, 2), "r") == []
