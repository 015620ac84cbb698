"""Places a sentence names without being where its event happened.

"Missiles fired from Belgorod Oblast struck Kharkiv" happens in Kharkiv; "hours after the
secretary landed in Kyiv" and "the wounded were taken to a hospital in Dnipro" name
places nothing happened in; "the cruiser Moskva" names a ship. Segmentation asks
``PlaceRoles.role`` of each place it found and drops those with a role, so they neither
open an incident nor locate one. The phrasings are in config/extraction.yaml
(``place_roles``): each is tried on a short window of folded text beside the name.
"""

from __future__ import annotations

import re
from typing import Any

from incident_review.core.extract.lexicon import Lexicon, fold

_WINDOW = 90  # characters before a name the longest phrasing needs ("... took off from an air base in")


def _compile(patterns: list[str], anchor_end: bool) -> re.Pattern[str] | None:
    if not patterns:
        return None
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"\b(?:{body})$" if anchor_end else rf"^(?:{body})")


def _gate(name: str, pattern: re.Pattern[str] | None, patterns: list[str]) -> Lexicon | None:
    """The words one of which begins every match of a role's ``before`` pattern: the
    pattern is anchored at the window's end, so a search tries it at every position of
    the window; most windows hold none of its words and are not searched."""
    return Lexicon([(name, pattern, patterns)], ignore_case=False) if pattern is not None else None


class PlaceRoles:
    def __init__(self, config: dict[str, Any]) -> None:
        self._roles = []
        for name, spec in config.items():
            before = _compile(spec.get("before", []), True)
            self._roles.append(
                (
                    name,
                    before,
                    _gate(name, before, spec.get("before", [])),
                    _compile(spec.get("after", []), False),
                    bool(spec.get("both")),
                    frozenset(spec.get("kinds", ())),
                )
            )

    def role(self, text: str, start: int, end: int, kind: str = "town") -> str | None:
        """Why the place (of ``kind``: town, admin1, country) at ``text[start:end]`` is not the
        event's place, or None when it may be."""
        before = fold(text[max(0, start - _WINDOW) : start])
        after = fold(text[end : end + _WINDOW])
        for name, before_pattern, gate, after_pattern, both, kinds in self._roles:
            if kinds and kind not in kinds:
                continue
            hit_before = (
                before_pattern is not None
                and gate is not None
                and gate.any(before)
                and before_pattern.search(before) is not None
            )
            hit_after = after_pattern is not None and after_pattern.match(after) is not None
            # ``both``: the role needs the words on each side ("the Moskva," is a ship or a river).
            if (hit_before and hit_after) if both else (hit_before or hit_after):
                return name
        return None
