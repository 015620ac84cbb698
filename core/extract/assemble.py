"""Assemble one ``Draft`` into an ``Incident``: its values read off its sentences, each with
the report span it came from."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from incident_review.core.extract.attribution import FoundClaim, blaming_official
from incident_review.core.extract.casualties import FoundFigure
from incident_review.core.extract.draft import Draft, Share
from incident_review.core.extract.figures import FigureKey, keep_figure
from incident_review.core.extract.finders import Finders
from incident_review.core.extract.lexicon import fold
from incident_review.core.extract.numbers import Count
from incident_review.core.extract.rules import Rules
from incident_review.core.extract.text import Sentence
from incident_review.core.model import Claim, Figure, Incident, Source, Span

_MAX_SUMMARY = 400
# The side of "the enemy" (config/actors.yaml): the other side of the territory hit.
ENEMY = "enemy"
_IN_TOWN_AFTER = re.compile(r"\s+(?:(?:people|persons|civilians)\s+)?in\s+(?:the\s+(?:city|town|village)\s+of\s+)?")


class _Spans:
    """The report span of each value, the first mention kept."""

    def __init__(self, report_id: str) -> None:
        self.report_id = report_id
        self.spans: dict[str, Span] = {}

    def add(self, key: str, s: Sentence, start: int, end: int) -> None:
        self.spans.setdefault(key, Span(self.report_id, s.start + start, s.start + end))


class Assembler:
    def __init__(self, rules: Rules, finders: Finders) -> None:
        self.rules = rules
        self.f = finders

    def assemble(
        self,
        d: Draft,
        drafts: list[Draft],
        published: dt.date | None,
        report_id: str,
        outlet: str | None,
        url: str | None,
    ) -> Incident:
        spans = _Spans(report_id)
        weapons, damage = self._named(d, spans)
        if not weapons:
            weapons = self._fallback_weapons(d, spans)
        figures = self._figures(d, drafts, report_id)
        claims = self._claims(d, report_id)
        # A place hit "also" or "nearby" with no weapon or attack word of its own shares
        # the type of the incident it was told with.
        own_evidence = bool(weapons) or bool(self.rules.event_wording.attack_words.search(self._event_text(d)))
        parent = d.parent if not own_evidence and d.parent is not None else None
        typed = parent or d
        event_type, sub_event_type = self.f.event_type(self._event_text(typed), self._draft_weapons(typed))
        date, date_end, precision = _date(d, parent, published)
        if d.date_sentence is not None and d.date is not None:
            spans.add("date", d.date_sentence, d.date.start, d.date.end)
        if d.place is not None and d.place_sentence is not None:
            spans.add("location" if d.location else "admin1", d.place_sentence, d.place.start, d.place.end)
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
            spans=spans.spans,
        )

    def _named(self, d: Draft, spans: _Spans) -> tuple[list[str], list[str]]:
        """The weapons and damage the incident's sentences name, in reading order; a bare
        weapon name a typed one already covers ("missile" after "S-300 missile") is left out."""
        weapons: list[str] = []
        damage: list[str] = []
        for s in d.sentences:
            for name, (a, b) in self.f.weapon_spans(s.text).items():
                if name not in weapons and not any(w.endswith(" " + name) for w in weapons):
                    weapons.append(name)
                    spans.add(f"weapons:{name}", s, a, b)
            for name, (a, b) in self.f.damage(s.text).items():
                if name not in damage:
                    damage.append(name)
                    spans.add(f"damage:{name}", s, a, b)
        return weapons, damage

    def _fallback_weapons(self, d: Draft, spans: _Spans) -> list[str]:
        """With no weapon named, the generic words that still tell one ("shelling")."""
        weapons: list[str] = []
        for s in d.sentences:
            for name, pattern in self.rules.weapon_fallbacks:
                m = pattern.search(fold(s.text))
                if m and name not in weapons:
                    weapons.append(name)
                    spans.add(f"weapons:{name}", s, m.start(), m.end())
        return weapons

    def _figures(self, d: Draft, drafts: list[Draft], report_id: str) -> dict[FigureKey, Figure]:
        figures: dict[FigureKey, Figure] = {}
        found: dict[FigureKey, list[FoundFigure]] = {}
        for s in d.sentences:
            share = d.shares.get(s.start)
            for f in self.f.figures(s.text) if share is None else _own_share(self.f.figures(s.text), share):
                # "Shelled Nikopol and Marhanets, wounding three people in Nikopol": the
                # town the count names, if any (looked up once: both checks read it).
                town = self._town_after(s, f) if d.location is not None else None
                if town is not None and town.casefold() != (d.location or "").casefold():
                    continue  # another town's count
                if s.start in d.listed and share is None and f.count.best != 0 and town is None:
                    continue  # a toll over several towns is none of theirs alone ("no one was hurt" is each's)
                keep_figure(figures, f, s, report_id, found)
        if not figures:
            self._zero_by_paragraph(d, drafts, figures, report_id)
        return figures

    def _town_after(self, s: Sentence, f: FoundFigure) -> str | None:
        """The town named right after a count ("three people in Nikopol"), if any."""
        m = _IN_TOWN_AFTER.match(s.text, f.end)
        if m is None:
            return None
        town = next((p for p in self.f.places(s.text) if p.kind == "town" and p.start == m.end()), None)
        return None if town is None else town.location or ""

    def _zero_by_paragraph(
        self, d: Draft, drafts: list[Draft], figures: dict[FigureKey, Figure], report_id: str
    ) -> None:
        """ "No casualties were reported" closes a paragraph about several places: it holds
        for every incident of that paragraph that states no casualties of its own."""
        paragraphs = {s.paragraph for s in d.sentences}
        for other in drafts:
            if other is d:
                continue
            for s in other.sentences:
                if s.paragraph not in paragraphs:
                    continue
                for f in self.f.figures(s.text):
                    if f.count.best == 0:
                        keep_figure(figures, f, s, report_id)

    def _claims(self, d: Draft, report_id: str) -> list[Claim]:
        """Who did it and who says so: one claim per actor and stance, the first said."""
        claims: list[Claim] = []
        for s in d.sentences:
            for found in self.f.claims(s.text):
                c = self._enemy_of(d, found) if found.side == ENEMY else found
                if c is not None:
                    _keep_claim(claims, c, s, report_id)
        self._blame_by_local_official(d, claims, report_id)
        return claims

    def _enemy_of(self, d: Draft, c: FoundClaim) -> FoundClaim | None:
        """ "The enemy shelled Nikopol": the forces of the side whose territory was not hit."""
        own = self.rules.country_sides.get(d.country or "")
        others = [side for side in set(self.rules.country_sides.values()) if side != own]
        if own is None or len(others) != 1 or others[0] not in self.rules.forces_of:
            return None
        forces = self.rules.forces_of[others[0]]
        return replace(c, actor=forces.name, side=forces.side)

    def _blame_by_local_official(self, d: Draft, claims: list[Claim], report_id: str) -> None:
        """An official of the place that was hit, cited on the incident, blames the other
        side's forces named as perpetrators."""
        if d.country is None:
            return
        home_side = self.rules.country_sides.get(d.country)
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

    def _event_text(self, d: Draft) -> str:
        """The type comes from the sentences that name the event's place, not from every
        sentence that adds a detail ("... to respond to future raids")."""
        return " ".join({id(s): s.text for s in (d.anchor, d.place_sentence) if s is not None}.values())

    def _draft_weapons(self, d: Draft) -> list[str]:
        weapons: list[str] = []
        for s in d.sentences:
            weapons.extend(w for w in self.f.weapons(s.text) if w not in weapons)
        return weapons


