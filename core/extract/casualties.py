"""Casualty figures in a sentence: kind (killed/wounded/missing), group, low/best/high."""

from __future__ import annotations

import re
from dataclasses import dataclass

from incident_review.core.extract.lexicon import fold, lowercase_pattern
from incident_review.core.extract.numbers import BOUND, NUMBER, Count, bounded, word_value
from incident_review.core.extract.rules import Rules

_ARTICLE = r"(?:a|an|another|one|the)"
# Verb forms that take their victims after them ("killing two", "the death of a man").
_TAKES_OBJECT = re.compile(r"^(?:killing|killed|wounding|wounded|injuring|injured|death|deaths|lives|left)$", re.I)
# Where the victims' noun phrase after a verb ends.
_CLAUSE_END = re.compile(r"[.;:]|,\s*(?:and\s+)?(?:while|but|which|who)\b"
                         r"|\s+(?:in|on|at|after|during|when)\s+(?:the|a)\b")
_NOT_A_COUNT = re.compile(r"^\s*(?:-year-old|-storey|-story|km|kilomet|miles?|met(?:er|re)s?|percent|%|per cent|"
                          r"years?|months?|days?|hours?|minutes?|times|o'clock|am|pm|a\.m|p\.m|missiles?|drones?|"
                          r"rockets?|shells?)\b", re.I)


@dataclass(frozen=True)
class FoundFigure:
    kind: str
    group: str
    count: Count
    start: int
    end: int


