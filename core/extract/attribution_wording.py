"""The ``attribution_wording`` rules of config/extraction.yaml, compiled: the words around
an actor's name that make it who struck, who speaks, or a place (see attribution.py)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from incident_review.core.extract.event_wording import any_of


@dataclass(frozen=True)
class AttributionWording:
    attack_after: re.Pattern[str]
    weapon_after: re.Pattern[str]
    # "missiles of the Russian military", "fire from Ukrainian forces": the weapon's owner.
    weapon_before: re.Pattern[str]
    place_words: frozenset[str]
    fact_box_before: re.Pattern[str]
    speaker_after: re.Pattern[str]
    states: re.Pattern[str]
    military_organ: re.Pattern[str]

    @classmethod
    def from_config(cls, w: Mapping[str, Any]) -> AttributionWording:
        return cls(
            attack_after=re.compile(
                # "The Ukrainian Armed Forces (AFU) fired": an abbreviation in brackets may follow the name.
                r"^\s*(?:\([A-Z]{2,6}\)\s*)?(?:has\s+|have\s+|had\s+)?(?:reportedly\s+|also\s+)?"
                + any_of(w["attack_verbs"])
                + r"\b",
                re.I,
            ),
            weapon_after=re.compile(
                r"^\s*(?:[A-Z][\w-]*\d[\w-]*\s+|[A-Z]{3,}\s+)?" + any_of(w["weapon_words"]) + r"\b", re.I
            ),
            weapon_before=re.compile(r"\b" + any_of(w["weapon_words"]) + r"\s+(?:of|from)\s+(?:the\s+)?$", re.I),
            place_words=frozenset(w["place_prepositions"]),
            fact_box_before=re.compile(r"\b" + any_of(w["fact_box_labels"]) + r"\s*:\s*(?:the\s+)?$"),
            speaker_after=re.compile(r"\s*(?:[’']s\s+)?" + any_of(w["speaker_words"]) + r"\b", re.I),
            states=re.compile(r"\b" + any_of(w["statement_verbs"]) + r"\b", re.I),
            military_organ=re.compile(any_of(w["military_organs"]) + r"\b", re.I),
        )
