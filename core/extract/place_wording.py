"""The ``place_wording`` rules of config/extraction.yaml, compiled: how reports name places
(region words, "the village of X", datelines, "a Russian city") and the words around a
name that make it a person, a state or another thing's name instead (see places.py).

The regex frames (where a name may stand, how words are spaced) are here; the words are
the config's."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from incident_review.core.extract.dates import MONTHS, WEEKDAYS
from incident_review.core.extract.event_wording import any_of
from incident_review.core.extract.lexicon import literal_prefixes

NAME = r"[A-Z][\w’'-]+(?:[ -][A-Z][\w’'-]+)?"
CALENDAR_WORDS = frozenset({*WEEKDAYS, *MONTHS, "overnight", "night", "morning", "evening", "afternoon"})


def _first_letter_either_case(word: str) -> str:
    return f"[{word[0].upper()}{word[0].lower()}]{re.escape(word[1:])}"


@dataclass(frozen=True)
class PlaceWording:
    region_after: re.Pattern[str]
    region_name: re.Pattern[str]
    region_of_before: re.Pattern[str]
    region_suffix: re.Pattern[str]
    named_place: re.Pattern[str]
    place_noun_words: tuple[str, ...]
    the_city: re.Pattern[str]
    names_a_thing_after: re.Pattern[str]
    agency_dateline: re.Pattern[str]
    country_of_adjective: dict[str, str]
    country_noun: re.Pattern[str]
    after_place_ok: frozenset[str]
    title_before: re.Pattern[str]
    title_words: frozenset[str]
    blamed_before: re.Pattern[str]
    blame_words: frozenset[str]
    speaks_after: re.Pattern[str]
    state_after: re.Pattern[str]
    acts_after: re.Pattern[str]
    descriptor_after: re.Pattern[str]
    district_of_after: re.Pattern[str]
    district_after: re.Pattern[str]
    district_of_region: re.Pattern[str]
    district_word_tails: tuple[str, ...]
    adjective_name: re.Pattern[str]
    village_before: re.Pattern[str]
    village_after: re.Pattern[str]

    @classmethod
    def from_config(cls, w: Mapping[str, Any]) -> PlaceWording:
        nouns = w["place_nouns"]
        place_noun = "(?:(" + "|".join(nouns["plural"]) + ")|" + "|".join(nouns["singular"]) + ")"
        # A sentence holding none of these words (each match begins with one) is not searched
        # for "the village of X" (the regex would start at every word). A word holding another is left out.
        prefixes = literal_prefixes(place_noun)
        titles = w["person_titles"]
        districts = any_of(w["district_words"])
        speech = w["speech"]
        return cls(
            region_after=re.compile(
                r"\s+(?:and\s+[A-Z]\w+\s+)?(?:"
                + any_of(w["region_words"])
                + r"s?|"
                + any_of(w["region_officials"])
                + r")\b",
                re.I,
            ),
            # "the border region of Belgorod": the region's name follows.
            region_of_before=re.compile(r"\b(?i:" + "|".join(w["region_words_naming_admin1"]) + r")\s+of\s+$"),
            region_name=re.compile(
                r"\b([A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)[’']?s?\s+(?i:"
                + "|".join(w["region_words_naming_admin1"])
                + r")\b"
            ),
            region_suffix=re.compile(r"[\s-]+" + any_of(w["region_words_dropped"]) + "$"),
            named_place=re.compile(
                r"\b" + place_noun + r"\s+of\s+(" + NAME + r"(?:(?:,\s+|,?\s+and\s+)" + NAME + r")*)"
            ),
            place_noun_words=tuple(sorted(p for p in prefixes if not any(o != p and o in p for o in prefixes))),
            the_city=re.compile(r"\b(?:the|this|its)\s+" + any_of(w["city_words"]) + r"\b(?!\s+of\b)"),
            names_a_thing_after=re.compile(r"[’']?s?\s+" + any_of(w["thing_after_name"])),
            agency_dateline=re.compile(
                r"^[A-Z][A-Za-z'’. -]{2,30},\s+" + any_of(w["dateline_countries"]) + r"(?:\s*\([A-Za-z ]+\))?\s*[-–—]"
            ),
            country_of_adjective={a.lower(): code for a, code in w["country_adjectives"].items()},
            country_noun=re.compile(
                r"\b(" + "|".join(w["country_adjectives"]) + r")\s+" + any_of(w["unnamed_place_nouns"]) + r"s?\b"
            ),
            after_place_ok=frozenset(w["words_after_a_place"]) | CALENDAR_WORDS,
            title_before=re.compile(
                r"(?<![\w-])"
                + any_of(
                    [re.escape(t) for t in titles["capitalised"]]
                    + [_first_letter_either_case(t) for t in titles["either_case"]]
                )
                + r"\s+(?:(?:[A-Z][\w’'-]+|[A-Z]\.)\s+){0,2}$"
            ),
            title_words=frozenset(t.lower() for t in (*titles["capitalised"], *titles["either_case"])),
            blamed_before=re.compile(r"\b" + any_of(w["blame_verbs"]) + r"\s+$"),
            blame_words=frozenset(w["blame_verbs"]),
            speaks_after=re.compile(
                r"[’']?s?\s+(?:" + any_of(speech["between"]) + r"\s+)*" + any_of(speech["verbs"]) + r"\b"
            ),
            state_after=re.compile(r"[’']?s?\s+" + any_of(w["state_words"]) + r"\b", re.I),
            acts_after=re.compile(
                r"\s+(?:has\s+|have\s+|had\s+|also\s+|again\s+|reportedly\s+)*" + any_of(w["state_verbs"]) + r"\b"
            ),
            descriptor_after=re.compile(r"\s+(?:[\w-]+\s+){0,3}" + any_of(w["descriptor_nouns"]) + r"\b"),
            district_of_after=re.compile(r"\s+" + districts + r"\s+of\s+[A-Z]", re.I),
            district_after=re.compile(r"\s+(?:city\s+)?" + districts + r"s?\b", re.I),
            # "the Zlatopilskyi district of Kharkiv region": a raion (a region's name must follow).
            district_of_region=re.compile(
                r"\b(" + NAME + r")\s+((?i:" + districts + r"))\s+(?:of|in)\s+(?:the\s+)?(?=[A-Z])"
            ),
            # A sentence holding none of these ("istrict" of "District" or "district") names no raion.
            district_word_tails=tuple(sorted({p[1:] for p in literal_prefixes(districts) if len(p) > 1})),
            adjective_name=re.compile(any_of(w["district_adjective_endings"]) + "$", re.I),
            # Any case: "In Ochakiv, a drone ..." opens a sentence.
            village_before=re.compile(r"(?:\b(?i:" + any_of(w["village_before"]) + r")|,)\s+(?:the\s+)?$"),
            village_after=re.compile(r"\s*" + any_of(w["village_after"]), re.I),
        )
