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

_CONTINUING_REACH = 24  # characters before a trigger a verb of continuing may take
_ANAPHORA_REACH = 30


class Wording:
    def __init__(self, rules: Rules, figures: Callable[[str], list[FoundFigure]]) -> None:
        self.trigger = rules.trigger
        self.words = rules.event_wording
        self.figures = figures  # the extractor's memoised casualty finder

    def trigger_hits(self, text: str) -> list[re.Match[str]]:
        """The trigger words of ``text`` (in ``fold(text)``), less figures of speech ("what strikes me")."""
        folded = fold(text)
        return [m for m in self.trigger.finditer(folded) if not self.words.figurative.match(folded, m.end())]

    def _continuing(self, folded: str, m: re.Match[str]) -> bool:
        """ "continue to attack": a trigger after a verb of continuing tells a habit."""
        return bool(self.words.continuing.search(folded, max(0, m.start() - _CONTINUING_REACH), m.start()))

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
            first.group(0) not in self.words.generic_triggers
            and not self.words.figurative.match(folded, first.end())
            and not self._continuing(folded, first)
        ):
            return True  # the common case, decided without reading the rest of the sentence
        hits = {"attacks" if self._continuing(folded, m) else m.group(0) for m in self.trigger_hits(text)}
        if not hits:
            return False
        if (
            hits <= self.words.generic_triggers
            and (self.words.policy.search(text) or self.words.habitual.search(text))
            and not any(f.count.best for f in self.figures(text))
        ):
            return None
        return True

    def only_anaphoric(self, text: str) -> bool:
        """Every trigger names the event already being told: "prior to this attack", or the
        sentence tells a reaction to it ("a day of mourning for those killed in the strike")."""
        folded = fold(text)
        hits = self.trigger_hits(text)
        if hits and self.words.reaction.search(folded) and not any(f.count.best for f in self.figures(text)):
            return True
        return bool(hits) and all(
            self.words.anaphora.search(folded, max(0, m.start() - _ANAPHORA_REACH), m.start()) for m in hits
        )
