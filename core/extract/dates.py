"""Event dates from absolute and relative expressions, anchored on publication day."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from incident_review.core.extract.lexicon import fold

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_MON = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
        r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:night|morning|evening|afternoon))?"


_DIGIT = re.compile(r"\d")
_MONTH_HINTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class DateInfo:
    date: dt.date | None
    date_end: dt.date | None
    precision: str
    start: int
    end: int


def _month_index(name: str) -> int:
    key = name.lower()[:3]
    return next(i for i, m in enumerate(_MONTHS) if m.startswith(key)) + 1


def _last_weekday(anchor: dt.date, name: str, strictly_before: bool = False) -> dt.date:
    delta = (anchor.weekday() - _WEEKDAYS.index(name.lower())) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return anchor - dt.timedelta(days=delta)


def _first_of_previous_month(d: dt.date) -> dt.date:
    return (d.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _absolute(year: str | None, month: str, day: str, anchor: dt.date | None) -> dt.date | None:
    if year:
        return _safe_date(int(year), _month_index(month), int(day))
    if anchor is None:
        return None
    d = _safe_date(anchor.year, _month_index(month), int(day))
    if d and d > anchor + dt.timedelta(days=1):  # "December 30" in a January report
        d = _safe_date(anchor.year - 1, _month_index(month), int(day))
    return d


def find_date(text: str, published: dt.date | None) -> DateInfo | None:
    """The first date expression in ``text`` resolved against ``published``.

    Relative expressions without an anchor (no publication date) give None: the caller
    leaves the date unknown rather than guessing.
    """
    digits = _DIGIT.search(text) is not None
    folded = fold(text)
    for finder, needs_digit, words in _FINDERS:
        # Each finder's expressions contain a digit or one of its words (lowercased):
        # a sentence with neither is not searched, which is most sentences for most finders.
        if (needs_digit and digits) or any(word in folded for word in words):
            found = finder(text, published)
            if found:
                return found
    return None


def _iso(text: str, _: dt.date | None) -> DateInfo | None:
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if m:
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        if d:
            return DateInfo(d, None, "day", m.start(), m.end())
    return None


def _month_day(text: str, anchor: dt.date | None) -> DateInfo | None:
    m = re.search(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", text)
    if m:
        d = _absolute(m[3], m[1], m[2], anchor)
        if d:
            return DateInfo(d, None, "day", m.start(), m.end())
    m = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MON})\b(?:\s+(\d{{4}}))?", text)
    if m:
        d = _absolute(m[3], m[2], m[1], anchor)
        if d:
            return DateInfo(d, None, "day", m.start(), m.end())
    return None


def _range_of_days(text: str, anchor: dt.date | None) -> DateInfo | None:
    m = re.search(rf"\b(?:from|between)\s+({_DAY}){_PART}\s+(?:to|and|into|until)\s+({_DAY}){_PART}", text)
    if m and anchor:
        end = _last_weekday(anchor, m[2])
        start = _last_weekday(end, m[1])
        return DateInfo(start, end, "range", m.start(), m.end())
    return None


_RELATIVE_DAYS = [
    (re.compile(r"\bthe day before yesterday\b", re.I), 2),
    (re.compile(r"\byesterday\b", re.I), 1),
    (re.compile(r"\b(?:earlier |late |early )?(?:today|this (?:morning|afternoon|evening))\b|\btonight\b", re.I), 0),
    (re.compile(r"\bovernight\b|\blast night\b|\bearly (?:hours|morning)\b", re.I), 0),
]


def _relative_day(text: str, anchor: dt.date | None) -> DateInfo | None:
    if anchor is None:
        return None
    for pattern, days in _RELATIVE_DAYS:
        m = pattern.search(text)
        if m:
            return DateInfo(anchor - dt.timedelta(days=days), None, "day", m.start(), m.end())
    m = re.search(r"\b(\d+|two|three|four|five|six)\s+days\s+ago\b", text, re.I)
    if m:
        n = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}.get(m[1].lower()) or int(m[1])
        return DateInfo(anchor - dt.timedelta(days=n), None, "day", m.start(), m.end())
    return None


def _weekday(text: str, anchor: dt.date | None) -> DateInfo | None:
    m = re.search(rf"\b(?:(on|last|this|early on|late on)\s+)?({_DAY}){_PART}\b", text)
    if m and anchor:
        d = _last_weekday(anchor, m[2], strictly_before=(m[1] or "").lower() == "last")
        return DateInfo(d, None, "day", m.start(), m.end())
    return None


def _week(text: str, anchor: dt.date | None) -> DateInfo | None:
    if anchor is None:
        return None
    monday = anchor - dt.timedelta(days=anchor.weekday())
    m = re.search(r"\b(?:earlier\s+(?:in\s+)?(?:this|the)\s+week|this\s+week|earlier\s+this\s+week)\b", text, re.I)
    if m:
        return DateInfo(monday, anchor, "week", m.start(), m.end())
    m = re.search(r"\blast\s+week\b", text, re.I)
    if m:
        start = monday - dt.timedelta(days=7)
        return DateInfo(start, start + dt.timedelta(days=6), "week", m.start(), m.end())
    return None


def _month(text: str, anchor: dt.date | None) -> DateInfo | None:
    m = re.search(r"\b(?:earlier\s+(?:in\s+)?this\s+month|this\s+month|earlier\s+in\s+the\s+month)\b", text, re.I)
    if m and anchor:
        return DateInfo(anchor.replace(day=1), None, "month", m.start(), m.end())
    m = re.search(r"\b(?:last|previous)\s+month\b", text, re.I)
    if m and anchor:
        return DateInfo(_first_of_previous_month(anchor), None, "month", m.start(), m.end())
    m = re.search(rf"\bin\s+({_MON})(?:\s+(\d{{4}}))?\b", text)
    if m and (m[2] or anchor):
        year = int(m[2]) if m[2] else anchor.year  # type: ignore[union-attr]
        d = dt.date(year, _month_index(m[1]), 1)
        if not m[2] and anchor and d > anchor:
            d = d.replace(year=year - 1)
        return DateInfo(d, None, "month", m.start(), m.end())
    return None


def _year(text: str, anchor: dt.date | None) -> DateInfo | None:
    m = re.search(r"\blast\s+year\b", text, re.I)
    if m and anchor:
        return DateInfo(dt.date(anchor.year - 1, 1, 1), None, "year", m.start(), m.end())
    m = re.search(r"\bin\s+((?:19|20)\d{2})\b", text)
    if m:
        return DateInfo(dt.date(int(m[1]), 1, 1), None, "year", m.start(), m.end())
    return None


_FINDERS: tuple[tuple[Callable[[str, dt.date | None], DateInfo | None], bool, tuple[str, ...]], ...] = (
    (_iso, True, ()),
    (_month_day, True, ()),
    (_range_of_days, False, ("day",)),
    (_relative_day, False, ("yesterday", "today", "this morning", "this afternoon", "this evening", "tonight",
                            "overnight", "last night", "early hours", "early morning", "days")),
    (_weekday, False, ("day",)),
    (_week, False, ("week",)),
    (_month, False, ("month", *_MONTH_HINTS)),
    (_year, True, ("year",)),
)

PRECISION_RANK = {"day": 0, "range": 1, "week": 2, "month": 3, "year": 4, "unknown": 5}


def refines(new: DateInfo, old_date: dt.date | None, old_end: dt.date | None, old_precision: str) -> bool:
    """True when ``new`` is more precise than the old date and falls within it."""
    if old_date is None:
        return True
    if PRECISION_RANK[new.precision] >= PRECISION_RANK[old_precision] or new.date is None:
        return False
    if old_precision == "month":
        return (new.date.year, new.date.month) == (old_date.year, old_date.month)
    if old_precision == "year":
        return new.date.year == old_date.year
    end = old_end or old_date
    return old_date <= new.date <= end
