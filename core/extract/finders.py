"""What one sentence names: its places (and the roles that make some not the event's),
weapons, damage, casualty figures, attribution claims, date and event type.

Each answer is a pure function of the sentence's text. Segmentation and assembly ask
for them several times per sentence, so they are remembered while one report is read;
``forget`` drops them between reports, so memory stays small and the cost of a report
never depends on what was read before it (benchmarks stay honest).
"""

from __future__ import annotations

import re
from functools import lru_cache, partial

from incident_review.core.extract.attribution import find_claims, local_official
from incident_review.core.extract.casualties import CasualtyFinder
from incident_review.core.extract.dates import find_date
from incident_review.core.extract.lexicon import fold
from incident_review.core.extract.places import Place
from incident_review.core.extract.rules import Rules
from incident_review.core.extract.text import Sentence

# What may stand between two towns of one list: "Kyiv, Dnipro, and Pokrovsk", "Sumy and Kharkiv".
LIST_GAP = re.compile(r"(?:\s*,\s*(?:and\s+|as well as\s+)?|\s+(?:and|as well as)\s+)")

Spans = dict[str, tuple[int, int]]
# Right before a weapon, words that make it the defender's, not the attack's: "shot down by
# air defence missiles", "intercepted by surface-to-air missiles" (folded text).
_DEFENDING = re.compile(
    r"(?:(?:shot down|intercepted|downed|destroyed|neutrali[sz]ed)\s+(?:[\w-]+\s+){0,4}?by\s+(?:the\s+|an?\s+)?"
    r"(?:[\w-]+\s+){0,2}?|(?:air[- ]defen[cs]e|anti-aircraft|anti-air|surface-to-air|interceptor)\s+(?:[\w-]+\s+)?)$"
)


class Finders:
    def __init__(self, rules: Rules, casualties: CasualtyFinder) -> None:
        self.rules = rules
        self.figures = lru_cache(maxsize=4096)(casualties.find)
        self.is_cumulative = casualties.is_cumulative  # asked of few sentences: not remembered
        self.claims = lru_cache(maxsize=4096)(partial(find_claims, rules))
        self.roles = lru_cache(maxsize=4096)(self._place_roles)
        self.places = lru_cache(maxsize=4096)(self._event_places)
        self.damage = lru_cache(maxsize=4096)(self._find_damage)
        self._scan = lru_cache(maxsize=4096)(self._scan_weapons)
        self.date = lru_cache(maxsize=4096)(find_date)
        self._typed = lru_cache(maxsize=4096)(self._type_of)
        self._content = lru_cache(maxsize=4096)(self._has_content)
        self._memos = (
            self.figures,
            self.claims,
            self.roles,
            self.places,
            self.damage,
            self._scan,
            self.date,
            self._typed,
            self._content,
        )

    def forget(self) -> None:
        """Drop the answers remembered for the previous report's sentences."""
        for memo in self._memos:
            memo.cache_clear()

    # ------------------------------------------------------------ places

    def _event_places(self, text: str) -> list[Place]:
        """The places of ``text`` an event may be in: not a launch site, a visit, a ship's name."""
        return [p for p, role in self.roles(text) if role is None]

    def _place_roles(self, text: str) -> list[tuple[Place, str | None]]:
        """Each place of ``text`` with the role that makes it not the event's place, if any.
        A place listed right after one with a role shares it ("taken to hospitals in Sumy and
        Okhtyrka", "launched from the Kursk and Belgorod regions")."""
        roles = self.rules.place_roles
        out: list[tuple[Place, str | None]] = []
        for p in sorted(self.rules.gazetteer.find(text), key=lambda q: q.start):
            role = roles.role(text, p.start, p.end, p.kind)
            if role is None and out and out[-1][1] is not None and LIST_GAP.fullmatch(text, out[-1][0].end, p.start):
                role = out[-1][1]
            out.append((p, role))
        return out

    def names_only_other_places(self, text: str) -> bool:
        """Every place of ``text`` has a role: "The missile was launched from Kursk Oblast, the
        air force said" tells where from, not another event."""
        found = self.roles(text)
        return bool(found) and all(role is not None for _, role in found)

    # ------------------------------------------------------------ what the sentence tells

    def has_content(self, s: Sentence) -> bool:
        """Whether ``s`` tells anything of an incident: an event word, a casualty figure, a
        claim, damage or a local official's word."""
        return self._content(s.text)  # asked several times of one unit by segmentation

    def _has_content(self, text: str) -> bool:
        return bool(
            self.rules.trigger.search(fold(text))
            or self.figures(text)
            or self.claims(text)
            or self.damage(text)
            or local_official(self.rules, text)
        )

    def _scan_weapons(self, text: str) -> tuple[Spans, Spans]:
        """Typed weapons ("S-300 missile") and weapon names ("missile"), each with the
        span of its first mention."""
        typed: Spans = {}
        named: Spans = {}
        for weapon, m_pattern in self.rules.weapon_types.candidates(text):
            for m in m_pattern.finditer(text):
                typed.setdefault(f"{m.group(0)} {weapon}", (m.start(), m.end()))
        folded = fold(text)
        for name, pattern in self.rules.weapons.candidates(text):
            for found in pattern.finditer(folded):
                if not _DEFENDING.search(folded, max(0, found.start() - 60), found.start()):
                    named.setdefault(name, (found.start(), found.end()))
                    break
        return typed, named

    def weapons(self, text: str) -> list[str]:
        """Weapons named in ``text``; a bare name a typed one already covers is left out."""
        typed, named = self._scan(text)
        found = list(typed)
        for name in named:
            if name not in found and not any(w.endswith(" " + name) for w in found):
                found.append(name)
        return found

    def weapon_spans(self, text: str) -> Spans:
        typed, named = self._scan(text)
        spans = dict(typed)
        for name, span in named.items():
            spans.setdefault(name, span)
        return spans

    def _find_damage(self, text: str) -> Spans:
        folded = fold(text)
        if not self.rules.event_wording.damage_context.search(folded):
            return {}
        hits: list[tuple[int, int, str]] = []
        for name, pattern in self.rules.damage.candidates(text):
            hits.extend((m.start(), m.end(), name) for m in pattern.finditer(folded))
        # Longest match wins where two overlap ("medical clinic" over "clinic").
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: Spans = {}
        last_end = -1
        for start, end, name in hits:
            if start < last_end:
                continue
            out.setdefault(name, (start, end))
            last_end = end
        return out

    def event_type(self, text: str, weapons: list[str]) -> tuple[str, str]:
        """ACLED's event type and sub-event type of ``text`` naming ``weapons``: the first
        rule of config/extraction.yaml's ``event_types`` that holds, else the default."""
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
        return self.rules.default_event_type
