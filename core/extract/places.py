"""Find places in a sentence: countries, admin1 regions, towns (gazetteer or pattern)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

from incident_review.core.extract.lexicon import Lexicon, fold, lowercase_pattern
from incident_review.core.extract.place_wording import CALENDAR_WORDS, NAME, PlaceWording
from incident_review.core.settings import Gazetteer as GazetteerFile

# A word is a run of word characters, apostrophes, dots and hyphens from its first ASCII
# letter on ("1st" -> "st"); this finds the words whose first letter is a capital.
_CAPITALISED = re.compile(r"(?<![\w’'.-])(?:(?![A-Za-z])[\w’'.-])*([A-Z][\w’'.-]*)")
# The same spans, found faster: a capital to the end of its word (the regex engine skips to
# capitals), kept when no ASCII letter comes before it in its word (see capitalised_words).
_CAPITAL_TO_WORD_END = re.compile(r"[A-Z][\w’'.-]*")
_WORD_PUNCTUATION = "_’'.-"
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LETTER = re.compile(r"[A-Za-z]")
_POSSESSIVE = re.compile(r"[’']s?$")
_NAME_RE = re.compile(NAME)
_DATELINE = re.compile(
    # "KYIV, May 9 -", "KYIV, Ukraine, May 9 --": the city in capitals, its country, the date.
    r"^[A-Z][A-Z'’. -]{2,30}(?:\s*\([A-Za-z ]+\))?,\s+(?:[A-Z][a-z]+,\s+)?"
    r"(?:[A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)"
    r"(?:,?\s+\d{4})?\s*(?:[-–—(.]|\))"
    # "KYIV (Reuters) -", "ODESA -": the city in capitals, the agency, a dash.
    r"|^[A-Z][A-Z'’.]+(?: [A-Z][A-Z'’.]+){0,3}\s*(?:\([A-Za-z .]+\)\s*)?[-–—]\s"
)
_BY_BEFORE = re.compile(r"\bby\s+$")
_AGENT_BEFORE = re.compile(
    r"\b(?:attacks?|strikes?|shelling|assaults?|aggression|provocations?|raids?|sabotage|launched|carried out|"
    r"committed|staged|ordered|organi[sz]ed)\s+by\s+(?:the\s+)?$",
    re.I,
)
_THE = re.compile(r"the\s+", re.I)
_OWNER_BEFORE = re.compile(r"([A-Z][\w’'-]+)[’']s\s+$")  # "Kharkiv's Kyivskyi district"


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


# A city with the status of a region, as UCDP GED names it.
_CITY_REGION = re.compile(r"^(.+?)\s+(?:special republican city|city state administration|city municipality)$")


class Gazetteer:
    """The gazetteer's places, found in sentences with the words of ``wording``."""

    def __init__(self, data: GazetteerFile, wording: PlaceWording) -> None:
        self.w = wording
        self.countries: dict[str, str] = {}
        for code, names in data.countries.items():
            for name in names:
                self.countries[name.lower()] = code
        self.admin1: dict[str, tuple[str, str]] = {}  # alias -> (name, country)
        descriptors: list[tuple[str, re.Pattern[str], list[str]]] = []
        for unit in data.admin1:
            entry = (unit["name"], unit["country"])
            self.admin1.setdefault(unit["name"].lower(), entry)
            for alias in unit["aliases"]:
                if alias[:1].islower():  # a descriptive phrase, not a name
                    pattern = r"\b" + re.escape(alias) + r"\b"
                    descriptors.append((f"{entry[0]}\t{entry[1]}", re.compile(lowercase_pattern(pattern)), [pattern]))
                else:
                    self.admin1.setdefault(alias.lower(), entry)
        self.descriptors = Lexicon(descriptors, ignore_case=True)
        # Each unit's name without its region word (config: region_words_dropped), for "X
        # region" where X is no alias of its own (a first name).
        self.region_stems: dict[str, tuple[str, str]] = {}
        for unit in data.admin1:
            stem = wording.region_suffix.sub("", unit["name"].lower())
            if stem and stem != unit["name"].lower():
                self.region_stems.setdefault(stem, (unit["name"], unit["country"]))
        self.countries_with_regions: frozenset[str] = frozenset(unit["country"] for unit in data.admin1)
        # name -> every place of that name, most populous first (the first wins unless
        # the sentence names the region of another).
        self.towns: dict[str, list[dict[str, Any]]] = {}
        # (The cities are TypedDicts, plain dicts at run time, as the villages' entries are.)
        for city in [*cast(list[dict[str, Any]], data.cities), *_villages(data.villages)]:  # by population
            for name in {city["name"].lower(), *(a.lower() for a in city["aliases"])}:
                self.towns.setdefault(name, []).append(city)
        # A country's name is the country, never a village's alternate name ("Moldova" is also
        # a spelling of a Ukrainian village's): reports name countries far more often.
        for name in self.countries:
            self.towns.pop(name, None)
        self.first_names: set[str] = {n.lower() for n in data.first_names}
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
        entry = self.admin1_entry(name)
        return entry[0] if entry else name

    def admin1_entry(self, name: str) -> tuple[str, str] | None:
        """(our admin1 name, its country) for ``name`` in the spellings datasets use:
        UCDP's "Kiev Special Republican city" and "Sevastopol City State Administration"
        (a city with a region's status: "Kiev city", never Kyiv Oblast), transliterated
        adjectives ("Kharkivs'ka oblast"), a trailing "oblast", "region", "krai"..."""
        key = " ".join(name.lower().split())
        plain = re.sub(r"['’ʼ`]", "", key)
        candidates = [key, plain]
        city = _CITY_REGION.match(plain)
        if city:
            candidates += [f"{city.group(1)} city", city.group(1)]
        candidates.append(self.w.region_suffix.sub("", plain))  # "Donetsk oblast" (config: region_words_dropped)
        for candidate in candidates:
            if candidate in self.admin1:
                return self.admin1[candidate]
        return None

    def find(self, text: str) -> list[Place]:
        """Every place named in ``text``, most specific match per span.

        A wire dateline ("KYIV, March 14 -") names where the reporter files from, not
        where the event was, so it is skipped unless the sentence points at it."""
        places: list[Place] = []
        dateline = _DATELINE.match(text) or self.w.agency_dateline.match(text)
        taken: list[tuple[int, int]] = []

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e in taken)

        def add(place: Place) -> None:
            places.append(place)
            taken.append((place.start, place.end))

        for key, pattern in self.descriptors.candidates(text):
            unit_name, unit_country = key.split("\t")
            for m in pattern.finditer(fold(text)):
                add(Place("admin1", unit_country, unit_name, None, None, None, m.start(), m.end()))
        for m in self.w.named_place.finditer(text) if "of" in text and _has_any(text, self.w.place_noun_words) else ():
            for k, n in enumerate(_NAME_RE.finditer(text, m.start(2), m.end(2))):
                self._add_named(text, n, plural=bool(m.group(1)), first=k == 0, free=free, add=add)
        if _has_any(text, self.w.district_word_tails):
            self._add_raions(text, free, add)
        # Only a capitalised word can start a name, so only those are looked at; "next
        # to each other" means no lowercase word between (see _CAPITALISED).
        tokens = capitalised_words(text)
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
        if dateline and (
            any(p.start >= dateline.end() and p.kind != "country" for p in places)
            or not self.w.the_city.search(text, dateline.end())
        ):
            # The dateline is where the reporter files from, not where the event was,
            # unless the sentence names no other place and points at it ("KYIV, March 14 -
            # Missiles struck the capital", "KHARKIV, Ukraine (AP) - ... hit the city").
            places = [p for p in places if p.start >= dateline.end()]
        return self._by_region(text, sorted(places, key=lambda p: p.start))

    def _add_named(self, text: str, n: re.Match[str], plural: bool, first: bool, free: Any, add: Any) -> None:
        """One name of "the village(s) of X, Y and Z": a gazetteer place, or a place we do not
        know (the first name, or any of a plural list) that is not a country or region."""
        name, start, end = n.group(0), n.start(), n.end()
        if " " in name and name.split(" ")[1].lower() in CALENDAR_WORDS:  # "the city of Belgorod Saturday"
            name = name.split(" ")[0]
            end = start + len(name)
        if not free(start, end):
            return
        key = _strip_possessive(name).lower()
        if self.region_at(text, start):
            return  # "the Nikopol district of Dnipropetrovsk region": the region, found as one
        entries = self.towns.get(key)
        if entries:
            t = next((e for e in entries if e["admin1"] in self._admin1s(text)), entries[0])
            add(self._place_of(t, start, end))
        elif (first or plural) and key not in self.countries and key not in self.admin1:
            add(Place("town", None, None, name, None, None, start, end))

    def _add_raions(self, text: str, free: Any, add: Any) -> None:
        """ "the Zlatopilskyi district of Kharkiv region": a raion no town of ours is named for
        is where the event was, in the region named (a known town's raion is the town's)."""
        for m in self.w.district_of_region.finditer(text):
            start, end = m.span(1)
            key = _strip_possessive(m.group(1)).lower()
            if key in self.towns or self._region_of(key) or key in self.countries or not free(start, end):
                continue
            if key.split(" ")[0] in self.first_names or not self.region_at(text, m.end()):
                continue
            region_name = _NAME_RE.match(text, m.end())
            region = self._region_of(_strip_possessive(region_name.group(0)).lower()) if region_name else None
            if region is not None:
                add(Place("town", region[1], region[0], f"{m.group(1)} {m.group(2).lower()}", None, None, start, end))

    @staticmethod
    def _place_of(t: dict[str, Any], start: int, end: int) -> Place:
        return Place("town", t["country"], t["admin1"], t.get("part_of") or t["name"], t["lat"], t["lon"], start, end)

    def _by_region(self, text: str, places: list[Place]) -> list[Place]:
        """Of places sharing a name, the one in a region the sentence names, by itself or
        through another of its places ("Olenivka ... Donetsk", "Lyubimovka near Sevastopol").
        A region named as such outranks the region of another town."""
        if len(places) < 2:
            return places
        regions = [q for q in places if q.kind == "admin1" and q.admin1]
        named = {q.admin1 for q in regions}
        out = []
        for p in places:
            entries = self.towns.get(_strip_possessive(text[p.start : p.end]).lower()) if p.kind == "town" else None
            if entries and len(entries) > 1:
                others = {q.admin1 for q in places if q is not p and q.kind == "town"}
                for support in (named, others):
                    if p.admin1 in support:
                        break
                    t = next((e for e in entries if e["admin1"] in support), None)
                    if t is not None:
                        p = self._place_of(t, p.start, p.end)
                        break
            small = entries is not None and (_small(entries) or _called_village(text, p.start))
            if p.kind == "town" and regions and (p.admin1 is None or (small and p.admin1 not in named)):
                # "the villages of X and Y in the Z region"; "Molodizhne near Olenivka,
                # Donetsk Oblast": a small place known only in another region is another
                # place of that name, in the region named.
                region = regions[0]
                p = Place("town", region.country, region.admin1, p.location, None, None, p.start, p.end)
            out.append(p)
        return out

    def _match_at(self, text: str, tokens: list[tuple[int, int]], i: int, free: Any) -> tuple[Place, int] | None:
        # Longest first: up to three capitalised words with no lowercase word between.
        words = 1
        while (
            words < self.max_words
            and i + words < len(tokens)
            and not _LETTER.search(text, tokens[i + words - 1][1], tokens[i + words][0])
        ):
            words += 1
        for n in range(words, 0, -1):
            start, end = tokens[i][0], tokens[i + n - 1][1]
            phrase = text[start:end]
            if not phrase[-1].isalnum():
                phrase, end = phrase.rstrip(".’'-"), end - (len(phrase) - len(phrase.rstrip(".’'-")))
            bare = _strip_possessive(phrase)
            key = bare.lower()
            if not free(start, end):
                return None
            if self.w.names_a_thing_after.match(text, end):
                return None  # "Kyivska Street", "Moscow time", "the Kyiv Independent reported"
            unit = self._region_of(key)
            if unit is not None and not (key in self.towns and self._raion_of_region(text, end)):
                region_after = self.w.region_after.match(text, end, end + 30)
                # "the Russian border region of Belgorod": the region, not its capital.
                region_before = self.w.region_of_before.search(text, max(0, start - 20), start)
                if region_after or region_before or (key in self.admin1 and key not in self.towns):
                    name, country = unit
                    stop = region_after.end() if region_after else end
                    return Place("admin1", country, name, None, None, None, start, stop), n
            if key in self.towns:
                if self._not_a_place(text, tokens, i, n, start, end):
                    return None
                admin1s = self._admin1s(text) if len(self.towns[key]) > 1 else set()
                town = self._town(key, text, start, end, admin1s)
                if town is not None:
                    return town, n
            if key in self.countries:
                if phrase != bare and self.w.descriptor_after.match(
                    text, end
                ):  # "Ukraine's second-largest city Kharkiv"
                    return None
                if self._acts(text, start, end):  # "Russia launched ...", "Kyiv said": a state acting
                    return None
                return Place("country", self.countries[key], None, None, None, None, start, end), n
        return None

    def _raion_of_region(self, text: str, end: int) -> bool:
        """A name ending at ``end`` is a raion's of the region named next ("the Kherson district
        of Kherson region"): a raion named for its town, so the town's, even where the region
        has the town's name too."""
        district_of = self.w.district_of_after.match(text, end)
        return district_of is not None and self.region_at(text, district_of.end() - 1)

    def _region_of(self, key: str) -> tuple[str, str] | None:
        """The admin1 ``key`` names, or whose name it is without "Oblast"/"Krai": "Vladimir"
        is no alias of Vladimir Oblast (a first name), yet "Vladimir region" names it."""
        return self.admin1.get(key) or self.region_stems.get(key)

    def region_at(self, text: str, pos: int) -> bool:
        """Whether the name at ``pos`` is a region as named there: "Dnipropetrovsk region",
        "Zaporizhzhia Oblast", or a region's name that is no town's ("Donbas")."""
        the = _THE.match(text, pos)  # "the Nikopol district of the Dnipropetrovsk region"
        m = _NAME_RE.match(text, the.end() if the else pos)
        if m is None:
            return False
        key = _strip_possessive(m.group(0)).lower()
        if self._region_of(key) is None:
            return False
        return bool(self.w.region_after.match(text, m.end(), m.end() + 30)) or (
            key in self.admin1 and key not in self.towns
        )

    def _admin1s(self, text: str) -> set[str]:
        """The admin1 units a sentence names ("... Olenivka, Donetsk region"): they pick
        between places of one name."""
        found = set()
        for m in self.w.region_name.finditer(text):
            unit = self._region_of(m.group(1).lower()) or self._region_of(m.group(1).split(" ")[-1].lower())
            if unit:
                found.add(unit[0])
        return found

    def _town(self, key: str, text: str, start: int, end: int, admin1s: set[str]) -> Place | None:
        """The place a name stands for here, or None when this kind of place needs words
        around it that are not there (a village, a city district)."""
        entries = self.towns[key]
        t = next((e for e in entries if e["admin1"] in admin1s), entries[0])
        part_of = t.get("part_of")
        if part_of and self.w.adjective_name.search(key) and not self.w.district_after.match(text, end):
            return None  # "Shevchenkivskyi" alone is an adjective or a surname's, not a place
        if t.get("village") and not (
            self.w.village_before.search(text, max(0, start - 40), start) or self.w.village_after.match(text, end)
        ):
            return None
        district_of = self.w.district_of_after.match(text, end)
        if district_of and not (t.get("part_of") is None and self.region_at(text, district_of.end() - 1)):
            return None  # "the Kyivskyi district of Kharkiv" is in Kharkiv: the city names it
        # ("the Nikopol district of Dnipropetrovsk region": a raion named for its town, the town's.)
        if self.w.district_after.match(text, end):
            owner = _OWNER_BEFORE.search(text, max(0, start - 40), start)
            if owner and owner.group(1).lower() in self.towns:
                return None  # "Kharkiv's Kyivskyi district" is in Kharkiv, named just before
        return Place("town", t["country"], t["admin1"], part_of or t["name"], t["lat"], t["lon"], start, end)

    def _not_a_place(self, text: str, tokens: list[tuple[int, int]], i: int, n: int, start: int, end: int) -> bool:
        """A name that stands for a person or a state here, not for where something happened:
        "President Volodymyr Zelenskyy", "spokesman Oleksandr Shevchenko", "Mr. Bakhmut",
        "Shevchenko said", "Kyiv denies", "the Kiev regime", "Moscow blamed Kyiv for"."""
        before = text[max(0, start - 60) : start]
        # The regexes run only when one of the last three words is a title or a blame verb.
        last = {w.lower() for w in before.split()[-3:]}
        if last & self.w.title_words and self.w.title_before.search(before):
            return True
        if last & self.w.blame_words and self.w.blamed_before.search(before):
            return True
        if "by" in last and _AGENT_BEFORE.search(before):
            return True  # "a terrorist attack by Kyiv": who did it, not where
        if self.w.speaks_after.match(text, end) or self.w.state_after.match(text, end):
            # "Shevchenko said", "Kyiv denies"; also "officials in Kyiv said" (where the speakers
            # are: "officials in Kyiv said a missile hit Odesa" happened in Odesa)
            return True
        if i > 0:  # a first name right before: "Vyacheslav Gladkov"
            prev = tokens[i - 1]
            if text[prev[1] : start] == " " and text[prev[0] : prev[1]].lower() in self.first_names:
                return True
        if i + n < len(tokens):
            # The next capitalised word, right after a single space (so no word between).
            following = tokens[i + n]
            gap = text[tokens[i + n - 1][1] : following[0]]
            word = text[following[0] : following[1]]
            bare = _strip_possessive(word).lower().rstrip(".,")
            # "Kyiv's Solomianskyi district": the town owns the name after it; "Kyiv's Mayor
            # Vitali Klitschko" is a title, which the rule below handles as before.
            owner = text[tokens[i + n - 1][0] : tokens[i + n - 1][1]].endswith(("'s", "’s")) and (
                bare not in self.w.title_words
            )
            if (
                gap == " "
                and not owner  # "Kyiv's Solomianskyi district": the town owns what follows
                and bare not in self.w.after_place_ok
                and bare not in self.towns
                and bare not in self.admin1
                and bare not in self.countries
            ):
                return True
        return False

    def _acts(self, text: str, start: int, end: int) -> bool:
        """A country or capital that acts here ("Russia launched", "Ukraine denies", "blamed
        Russia for", "Russia's forces"): a state, not the place of an event."""
        return bool(
            self.w.speaks_after.match(text, end)
            or self.w.state_after.match(text, end)
            or self.w.acts_after.match(text, end)
            or self.w.blamed_before.search(text, max(0, start - 30), start)
            # "drones launched by Russia": the agent, not where anything happened
            or _BY_BEFORE.search(text, max(0, start - 4), start) is not None
        )

    def country_hint(self, text: str) -> str | None:
        """ "a Russian city", "Ukrainian town": the country of an unnamed place."""
        m = self.w.country_noun.search(text)
        return self.w.country_of_adjective[m.group(1).lower()] if m else None


