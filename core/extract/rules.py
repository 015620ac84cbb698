"""Compiled extraction rules, built once from the config dicts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from incident_review.core.extract.places import Gazetteer


def _alt(patterns: list[str]) -> str:
    return "(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")"


def _words(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + _alt(patterns) + r"(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class EventRule:
    event_type: str
    sub_event_type: str
    any: re.Pattern[str] | None
    weapons_only: frozenset[str]
    weapons_any: frozenset[str]


@dataclass(frozen=True)
class Actor:
    name: str
    side: str
    pattern: re.Pattern[str]


class Rules:
    """Everything the extractor needs, compiled: build once, reuse for every report."""

    def __init__(self, extraction: dict[str, Any], actors: dict[str, Any], gazetteer: dict[str, Any]) -> None:
        self.trigger = _words(extraction["triggers"])
        conn = extraction["other_event_connectors"]
        self.tail_connector = re.compile("|".join(conn["tail"]), re.IGNORECASE)
        self.lead_connector = re.compile("|".join(conn["lead"]), re.IGNORECASE)
        self.event_rules = [
            EventRule(
                r["event_type"], r["sub_event_type"],
                re.compile(r["when"]["any"], re.IGNORECASE) if "any" in r["when"] else None,
                frozenset(r["when"].get("weapons_only", ())), frozenset(r["when"].get("weapons_any", ())),
            )
            for r in extraction["event_types"]
        ]
        self.weapons = [(name, _words(pats)) for name, pats in extraction["weapons"].items()]
        self.weapon_fallbacks = [(name, _words(pats)) for name, pats in extraction.get("weapon_fallbacks", {}).items()]
        self.weapon_types = [(re.compile(r"(?<![\w-])" + pat + r"(?![\w-])"), weapon)
                             for pat, weapon in extraction["weapon_types"].items()]
        self.damage = [(name, _words(pats)) for name, pats in extraction["damage"].items()]
        cas = extraction["casualties"]
        self.killed_words = _alt(cas["killed"])
        self.wounded_words = _alt(cas["wounded"])
        self.missing_words = _alt(cas["missing"])
        self.group_words = {g: _alt(p) for g, p in cas["groups"].items()} | {"all": _alt(cas["all_words"])}
        self.zero = _words(cas["zero"])
        self.vague = {k.lower(): int(v) for k, v in extraction["vague_numbers"].items()}
        self.actors = [Actor(name, a["side"], _words(a["patterns"])) for name, a in actors["actors"].items()]
        self.speakers = [(name, _words(p)) for name, p in actors["speakers"].items()]
        self.local_officials = re.compile(_alt(actors["local_officials"]))
        self.gazetteer = Gazetteer(gazetteer)
