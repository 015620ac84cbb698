"""Counts written in digits or words, with bounds ("at least", "over", "up to").

Number words ("two hundred and fifty", "one thousand", "twenty-five") are read by the
text2num library, whose English grammar is complete and fast (a Rust core); this module
only finds where a number is written and applies the bound words around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

_UNITS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SCALES = "hundred|thousand|million"
_WORD = rf"(?:{_UNITS}|{_TENS}|{_SCALES})"
# Words joined by a hyphen or a space; "and" only after a scale ("two hundred and fifty").
_WORDS = rf"{_WORD}(?:(?:[- ]|(?:(?<=hundred)|(?<=thousand)|(?<=million))\s+and\s+){_WORD})*"
# "1,000", "250", "1.5 thousand", "2 million", "a hundred", "a thousand".
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s+(?:thousand|million)|\d+"
NUMBER = rf"(?:{_DIGITS}|(?:a\s+)?(?:hundred|thousand)|{_WORDS})"
BOUND = (
    r"(?:at least|more than|over|upwards of|as many as|up to|nearly|almost|about|around|approximately|some|"
    r"roughly|at most|fewer than|less than|no fewer than|no less than|an estimated|estimated|"
    r"at least an estimated|a total of|a further|another)"
)
_SCALE_VALUE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Single words counted as one victim inside enumerations ("a woman and another man").
_ONE = {"a": 1, "an": 1, "another": 1, "single": 1, "no": 0}


@dataclass(frozen=True)
class Count:
    low: int | None
    best: int | None
    high: int | None


@lru_cache(maxsize=1024)
def word_value(text: str) -> int | None:
    """The value of a number written as ``NUMBER`` matches it, or None."""
    t = " ".join(text.lower().replace(",", "").split())
    if t.isdigit():
        return int(t)
    if t in _ONE:
        return _ONE[t]
    head, _, scale = t.partition(" ")
    if scale in _SCALE_VALUE and re.fullmatch(r"\d+(?:\.\d+)?", head):
        return round(float(head) * _SCALE_VALUE[scale])
    if head == "a" and scale in _SCALE_VALUE:
        return _SCALE_VALUE[scale]
    if t in _SCALE_VALUE:
        return _SCALE_VALUE[t]
    try:
        return int(text2num(t.replace("-", " "), "en"))
    except ValueError:
        # Words that do not make one number ("two three"): the first one counts.
        first = re.split(r"[- ]", t)[0]
        try:
            return int(text2num(first, "en"))
        except ValueError:
            return None


def bounded(bound: str | None, value: int) -> Count:
    """Apply a bound word: "at least 5" is 5..open, "over 20" is 21..open, "up to 8" is ..8."""
    b = " ".join((bound or "").lower().split())
    if b in ("at least", "no fewer than", "no less than", "at least an estimated"):
        return Count(value, value, None)
    if b in ("more than", "over", "upwards of"):
        return Count(value + 1, value + 1, None)
    if b in ("up to", "at most", "as many as", "nearly", "almost"):
        return Count(None, value, value)
    if b in ("fewer than", "less than"):
        return Count(None, max(value - 1, 0), max(value - 1, 0))
    # "about 20" is 20 (RULES: low = best = high); "another 12", "a total of 5" are exact.
    return Count(value, value, value)


def ranged(low: int, high: int) -> Count:
    """ "53 to 62 killed": the smaller is the cautious best (ACLED codes the lower figure)."""
    low, high = min(low, high), max(low, high)
    return Count(low, low, high)