def _strip_possessive(name: str) -> str:
    """``_POSSESSIVE.sub("", name)`` without a regex tried at every position (its ``$``)."""
    if "\n" in name:
        return _POSSESSIVE.sub("", name)  # "$" also matches before a final newline
    if name.endswith(("’s", "'s")):
        return name[:-2]
    return name[:-1] if name.endswith(("’", "'")) else name


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    for word in words:  # noqa: SIM110 - a loop, not any(): no generator per call
        if word in text:
            return True
    return False


def capitalised_words(text: str) -> list[tuple[int, int]]:
    """The spans of group 1 of every ``_CAPITALISED`` match: of each word (a run of word
    characters, apostrophes, dots and hyphens) whose first ASCII letter is a capital, from
    that capital to the word's end."""
    spans = []
    for m in _CAPITAL_TO_WORD_END.finditer(text):
        start = j = m.start()
        while j > 0:
            char = text[j - 1]
            if not (char.isalnum() or char in _WORD_PUNCTUATION):
                break  # the word starts at j
            if char in _ASCII_LETTERS:
                break
            j -= 1
        else:
            spans.append((start, m.end()))
            continue
        if text[j - 1] not in _ASCII_LETTERS:
            spans.append((start, m.end()))
    return spans


# "the village of Murom", "the villages of X and Y": the report says the place is small,
# whatever the population of the gazetteer's place of that name.
_VILLAGE_OF = re.compile(r"\b(?:village|settlement|hamlet)s?\s+of\s+(?:[\w’'-]+,?\s+(?:and\s+)?){0,3}$", re.I)


def _called_village(text: str, start: int) -> bool:
    return _VILLAGE_OF.search(text, max(0, start - 80), start) is not None


def _small(entries: list[dict[str, Any]]) -> bool:
    """A name of small places only: a village, or a place under 50k with namesakes."""
    top = entries[0]
    return bool(top["population"] < 50_000 and (len(entries) > 1 or top.get("village")))


def _villages(lines: str) -> list[dict[str, Any]]:
    """The gazetteer's places under 15k, one per line (see scripts/build_gazetteer.py)."""
    out = []
    for line in lines.splitlines():
        name, country, admin1, lat, lon, population, aliases, part_of = line.split("|")
        entry: dict[str, Any] = {
            "name": name,
            "country": country,
            "admin1": admin1 or None,
            "lat": float(lat),
            "lon": float(lon),
            "population": int(population),
            "aliases": aliases.split(";") if aliases else [],
            "village": not part_of,
        }
        if part_of:
            entry["part_of"] = part_of
        out.append(entry)
    return out
