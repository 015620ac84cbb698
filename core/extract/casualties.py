"""Casualty figures in a sentence: kind (killed/wounded/missing), group, low/best/high.

Besides reading the count, each figure says what it is a count OF:
- ``subgroup``: it counts part of the victims ("including two children", "three of them
  children"); it is never taken as the total;
- ``derived``: a total read off a group count ("three civilians were killed" means at least
  three killed in all); a total the report states outright wins over it;
- ``update``: a revised toll ("the death toll rose to 12"), the most recent figure.
Figures in a clause about a cumulative statistic ("500 children have been killed since
the invasion began", "in total this year") are not this incident's and are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from incident_review.core.extract.dates import MONTH_NAME
from incident_review.core.extract.event_wording import any_of
from incident_review.core.extract.lexicon import fold, lowercase_pattern
from incident_review.core.extract.numbers import BOUND, NUMBER, Count, bounded, ranged, word_value
from incident_review.core.extract.rules import Rules

_ARTICLE = r"(?:a|an|another|one|the|his|her|their)"
# Verb forms that take their victims after them ("killing two", "the death of a man").
_TAKES_OBJECT = re.compile(
    r"^(?:killing|killed|kills|wounding|wounded|injuring|injured|injures|death|deaths|lives|left|bodies|"
    r"hospitali[sz]ing|hospitali[sz]ed)$",
    re.I,
)
# Where the victims' noun phrase after a verb ends.
_CLAUSE_END = re.compile(
    r"[.;:]|,\s*(?:and\s+)?(?:while|but|which|who)\b"
    r"|\s+(?:in|on|at|after|during|when)\s+(?:the|a)\b"
)
# A count with no noun after the verb ("killed at least 20 and injured 59.", "killed 3 -
# officials said") ends here.
_BARE_END = re.compile(
    r"\s*(?:$|[,.;:)(\[+–—]|-(?!\d)|(?:and|in|on|at|when|after|while|as|during|including|more|others?|"
    r"with|from|across|over|throughout|within|near|overnight|yesterday|today|since|so far)\b)",
    re.I,
)
# Citation marks ("48[4] people") are blanked before reading, offsets kept.
_CITATION = re.compile(r"\[(?:\d{1,3}|[a-z]|citation needed|note \d+)\]")
# Right before a count, these make it a part of the victims, not their total.
_SUBGROUP_BEFORE = re.compile(
    r"(?:\b(?:including|incl\.|among them|among whom|of whom|among the (?:dead|killed|victims|injured|wounded)"
    r"(?: (?:were|are|was|is))?|among those (?:killed|injured|wounded|hurt)(?: (?:were|are))?)|\()"
    r"\s*(?:at least\s+|as many as\s+)?$",
    re.I,
)
# After a count: "three of them children", "two of whom were children", "5 of the dead".
_INCLUDING_AFTER = re.compile(r"\s*,?\s*(?:including|among them|among whom)\s+", re.I)
_SUBGROUP_AFTER = re.compile(r"^\s*of (?:them|whom|those|the (?:dead|killed|victims|injured|wounded))\b", re.I)
# One of these is in every cumulative marker of config/extraction.yaml (a cheap test first).
_MARKER_WORDS = (
    "since",
    "total",
    "war",
    "past",
    "last",
    "so far",
    "to date",
    "thus far",
    "year",
    "recorded",
    "verified",
    "documented",
    "confirmed",
    "registered",
    "counted",
    "in all",
    "overall",
    "altogether",
    "combined",
    "across",
    "throughout",
    "invasion",
    "conflict",
    "cumulative",
    "operation",
    "areas",
    "locations",
    "localities",
    "sectors",
)
_SUPERLATIVE = re.compile(
    r"\b(?:deadliest|bloodiest|largest|biggest|worst|heaviest|highest|greatest|most|first|"
    r"single|only|strongest|longest|fiercest|massive)\b"
)
# Where a clause ends, for the reach of a cumulative marker ("..., bringing the total since 2022 to 1,045").
_CLAUSE_CUTS = re.compile(
    r"[;:]|,\s*(?:and|but|while|whereas|although|bringing|raising|taking|pushing|"
    r"making)\s|\s[—–]\s|\.\s"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# "Two of the wounded later died": the count is of victims counted as wounded before.
_OF_WOUNDED = re.compile(r"^\s*of\s+(?:the|those)\s+(?:wounded|injured|hurt)\b", re.I)
_MORE_AFTER = re.compile(r"^\s*more\b", re.I)  # "two more people died"


def _added(m: re.Match[str], after: str) -> bool:
    """Whether the count ``m`` (followed by ``after``) is of victims beyond those told before:
    "two more people", "another person", "another 12", "a further three"."""
    bound = " ".join((m.groupdict().get("bound") or "").lower().split())
    return bound in ("another", "a further") or m.group("num").lower() == "another" or bool(_MORE_AFTER.match(after))


# Between a victim's role and the verb: "the driver of the truck was killed".
_OF_THE = re.compile(r"^\s*of\s+(?:the|a|an)\s+[\w-]+(?=\s)", re.I)
# A day of the month is no count: "On June 3, 12 people were killed", "the 12 May attack".
# Capitalised month names only ("may" is a verb), abbreviated with or without a dot.
_MONTH = rf"(?-i:{MONTH_NAME})"
_MONTH_BEFORE = re.compile(rf"(?<![\w-])(?<!\d\s){_MONTH}\.?\s+$")
_MONTH_AFTER = re.compile(rf"^\s+{_MONTH}\b")
_OR_MORE = re.compile(r"\s*or more\b", re.I)
_FAMILY = re.compile(rf"(?:a|an|the|one)\s+(?:\w+\s+)?family\s+of\s+(?P<num>{NUMBER})(?![\w-])", re.I)
_SAYS = re.compile(r"\b(?:said|says|reported|reports|told|stated|according)\b", re.I)

# What may stand between the victims and the verb: "Two people, including a child, were
# seriously injured", "the driver (45) was killed".
_TAIL_OK = re.compile(
    r"\s*(?:,\s*(?:including|among them|among whom)[^,]*,)?\s*(?:\([^()]*\)\s*)?(?:of them\s+)?"
    r"(?:,?\s*(?:born in (?:19|20)\d\d|aged \d{1,3}|\d{1,3}),?\s+)?"
    r"(?:more\s+|others?\s+|people\s+|or more\s+)?"
    r"(?:(?:were|was|have|has|had|been|are|is|got|remain|remained|reported|may|might|could|"
    r"are feared|feared|believed to be|confirmed|reportedly|now|being|left|lay|lie|"
    r"(?:suffered|sustained|received)(?:\s+[\w-]+){0,2}?)\s+)*"
    r"(?:reportedly\s+|also\s+|later\s+|seriously\s+|critically\s+|slightly\s+|lightly\s+|"
    r"severely\s+|badly\s+|fatally\s+|mortally\s+|moderately\s+)*",
    re.I,
)

# One more victim of a list, after the first: ", and a passenger", " and two women".
_LIST_ITEM = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:(?P<the>the)|(?P<num>{NUMBER}|an?|another))\s+", re.I)


def _plus(count: Count, more: int) -> Count:
    """``count`` and ``more`` victims."""
    return Count(*(None if n is None else n + more for n in (count.low, count.best, count.high)))


@dataclass(frozen=True)
class FoundFigure:
    kind: str
    group: str
    count: Count
    start: int
    end: int
    subgroup: bool = False  # part of the victims ("including two children"): never the total
    derived: bool = False  # a total read off a group count; a stated total wins
    update: bool = False  # a revised toll ("the death toll rose to 12")
    # More victims than the count told before ("Two more people died", "another 12"): added to it.
    added: bool = False
    # Deaths among the wounded told before ("two of the wounded later died"): moved to killed.
    of_wounded: bool = False


class CasualtyFinder:
    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        vague = "|".join(sorted((re.escape(v) for v in rules.vague), key=len, reverse=True))
        # bound, number, and the upper end of a range ("53 to 62", "15-20", "two or three").
        # A dash before a capital ends a clause ("killed 3 - Ukrainian officials said"): no
        # range's top follows it.
        self.nump = re.compile(
            rf"(?<![\w-])(?:(?P<between>between)\s+|(?P<bound>{BOUND})\s+)?"
            rf"(?P<num>{NUMBER}|{vague})(?!\w|-(?!\d))"
            rf"(?:(?:\s*(?:to|or|(?(between)and|(?!)))\s*|\s*[-–—]\s*(?-i:(?![A-Z])))(?P<top>{NUMBER})(?![\w-]))?"
            rf"(?P<plus>\+|\s+or\s+more\b)?",
            re.I,
        )
        groups = "|".join(f"(?P<{g}>{p})" for g, p in rules.group_words.items())
        # Up to three words before the group's noun ("three Ukrainian border guards"), none a number.
        self.noun = re.compile(rf"^\s*(?:(?!{NUMBER}(?![\w-]))[\w-]+\s+){{0,3}}?(?:{groups})(?![\w-])", re.I)
        # Searched in fold(text) (see lexicon.lowercase_pattern).
        self.verb = re.compile(
            lowercase_pattern(
                rf"(?<![\w-])(?:(?P<killed>{rules.killed_words})|(?P<wounded>{rules.wounded_words})|"
                rf"(?P<missing>{rules.missing_words}))(?![\w-])"
            )
        )
        # "a woman", "one man", "A 10-year-old boy": one victim.
        self.single = re.compile(r"(?<![\w-])(?P<num>a|an|one|another)(?=\s)", re.I)
        # "the driver", "the truck's driver": one victim named by role (config one_by_role).
        wording = rules.casualty_wording
        self.the_role = re.compile(
            # Not "the family of the driver was injured": the victims are the family.
            r"(?<![\w-])(?<!\bof\s)(?P<num>the)\s+(?:[\w-]+[’']s\s+)?"
            # "the 45-year-old driver", "the elderly farmer": up to two words before the role.
            r"(?=(?:(?!(?:of|and|or|with)\s)[\w-]+\s+){0,2}?" + any_of(wording["one_by_role"]) + r"(?![\w’'-]))",
            re.I,
        )
        self.role_noun = re.compile(
            r"^\s*(?:(?!(?:of|and|or|with)\s)[\w-]+\s+){0,2}?" + any_of(wording["one_by_role"]) + r"(?![\w’'-])", re.I
        )
        self.role_verbs = frozenset(v.lower() for v in wording["role_verbs"])
        self.other_event = re.compile(r"\b" + any_of(wording["other_event_words"]) + r"\b", re.I)
        self.toll = rules.toll
        self.label = rules.casualty_label
        self.cumulative = rules.cumulative
        self.not_a_count = re.compile(
            r"^\s*" + any_of(rules.casualty_wording["not_counted_after_number"]) + r"\b", re.I
        )

    def find(self, text: str) -> list[FoundFigure]:
        if not self.rules.casualty_words.any(text):
            return []  # no verb of killing/wounding/missing, no "no casualties"
        if "[" in text:
            text = _CITATION.sub(lambda m: " " * len(m.group(0)), text)
        folded = fold(text)
        found: list[FoundFigure] = []
        zero = self.rules.zero.search(folded)
        if zero:
            phrase = text[zero.start() : zero.end()].lower()
            # "No one was killed" says nothing of the wounded; "no one was hurt", "no
            # injuries", "no casualties" say no one was harmed at all: 0 killed, 0 wounded
            # (the gold rules code both as 0/0/0).
            kinds = ["killed"] if re.search(r"kill|death|dead|fatalit|died", phrase) else ["killed", "wounded"]
            found.extend(FoundFigure(k, "all", Count(0, 0, 0), zero.start(), zero.end()) for k in kinds)
        done: list[tuple[int, int]] = [] if zero is None else [(zero.start(), zero.end())]
        if "toll" in folded or "number of" in folded:
            for figure, span in self._tolls(text, folded):
                found.append(figure)
                done.append(span)
        if ":" in text or "=" in text or "|" in text:
            for figure, span in self._labels(text, folded):
                found.append(figure)
                done.append(span)
        window_start = 0
        for verb in self.verb.finditer(folded):
            kind = next(k for k in ("killed", "wounded", "missing") if verb.group(k))
            if any(a <= verb.start() < b for a, b in done):
                window_start = max(window_start, verb.end())
                continue
            written = text[verb.start() : verb.end()]
            figures = self._after(text, verb, kind) if _TAKES_OBJECT.match(written) else []
            if not figures:
                figures = self._before(text, window_start, verb, kind)
            found.extend(figures)
            if figures:
                window_start = verb.end()
        found = [
            self._marked(text, f)
            for f in self._not_cumulative(text, folded, found)
            if (f.count.best or 0) <= self.rules.largest_count
        ]
        if any(f.added for f in found):
            # "in a separate strike": more victims, of another event than the one told.
            found = _more_than_what(found, apart=self.other_event.search(text) is not None)
        return _with_totals(found)

    # ------------------------------------------------------------ special statements

    def _tolls(self, text: str, folded: str) -> list[tuple[FoundFigure, tuple[int, int]]]:
        """ "The death toll has risen to four", "the toll reached 12": a revised killed count."""
        out = []
        for m in self.toll.finditer(folded):
            n = self.nump.match(text, m.end())
            count = self._count_at(text, n) if n else None
            if n is None or count is None:
                continue
            kind = "wounded" if m.group("wounded") else "killed"
            out.append(
                (
                    FoundFigure(kind, "all", count, n.start(), n.end(), update=bool(m.group("update"))),
                    (m.start(), n.end()),
                )
            )
        return out

    def _labels(self, text: str, folded: str) -> list[tuple[FoundFigure, tuple[int, int]]]:
        """ "Fatalities: 21", "Injuries: 59+", "killed = 3" in fact boxes and tables."""
        out = []
        for m in self.label.finditer(folded):
            kind = "killed" if m.group("killed") else "wounded"
            line_end = text.find("\n", m.end())
            line_end = min(len(text) if line_end < 0 else line_end, m.end() + 120)
            # The value ("Injuries: 2 (a man, 45, ...)": only the 2), or the figures of a value
            # in words ("Estimates range from at least a dozen to over 600"): each a figure.
            first = self.nump.match(text, m.end(), line_end)
            if first is not None:
                line_end = first.end()
            for n in self.nump.finditer(text, m.end(), line_end):
                count = self._count_at(text[:line_end], n, bare=True)
                if count is not None:
                    out.append((FoundFigure(kind, "all", count, n.start(), n.end()), (m.start(), line_end)))
        return out

    def _not_cumulative(self, text: str, folded: str, found: list[FoundFigure]) -> list[FoundFigure]:
        """Drop the figures told in the clause of a cumulative statistic ("since the war began")."""
        if not found:
            return found
        spans = [_clause_around(text, m.start(), m.end()) for m in self._markers(folded)]
        if not spans:
            return found
        return [f for f in found if not any(a <= f.start < b for a, b in spans)]

    def _markers(self, folded: str) -> list[re.Match[str]]:
        """Cumulative markers, less the superlatives ("the deadliest attack since the
        invasion began" compares this incident with the war; it does not sum the war)."""
        if not any(map(folded.__contains__, _MARKER_WORDS)):
            return []  # cheap: most sentences have none of the markers' words
        return [
            m
            for m in self.cumulative.finditer(folded)
            if not _SUPERLATIVE.search(folded, max(0, m.start() - 80), m.start())
        ]

    def is_cumulative(self, text: str) -> bool:
        """Whether ``text`` states a cumulative or war-wide statistic."""
        return bool(self._markers(fold(text)))

    def _marked(self, text: str, f: FoundFigure) -> FoundFigure:
        if f.count.best == 0 or f.subgroup or f.of_wounded:
            return f
        before = text[max(0, f.start - 40) : f.start]
        if _SUBGROUP_BEFORE.search(before) or _SUBGROUP_AFTER.match(text[self._count_end(text, f) :]):
            return replace(f, subgroup=True, group=f.group if f.group != "all" else "other")
        return f

    def _count_end(self, text: str, f: FoundFigure) -> int:
        m = self.nump.match(text, f.start)
        return m.end() if m else f.end

    # ------------------------------------------------------------ counts

    def _count_at(self, text: str, m: re.Match[str], bare: bool = False) -> Count | None:
        """The count ``m`` (a ``nump`` match) reads, or None when the number counts
        something else ("5 km", "a 9-storey") or is a year."""
        if self.not_a_count.match(text[m.end() :]) or (not bare and text[max(0, m.start() - 1) : m.start()] == ":"):
            return None  # "5 km", "at 14:30"
        raw = " ".join(m.group("num").lower().split())
        if (
            raw.isdigit()
            and not m.group("bound")
            and (_MONTH_BEFORE.search(text, 0, m.start()) or _MONTH_AFTER.match(text[m.end() :]))
        ):
            return None  # "June 3", "3 May": a day
        if raw in ("a", "an", "another") and not self._group(text[m.end() :]):
            return None
        if _YEAR.match(raw) and not bare and not self._group(text[m.end() :]):
            return None
        groups = m.groupdict()
        bound = groups.get("bound")
        value = self.rules.vague.get(raw)
        if value is not None:
            return Count(value, value, None) if bound is None else bounded(bound, value)
        number = word_value(raw)
        if number is None:
            return None
        if groups.get("top"):
            top = word_value(groups["top"])
            if top is not None and top > number:
                return ranged(number, top)
        if groups.get("plus"):  # "48+", "17 or more"
            return Count(number, number, None)
        return bounded(bound, number)

    def _group(self, text: str) -> tuple[str, int] | None:
        """The victims' group named at the start of ``text`` and where its noun ends."""
        m = self.noun.match(text)
        if not m:
            return None
        group = next(g for g in self.rules.group_words if m.group(g))
        return group, m.end()

    def _after(self, text: str, verb: re.Match[str], kind: str) -> list[FoundFigure]:
        """Victims after the verb: "killing two civilians", "the death of a man and a woman",
        "killed at least 20 and injured 59"."""
        rest = text[verb.end() :]
        of = re.match(r"\s+(?:of\s+)?", rest)  # the object follows the verb directly, not after a comma
        if not of:
            return []
        offset = verb.end() + of.end()
        tail = text[offset : offset + 160]
        clause = _CLAUSE_END.split(tail)[0]
        m = self.nump.match(tail)
        if m:
            count = self._count_at(tail, m)
            grp = self._group(tail[m.end() :])
            if count and grp:
                main = FoundFigure(kind, grp[0], count, offset + m.start(), offset + m.end() + grp[1])
                # "killed three people, including a child": the child is part of the three.
                rest = tail[m.end() + grp[1] :]
                including = _INCLUDING_AFTER.match(rest)
                inner = self._subgroup_at(rest, including.end(), main.end, kind) if including else None
                return [main] if inner is None else [main, inner]
            if count and _BARE_END.match(tail[m.end() :]):
                return [FoundFigure(kind, "all", count, offset + m.start(), offset + m.end())]
        family = _FAMILY.match(tail)
        if family:  # "killing a family of four": four civilians
            value = word_value(family.group("num"))
            if value is not None:
                count = Count(value, value, value)
                span = (offset + family.start("num"), offset + family.end())
                return [FoundFigure(kind, "civilians", count, *span), FoundFigure(kind, "all", count, *span)]
        # An enumeration of people: "a 69-year-old civilian and another passer-by" = 2.
        items = [p for p in re.split(r",\s*|\s+and\s+", clause) if p.strip()]
        counted = 0
        groups: set[str] = set()
        for item in items:
            if _SAYS.search(item):
                break  # "..., the regional military administration said": who speaks, not a victim
            det = re.match(rf"\s*(?:{_ARTICLE}|{NUMBER})\b", item, re.I)
            grp = self._group(item[det.end() :]) if det else None
            if not det or not grp:
                break
            value = word_value(det.group(0).strip())
            counted += 1 if value is None else value
            groups.add(grp[0])
        if counted:
            figures = [FoundFigure(kind, "all", Count(counted, counted, counted), offset, offset + len(clause))]
            if groups == {"civilians"}:
                figures.append(
                    FoundFigure(kind, "civilians", Count(counted, counted, counted), offset, offset + len(clause))
                )
            return figures
        return []

    def _listed(self, text: str) -> tuple[int, str] | None:
        """The victims listed after the first one, up to the verb ("... and a passenger were",
        ", a woman and a child were"): their count and the words left after the list; None
        when no victim is listed there ("a man and his son": no count of the son)."""
        more, rest = 0, text
        while (item := _LIST_ITEM.match(rest)) is not None:
            noun = rest[item.end() :]
            grp = self._group(noun)
            if item.group("the"):  # "the driver and a passenger": one by role only
                role = self.role_noun.match(noun)
                grp = grp if role is not None else None
                end = role.end() if role is not None else 0
            else:
                end = grp[1] if grp is not None else 0
            value = 1 if item.group("the") else word_value(" ".join(item.group("num").lower().split()))
            if grp is None or value is None:
                return None
            more += value
            rest = noun[end:]
        return (more, rest) if more else None

    def _subgroup_at(self, text: str, at: int, offset: int, kind: str) -> FoundFigure | None:
        """The victims' part counted at ``at`` of ``text`` ("two children", "a 12-year-old boy"
        after "including"), its span shifted by ``offset``."""
        m = self.nump.match(text, at) or self.single.match(text, at)
        if m is None:
            return None
        count = self._count_at(text, m)
        grp = self._group(text[m.end() :])
        if count is None or grp is None:
            return None
        return FoundFigure(kind, grp[0], count, offset + m.start(), offset + m.end() + grp[1], subgroup=True)

    def _before(self, text: str, window_start: int, verb: re.Match[str], kind: str) -> list[FoundFigure]:
        """Victims before the verb: "Over 20 people, including two children, were wounded"."""
        head_start = max(window_start, verb.start() - 160)
        head = text[head_start : verb.start()]
        cut = max((m.end() for m in re.finditer(r"[.;:](?!\d)|\bbut\b|\bwhile\b", head)), default=0)
        head_start += cut
        head = text[head_start : verb.start()]
        # The verb must close the noun phrase: nothing but auxiliaries between.
        figures: list[FoundFigure] = []
        main: FoundFigure | None = None
        candidates = [*self.nump.finditer(head), *self.single.finditer(head)]
        if text[verb.start() : verb.end()].lower() in self.role_verbs and "the" in head.lower():
            candidates += self.the_role.finditer(head)
        for m in sorted(candidates, key=lambda m: m.start()):
            by_role = m.re is self.the_role
            count = Count(1, 1, 1) if by_role else self._count_at(head, m)
            if count is None:
                continue
            after = head[m.end() :]
            grp = self._group(after)
            between = after[grp[1] :] if grp else after
            if by_role:
                # The role is the noun ("the car's elderly driver": not "elderly", a group word too).
                role = self.role_noun.match(after)
                if grp is None or role is None:
                    continue
                between = _OF_THE.sub("", after[role.end() :], count=1)  # "the driver of the truck was killed"
            if grp is not None:
                listed = self._listed(between)
                if listed is not None:  # "A driver and a passenger were injured": two
                    more, between = listed
                    count = _plus(count, more)
            # "Two of the wounded later died": deaths among the wounded counted before.
            of_wounded = kind == "killed" and _OF_WOUNDED.match(between) is not None
            if of_wounded:
                between = _OF_WOUNDED.sub("", between, count=1)
            tail_ok = _TAIL_OK.fullmatch(between)
            including = re.match(r"\s*,\s*(?:including|among them|among whom)\s+", between, re.I)
            if including and main is not None:
                grp_name = grp[0] if grp else "all"
                figures.append(
                    FoundFigure(
                        kind,
                        grp_name,
                        count,
                        head_start + m.start(),
                        head_start + m.end() + (grp[1] if grp else 0),
                        subgroup=True,
                    )
                )
                continue
            if tail_ok or (grp and including):
                if _OR_MORE.match(between):  # "17 people or more killed": at least 17
                    count = Count(count.low, count.best, None)
                # A victim named by role is a lower bound ("derived"): a stated count wins.
                main = FoundFigure(
                    kind,
                    grp[0] if grp else "all",
                    count,
                    head_start + m.start(),
                    verb.end(),
                    derived=by_role,
                    added=_added(m, after),
                    of_wounded=of_wounded,
                )
                figures.append(main)
                if including:
                    at = head_start + m.end() + (grp[1] if grp else 0)
                    inner = self._subgroup_at(between, including.end(), at, kind)
                    if inner is not None:
                        figures.append(inner)
                break
        return figures


def _more_than_what(found: list[FoundFigure], apart: bool) -> list[FoundFigure]:
    """ "32 people were killed and 86 more were injured": "more" than the killed of the
    sentence, no addition to a wounded count told before; nor in a sentence of another
    event (``apart``)."""
    out = []
    for f in found:
        if f.added and (apart or any(g.kind != f.kind and g.start < f.start for g in found)):
            f = replace(f, added=False)
        out.append(f)
    return out


def _clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding [start:end]: cut at ; : and at ", and/but/while/whereas"."""
    cuts = _CLAUSE_CUTS
    left = max((m.end() for m in cuts.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in cuts.finditer(text, end)), len(text))
    return left, right


def _with_totals(found: list[FoundFigure]) -> list[FoundFigure]:
    """ "three civilians killed" also means at least three killed in all (not when the
    group count is only part of the victims: "including two children")."""
    have_all = {f.kind for f in found if f.group == "all" and not f.subgroup}
    extra = []
    for f in found:
        if f.group != "all" and not f.subgroup and f.kind not in have_all:
            extra.append(FoundFigure(f.kind, "all", f.count, f.start, f.end, derived=True, update=f.update))
            have_all.add(f.kind)
    return [f for f in found if f.group != "other"] + extra
