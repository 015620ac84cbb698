"""Attribution claims in a sentence: who did it, and who says so (reported, blamed,
claimed, denied)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from incident_review.core.extract.lexicon import fold
from incident_review.core.extract.rules import Actor, Rules

_ATTACK_AFTER = re.compile(
    r"^\s*(?:has\s+|have\s+|had\s+)?(?:reportedly\s+|also\s+)?(?:launched|fired|shelled|struck|hit|attacked|targeted|"
    r"bombed|carried out|conducted|pounded|used|sent|downed|stormed|killed|wounded|destroyed)\b", re.I)
_WEAPON_AFTER = re.compile(
    r"^\s*(?:[A-Z][\w-]*\d[\w-]*\s+)?(?:artillery|mortars?|missiles?|rockets?|drones?|shell(?:s|ing)|strikes?|"
    r"attacks?|air ?strikes?|bombs?|bombardment|fire|forces'? (?:attack|strike)s?|UAVs?|shelling)\b", re.I)
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
_BLAME = re.compile(r"\b(?:blamed|blames|accused|accuses|held)\s+(?:the\s+)?$", re.I)
_CLAIM_AFTER = re.compile(r"^\s*(?:has\s+|have\s+|had\s+)?(?:later\s+)?claimed\s+(?:responsibility|credit)", re.I)
_DENY_AFTER = re.compile(r"^\s*(?:has\s+|have\s+|had\s+)?(?:denied|denies|rejected)\b", re.I)


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
                best = (m.start(), text[m.start():m.end()])
    for m in rules.local_officials.finditer(text):
        if best is None or m.start() >= best[0]:
            best = (m.start(), m.group(0))
    return best[1] if best else None


def find_claims(rules: Rules, text: str) -> list[FoundClaim]:
    claims: list[FoundClaim] = []
    taken: list[tuple[int, int]] = []
    folded = fold(text)
    for actor in rules.actors_in(text):
        for m in actor.pattern.finditer(folded):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            claim = _classify(rules, text, actor, m)
            if claim:
                claims.append(claim)
                taken.append((m.start(), m.end()))
    return sorted(claims, key=lambda c: c.start)


def _classify(rules: Rules, text: str, actor: Actor, m: re.Match[str]) -> FoundClaim | None:
    # ``m`` was found in the folded text: its words as written are text[m.start():m.end()].
    before, after = text[:m.start()], text[m.end():]
    if _CLAIM_AFTER.match(after):
        return FoundClaim(actor.name, actor.side, "claimed", text[m.start():m.end()].strip(), m.start(), m.end())
    if _DENY_AFTER.match(after):
        return FoundClaim(actor.name, actor.side, "denied", text[m.start():m.end()].strip(), m.start(), m.end())
    blame = _BLAME.search(before)
    if blame:
        by = _speaker_before(rules, before[:blame.start()])
        return FoundClaim(actor.name, actor.side, "blamed", by, m.start(), m.end())
    if _ATTACK_AFTER.match(after) or _WEAPON_AFTER.match(after) or _BY_BEFORE.search(before):
        return FoundClaim(actor.name, actor.side, "reported", None, m.start(), m.end())
    return None


def local_official(rules: Rules, text: str) -> re.Match[str] | None:
    """A local official cited in ``text`` (a governor, a mayor, the regional authorities)."""
    return rules.local_officials.search(text)
