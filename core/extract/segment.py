"""Segment a report into incidents (``Draft``s), reading its sentences in order.

A sentence that names a new place (or a new time) for an event opens an incident;
sentences without a place add casualties, damage and attribution to the incident being
told; a town named in the region of a region-level incident makes that incident more
precise instead of opening another (ACLED codes one event per place, time and type).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace
from itertools import pairwise

from incident_review.core.extract.casualties import FoundFigure
from incident_review.core.extract.dates import DateInfo
from incident_review.core.extract.draft import Draft, Share, opened
from incident_review.core.extract.finders import LIST_GAP, Finders
from incident_review.core.extract.lexicon import fold
from incident_review.core.extract.numbers import NUMBER, word_value
from incident_review.core.extract.places import Place
from incident_review.core.extract.rules import Rules
from incident_review.core.extract.text import Sentence, is_fact, is_fact_box, is_headline, sentences
from incident_review.core.extract.wording import Wording


def listed_towns(text: str, places: list[Place]) -> list[Place]:
    """The towns of a sentence when they are one coordinated list of two or more, in order;
    otherwise none ("Molodizhne near Olenivka" names one place, not two)."""
    towns = sorted((p for p in places if p.kind == "town"), key=lambda p: p.start)
    if len(towns) < 2:
        return []
    # The list, and the same towns named again after it ("shelled Nikopol and Marhanets,
    # wounding three in Nikopol"); any other town apart from the list makes it no list.
    run = [towns[0]]
    for left, right in pairwise(towns):
        if LIST_GAP.fullmatch(text, left.end, right.start) and run[-1] is left:
            run.append(right)
    names = [(t.location or "").casefold() for t in run]
    if len(run) < 2 or len(set(names)) < len(names):
        return []
    if any((t.location or "").casefold() not in names for t in towns):
        return []
    return run


# "two in Kharkiv, one in Sumy": a count right before a town, for a toll shared out by town.
_SHARE_BEFORE = re.compile(
    rf"(?<![\w-])(?P<num>{NUMBER}|an?)\s+(?P<filler>(?:[\w-]+\s+){{0,2}}?)"
    r"(?:(?:was\s+|were\s+)?(?:(?P<killed>killed|dead)|(?P<wounded>injured|wounded|hurt))\s+)?"
    r"in\s+(?:the\s+(?:city|town|village)\s+of\s+)?$",
    re.I,
)


# Where a sentence's clauses part: at ";", and before a clause that opens with its own
# place ("a strike killed one worker in Odesa, while in Kharkiv a drone hit a supermarket").
_CLAUSE_CUT = re.compile(
    r";\s*|,\s+(?:while|whereas|and|as)\s+(?=(?:in|near|outside)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?[A-Z])"
)
_VICTIMS = frozenset(("people", "persons", "civilians", "residents", "others", "more"))
_PART_OF_BEFORE = re.compile(r"\b(?:outskirts|neighbou?rhoods?|part)\s+of\s+(?:the\s+(?:city|town)\s+of\s+)?$", re.I)


def shared_out(text: str, places: list[Place]) -> list[tuple[Place, Share]]:
    """The towns a toll is shared out among, each with its count ("Russian attacks killed
    four people: two in Kharkiv, one in Sumy and one in Kherson"; "a man was injured in
    Kupiansk, and two women were wounded in Vovchansk"); none unless two or more."""
    out: list[tuple[Place, Share]] = []
    last = 0
    for p in sorted((p for p in places if p.kind == "town"), key=lambda p: p.start):
        m = _SHARE_BEFORE.search(text, max(last, p.start - 60), p.start)
        value = word_value(m.group("num")) if m else None
        if m is not None and value is not None:
            kind = "killed" if m.group("killed") else "wounded" if m.group("wounded") else None
            # Without a casualty verb the count must be of people ("two in Kharkiv", "two
            # civilians in Sumy"), not of things ("a house in Kharkiv and a school in Sumy").
            filler = m.group("filler").split()
            if kind is not None or (
                m.group("num").lower() not in ("a", "an") and all(w.lower() in _VICTIMS for w in filler)
            ):
                out.append((p, Share(kind, value, m.start(), p.end)))
        last = p.end
    if len({(p.location or "").casefold() for p, _ in out}) < 2:
        return []
    return out


class Segmenter:
    """Build once with the rules; ``segment`` reads one report."""

    def __init__(self, rules: Rules, finders: Finders, wording: Wording) -> None:
        self.rules = rules
        self.finders = finders
        self.wording = wording

    def segment(self, text: str, published: dt.date | None) -> list[Draft]:
        return self.read(text, published)[0]

    def read(self, text: str, published: dt.date | None) -> tuple[list[Draft], list[Sentence]]:
        """The drafts, and the article's sentences (chrome left out) for report-wide rules."""
        reading = _Reading(self, published)
        return reading.read(text), reading.body


class _Reading:
    """One report's segmentation: the incidents opened so far and the one being told."""

    def __init__(self, segmenter: Segmenter, published: dt.date | None) -> None:
        self.rules = segmenter.rules
        self.f = segmenter.finders
        self.wording = segmenter.wording
        self.published = published
        self.drafts: list[Draft] = []
        self.body: list[Sentence] = []  # the sentences read, chrome left out
        # Each clause of a sentence split at ";" (by its start): the whole, whose date a
        # clause without one shares ("in Kharkiv, two were hurt; in Sumy, one was killed on Monday").
        self.clause_of: dict[int, Sentence] = {}
        # The other event of "X came two days after Y" (by its start): the days before this one
        # (the nearest and the farthest: "days after" is 2 to 10).
        self.days_before: dict[int, tuple[tuple[int, int], int, int, Sentence | None]] = {}
        self.derived: dict[int, DateInfo] = {}

    def read(self, text: str) -> list[Draft]:
        current: Draft | None = None
        title: Sentence | None = None  # the headline above the article, while no body sentence is read
        body = False
        # The incident told before a recollection's paragraph, told again after it.
        resume: tuple[int, Draft] | None = None
        for sentence in sentences(text):
            if sentence.chrome:
                # Menus, headlines of other stories, captions, banners tell no incident. The
                # headline right above the article may name the place its first sentences omit.
                if not body and self._is_title(sentence):
                    title = sentence
                continue
            body = True
            self.body.append(sentence)
            if resume is not None and sentence.paragraph != resume[0]:
                current, resume = resume[1], None  # the recollection's paragraph is over
            for unit, role in self._units(sentence):
                if not unit.text.strip():
                    continue
                if current is None and title is not None and role == "main" and self._needs_title(unit):
                    current = self._place_unit(title, "main", None)
                    title = None
                told = len(self.drafts)
                touched = self._place_unit(unit, role, current)
                if touched is not None and len(self.drafts) > told and touched is self.drafts[-1]:
                    # A new incident: a recollection of an earlier one ("Earlier in May, drones
                    # struck Moscow") holds only its own paragraph; the sentences after it
                    # are of the incident told before it again.
                    if current is not None and self._recalls(unit, role, touched, current):
                        resume = (sentence.paragraph, resume[1] if resume else current)
                    else:
                        resume = None
                if touched is not None:
                    current = touched
        self._fold_fact_boxes()
        return self.drafts

    def _recalls(self, unit: Sentence, role: str, opened: Draft, told: Draft) -> bool:
        """``unit``, which opened ``opened``, recalls an event before ``told``: it says so
        ("Earlier in May, ...", "A day earlier, ...", "Last week ...") or its day is before
        the told incident's."""
        if role == "prior" or _RECALLS.match(unit.text):
            return True
        new, new_precision = opened.date_key(self.published)
        old, old_precision = told.date_key(self.published)
        return new is not None and old is not None and new_precision == old_precision == "day" and new < old

    def _fold_fact_boxes(self) -> None:
        """A fact box ("Location: ...", "Date: ...", "Fatalities: 2") that opened an incident
        no sentence of the article places (a place only the box names, a country) is the
        main incident's box, not an event of its own: its lines feed the first incident the
        prose opens, at a date they agree on. A box incident the prose tells at its own
        place ("Location: Kyiv, Dnipro" and a paragraph on Dnipro) stays."""
        main = next((d for d in self.drafts if not is_fact_box(d.anchor.text) and not d.unlocated), None)
        if main is None:
            return
        for box in [d for d in self.drafts if d is not main and is_fact_box(d.anchor.text)]:
            if not main.dates_agree(box.date, self.published):
                continue
            if any(self._places_itself(s) for s in box.sentences if s is not box.anchor):
                continue
            for s in box.sentences:
                main.attach(s, box.date if s is box.date_sentence and main.date is None else None)
            main.sentences.sort(key=lambda s: s.start)
            self.drafts.remove(box)
            for d in self.drafts:
                if d.parent is box:
                    d.parent = main

    def _places_itself(self, s: Sentence) -> bool:
        """``s`` names a town or region of its own."""
        return any(p.kind != "country" for p in self.f.places(s.text))

    def _is_title(self, s: Sentence) -> bool:
        """A headline that names a place and an event."""
        return bool(is_headline(s.text) and self.f.places(s.text) and self.rules.trigger.search(fold(s.text)))

    def _needs_title(self, unit: Sentence) -> bool:
        """A first sentence that tells of an incident without naming where: the headline's place."""
        return not is_fact(unit.text) and not self.f.places(unit.text) and self.f.has_content(unit)

    def _units(self, s: Sentence) -> list[tuple[Sentence, str]]:
        """Split at connectors to another event: ("head", this event) and ("other", that)."""
        lead = self.rules.lead_connector.match(s.text)
        if lead:
            prior = s.sub(lead.end())
            back = _days_back(lead.group(0))
            if back is not None:
                self.days_before[prior.start] = (back, -lead.end(), 0, None)
            return [(prior, "prior")]
        tail = self.rules.tail_connector.search(s.text)
        if tail:
            head, other = s.sub(0, tail.start()), s.sub(tail.end())
            back = _days_back(tail.group(0))
            if back is not None:  # the words' span, from the other event's start (before it)
                self.days_before[other.start] = (back, tail.start() - tail.end(), 0, head)
            return [(head, "head"), (other, "other")]
        if ";" in s.text or ", " in s.text:
            # "In Kharkiv, two people were injured; in Sumy, a man was killed": one clause per
            # place, when two or more clauses name their own.
            cuts = [0, *(m.end() for m in _CLAUSE_CUT.finditer(s.text)), len(s.text)]
            parts = [s.sub(a, b) for a, b in pairwise(cuts)]
            if sum(1 for p in parts if any(q.kind != "country" for q in self.f.places(p.text))) >= 2:
                for p in parts:
                    self.clause_of[p.start] = s
                return [(p, "main") for p in parts]
        return [(s, "main")]

    # ------------------------------------------------------------ one unit

    def _place_unit(self, unit: Sentence, role: str, current: Draft | None) -> Draft | None:
        """Open, add to or leave the incidents for ``unit``: the incident it is about now,
        or None when it tells of none."""
        if unit.start in self.days_before:
            self._count_back(unit, current)
        places = self.f.places(unit.text)
        specific = _not_raions_of(
            unit.text, [p for p in places if p.kind != "country"], self.rules.gazetteer.w.district_after
        )
        trigger = self._event_words(unit)
        if trigger is None:
            return None
        if role == "head" and specific:
            role = "main"  # "Missiles hit Odesa on Sunday, a day after ...": this event, told at its place
        if role == "head":
            # "... follows the strike on X": this event's words, before the other event's.
            if current is not None and not specific and self.f.has_content(unit):
                current.sentences.append(unit)
            return None
        if not specific and self.f.names_only_other_places(unit.text):
            # A launch site, a hospital or a visit: a detail of the incident being told.
            if current is not None and self.f.has_content(unit):
                return self._attach_or_another_time(unit, current, bool(trigger), keep_date=False)
            return current
        # The date is looked for only where it is used (most sentences end above).
        if specific:
            countries = [p for p in places if p.kind == "country"]
            return self._at_places(unit, role, specific, countries, bool(trigger), current)
        if any(p.kind == "country" for p in places):
            return self._in_a_country(unit, role, places, bool(trigger), current)
        if role == "prior" and trigger:
            return self._prior_event(unit)
        if current is not None and self.f.has_content(unit):
            return self._attach_or_another_time(unit, current, bool(trigger), keep_date=True)
        if trigger and role == "main":
            return self._unplaced_event(unit)
        return None

    def _count_back(self, unit: Sentence, current: Draft | None) -> None:
        """The day of the other event of "The attack came two days after Y": counted back
        from the day of the incident being told (else the report's), when that is a day."""
        back, start, end, head = self.days_before[unit.start]
        own = self.f.date(head.text, self.published) if head is not None else None
        if own is not None:  # "Two more died on Monday, a day after the strike": Monday's
            base, precision = own.date, own.precision
        elif current is not None:
            base, precision = current.date_key(self.published)
        else:
            base, precision = self.published, "day"
        if base is not None and precision == "day":
            near, far = back
            if near == far:
                self.derived[unit.start] = DateInfo(base - dt.timedelta(days=far), None, "day", start, end)
            else:  # "came days after": some day of that span before this one's
                first, last = base - dt.timedelta(days=far), base - dt.timedelta(days=near)
                self.derived[unit.start] = DateInfo(first, last, "range", start, end)

    def _date(self, unit: Sentence) -> DateInfo | None:
        """The date ``unit`` gives, or the one counted back for it (``_count_back``)."""
        return self.f.date(unit.text, self.published) or self.derived.get(unit.start)

    def _unplaced_event(self, unit: Sentence) -> Draft | None:
        """ "Just yesterday we saw the bombing of a market, 17 people or more killed": an
        event told with its day and its toll or damage, but no place. The incident is
        kept only when the report places none (``pipeline.Extractor``): then it is the
        report's news; a sentence that names its place later locates it (``_existing``)."""
        date = self._date(unit)
        if date is None or date.precision != "day" or not (self.f.figures(unit.text) or self.f.damage(unit.text)):
            return None
        hint = self.rules.gazetteer.country_hint(unit.text)
        draft = Draft(unit, None, hint, None, None, date=date, date_sentence=unit, unplaced=True)
        return opened(self.drafts, draft, unit)

    def _event_words(self, unit: Sentence) -> bool | None:
        """Whether ``unit`` tells an event in so many words (``Wording.event_words``); None
        when it tells none at all: a policy statement ("condemned Russia's attacks on
        Ukrainian cities") or a statistic ("1,200 civilians have been killed in the region
        since 2022")."""
        trigger = self.wording.event_words(unit.text)
        if trigger and self.f.is_cumulative(unit.text) and not self.f.figures(unit.text):
            return None
        return trigger

    def _at_places(
        self,
        unit: Sentence,
        role: str,
        specific: list[Place],
        countries: list[Place],
        trigger: bool,
        current: Draft | None,
    ) -> Draft | None:
        """``unit`` names a town or a region."""
        if not trigger and not self.f.damage(unit.text) and not self.f.figures(unit.text):
            # A place with no event in it ("Governors of the Belgorod region said") opens
            # nothing; when it is the town of an incident told already, the next
            # sentences are about that one ("saboteurs entered the village of X. They
            # fired at a car, killing one").
            return self._told_town(specific)
        if current is not None and self.wording.only_anaphoric(unit.text):
            # "Settlements of the region had fallen before this attack": the incident
            # being told, not a new one; it adds to it when it names the same region.
            if any(p.admin1 and p.admin1 == current.admin1 for p in specific):
                current.attach(unit, None)
                return current
            return None
        date = self._date(unit)
        whole = self.clause_of.get(unit.start)
        if date is None and whole is not None and whole.text != unit.text:
            shared = self.f.date(whole.text, self.published)
            if shared is not None:  # offsets from the clause's start, so its span points at the words
                shift = unit.start - whole.start
                date = replace(shared, start=shared.start - shift, end=shared.end - shift)
        regions = [p for p in specific if p.kind != "town"]
        shares = shared_out(unit.text, specific)
        if shares:
            touched = current
            for town, share in shares:
                touched = self._anchor(unit, role, [town, *regions], countries, date, current)
                touched.shares[unit.start] = share
            return touched
        listed = listed_towns(unit.text, specific)
        if not listed:
            return self._anchor(unit, role, specific, countries, date, current)
        # "Kyiv, Dnipro and Pokrovsk came under fire": one event per town (ACLED).
        touched = current
        for town in listed:
            touched = self._anchor(unit, role, [town, *regions], countries, date, current)
            touched.listed.add(unit.start)
        return touched

    def _in_a_country(
        self, unit: Sentence, role: str, places: list[Place], trigger: bool, current: Draft | None
    ) -> Draft | None:
        """``unit`` names a country and no town or region of it."""
        country = next(p for p in places if p.kind == "country")
        date = self._date(unit) if trigger else None
        if trigger and (date or self.rules.event_wording.country_wide.search(unit.text)) and role != "head":
            draft = Draft(
                unit,
                country,
                country.country,
                None,
                None,
                geo_precision="country",
                date=date,
                date_sentence=unit if date else None,
                place_sentence=unit,
            )
            return opened(self.drafts, draft, unit)
        if (
            current is not None
            and (current.country in (None, country.country) or self._says_who_did_it(unit))
            and self.f.has_content(unit)
        ):
            # "Russia blamed Ukraine"; "Ukraine called the attack a provocation" of a strike in
            # Russia: the country named is the side that speaks or is blamed, not the place.
            current.attach(unit, self._date(unit))
            return current
        return None  # "attacks on Ukraine have intensified": no place, no time

    def _says_who_did_it(self, unit: Sentence) -> bool:
        """``unit`` claims, denies or lays blame for an attack (not just who struck)."""
        return any(c.stance != "reported" for c in self.f.claims(unit.text))

    def _prior_event(self, unit: Sentence) -> Draft:
        """ "Prior to this attack, a drone struck ...": another event, placed in the country
        its sentence gives, if any."""
        date = self._date(unit)
        hint = self.rules.gazetteer.country_hint(unit.text)
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
        return opened(self.drafts, draft, unit)

    def _attach_or_another_time(self, unit: Sentence, current: Draft, trigger: bool, keep_date: bool) -> Draft | None:
        """A sentence without a place of its own adds to ``current``, unless its own date is
        not the incident's (``_another_time``); ``keep_date``: its date may refine the incident's."""
        date = self._date(unit)
        if date is not None and date.date is not None and not current.dates_agree(date, self.published):
            if current.date is None and not current.undated and self._dates_the_told_event(unit, date):
                current.attach(unit, date)  # "28 were wounded in Sunday's attack": the lead's day
                return current
            return self._another_time(unit, date, current, trigger)
        current.attach(unit, date if keep_date else None)
        return current

    def _another_time(self, unit: Sentence, date: DateInfo, current: Draft, trigger: bool) -> Draft | None:
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
        return opened(self.drafts, draft, unit)

    def _told_town(self, specific: list[Place]) -> Draft | None:
        towns = {(p.location or "").lower() for p in specific if p.kind == "town" and p.location}
        if not towns:
            return None
        return next((d for d in reversed(self.drafts) if d.location and d.location.lower() in towns), None)

    # ------------------------------------------------------------ anchoring at a place

    def _anchor(
        self,
        unit: Sentence,
        role: str,
        specific: list[Place],
        countries: list[Place],
        date: DateInfo | None,
        current: Draft | None,
    ) -> Draft:
        """The incident ``unit`` tells at the most specific of its places: one open already
        (``_existing``), made precise when ``unit`` names its town, or a new one."""
        place, admin1, country = self._where(unit, specific, countries)
        inherit = current if (admin1 is None and country is None and current is not None) else None
        if inherit:
            admin1, country = inherit.admin1, inherit.country
        existing = self._existing(place, admin1, date, unit)
        if existing is not None:
            if (place.kind == "town" and existing.location is None) or existing.place is None:
                existing.set_place(place, admin1, country, unit)
            existing.attach(unit, date)
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
        draft.set_place(place, admin1, country, unit)
        draft.date, draft.date_sentence = date, unit if date else None
        return opened(self.drafts, draft, unit)

    def _existing(self, place: Place, admin1: str | None, date: DateInfo | None, unit: Sentence) -> Draft | None:
        """The incident this sentence is about, if one is open already."""
        own_type = self.f.event_type(unit.text, self.f.weapons(unit.text))[0]
        again = self._dates_the_told_event(unit, date)
        for draft in reversed(self.drafts):
            # A lead without a day ("three people have been killed in Kharkiv") takes the day
            # a later sentence gives the event it told ("28 were wounded in Sunday's attack").
            dated_now = again and draft.date is None and not draft.undated
            if not (draft.dates_agree(date, self.published) or dated_now) or not self._same_kind(draft, own_type):
                continue
            if place.kind == "town" and draft.location and draft.location.lower() == (place.location or "").lower():
                return draft
            # A town in the region of a region-level incident of the same time makes it
            # precise ("attacks on the Belgorod region ... the town of Grayvoron was hit").
            in_region = draft.location is None and draft.admin1 and draft.admin1 == admin1
            if in_region and not self._tolls_apart(draft, unit):
                return draft
            # "the attack on Sunday", told by the region's officials, is the town's just told.
            if again and place.kind == "admin1" and draft.admin1 == admin1 and draft is self.drafts[-1]:
                return draft
        last = self.drafts[-1] if self.drafts else None
        if (
            last is not None
            and last.unlocated
            and last.dates_agree(date, self.published)
            and not self.f.figures(unit.text)
        ):
            # The unplaced event just told, located now ("The strike hit the town of X"); a
            # sentence with a toll of its own tells its own event ("Russian strikes killed 12
            # on Monday. In Kharkiv, a missile killed 3": the 12 is no Kharkiv toll).
            return last
        return None

    def _dates_the_told_event(self, unit: Sentence, date: DateInfo | None) -> bool:
        """``unit`` gives the day of an event as already told ("Sunday's attack", "the strike
        on Sunday", "The strike hit ... on Sunday"), within the week before the report, not a
        new one ("On Sunday, a strike..."; "The attack on Kharkiv on Sunday" names its own place)."""
        if date is None or date.date is None or date.precision != "day" or self.published is None:
            return False
        if not dt.timedelta(0) <= self.published - date.date <= dt.timedelta(days=7):
            return False
        text = unit.text
        return bool(
            _TOLD_EVENT_AFTER.match(text, date.end)
            or _TOLD_EVENT_BEFORE.search(text, 0, date.start)
            or _TOLD_EVENT_SUBJECT.match(text)
        )

    def _tolls_apart(self, draft: Draft, unit: Sentence) -> bool:
        """A town's sentence with a toll of its own ("In Ochakiv, a drone killed one man")
        tells another event than the region's tally before it with another toll of that kind
        ("attacks on the Mykolaiv region killed two over the past day"); a risen toll ("the
        death toll rose to 12") is the same event's."""
        found = self.f.figures(unit.text)
        if any(f.update for f in found):
            return False
        own = _totals(found)
        if not own:
            return False
        theirs = _totals(f for s in draft.sentences for f in self.f.figures(s.text))
        return any(kind in theirs and theirs[kind] != best for kind, best in own.items())

    def _same_kind(self, draft: Draft, own_type: str) -> bool:
        """A sentence of another event type than ``draft``'s place sentence tells another
        event; one of the default event type (remote violence, of any sub-type) may tell of any."""
        if draft.place_sentence is None or own_type == self.rules.default_event_type[0]:
            return True
        return self.f.event_type(draft.place_sentence.text, [])[0] == own_type

    def _where(
        self, unit: Sentence, specific: list[Place], countries: list[Place]
    ) -> tuple[Place, str | None, str | None]:
        """The most specific place of ``unit``, and its admin1 and country."""
        place = max(specific, key=lambda p: (p.rank, -p.start))
        # "Lyubimovka, on the northern outskirts of Sevastopol": the city is the place; the
        # part of it is a detail (ACLED codes the city).
        whole = next((p for p in specific if p.kind == "town" and _PART_OF_BEFORE.search(unit.text, 0, p.start)), None)
        if whole is not None and place.kind == "town" and place.start < whole.start:
            place = whole
        admin1_place = next((p for p in specific if p.kind == "admin1"), None)
        admin1 = place.admin1 or (admin1_place.admin1 if admin1_place else None)
        # A place we do not know takes the country its sentence gives it ("struck Polish
        # territory, in the village of X near the border with Ukraine"), else the first named.
        country = (
            place.country
            or (admin1_place.country if admin1_place else None)
            or self.rules.gazetteer.country_hint(unit.text)
            or (countries[0].country if countries else None)
        )
        return place, admin1, country


# "Serhiivka, Bilhorod-Dnistrovskyi Raion, Odesa Oblast", "fired at the Bilhorod-Dnistrovskyi
# district, at the village of Serhiivka": a raion named for a town, beside another town of
# its region, says where that one is; the other town is the place (ACLED codes the village).
def _not_raions_of(text: str, specific: list[Place], district_after: re.Pattern[str]) -> list[Place]:
    """``specific`` less the towns named as the raion of another town of the sentence
    (``district_after``: the configured words for a raion, after its name)."""
    towns = [p for p in specific if p.kind == "town"]
    if len(towns) < 2:
        return specific
    raions = [
        p
        for p in towns
        if district_after.match(text, p.end)
        and any(q.admin1 == p.admin1 and q.location != p.location for q in towns if q is not p)
    ]
    return [p for p in specific if p not in raions] if raions else specific


_EVENT_NOUN = r"(?:attacks?|strikes?|airstrikes?|shelling|bombing|bombardment|barrage|raid|assault|explosions?|blasts?)"
# "Sunday's attack", "Sunday's missile strike" (right after the day).
_TOLD_EVENT_AFTER = re.compile(rf"['’]s\s+(?:[\w-]+\s+){{0,2}}?{_EVENT_NOUN}\b", re.I)
# "The strike hit an industrial facility ... on Thursday evening": the sentence is of the event.
_TOLD_EVENT_SUBJECT = re.compile(rf"(?:The|This|That)\s+(?:[\w-]+\s+){{0,2}}?{_EVENT_NOUN}\s+(?!on\b|in\b|of\b)\w")
# "the attack on Sunday", "the drone strike late on Sunday" (right before the day's words).
_TOLD_EVENT_BEFORE = re.compile(rf"\bthe\s+(?:[\w-]+\s+){{0,2}}?{_EVENT_NOUN}\s+(?:of\s+)?$", re.I)


# A sentence that recalls an earlier event ("Earlier in May, ...", "Previously, ...", "Last
# week a drone ...", "Two weeks ago, ...", "In an earlier attack, ...").
_RECALLS = re.compile(
    r"(?:earlier|previously|before that|prior to that|last (?:week|month|year|spring|summer|autumn|fall|winter)|"
    r"(?:a|an|one|two|three|four|five|six|several|a few|\d+) (?:days?|weeks?|months?|years?) ago|"
    r"in (?:an|a|another) (?:earlier|previous|prior|separate) (?:attack|strike|incident|raid)|"
    r"(?:an|the|a) (?:earlier|previous|prior) (?:attack|strike|raid))\b",
    re.I,
)


# "two days after", "a week after", "hours after": how far back the other event is.
_BACK = re.compile(
    r"(?:\b(?P<num>\w+)\s+)?(?P<unit>hours?|days?|weeks?|months?)(?:\s+(?:after|earlier|before)\b|\s*,)", re.I
)
_ONE_BACK = frozenset(("the", "previous"))  # "the day before", "the previous day"
# "came days after", "weeks after": no count, a span of days back (nearest, farthest): more
# than one, and "just days" in reports reach past a week (nine days is still "days").
# "Months after" is two months up to a year ("just months after the strike").
_VAGUE_BACK = {"days": (2, 10), "weeks": (14, 42), "months": (56, 365)}


def _days_back(connector: str) -> tuple[int, int] | None:
    """The days between the events a connector ("came two days after") joins, the nearest
    and the farthest (one span for "came days after"); None when it does not tell them
    ("follows")."""
    m = _BACK.search(connector)
    if m is None:
        return None
    unit = m.group("unit").lower()
    if unit.startswith("hour"):
        return 0, 0
    num = (m.group("num") or "").lower()
    value = 1 if num in _ONE_BACK else word_value(num) if num else None
    if value is None:
        return _VAGUE_BACK.get(unit)
    if unit.startswith("month"):  # "two months after": months are 28 to 31 days long
        return value * 28, value * 31
    days = value * (7 if unit.startswith("week") else 1)
    return days, days


def _totals(found: Iterable[FoundFigure]) -> dict[str, int | None]:
    """The victims' total of each kind ``found`` states (no subgroup's count)."""
    return {f.kind: f.count.best for f in found if f.group == "all" and not f.subgroup}
