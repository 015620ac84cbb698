"""The ``event_wording`` rules of config/extraction.yaml, compiled: the words that make a
sentence's event words a figure of speech, a habit, a policy statement or a mention of
the event being told (see wording.py), and those segmentation and assembly weigh."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from incident_review.core.extract.lexicon import GatedPattern, lowercase_pattern


def any_of(alternatives: list[str]) -> str:
    """One regex group of ``alternatives``, in their order."""
    return "(?:" + "|".join(alternatives) + ")"


def folded_any_of(alternatives: list[str]) -> str:
    """``any_of`` for case-sensitive search in ``fold(text)``: matches in any case."""
    return any_of([lowercase_pattern(a) for a in alternatives])


@dataclass(frozen=True)
class EventWording:
    # Searched in fold(text) (lowercase patterns).
    figurative: re.Pattern[str]  # matched right after a trigger word
    continuing: re.Pattern[str]  # searched in the words right before a trigger
    anaphora: re.Pattern[str]  # likewise
    reaction: GatedPattern
    generic_triggers: frozenset[str]
    # Asked of every sentence (finders._find_damage): folded, a third of the IGNORECASE cost.
    damage_context: GatedPattern
    # Searched in the text as written, in any case.
    habitual: GatedPattern
    policy: GatedPattern
    country_wide: GatedPattern
    attack_words: re.Pattern[str]

    @classmethod
    def from_config(cls, words: Mapping[str, Any]) -> EventWording:
        # Searched in whole sentences: tried only where one of their words begins.
        def gated(source: str, flags: int = 0) -> GatedPattern:
            return GatedPattern(re.compile(source, flags), [source], ignore_case=True)

        def whole_words(key: str) -> GatedPattern:
            return gated(r"\b" + any_of(words[key]) + r"\b", re.I)

        return cls(
            figurative=re.compile(r"\s+" + folded_any_of(words["figures_of_speech"]) + r"\b"),
            continuing=re.compile(r"\b" + folded_any_of(words["continuing"]) + r" (?:to |on )?(?:\w+ )?$"),
            anaphora=re.compile(r"\b" + folded_any_of(words["anaphoric"]) + r"\s+(?:[\w-]+\s+)?$"),
            reaction=gated(r"\b" + folded_any_of(words["reactions"]) + r"\b"),
            generic_triggers=frozenset(w.lower() for w in words["generic_triggers"]),
            habitual=whole_words("habitual"),
            policy=whole_words("policy"),
            country_wide=whole_words("country_wide"),
            damage_context=gated(r"\b" + folded_any_of(words["damage_verbs"]) + r"\b"),
            attack_words=re.compile(any_of(words["attack_words"]), re.I),
        )
