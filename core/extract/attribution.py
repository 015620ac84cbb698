"""Attribution claims in a sentence: who did it, and who says so (reported, blamed,
claimed, denied)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from incident_review.core.extract.lexicon import fold
from incident_review.core.extract.rules import Actor, Rules

_ASSERT_WORDS = (
    "said",
    "says",
    "claim",
    "alleg",
    "state",
    "insist",
    "believ",
    "suspect",
    "argu",
    "saying",
    "suggest",
    "conclud",
)
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
_BLAME = re.compile(r"\b(?:blamed|blames|accused|accuses|held)\s+(?:the\s+)?$", re.I)
# The verbs of an assertion, which both readings below share.
_ASSERT_VERBS = (
    r"said|says|claimed|claims|alleged|alleges|stated|states|insisted|insists|believes?|suspects?|argued|argues"
)
# Who struck, as someone asserts it ("Shoigu claimed Ukraine had used eight drones"):
# a report and, by whoever says it, blame.
_ASSERTED_BEFORE = re.compile(
    rf"\b(?:{_ASSERT_VERBS}|accused\s+\w+\s+of\s+saying)\s+(?:that\s+)?(?:the\s+)?(?:\w+\s+){{0,2}}$",
    re.I,
)
# "... said (that) the missile was likely an air defence missile fired by Ukrainian forces":
# the assertion opens a clause the side is named in further on (no clause break between).
_ASSERTED_CLAUSE = re.compile(
    rf"\b(?:{_ASSERT_VERBS}|suggested|suggests|concluded)\b(?:(?!,\s*(?:while|but|whereas|and)\b)[^.;:!?])*$",
    re.I,
)
# Where a weapon was launched from names who launched it: "fired from Ukrainian positions",
# "launched from Russian territory" (not "fired from Russia's Kursk region": a place).
_LAUNCHED_FROM_BEFORE = re.compile(r"\b(?:fired|launched|shot)\s+from\s+(?:the\s+)?$", re.I)
_LAUNCH_GROUND_AFTER = re.compile(
    r"^\s+(?:(?:firing|military|artillery|launch)\s+)?(?:positions?|territory|side|soil|lines)\b",
    re.I,
)
# "... stated Russia was responsible", "Ukraine is responsible for the attack".
_RESPONSIBLE_AFTER = re.compile(
    r"\s*(?:was|is|were|are)\s+(?:(?:held|likely|probably|directly|fully|solely)\s+)?responsible\b", re.I
)
# "X claimed responsibility", "X took responsibility for the raid", and with an aside
# between the name and the verb: "X, a group of exiles fighting for Kyiv, claimed ...".
_CLAIM_AFTER = re.compile(
    r"^(?:\s*,[^,.;:]{1,150},(?:\[\w+\])*)?\s*(?:has\s+|have\s+|had\s+)?(?:later\s+|quickly\s+|soon\s+)?"
    r"(?:(?:claimed|took|assumed|accepted)\s+(?:full\s+)?responsibility|claimed\s+credit)",
    re.I,
)
# "(per Russia, denied by Ukraine)", "a claim rejected by Kyiv": the side named denies.
_DENIED_BY_BEFORE = re.compile(r"\b(?:denied|rejected|dismissed|refuted)\s+by\s+(?:the\s+)?$", re.I)
# Between an actor's name and its verb: "Russia's defence ministry denied", "Moscow has
# repeatedly denied".
_ORGAN = (
    r"(?:[’']s)?\s*(?:(?:defen[cs]e|foreign)\s+ministry|ministry\s+of\s+(?:defen[cs]e|foreign\s+affairs)|"
    r"military|army|government|embassy|general\s+staff|officials|authorities|spokes(?:man|woman|person))?"
)
_DENY_AFTER = re.compile(
    _ORGAN + r"\s*(?:has\s+|have\s+|had\s+)?(?:also\s+|repeatedly\s+|consistently\s+|strongly\s+|flatly\s+)?"
    r"(?:denied|denies|deny|rejected|rejects|dismissed\s+(?:the\s+)?(?:accusations?|claims?|allegations?|reports?)"
    # "... said it had no involvement in", "said it was not involved in", "said it was not responsible for"
    r"|(?:said|says|stated|insisted|insists)\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:it|they)\s+(?:had|has|have|was|were|is|are)\s+"
    r"(?:no\s+(?:involvement|part|role)|not\s+(?:been\s+)?(?:involved|responsible)|nothing\s+to\s+do)"
    # "Kyiv called the attack a provocation", "dismissed the reports as a false flag"
    r"|(?:called|calls|described|describes|dismissed|dismisses)\s+(?:the\s+|this\s+|that\s+|these\s+|it\b\s*)"
    r"(?:\w+\s+){0,2}?(?:as\s+)?(?:an?\s+)?(?:deliberate\s+|staged\s+)?"
    r"(?:provocation|false[-\s]flag|fabrication|fake|hoax|staged))\b",
    re.I,
)
# A side's own word on its strike: "... said its forces struck", "... said it had hit".
_SELF_CLAIM_AFTER = re.compile(
    _ORGAN + r"\s+(?:has\s+|had\s+)?(?:said|says|claimed|claims|announced|announces|reported|reports|stated|"
    r"confirmed|confirms)\s+(?:on\s+\w+\s+|in\s+a\s+statement\s+)?(?:that\s+)?"
    r"(?:(?:its|their)\s+(?:own\s+)?(?:forces|troops|units|army|military|aircraft|aviation|air\s+force|navy|"
    r"drones|missiles|artillery|fighters|soldiers)|it|they)\s+(?:had\s+|have\s+|has\s+)?"
    r"(?:launched|struck|hit|targeted|attacked|carried\s+out|conducted|delivered|bombed|shelled|fired|"
    r"destroyed(?!\s+(?:\w+\s+){0,3}(?:drones?|missiles?|UAVs?|rockets?)))\b",
    re.I,
)
_SELF_CLAIM_HINT = re.compile(
    r"\b(?:its|their|it|they)\s+(?:\w+\s+){0,3}?(?:launched|struck|hit|targeted|attacked|"
    r"carried|conducted|delivered|bombed|shelled|fired|destroyed)\b"
)


@dataclass(frozen=True)
class FoundClaim:
    actor: str
    side: str
    stance: str
    by: str | None
    start: int
    end: int


def _speaker_before(rules: Rules, text: str) -> str | None:
    """Who speaks in ``text`` (the words before "blamed")."""
    best: tuple[int, str] | None = None
    folded = fold(text)
    for _name, pattern in rules.speakers:
        for m in pattern.finditer(folded):
            if best is None or m.start() > best[0]:
                best = (m.start(), text[m.start() : m.end()])
    for m in rules.local_officials.finditer(text) if rules.local_officials_gate.any(text) else ():
        if best is None or m.start() >= best[0]:
            best = (m.start(), m.group(0))
    return best[1] if best else None


def find_claims(rules: Rules, text: str) -> list[FoundClaim]:
    claims: list[FoundClaim] = _self_claims(rules, text)
    taken: list[tuple[int, int]] = [(c.start, c.end) for c in claims]
    folded = fold(text)
    for actor in rules.actors_in(text):
        for m in actor.pattern.finditer(folded):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            claim = _classify(rules, text, actor, m)
            if claim:
                claims.append(claim)
                taken.append((m.start(), m.end()))
                asserted = _asserted_before(text, m.start()) if claim.stance == "reported" else None
                if asserted:
                    by = _speaker_before(rules, text[: asserted.start()])
                    claims.append(FoundClaim(actor.name, actor.side, "blamed", by, m.start(), m.end()))
    claims.extend(_blamed_by_other_side(rules, text, claims))
    claims.extend(_claimed_by_own_side(rules, text, claims))
    seen: set[tuple[str, str]] = set()
    unique = []
    for c in claims:  # one claim per actor and stance: the first said
        if (c.actor, c.stance) not in seen:
            seen.add((c.actor, c.stance))
            unique.append(c)
    return sorted(unique, key=lambda c: c.start)


def _self_claims(rules: Rules, text: str) -> list[FoundClaim]:
    """ "The Russian Ministry of Defence said its forces struck ...", "Ukraine's military
    said it hit ...": the side claims the strike (ACLED's "claimed"), it does not just
    report it."""
    # Most sentences have no "said it/its ...": two substring tests dismiss them.
    if (" it" not in text and " they" not in text and " their" not in text) or not _SELF_CLAIM_HINT.search(text):
        return []
    out: list[FoundClaim] = []
    folded = fold(text)
    for _name, side, pattern in rules.speaker_sides:
        actor = rules.forces_of.get(side)
        if actor is None:
            continue
        for m in pattern.finditer(folded):
            if _SELF_CLAIM_AFTER.match(text, m.end()):
                out.append(
                    FoundClaim(actor.name, side, "claimed", text[m.start() : m.end()].strip(), m.start(), m.end())
                )
                break
    return out


# "According to the Russian Ministry of Defence, Ukrainian missiles ...": the speaker named first.
_ACCORDING_BEFORE = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.I)
_SAYS_AFTER = re.compile(r"[^.;]{0,40}?\b(?:said|says|reported|reports|stated|announced|confirmed)\b", re.I)


def _claimed_by_own_side(rules: Rules, text: str, claims: list[FoundClaim]) -> list[FoundClaim]:
    """ "Russian forces struck a facility in X, the Russian Defence Ministry said": a side's
    military telling its own strike claims it (the order of "said its forces struck" reversed)."""
    reported = [c for c in claims if c.stance == "reported"]
    if not reported or not rules.attribution_wording.states.search(text):
        return []
    folded = fold(text)
    out: list[FoundClaim] = []
    for _name, side, pattern in rules.speaker_sides:
        for m in pattern.finditer(folded):
            organ = rules.attribution_wording.military_organ.search(text, m.start(), min(len(text), m.end() + 30))
            if organ is None or not _SAYS_AFTER.match(text, organ.end()):
                continue
            for c in reported:
                if c.side == side and c.end <= m.start() and not any(o.actor == c.actor for o in out):
                    by = text[m.start() : m.end()].strip()
                    out.append(FoundClaim(c.actor, c.side, "claimed", by, c.start, c.end))
    return out


def _blamed_by_other_side(rules: Rules, text: str, claims: list[FoundClaim]) -> list[FoundClaim]:
    """ "Russian officials said Ukrainian drones attacked ...": the other side's word on
    who struck is blame as well as a report."""
    reported = [c for c in claims if c.stance == "reported"]
    if not reported or not rules.attribution_wording.states.search(text):
        return []
    folded = fold(text)
    words = rules.attribution_wording
    out: list[FoundClaim] = []
    for _name, side, pattern in rules.speaker_sides:
        m = pattern.search(folded)
        if m is None or (
            not words.speaker_after.match(text, m.end())
            and not words.states.match(text, m.end() + 1)
            and not _ACCORDING_BEFORE.search(folded, max(0, m.start() - 20), m.start())
        ):
            continue
        for c in reported:
            if (
                c.side != side
                and c.side not in rules.sides_not_blamed_by_others
                and not any(o.actor == c.actor for o in out)
            ):
                out.append(FoundClaim(c.actor, c.side, "blamed", text[m.start() : m.end()].strip(), c.start, c.end))
    return out


def _classify(rules: Rules, text: str, actor: Actor, m: re.Match[str]) -> FoundClaim | None:
    # ``m`` was found in the folded text: its words as written are text[m.start():m.end()].
    before, after = text[: m.start()], text[m.end() :]
    words = rules.attribution_wording
    if _CLAIM_AFTER.match(after):
        return FoundClaim(actor.name, actor.side, "claimed", text[m.start() : m.end()].strip(), m.start(), m.end())
    if _DENIED_BY_BEFORE.search(before[-30:]):
        return FoundClaim(actor.name, actor.side, "denied", text[m.start() : m.end()].strip(), m.start(), m.end())
    if _may_deny(after) and _DENY_AFTER.match(after):
        return FoundClaim(actor.name, actor.side, "denied", text[m.start() : m.end()].strip(), m.start(), m.end())
    if words.speaker_after.match(after):
        return None  # "Ukrainian officials said ...": who speaks, not who struck
    if _place_before(text, m.start(), words.place_words) and not (
        text[m.start() : m.end()].rstrip().endswith("ian") and words.weapon_after.match(after)
    ):
        # "strikes in Kyiv struck the tower": the place, not a side; "killed in Russian
        # shelling" names the side by its adjective before the weapon.
        return None
    blame = _BLAME.search(before)
    if blame:
        by = _speaker_before(rules, before[: blame.start()])
        return FoundClaim(actor.name, actor.side, "blamed", by, m.start(), m.end())
    if _RESPONSIBLE_AFTER.match(after):
        return FoundClaim(actor.name, actor.side, "blamed", _speaker_before(rules, before), m.start(), m.end())
    if (
        words.attack_after.match(after)
        or words.weapon_after.match(after)
        or _BY_BEFORE.search(before)
        or words.weapon_before.search(before[-40:])
        or (_LAUNCHED_FROM_BEFORE.search(before[-30:]) and _LAUNCH_GROUND_AFTER.match(after))
        or (
            ":" in text[max(0, m.start() - 20) : m.start()]
            and words.fact_box_before.search(text, max(0, m.start() - 20), m.start())
        )
    ):
        return FoundClaim(actor.name, actor.side, "reported", None, m.start(), m.end())
    return None


def _place_before(text: str, start: int, place_words: frozenset[str]) -> bool:
    """ "in Kyiv", "across the Ukraine": the word before (``the`` skipped) is a preposition of place."""
    words = text[max(0, start - 24) : start].split()
    if words and words[-1].lower() == "the":
        words.pop()
    return bool(words) and words[-1].lower() in place_words and text[start - 1 : start].isspace()


# Cheap words one of which a denial's wording holds (``_DENY_AFTER`` is read only then).
_DENY_HINTS = (
    "den",
    "reject",
    "dismiss",
    "involv",
    "responsib",
    "nothing to do",
    "no part",
    "provocation",
    "fake",
    "false",
    "fabricat",
    "hoax",
    "staged",
)


def _may_deny(after: str) -> bool:
    head = after[:80].lower()
    return any(w in head for w in _DENY_HINTS)


def _asserted_before(text: str, start: int) -> re.Match[str] | None:
    window = text[max(0, start - 160) : start]
    if not any(w in window for w in _ASSERT_WORDS):
        return None
    near = _ASSERTED_BEFORE.search(text, max(0, start - 60), start)
    return near or _ASSERTED_CLAUSE.search(text, max(0, start - 160), start)


def local_official(rules: Rules, text: str) -> re.Match[str] | None:
    """A local official cited in ``text`` (a governor, a mayor, the regional authorities)."""
    return rules.local_officials.search(text) if rules.local_officials_gate.any(text) else None


def blaming_official(rules: Rules, text: str) -> re.Match[str] | None:
    """A local official who states something in ``text`` ("Governor X said ...") and so
    may blame the other side; "the governor confirmed the extent of the destruction"
    blames no one."""
    official = rules.local_officials.search(text) if rules.local_officials_gate.any(text) else None
    return official if official is not None and rules.attribution_wording.states.search(text) else None
