"""Find places in a sentence: countries, admin1 regions, towns (gazetteer or pattern)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from incident_review.core.extract.lexicon import Lexicon, fold, lowercase_pattern

_REGION_WORD = r"(?:region|oblast|province|krai|kray|republic|district|area)s?"
# A word is a run of word characters, apostrophes, dots and hyphens from its first ASCII
# letter on ("1st" -> "st"); this finds the words whose first letter is a capital.
_CAPITALISED = re.compile(r"(?<![\w’'.-])(?:(?![A-Za-z])[\w’'.-])*([A-Z][\w’'.-]*)")
_LETTER = re.compile(r"[A-Za-z]")
_POSSESSIVE = re.compile(r"[’']s?$")
_NAMED_PLACE = re.compile(
    r"\b(?:town|village|city|settlement|hamlet|township|suburb|district|port city|resort town)\s+of\s+"
    r"([A-Z][\w’'-]+(?:[ -][A-Z][\w’'-]+)?)"
)
_DATELINE = re.compile(r"^[A-Z][A-Z'’. -]{2,30}(?:\s*\([A-Za-z ]+\))?,\s+"
                       r"(?:[A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)"
                       r"(?:,?\s+\d{4})?\s*(?:[-–—(.]|\))")
_REGION_AFTER = re.compile(r"\s+(?:and\s+[A-Z]\w+\s+)?" + _REGION_WORD + r"\b", re.I)
_COUNTRY_ADJ = {"russian": "RU", "ukrainian": "UA"}
# Capitalised words that may follow a place name without making it a person's name.
_AFTER_PLACE_OK = {"region", "regions", "oblast", "province", "krai", "kray", "republic", "district", "city",
                   "mayor", "governor", "authorities", "officials", "administration", "council", "military",
                   "police", "on", "in", "and", "the", "of", "at", "for", "from", "to", "with", "by"}
# Titles before a person's name: the name that follows is not a place.
_TITLE_BEFORE = re.compile(r"(?:President|Governor|Mayor|Minister|General|Gen\.|Colonel|Commander|spokesman|"
                           r"spokeswoman|Patriarch|leader|correspondent)\s+$")


@dataclass(frozen=True)
class Place:
    kind: str  # country | admin1 | town
    country: str | None
    admin1: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    start: int  # offsets within the sentence
    end: int

    @property
    def geo_precision(self) -> str:
        return {"town": "town", "admin1": "region", "country": "country"}[self.kind]

    @property
    def rank(self) -> int:
        return {"country": 0, "admin1": 1, "town": 2}[self.kind]


def _bare(word: str) -> str:
    """A word as names are keyed: trailing punctuation and possessive dropped."""
    word = word.rstrip(".’'-")
    if word.endswith(("'s", "’s")):
        return word[:-2]
    return word[:-1] if word.endswith(("'", "’")) else word


class Gazetteer:
    def __init__(self, data: dict[str, Any]) -> None:
        self.countries: dict[str, str] = {}
        for code, names in data["countries"].items():
            for name in names:
                self.countries[name.lower()] = code
        self.admin1: dict[str, tuple[str, str]] = {}  # alias -> (name, country)
        descriptors: list[tuple[str, re.Pattern[str], list[str]]] = []
        for unit in data["admin1"]:
            entry = (unit["name"], unit["country"])
            self.admin1.setdefault(unit["name"].lower(), entry)
            for alias in unit["aliases"]:
                if alias[:1].islower():  # a descriptive phrase, not a name
                    pattern = r"\b" + re.escape(alias) + r"\b"
                    descriptors.append((f"{entry[0]}\t{entry[1]}", re.compile(lowercase_pattern(pattern)), [pattern]))
                else:
                    self.admin1.setdefault(alias.lower(), entry)
        self.descriptors = Lexicon(descriptors, ignore_case=True)
        self.towns: dict[str, dict[str, Any]] = {}
        for city in data["cities"]:  # sorted by population: the first of a name wins
            for name in [city["name"], *city["aliases"]]:
                self.towns.setdefault(name.lower(), city)
        self.max_words = 3
        # The first words of every name: a capitalised word that starts none of them
        # cannot start a place, so most words are dismissed with one set lookup.
        self.first_words: set[str] = set()
        for key in (*self.countries, *self.admin1, *self.towns):
            first = key.split(" ")[0]
            self.first_words.update((first, _bare(first)))

    def admin1_name(self, name: str | None) -> str | None:
        """Our name for an admin1 as other datasets spell it ("Dnipropetrovsk",
        "Dnipropetrovsk oblast", "Belgorodskaya"): unchanged when unknown."""
        if not name:
            return name
        key = name.strip().lower()
        if key in self.admin1:
            return self.admin1[key][0]
        bare = re.sub(r"[\s-]+(?:oblast|region|province|krai|kray|republic|raion|district|city)$", "", key)
        return self.admin1[bare][0] if bare in self.admin1 else name

    def find(self, text: str) -> list[Place]:
        """Every place named in ``text``, most specific match per span.

        A wire dateline ("KYIV, March 14 -") names where the reporter files from, not
        where the event was, so it is skipped."""
        places: list[Place] = []
        dateline = _DATELINE.match(text)
        taken: list[tuple[int, int]] = [(0, dateline.end())] if dateline else []

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e in taken)

        def add(place: Place) -> None:
            places.append(place)
            taken.append((place.start, place.end))

        for key, pattern in self.descriptors.candidates(text):
            unit_name, unit_country = key.split("\t")
            for m in pattern.finditer(fold(text)):
                add(Place("admin1", unit_country, unit_name, None, None, None, m.start(), m.end()))
        for m in _NAMED_PLACE.finditer(text) if "of" in text else ():
            name = m.group(1)
            if not free(m.start(1), m.end(1)):
                continue
            town = self.towns.get(name.lower())
            admin1 = town["admin1"] if town else None
            country = town["country"] if town else None
            add(Place("town", country, admin1, town["name"] if town else name,
                      town["lat"] if town else None, town["lon"] if town else None, m.start(1), m.end(1)))
        # Only a capitalised word can start a name, so only those are looked at; "next
        # to each other" means no lowercase word between (see _CAPITALISED).
        tokens = [m.span(1) for m in _CAPITALISED.finditer(text)]
        first_words = self.first_words
        i = 0
        while i < len(tokens):
            a, b = tokens[i]
            lowered = text[a:b].lower()
            # Only a word that starts some name can start a place.
            if lowered in first_words or (lowered[-1] in "s.’'-" and _bare(lowered) in first_words):
                matched = self._match_at(text, tokens, i, free)
                if matched is not None:
                    add(matched[0])
                    i += matched[1]
                    continue
            i += 1
        return sorted(places, key=lambda p: p.start)

    def _match_at(self, text: str, tokens: list[tuple[int, int]], i: int, free: Any) -> tuple[Place, int] | None:
        # Longest first: up to three capitalised words with no lowercase word between.
        words = 1
        while words < self.max_words and i + words < len(tokens) and \
                not _LETTER.search(text, tokens[i + words - 1][1], tokens[i + words][0]):
            words += 1
        for n in range(words, 0, -1):
            start, end = tokens[i][0], tokens[i + n - 1][1]
            phrase = text[start:end]
            if not phrase[-1].isalnum():
                phrase, end = phrase.rstrip(".’'-"), end - (len(phrase) - len(phrase.rstrip(".’'-")))
            bare = _POSSESSIVE.sub("", phrase)
            key = bare.lower()
            if not free(start, end):
                return None
            if key in self.admin1:
                region_after = _REGION_AFTER.match(text, end, end + 30)
                if region_after or key not in self.towns:
                    name, country = self.admin1[key]
                    stop = region_after.end() if region_after else end
                    return Place("admin1", country, name, None, None, None, start, stop), n
            if key in self.towns and not self._person_name(text, tokens, i, n):
                t = self.towns[key]
                return Place("town", t["country"], t["admin1"], t["name"], t["lat"], t["lon"], start, end), n
            if key in self.countries:
                return Place("country", self.countries[key], None, None, None, None, start, end), n
        return None

    def _person_name(self, text: str, tokens: list[tuple[int, int]], i: int, n: int) -> bool:
        """"Vladimir Putin", "President Volodymyr Zelenskyy": a first name, not a town."""
        if _TITLE_BEFORE.search(text[:tokens[i][0]]):
            return True
        if i + n < len(tokens):
            # The next capitalised word, right after a single space (so no word between).
            following = tokens[i + n]
            gap = text[tokens[i + n - 1][1]:following[0]]
            word = text[following[0]:following[1]]
            if gap == " " and word.lower() not in _AFTER_PLACE_OK \
                    and _POSSESSIVE.sub("", word).lower() not in self.towns:
                return True
        return False


def country_hint(text: str) -> str | None:
    """"a Russian city", "Ukrainian town": the country of an unnamed place."""
    m = re.search(r"\b(Russian|Ukrainian)\s+(?:city|town|village|region|territory|border region)s?\b", text)
    return _COUNTRY_ADJ[m.group(1).lower()] if m else None
