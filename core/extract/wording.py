"""Whether a sentence's event words tell an event: not a figure of speech ("what strikes
me"), not a policy or habit statement ("condemned Russia's attacks on cities", "in recent
weeks strikes have intensified"), not a mention of the event being told already ("this
attack", "a day of mourning for those killed in the strike")."""

from __future__ import annotations

import re
from collections.abc import Callable

from incident_review.core.extract.casualties import FoundFigure
from incident_review.core.extract.lexicon import fold
from incident_review.core.extract.rules import Rules

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
_CONTINUING_REACH = 24  # characters before a trigger a verb of continuing may take
_ANAPHORA_REACH = 30


class Wording:
    def __init__(self, rules: Rules, figures: Callable[[str], list[FoundFigure]]) -> None:
        self.trigger = rules.trigger
        self.figures = figures  # the extractor's memoised casualty finder

    def trigger_hits(self, text: str) -> list[re.Match[str]]:
        """The trigger words of ``text`` (in ``fold(text)``), less figures of speech ("what strikes me")."""
        folded = fold(text)
        return [m for m in self.trigger.finditer(folded) if not _FIGURATIVE.match(folded, m.end())]

    def _continuing(self, folded: str, m: re.Match[str]) -> bool:
        """ "continue to attack": a trigger after a verb of continuing tells a habit."""
        return bool(_CONTINUING.search(folded, max(0, m.start() - _CONTINUING_REACH), m.start()))

    def event_words(self, text: str) -> bool | None:
        """Whether ``text`` tells an event in so many words: False when it has no trigger
        word (or only figurative ones), None when its only triggers are generic plurals in a
        diplomatic or policy statement ("condemn Russia's attacks on Ukrainian cities") or
        in a habitual or trend statement ("in recent weeks Russia increased its strikes")
        with no casualty count: no incident is told there."""
        folded = fold(text)
        first = self.trigger.search(folded)
        if first is None:
            return False
        if (
            first.group(0) not in _GENERIC_TRIGGERS
            and not _FIGURATIVE.match(folded, first.end())
            and not self._continuing(folded, first)
        ):
            return True  # the common case, decided without reading the rest of the sentence
        hits = {"attacks" if self._continuing(folded, m) else m.group(0) for m in self.trigger_hits(text)}
        if not hits:
            return False
        if (
            hits <= _GENERIC_TRIGGERS
            and (_POLICY.search(text) or _HABITUAL.search(text))
            and not any(f.count.best for f in self.figures(text))
        ):
            return None
        return True

    def only_anaphoric(self, text: str) -> bool:
        """Every trigger names the event already being told: "prior to this attack", or the
        sentence tells a reaction to it ("a day of mourning for those killed in the strike")."""
        folded = fold(text)
        hits = self.trigger_hits(text)
        if hits and _REACTION.search(folded) and not any(f.count.best for f in self.figures(text)):
            return True
        return bool(hits) and all(
            _ANAPHORA.search(folded, max(0, m.start() - _ANAPHORA_REACH), m.start()) for m in hits
        )