class CasualtyFinder:
    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        vague = "|".join(sorted((re.escape(v) for v in rules.vague), key=len, reverse=True))
        self.nump = re.compile(rf"(?<![\w-])(?:({BOUND})\s+)?({NUMBER}|{vague})(?![\w-])", re.I)
        groups = "|".join(f"(?P<{g}>{p})" for g, p in rules.group_words.items())
        self.noun = re.compile(rf"^\s*(?:[\w-]+\s+){{0,3}}?(?:{groups})(?![\w-])", re.I)
        # Searched in fold(text) (see lexicon.lowercase_pattern).
        self.verb = re.compile(lowercase_pattern(
            rf"(?<![\w-])(?:(?P<killed>{rules.killed_words})|(?P<wounded>{rules.wounded_words})|"
            rf"(?P<missing>{rules.missing_words}))(?![\w-])"))
        # "a woman", "one man", "A 10-year-old boy": one victim.
        self.single = re.compile(r"(?<![\w-])()(a|an|one)(?=\s)", re.I)

    def find(self, text: str) -> list[FoundFigure]:
        if not self.rules.casualty_words.any(text):
            return []  # no verb of killing/wounding/missing, no "no casualties"
        found: list[FoundFigure] = []
        zero = self.rules.zero.search(fold(text))
        if zero:
            phrase = text[zero.start():zero.end()].lower()
            kinds = ["killed", "wounded"] if "casualt" in phrase or "victims" in phrase else (
                ["wounded"] if re.search(r"injur|hurt", phrase) else ["killed"])
            found.extend(FoundFigure(k, "all", Count(0, 0, 0), zero.start(), zero.end()) for k in kinds)
        window_start = 0
        for verb in self.verb.finditer(fold(text)):
            kind = next(k for k in ("killed", "wounded", "missing") if verb.group(k))
            if zero and zero.start() <= verb.start() < zero.end():
                window_start = verb.end()
                continue
            written = text[verb.start():verb.end()]
            figures = self._after(text, verb, kind) if _TAKES_OBJECT.match(written) else []
            if not figures:
                figures = self._before(text, window_start, verb, kind)
            found.extend(figures)
            if figures:
                window_start = verb.end()
        return _with_totals(found)

    def _count_at(self, text: str, m: re.Match[str]) -> Count | None:
        if _NOT_A_COUNT.match(text[m.end():]):
            return None
        raw = m.group(2).lower()
        if raw in ("a", "an") and not self._group(text[m.end():]):
            return None
        value = self.rules.vague.get(raw)
        if value is not None:
            return Count(value, value, None) if m.group(1) is None else bounded(m.group(1), value)
        number = word_value(raw)
        return None if number is None else bounded(m.group(1), number)

    def _group(self, text: str) -> tuple[str, int] | None:
        """The victims' group named at the start of ``text`` and where its noun ends."""
        m = self.noun.match(text)
        if not m:
            return None
        group = next(g for g in self.rules.group_words if m.group(g))
        return group, m.end()

    def _after(self, text: str, verb: re.Match[str], kind: str) -> list[FoundFigure]:
        """Victims after the verb: "killing two civilians", "the death of a man and a woman"."""
        rest = text[verb.end():]
        of = re.match(r"\s+(?:of|at least|more than)?\s*", rest)
        offset = verb.end() + (of.end() if of else 0)
        tail = text[offset:offset + 160]
        clause = _CLAUSE_END.split(tail)[0]
        m = self.nump.match(clause)
        if m:
            count = self._count_at(clause, m)
            grp = self._group(clause[m.end():])
            if count and grp:
                return [FoundFigure(kind, grp[0], count, offset + m.start(), offset + m.end() + grp[1])]
        # An enumeration of people: "a 69-year-old civilian and another passer-by" = 2.
        items = [p for p in re.split(r",\s*|\s+and\s+", clause) if p.strip()]
        counted = 0
        groups: set[str] = set()
        for item in items:
            det = re.match(rf"\s*(?:{_ARTICLE}|{NUMBER})\b", item, re.I)
            grp = self._group(item[det.end():]) if det else None
            if not det or not grp:
                break
            value = word_value(det.group(0).strip()) or 1
            counted += value
            groups.add(grp[0])
        if counted:
            figures = [FoundFigure(kind, "all", Count(counted, counted, counted), offset, offset + len(clause))]
            if groups == {"civilians"}:
                figures.append(FoundFigure(kind, "civilians", Count(counted, counted, counted), offset,
                                           offset + len(clause)))
            return figures
        return []

    def _before(self, text: str, window_start: int, verb: re.Match[str], kind: str) -> list[FoundFigure]:
        """Victims before the verb: "Over 20 people, including two children, were wounded"."""
        head_start = max(window_start, verb.start() - 160)
        head = text[head_start:verb.start()]
        cut = max((m.end() for m in re.finditer(r"[.;:]|\bbut\b|\bwhile\b", head)), default=0)
        head_start += cut
        head = text[head_start:verb.start()]
        # The verb must close the noun phrase: nothing but auxiliaries between.
        figures: list[FoundFigure] = []
        main: FoundFigure | None = None
        candidates = sorted([*self.nump.finditer(head), *self.single.finditer(head)], key=lambda m: m.start())
        for m in candidates:
            count = self._count_at(head, m)
            if count is None:
                continue
            after = head[m.end():]
            grp = self._group(after)
            between = after[grp[1]:] if grp else after
            tail_ok = re.fullmatch(
                r"\s*(?:,\s*(?:including|among them|among whom)[^,]*,)?\s*(?:of them\s+)?"
                r"(?:(?:were|was|have|has|had|been|are|is|got|remain|remained|reported|may|might|could|"
                r"are feared|feared)\s+)*"
                r"(?:reportedly\s+|also\s+|later\s+|seriously\s+|critically\s+|slightly\s+)*", between, re.I)
            including = re.match(r"\s*,\s*(?:including|among them|among whom)\s+", between, re.I)
            if including and main is not None:
                grp_name = grp[0] if grp else "all"
                figures.append(FoundFigure(kind, grp_name, count, head_start + m.start(),
                                           head_start + m.end() + (grp[1] if grp else 0)))
                continue
            if tail_ok or (grp and including):
                main = FoundFigure(kind, grp[0] if grp else "all", count, head_start + m.start(), verb.end())
                figures.append(main)
                if including:
                    inner = self.nump.search(between, including.end())
                    if inner:
                        inner_count = self._count_at(between, inner)
                        inner_grp = self._group(between[inner.end():])
                        if inner_count and inner_grp:
                            at = head_start + m.end() + (grp[1] if grp else 0)
                            figures.append(FoundFigure(kind, inner_grp[0], inner_count, at + inner.start(),
                                                       at + inner.end() + inner_grp[1]))
                break
        return figures


def _with_totals(found: list[FoundFigure]) -> list[FoundFigure]:
    """"three civilians killed" also means at least three killed in all."""
    have_all = {f.kind for f in found if f.group == "all"}
    extra = []
    for f in found:
        if f.group != "all" and f.kind not in have_all:
            extra.append(FoundFigure(f.kind, "all", f.count, f.start, f.end))
            have_all.add(f.kind)
    return found + extra
