"""Counts written in digits or words, with bounds ("at least", "over", "up to")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "another": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100,
}
_NOT_NUMBERS = ("a", "an", "no", "another")  # count only inside enumerations, not as numbers
_WORD = r"(?:" + "|".join(sorted((k for k in _UNITS if k not in _NOT_NUMBERS), key=len, reverse=True)) + r")"
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD}(?:[- ]{_WORD})?)"
BOUND = (r"(?:at least|more than|over|upwards of|as many as|up to|nearly|almost|about|around|approximately|some|"
         r"roughly|at most|fewer than|less than|no fewer than|no less than)")


@dataclass(frozen=True)
class Count:
    low: int | None
    best: int | None
    high: int | None


def word_value(text: str) -> int | None:
    t = text.lower().replace(",", "").strip()
    if t.isdigit():
        return int(t)
    if t in _UNITS:
        return _UNITS[t]
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
        a, b = _UNITS[parts[0]], _UNITS[parts[1]]
        return a * b if b == 100 else a + b
    return None


def bounded(bound: str | None, value: int) -> Count:
    """Apply a bound word: "at least 5" is 5..open, "over 20" is 21..open, "up to 8" is ..8."""
    b = (bound or "").lower()
    if b in ("at least", "no fewer than", "no less than"):
        return Count(value, value, None)
    if b in ("more than", "over", "upwards of"):
        return Count(value + 1, value + 1, None)
    if b in ("up to", "at most", "as many as"):
        return Count(None, value, value)
    if b in ("fewer than", "less than"):
        return Count(None, max(value - 1, 0), max(value - 1, 0))
    return Count(value, value, value) if not b else Count(None, value, None)