def _keep_claim(claims: list[Claim], c: FoundClaim, s: Sentence, report_id: str) -> None:
    if any(x.actor == c.actor and x.stance == c.stance for x in claims):
        return
    claims.append(Claim(c.actor, "perpetrator", c.stance, c.by, report_id, s.start + c.start, s.start + c.end))


def _date(d: Draft, parent: Draft | None, published: dt.date | None) -> tuple[dt.date | None, dt.date | None, str]:
    info = d.date or (parent.date if parent is not None else None)
    if info is not None:
        end = info.date_end if info.precision == "range" else None
        return info.date, end, info.precision
    if d.undated or published is None:
        return None, None, "unknown"
    return published, None, "day"


def _own_share(found: list[FoundFigure], share: Share) -> list[FoundFigure]:
    """A toll shared out by town ("killed four: two in Kharkiv, one in Sumy"): this town's
    count, of the kind its words say or else of the sentence's first total; the other
    figures are the whole's or the other towns'."""
    count = Count(share.count, share.count, share.count)
    if share.kind is not None:
        return [FoundFigure(share.kind, "all", count, share.start, share.end)]
    total = next((f for f in found if f.group == "all" and not f.subgroup), None)
    if total is None:
        return []
    # Its span is the town's words ("two in Pokrovsk"): the total's may end before another town.
    return [replace(total, count=count, start=share.start, end=share.end)]
