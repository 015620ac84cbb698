"""Compiled extraction rules, built once from the config files (``core/settings.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from incident_review.core.extract.attribution_wording import AttributionWording
from incident_review.core.extract.event_wording import EventWording
from incident_review.core.extract.lexicon import GatedPattern, Lexicon, fold, lowercase_pattern
from incident_review.core.extract.place_roles import PlaceRoles
from incident_review.core.extract.place_wording import PlaceWording
from incident_review.core.extract.places import Gazetteer
from incident_review.core.settings import Actors, Extraction
from incident_review.core.settings import Gazetteer as GazetteerFile


def _alt(patterns: list[str]) -> str:
    return "(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")"


def _words(patterns: list[str]) -> re.Pattern[str]:
    """Any of ``patterns`` as whole words, in any case: search it in ``fold(text)``."""
    return re.compile(r"(?<![\w-])" + lowercase_pattern(_alt(patterns)) + r"(?![\w-])")


def _folded(patterns: list[str]) -> GatedPattern:
    """Any of ``patterns``, in any case: search it in ``fold(text)``."""
    return GatedPattern(re.compile(lowercase_pattern(_alt(patterns))), patterns, ignore_case=True)


def _any_words(pattern: str) -> Lexicon:
    return Lexicon([("any", re.compile(lowercase_pattern(pattern)), [pattern])], ignore_case=True)


@dataclass(frozen=True)
class EventRule:
    event_type: str
    sub_event_type: str
    any: Lexicon | None  # one entry: the rule's words
    weapons_only: frozenset[str]
    weapons_any: frozenset[str]
    weapons_none: frozenset[str] = frozenset()  # the rule holds only when none of these is named

    def words_in(self, text: str) -> bool:
        if self.any is None:
            return True
        folded = fold(text)
        return any(pattern.search(folded) for _, pattern in self.any.candidates(text))


@dataclass(frozen=True)
class Actor:
    name: str
    side: str
    pattern: GatedPattern


class Rules:
    """Everything the extractor needs, compiled: build once, reuse for every report."""

    def __init__(self, extraction: Extraction, actors: Actors, gazetteer: GazetteerFile) -> None:
        # Searched in folded text for every sentence; most name no trigger and no connector.
        self.trigger = GatedPattern(_words(extraction.triggers), extraction.triggers, ignore_case=True)
        conn = extraction.other_event_connectors
        self.tail_connector = GatedPattern(
            re.compile("|".join(conn["tail"]), re.IGNORECASE), conn["tail"], ignore_case=True
        )
        self.lead_connector = re.compile("|".join(conn["lead"]), re.IGNORECASE)
        self.event_rules = [
            EventRule(
                r["event_type"],
                r["sub_event_type"],
                _any_words(r["when"]["any"]) if "any" in r["when"] else None,
                frozenset(r["when"].get("weapons_only", ())),
                frozenset(r["when"].get("weapons_any", ())),
                frozenset(r["when"].get("weapons_none", ())),
            )
            for r in extraction.event_types
        ]
        default = extraction.default_event_type
        self.default_event_type: tuple[str, str] = (default["event_type"], default["sub_event_type"])
        self.event_wording = EventWording.from_config(extraction.event_wording)
        # Lexicons try only the entries whose words occur in the sentence (see lexicon.py).
        self.weapons = Lexicon(
            [(name, _words(pats), pats) for name, pats in extraction.weapons.items()], ignore_case=True
        )
        self.weapon_fallbacks = [(name, _words(pats)) for name, pats in extraction.weapon_fallbacks.items()]
        self.weapon_types = Lexicon(
            [
                (weapon, re.compile(r"(?<![\w-])" + pat + r"(?![\w-])"), [pat])
                for pat, weapon in extraction.weapon_types.items()
            ],
            ignore_case=False,
        )
        self.damage = Lexicon(
            [(name, _words(pats), pats) for name, pats in extraction.damage.items()], ignore_case=True
        )
        cas = extraction.casualties
        self.killed_words = _alt(cas["killed"])
        self.wounded_words = _alt(cas["wounded"])
        self.missing_words = _alt(cas["missing"])
        self.group_words = {g: _alt(p) for g, p in cas["groups"].items()} | {"all": _alt(cas["all_words"])}
        self.zero = _words(cas["zero"])
        # Searched in fold(text): "the death toll rose to", "Fatalities:", "since the invasion".
        self.toll = re.compile(lowercase_pattern(_alt(cas["toll"])))
        self.casualty_label = re.compile(lowercase_pattern(_alt(cas["labels"])))
        self.cumulative = _folded(cas["cumulative"])  # tried only where one of its phrasings begins
        self.largest_count = int(cas.get("largest_incident_count", 10**9))
        # Every casualty statement has a verb of one of the three kinds, a toll or a zero phrase.
        self.casualty_words = Lexicon(
            [
                (
                    "casualties",
                    self.zero,
                    [*cas["killed"], *cas["wounded"], *cas["missing"], *cas["zero"], *cas["toll_words"]],
                )
            ],
            ignore_case=True,
        )
        self.casualty_wording = extraction.casualty_wording
        self.vague = {k.lower(): v for k, v in extraction.vague_numbers.items()}
        # Actors and speakers are searched in folded text, and only where their words begin.
        self.actors = [
            Actor(name, a["side"], GatedPattern(_words(a["patterns"]), a["patterns"], ignore_case=True))
            for name, a in actors.actors.items()
        ]
        self._actor_lexicon = Lexicon(
            [(a.name, a.pattern.pattern, actors.actors[a.name]["patterns"]) for a in self.actors], ignore_case=True
        )
        self._actor_by_name = {a.name: a for a in self.actors}
        self.speakers = [(name, GatedPattern(_words(p), p, ignore_case=True)) for name, p in actors.speakers.items()]
        sides = actors.speaker_sides
        self.speaker_sides = [(name, sides[name], pattern) for name, pattern in self.speakers if name in sides]
        # Each side's forces: who claims what its officials say it struck.
        self.forces_of = {a.side: a for a in self.actors if a.name.endswith(" forces")}
        self.attribution_wording = AttributionWording.from_config(extraction.attribution_wording)
        self.country_sides: dict[str, str] = dict(actors.country_sides)
        self.sides_not_blamed_by_others = frozenset(actors.sides_not_blamed_by_others)
        self.local_officials = re.compile(_alt(actors.local_officials))
        # Most sentences name no local official: their words' prefixes dismiss them.
        self.local_officials_gate = Lexicon(
            [("local", self.local_officials, actors.local_officials)], ignore_case=False
        )
        self.gazetteer = Gazetteer(gazetteer, PlaceWording.from_config(extraction.place_wording))
        self.place_roles = PlaceRoles(extraction.place_roles)
        self.incidents_need_region = extraction.incidents_need_region

    def actors_in(self, text: str) -> list[Actor]:
        """The actors whose words may occur in ``text``, in lexicon order."""
        return [self._actor_by_name[name] for name, _ in self._actor_lexicon.candidates(text)]
