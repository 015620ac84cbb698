"""Segment a report into incidents and assemble each one with provenance.

Reading order matters: a sentence that names a new place (or a new time) for an event
opens an incident; sentences without a place add casualties, damage and attribution to
the incident being described; a town named in the region of a region-level incident
makes that incident more precise instead of opening another (ACLED codes one event per
place, time and type).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from itertools import pairwise

from incident_review.core.extract.attribution import FoundClaim, blaming_official, find_claims, local_official
from incident_review.core.extract.casualties import CasualtyFinder, FoundFigure
from incident_review.core.extract.consolidate import consolidate
from incident_review.core.extract.dates import PRECISION_RANK, DateInfo, find_date, refines
from incident_review.core.extract.lexicon import fold
from incident_review.core.extract.places import Place, country_hint
from incident_review.core.extract.rules import Rules
from incident_review.core.extract.text import Sentence, is_fact, is_headline, sentences
from incident_review.core.model import Claim, Figure, Incident, Source, Span

_AGGREGATE = re.compile(r"\b(?:throughout|across|multiple|several regions|wave of|barrage)\b", re.I)
_DAMAGE_CONTEXT = re.compile(
    r"\b(?:damag\w*|destroy\w*|hit|struck|strikes?|targeted|attack(?:ed|s)? on|attacked|shelled|bombed|bombing|"
    r"fire at|ablaze|burn\w*|"
    r"collaps\w*|flatten\w*|ruin\w*|on fire|caught fire)\b",
    re.I,
)
_MAX_SUMMARY = 400
# After a trigger word, these make it a figure of speech ("what strikes me", "hit home").
_FIGURATIVE = re.compile(
    r"\s+(?:me|us|you|him|her|them|home|a chord|a nerve|a balance|a deal|back at|out at|"
    r"the headlines|a record|a low|a high|hard)\b"
)
# Trigger words that name attacks in general, not one event.
_GENERIC_TRIGGERS = frozenset(
    {
        "attacks",
        "strikes",
        "raids",
        "assaults",
        "shelling",
        "bombing",
        "bombings",
        "explosions",
        "blasts",
        "clashes",
        "fighting",
        "incursions",
    }
)
# Habits and trends, not one event: "in recent weeks", "have intensified".
_HABITUAL = re.compile(
    r"\b(?:in recent (?:days|weeks|months)|recently|regularly|frequently|often|daily|nightly|constantly|"
    r"repeatedly|routinely|almost every (?:day|night)|every (?:day|night)|increas(?:ed|ing)|intensif(?:ied|ying)|"
    r"stepped up|escalat(?:ed|ing)|continu(?:e|es|ed|ing) (?:to|its|their)|continued|ongoing|persistent|relentless|"
    r"constant|despite|amid|keeps?|kept)\b",
    re.I,
)
_CONTINUING = re.compile(r"\b(?:continu(?:e|es|ed|ing)|keeps?|kept) (?:to |on )?(?:\w+ )?$")
# Before a trigger: it refers back to the event being told ("this attack", "the same strike").
# A superlative compares the event with others ("the deadliest attack in the region"): no new one.
_ANAPHORA = re.compile(
    r"\b(?:this|that|these|those|the same|such|deadliest|bloodiest|largest|biggest|worst|"
    r"heaviest|most (?:\w+))\s+(?:[\w-]+\s+)?$"
)
# Mourning and remembrance follow an event told already; they tell no new one.
_REACTION = re.compile(
    r"\b(?:mourning|mourned|funerals?|condolences|memorial service|vigils?|tributes? to|"
    r"commemorat\w*|buried|burial|laid flowers)\b"
)
# Diplomatic, policy and aid statements.
_POLICY = re.compile(
    r"\b(?:condemn\w*|denounc\w*|deplor\w*|discuss\w*|reaffirm\w*|pledg\w*|spoke (?:\w+ )?(?:with|to)|"
    r"call(?:ed)? (?:with|on|for)|offer(?:ed|s|ing)? (?:support|condolences|assistance)|"
    r"express(?:ed|es|ing)? (?:support|condolences|solidarity|concern)|stand(?:s|ing)? with|solidarity|"
    r"accountab\w*|sanctions?|security assistance|humanitarian (?:aid|assistance)|military aid|aid package|"
    r"drawdown|air defen[cs]e systems?|to help (?:ukraine|protect)|urg(?:e|ed|es|ing)|vow(?:ed|s)?|"
    r"warn(?:ed|s)?|readout|briefing|summit|talks)\b",
    re.I,
)


# What may stand between two towns of one list: "Kyiv, Dnipro, and Pokrovsk", "Sumy and Kharkiv".
_LIST_GAP = re.compile(r"(?:\s*,\s*(?:and\s+|as well as\s+)?|\s+(?:and|as well as)\s+)")


def _listed_towns(text: str, places: list[Place]) -> list[Place]:
    """The towns of a sentence when they are one coordinated list of two or more, in order;
    otherwise none ("Molodizhne near Olenivka" names one place, not two)."""
    towns = sorted((p for p in places if p.kind == "town"), key=lambda p: p.start)
    if len(towns) < 2:
        return []
    for left, right in pairwise(towns):
        if not _LIST_GAP.fullmatch(text, left.end, right.start):
            return []
    if len({(t.location or "").casefold() for t in towns}) < len(towns):
        return []
    return towns


@dataclass
class Draft:
    anchor: Sentence
    place: Place | None
    country: str | None
    admin1: str | None
    location: str | None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: str = "unknown"
    date: DateInfo | None = None
    date_sentence: Sentence | None = None
    undated: bool = False
    parent: Draft | None = None
    place_sentence: Sentence | None = None
    sentences: list[Sentence] = field(default_factory=list)

    def date_key(self, published: dt.date | None) -> tuple[dt.date | None, str]:
        if self.date:
            return self.date.date, self.date.precision
        return (published, "day") if published and not self.undated else (None, "unknown")


def _merged(seen: list[FoundFigure], report_id: str) -> Figure:
    """The figure several statements of one count make (offsets already in the report)."""
    if any(x.count.best for x in seen):
        seen = [x for x in seen if x.count.best != 0]  # "no casualties" then "two injured": two
    updates = [x for x in seen if x.update]
    chosen = updates[-1] if updates else max(seen, key=lambda x: x.count.best or 0)
    best = chosen.count.best
    lows = [v for x in seen for v in (x.count.low, x.count.best) if v is not None]
    low = min(lows) if lows else None
    # Open-ended when the chosen figure is ("at least 20"), else the largest stated.
    highs = [v for x in seen for v in (x.count.high, x.count.best) if v is not None]
    high = None if chosen.count.high is None else max(highs)
    if best is not None:
        low = None if low is None else min(low, best)
        high = None if high is None else max(high, best)
    if chosen.count.low is None and all(x.count.low is None for x in seen):
        low = None  # "up to 8" states no lower bound
    return Figure(chosen.kind, chosen.group, low, best, high, report_id, chosen.start, chosen.end)


class Extractor:
    """Build once with the rules; ``extract`` is then a pure function of the report."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.casualties = CasualtyFinder(rules)
        # Segmenting and assembling look at each sentence several times; these are pure
        # functions of the text, so remember their answers while one report is read.
        self._figures = lru_cache(maxsize=4096)(self.casualties.find)
        self._claims = lru_cache(maxsize=4096)(partial(find_claims, rules))
        self._roles = lru_cache(maxsize=4096)(self._place_roles)
        self._places = lru_cache(maxsize=4096)(self._event_places)
        self._damage = lru_cache(maxsize=4096)(self._find_damage)
        self._scan = lru_cache(maxsize=4096)(self._scan_weapons)
        self._find_date = lru_cache(maxsize=4096)(find_date)
        self._typed = lru_cache(maxsize=4096)(self._type_of)
        self._memos = (
            self._figures,
            self._claims,
            self._roles,
            self._places,
            self._damage,
            self._scan,
            self._find_date,
            self._typed,
        )

    def _event_places(self, text: str) -> list[Place]:
        """The places of ``text`` an event may be in: not a launch site, a visit, a ship's name."""
        return [p for p, role in self._roles(text) if role is None]

    def _place_roles(self, text: str) -> list[tuple[Place, str | None]]:
        """Each place of ``text`` with the role that makes it not the event's place, if any.
        A place listed right after one with a role shares it ("taken to hospitals in Sumy and
        Okhtyrka", "launched from the Kursk and Belgorod regions")."""
        roles = self.rules.place_roles
        out: list[tuple[Place, str | None]] = []
        for p in sorted(self.rules.gazetteer.find(text), key=lambda q: q.start):
            role = roles.role(text, p.start, p.end, p.kind)
            if role is None and out and out[-1][1] is not None and _LIST_GAP.fullmatch(text, out[-1][0].end, p.start):
                role = out[-1][1]
            out.append((p, role))
        return out

    def _names_only_other_places(self, text: str) -> bool:
        """Every place of ``text`` has a role: "The missile was launched from Kursk Oblast, the
        air force said" tells where from, not another event."""
        found = self._roles(text)
        return bool(found) and all(role is not None for _, role in found)

    def extract(
        self, text: str, published: dt.date | None, report_id: str, outlet: str | None = None, url: str | None = None
    ) -> list[Incident]:
        # Forget the previous report's sentences: memory stays small, and the cost of a
        # report never depends on what was read before it (benchmarks stay honest).
        for memo in self._memos:
            memo.cache_clear()
        drafts = self.segment(text, published)
        incidents = consolidate([self._assemble(d, drafts, text, published, report_id, outlet, url) for d in drafts])
        if self.rules.incidents_need_region:
            # ACLED codes no event without a location: "strikes throughout Ukraine overnight"
            # and nationwide tallies stay in the report's text, not in the incident list. In a
            # country whose regions the gazetteer does not hold ("a drone fell in Moldova")
            # the country is all we can know, and the incident stays.
            regional = self.rules.gazetteer.countries_with_regions
            incidents = [i for i in incidents if i.location or i.admin1 or i.country not in regional]
        return incidents

    # ------------------------------------------------------------ segmentation

    def _units(self, s: Sentence) -> list[tuple[Sentence, str]]:
        """Split at connectors to another event: ("head", this event) and ("other", that)."""
        lead = self.rules.lead_connector.match(s.text)
        if lead:
            return [(s.sub(lead.end()), "prior")]
        tail = self.rules.tail_connector.search(s.text)
        if tail:
            return [(s.sub(0, tail.start()), "head"), (s.sub(tail.end()), "other")]
        return [(s, "main")]

    def _has_content(self, s: Sentence) -> bool:
        return bool(
            self.rules.trigger.search(fold(s.text))
            or self._figures(s.text)
            or self._claims(s.text)
            or self._damage(s.text)
            or local_official(self.rules, s.text)
        )

    def _trigger_hits(self, text: str) -> list[re.Match[str]]:
        """The trigger words of ``text`` (in ``fold(text)``), less figures of speech ("what strikes me")."""
        folded = fold(text)
        return [m for m in self.rules.trigger.finditer(folded) if not _FIGURATIVE.match(folded, m.end())]

    def _event_words(self, text: str) -> bool | None:
        """Whether ``text`` tells an event in so many words: False when it has no trigger
        word (or only figurative ones), None when its only triggers are generic plurals in a
        diplomatic or policy statement ("condemn Russia's attacks on Ukrainian cities") or
        in a habitual or trend statement ("in recent weeks Russia increased its strikes")
        with no casualty count: no incident is told there."""
        folded = fold(text)
        first = self.rules.trigger.search(folded)
        if first is None:
            return False
        if (
            first.group(0) not in _GENERIC_TRIGGERS
            and not _FIGURATIVE.match(folded, first.end())
            and not _CONTINUING.search(folded, max(0, first.start() - 24), first.start())
        ):
            return True  # the common case, decided without reading the rest of the sentence
        # "continue to attack": a trigger after a verb of continuing tells a habit.
        hits = {
            "attacks" if _CONTINUING.search(folded, max(0, m.start() - 24), m.start()) else m.group(0)
            for m in self._trigger_hits(text)
        }
        if not hits:
            return False
        if (
            hits <= _GENERIC_TRIGGERS
            and (_POLICY.search(text) or _HABITUAL.search(text))
            and not any(f.count.best for f in self._figures(text))
        ):
            return None
        return True

    def _only_anaphoric(self, text: str) -> bool:
        """Every trigger names the event already being told: "prior to this attack", or the
        sentence tells a reaction to it ("a day of mourning for those killed in the strike")."""
        folded = fold(text)
        hits = self._trigger_hits(text)
        if hits and _REACTION.search(folded) and not any(f.count.best for f in self._figures(text)):
            return True
        return bool(hits) and all(_ANAPHORA.search(folded, max(0, m.start() - 30), m.start()) for m in hits)

    def segment(self, text: str, published: dt.date | None) -> list[Draft]:
        drafts: list[Draft] = []
        current: Draft | None = None
        title: Sentence | None = None  # the headline above the article, while no body sentence is read
        body = False
        for sentence in sentences(text):
            if sentence.chrome:
                # Menus, headlines of other stories, captions, banners tell no incident. The
                # headline right above the article may name the place its first sentences omit.
                if (
                    not body
                    and is_headline(sentence.text)
                    and self._places(sentence.text)
                    and self.rules.trigger.search(fold(sentence.text))
                ):
                    title = sentence
                continue
            body = True
            for unit, role in self._units(sentence):
                if not unit.text.strip():
                    continue
                if (
                    current is None
                    and title is not None
                    and role == "main"
                    and not is_fact(unit.text)
                    and not self._places(unit.text)
                    and self._has_content(unit)
                ):
                    current = self._place_unit(title, "main", drafts, None, published)
                    title = None
                touched = self._place_unit(unit, role, drafts, current, published)
                if touched is not None:
                    current = touched
        return drafts

    def _place_unit(
        self, unit: Sentence, role: str, drafts: list[Draft], current: Draft | None, published: dt.date | None
    ) -> Draft | None:
        places = self._places(unit.text)
        specific = [p for p in places if p.kind != "country"]
        countries = [p for p in places if p.kind == "country"]
        trigger = self._event_words(unit.text)
        if trigger is None:
            return None  # "condemned Russia's attacks on Ukrainian cities": policy, not an event
        if trigger and self.casualties.is_cumulative(unit.text) and not self._figures(unit.text):
            return None  # "1,200 civilians have been killed in the region since 2022": a statistic
        if role == "head":
            if current is not None and not specific and self._has_content(unit):
                current.sentences.append(unit)
            return None
        if not specific and self._names_only_other_places(unit.text):
            # A launch site, a hospital or a visit: a detail of the incident being told.
            if current is not None and self._has_content(unit):
                return self._attach_or_another_time(unit, current, drafts, published, bool(trigger), keep_date=False)
            return current
        # The date is looked for only where it is used (most sentences end above).
        if specific:
            if not trigger and not self._damage(unit.text) and not self._figures(unit.text):
                # A place with no event in it ("Governors of the Belgorod region said") opens
                # nothing; when it is the town of an incident told already, the next
                # sentences are about that one ("saboteurs entered the village of X. They
                # fired at a car, killing one").
                return self._told_town(unit, specific, drafts)
            if current is not None and self._only_anaphoric(unit.text):
                # "Settlements of the region had fallen before this attack": the incident
                # being told, not a new one; it adds to it when it names the same region.
                if any(p.admin1 and p.admin1 == current.admin1 for p in specific):
                    self._attach(current, unit, None)
                    return current
                return None
            date = self._find_date(unit.text, published)
            listed = _listed_towns(unit.text, specific)
            if listed:
                # "Kyiv, Dnipro and Pokrovsk came under fire": one event per town (ACLED).
                regions = [p for p in specific if p.kind != "town"]
                touched = current
                for town in listed:
                    touched = self._anchor(unit, role, [town, *regions], countries, date, drafts, current, published)
                return touched
            return self._anchor(unit, role, specific, countries, date, drafts, current, published)
        if countries:
            date = self._find_date(unit.text, published) if trigger else None
            if trigger and (date or _AGGREGATE.search(unit.text)) and role != "head":
                place = countries[0]
                draft = Draft(
                    unit,
                    place,
                    place.country,
                    None,
                    None,
                    geo_precision="country",
                    date=date,
                    date_sentence=unit if date else None,
                    place_sentence=unit,
                )
                draft.sentences.append(unit)
                drafts.append(draft)
                return draft
            if current is not None and current.country in (None, countries[0].country) and self._has_content(unit):
                self._attach(current, unit, self._find_date(unit.text, published))  # "Russia blamed Ukraine"
                return current
            return None  # "attacks on Ukraine have intensified": no place, no time
        if role == "prior" and trigger:
            date = self._find_date(unit.text, published)
            hint = country_hint(unit.text)
            draft = Draft(
                unit,
                None,
                hint,
                None,
                None,
                geo_precision="country" if hint else "unknown",
                undated=date is None,
                date=date,
            )
            draft.sentences.append(unit)
            drafts.append(draft)
            return draft
        if current is not None and self._has_content(unit):
            return self._attach_or_another_time(unit, current, drafts, published, bool(trigger), keep_date=True)
        return None

    def _attach_or_another_time(
        self,
        unit: Sentence,
        current: Draft,
        drafts: list[Draft],
        published: dt.date | None,
        trigger: bool,
        keep_date: bool,
    ) -> Draft | None:
        """A sentence without a place of its own adds to ``current``, unless its own date is
        not the incident's (``_another_time``); ``keep_date``: its date may refine the incident's."""
        date = self._find_date(unit.text, published)
        if date is not None and date.date is not None and not self._dates_agree(current, date, published):
            return self._another_time(unit, date, current, drafts, trigger)
        self._attach(current, unit, date if keep_date else None)
        return current

    def _another_time(
        self, unit: Sentence, date: DateInfo, current: Draft, drafts: list[Draft], trigger: bool
    ) -> Draft | None:
        """A sentence without a place whose own date is not the incident's: another day's
        event at the same place ("On 28 August, Russian forces attacked the building again"),
        or a recollection ("A strike on the city in April killed 30") whose figures are not
        this incident's."""
        if date.precision != "day" or not trigger or current.place is None:
            return None
        draft = Draft(
            unit,
            current.place,
            current.country,
            current.admin1,
            current.location,
            latitude=current.latitude,
            longitude=current.longitude,
            geo_precision=current.geo_precision,
            date=date,
            date_sentence=unit,
            place_sentence=current.place_sentence,
        )
        draft.sentences.append(unit)
        drafts.append(draft)
        return draft

    def _told_town(self, unit: Sentence, specific: list[Place], drafts: list[Draft]) -> Draft | None:
        towns = {(p.location or "").lower() for p in specific if p.kind == "town" and p.location}
        if not towns:
            return None
        return next((d for d in reversed(drafts) if d.location and d.location.lower() in towns), None)

    def _anchor(
        self,
        unit: Sentence,
        role: str,
        specific: list[Place],
        countries: list[Place],
        date: DateInfo | None,
        drafts: list[Draft],
        current: Draft | None,
        published: dt.date | None,
    ) -> Draft:
        place = max(specific, key=lambda p: (p.rank, -p.start))
        admin1_place = next((p for p in specific if p.kind == "admin1"), None)
        admin1 = place.admin1 or (admin1_place.admin1 if admin1_place else None)
        # A place we do not know takes the country its sentence gives it ("struck Polish
        # territory, in the village of X near the border with Ukraine"), else the first named.
        country = (
            place.country
            or (admin1_place.country if admin1_place else None)
            or country_hint(unit.text)
            or (countries[0].country if countries else None)
        )
        inherit = current if (admin1 is None and country is None and current is not None) else None
        if inherit:
            admin1, country = inherit.admin1, inherit.country
        existing = self._existing(drafts, place, admin1, date, unit, published)
        if existing is not None:
            if place.kind == "town" and existing.location is None:
                self._set_place(existing, place, admin1, country, unit)
            self._attach(existing, unit, date)
            return existing
        draft = Draft(
            unit,
            place,
            country,
            admin1,
            None,
            undated=role == "prior" and date is None,
            parent=inherit or (current if role != "prior" else None),
        )
        self._set_place(draft, place, admin1, country, unit)
        draft.date, draft.date_sentence = date, unit if date else None
        draft.sentences.append(unit)
        drafts.append(draft)
        return draft

    def _set_place(self, draft: Draft, place: Place, admin1: str | None, country: str | None, unit: Sentence) -> None:
        draft.place = place
        draft.location = place.location
        draft.admin1 = admin1
        draft.country = country
        draft.latitude, draft.longitude = place.latitude, place.longitude
        draft.geo_precision = place.geo_precision
        draft.place_sentence = unit

    def _existing(
        self,
        drafts: list[Draft],
        place: Place,
        admin1: str | None,
        date: DateInfo | None,
        unit: Sentence,
        published: dt.date | None,
    ) -> Draft | None:
        """The incident this sentence is about, if one is open already."""
        own_type = self._event_type(unit.text, self._weapons(unit.text))
        for draft in reversed(drafts):
            if not self._dates_agree(draft, date, published):
                continue
            if (
                draft.place_sentence is not None
                and own_type[0] != "Explosions/Remote violence"
                and self._event_type(draft.place_sentence.text, [])[0] != own_type[0]
            ):
                continue
            if place.kind == "town" and draft.location and draft.location.lower() == (place.location or "").lower():
                return draft
            # A town in the region of a region-level incident of the same time makes it
            # precise ("attacks on the Belgorod region ... the town of Grayvoron was hit").
            if draft.location is None and draft.admin1 and draft.admin1 == admin1:
                return draft
        return None

    def _dates_agree(self, draft: Draft, date: DateInfo | None, published: dt.date | None) -> bool:
        if date is None:
            return True
        if draft.undated:
            return False
        old, precision = draft.date_key(published)
        if old is None:
            return True
        if date.date == old and date.precision == precision:
            return True
        return refines(date, old, draft.date.date_end if draft.date else None, precision)

    def _attach(self, draft: Draft, unit: Sentence, date: DateInfo | None) -> None:
        draft.sentences.append(unit)
        if date is None:
            return
        if draft.date is None or (
            refines(date, draft.date.date, draft.date.date_end, draft.date.precision)
            and PRECISION_RANK[date.precision] < PRECISION_RANK[draft.date.precision]
        ):
            draft.date, draft.date_sentence = date, unit
            draft.undated = False

    # ------------------------------------------------------------ values

    def _scan_weapons(self, text: str) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
        """Typed weapons ("S-300 missile") and weapon names ("missile"), each with the
        span of its first mention."""
        typed: dict[str, tuple[int, int]] = {}
        named: dict[str, tuple[int, int]] = {}
        for weapon, m_pattern in self.rules.weapon_types.candidates(text):
            for m in m_pattern.finditer(text):
                typed.setdefault(f"{m.group(0)} {weapon}", (m.start(), m.end()))
        folded = fold(text)
        for name, pattern in self.rules.weapons.candidates(text):
            found = pattern.search(folded)
            if found:
                named.setdefault(name, (found.start(), found.end()))
        return typed, named

    def _weapons(self, text: str) -> list[str]:
        """Weapons named in ``text``; a bare name a typed one already covers is left out."""
        typed, named = self._scan(text)
        found = list(typed)
        for name in named:
            if name not in found and not any(w.endswith(" " + name) for w in found):
                found.append(name)
        return found

    def _weapon_spans(self, text: str) -> dict[str, tuple[int, int]]:
        typed, named = self._scan(text)
        spans = dict(typed)
        for name, span in named.items():
            spans.setdefault(name, span)
        return spans

    def _find_damage(self, text: str) -> dict[str, tuple[int, int]]:
        if not _DAMAGE_CONTEXT.search(text):
            return {}
        hits: list[tuple[int, int, str]] = []
        folded = fold(text)
        for name, pattern in self.rules.damage.candidates(text):
            hits.extend((m.start(), m.end(), name) for m in pattern.finditer(folded))
        # Longest match wins where two overlap ("medical clinic" over "clinic").
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: dict[str, tuple[int, int]] = {}
        last_end = -1
        for start, end, name in hits:
            if start < last_end:
                continue
            out.setdefault(name, (start, end))
            last_end = end
        return out

    def _event_type(self, text: str, weapons: list[str]) -> tuple[str, str]:
        return self._typed(text, tuple(weapons))

    def _type_of(self, text: str, weapons: tuple[str, ...]) -> tuple[str, str]:
        kinds = {w.split(" ")[-1] if w.endswith((" missile", " drone")) else w for w in weapons}
        for rule in self.rules.event_rules:
            if rule.weapons_only and not (kinds and kinds <= rule.weapons_only):
                continue
            if rule.weapons_any and not kinds & rule.weapons_any:
                continue
            if kinds & rule.weapons_none:
                continue
            if not rule.words_in(text):
                continue
            return rule.event_type, rule.sub_event_type
        return "Explosions/Remote violence", "Shelling/artillery/missile attack"

    # ------------------------------------------------------------ assembly

    def _assemble(
        self,
        d: Draft,
        drafts: list[Draft],
        text: str,
        published: dt.date | None,
        report_id: str,
        outlet: str | None,
        url: str | None,
    ) -> Incident:
        spans: dict[str, Span] = {}

        def span(key: str, s: Sentence, start: int, end: int) -> None:
            spans.setdefault(key, Span(report_id, s.start + start, s.start + end))

        weapons: list[str] = []
        damage: list[str] = []
        figures: dict[tuple[str, str], Figure] = {}
        found: dict[tuple[str, str], list[FoundFigure]] = {}
        claims: list[Claim] = []
        for s in d.sentences:
            for name, (a, b) in self._weapon_spans(s.text).items():
                if name not in weapons and not any(w.endswith(" " + name) for w in weapons):
                    weapons.append(name)
                    span(f"weapons:{name}", s, a, b)
            for name, (a, b) in self._damage(s.text).items():
                if name not in damage:
                    damage.append(name)
                    span(f"damage:{name}", s, a, b)
            for f in self._figures(s.text):
                self._keep_figure(figures, f, s, report_id, found)
            for c in self._claims(s.text):
                self._keep_claim(claims, c, s, report_id)
        if not weapons:
            for s in d.sentences:
                for name, pattern in self.rules.weapon_fallbacks:
                    m = pattern.search(fold(s.text))
                    if m and name not in weapons:
                        weapons.append(name)
                        span(f"weapons:{name}", s, m.start(), m.end())
        self._zero_by_paragraph(d, drafts, figures, report_id)
        self._blame_by_local_official(d, claims, report_id)
        own_evidence = bool(weapons) or bool(
            re.search(r"attack|strike|struck|shell|bomb|raid|assault|clash|fight", self._event_text(d), re.I)
        )
        # A place hit "also" or "nearby" with no weapon or attack word of its own shares
        # the type of the incident it was told with.
        parent = d.parent if not own_evidence and d.parent is not None else None
        typed = parent or d
        event_type, sub_event_type = self._event_type(self._event_text(typed), self._draft_weapons(typed))
        date, date_end, precision = self._date(d, parent, published)
        if d.date_sentence is not None and d.date is not None:
            span("date", d.date_sentence, d.date.start, d.date.end)
        if d.place is not None and d.place_sentence is not None:
            span("location" if d.location else "admin1", d.place_sentence, d.place.start, d.place.end)
        anchor = d.anchor
        summary = anchor.text.strip() if len(anchor.text) <= _MAX_SUMMARY else anchor.text[: _MAX_SUMMARY - 1] + "…"
        source = Source(report_id, outlet, url, published, anchor.text, anchor.start, anchor.end)
        return Incident(
            id="",
            date=date,
            date_end=date_end,
            date_precision=precision,
            country=d.country,
            admin1=d.admin1,
            location=d.location,
            latitude=d.latitude,
            longitude=d.longitude,
            geo_precision=d.geo_precision,
            event_type=event_type,
            sub_event_type=sub_event_type,
            summary=summary,
            weapons=weapons,
            damage=damage,
            attribution=claims,
            figures=list(figures.values()),
            sources=[source],
            spans=spans,
        )

    def _event_text(self, d: Draft) -> str:
        """The type comes from the sentences that name the event's place, not from every
        sentence that adds a detail ("... to respond to future raids")."""
        return " ".join({id(s): s.text for s in (d.anchor, d.place_sentence) if s is not None}.values())

    def _draft_weapons(self, d: Draft) -> list[str]:
        weapons: list[str] = []
        for s in d.sentences:
            weapons.extend(w for w in self._weapons(s.text) if w not in weapons)
        return weapons

    def _date(
        self, d: Draft, parent: Draft | None, published: dt.date | None
    ) -> tuple[dt.date | None, dt.date | None, str]:
        info = d.date or (parent.date if parent is not None else None)
        if info is not None:
            end = info.date_end if info.precision == "range" else None
            return info.date, end, info.precision
        if d.undated or published is None:
            return None, None, "unknown"
        return published, None, "day"

    def _keep_figure(
        self,
        figures: dict[tuple[str, str], Figure],
        f: FoundFigure,
        s: Sentence,
        report_id: str,
        found: dict[tuple[str, str], list[FoundFigure]] | None = None,
    ) -> None:
        """One figure per kind and group per report. Several figures for one count (an
        update, two officials): low = the smaller, high = the larger, best = the latest
        revision ("the toll rose to") else the highest (tolls rise as bodies are found).
        A stated total outranks one read off a group count ("three civilians killed")."""
        key = (f.kind, f.group)
        seen = found.setdefault(key, []) if found is not None else []
        direct = [x for x in seen if not x.derived]
        if f.derived and direct:
            return
        if not f.derived and seen and not direct:
            seen.clear()  # the first stated total replaces the derived ones
        if f.derived and seen:
            # Totals read off group counts ("three civilians", later "a boy") are lower bounds
            # of one total, not disagreeing figures: the largest stands.
            if (f.count.best or 0) <= max(x.count.best or 0 for x in seen):
                return
            seen.clear()
        placed = replace(f, start=s.start + f.start, end=s.start + f.end)
        if placed not in seen:  # the same sentence read for a second draft
            seen.append(placed)
        figures[key] = _merged(seen, report_id)

    def _keep_claim(self, claims: list[Claim], c: FoundClaim, s: Sentence, report_id: str) -> None:
        if any(x.actor == c.actor and x.stance == c.stance for x in claims):
            return
        claims.append(Claim(c.actor, "perpetrator", c.stance, c.by, report_id, s.start + c.start, s.start + c.end))

    def _zero_by_paragraph(
        self, d: Draft, drafts: list[Draft], figures: dict[tuple[str, str], Figure], report_id: str
    ) -> None:
        """ "No casualties were reported" closes a paragraph about several places: it holds
        for every incident of that paragraph that states no casualties of its own."""
        if figures:
            return
        paragraphs = {s.paragraph for s in d.sentences}
        for other in drafts:
            if other is d:
                continue
            for s in other.sentences:
                if s.paragraph not in paragraphs:
                    continue
                for f in self._figures(s.text):
                    if f.count.best == 0:
                        self._keep_figure(figures, f, s, report_id)

    def _blame_by_local_official(self, d: Draft, claims: list[Claim], report_id: str) -> None:
        """An official of the place that was hit, cited on the incident, blames the other
        side's forces named as perpetrators."""
        if d.country is None:
            return
        home_side = {"RU": "ru", "UA": "ua"}.get(d.country)
        for s in d.sentences:
            official = blaming_official(self.rules, s.text)
            if official is None:
                continue
            sides = {a.name: a.side for a in self.rules.actors}
            for claim in list(claims):
                if (
                    claim.stance == "reported"
                    and sides.get(claim.actor) not in (None, home_side)
                    and not any(c.actor == claim.actor and c.stance == "blamed" for c in claims)
                ):
                    claims.append(
                        Claim(
                            claim.actor,
                            "perpetrator",
                            "blamed",
                            official.group(0),
                            report_id,
                            s.start + official.start(),
                            s.start + official.end(),
                        )
                    )
            return
