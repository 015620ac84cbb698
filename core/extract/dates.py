"""Event dates from absolute and relative expressions, anchored on publication day.

Only a date that can be the event's date counts: a date in "born in 2008", "built in",
"founded", "since October 10" or "since the invasion in February 2022" says when something
else happened (or began), a year long before the report is background, and a date after
the publication day is a plan, not an event. The full, explicit date wins over a partial
one wherever each stands in the sentence ("On 14 January 2023 ... since October 10").

Nights (one rule, used everywhere):
- a bare "overnight" / "early hours" / "tonight" is the publication day: a report says it
  of the night that ends on its day (and a coder takes the report's date);
- "last night" / "yesterday evening" is the evening before: the day before publication;
- a night whose days are named ("overnight into Tuesday", "the night of 13 to 14 January",
  "the night of 31 December 2022/1 January 2023") is a range from the day it began (ACLED
  codes a night by the day it began).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from incident_review.core.extract.lexicon import fold

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:night|morning|evening|afternoon))?"
_NUM = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d{2})"
_TO = r"\s*(?:-|–|—|/|to|until|till|into|and)\s*"  # between the two days of a range
_TO_X = r"\s*(?:-|–|—|/|to|until|till|into)\s*"  # between two dates: "and" joins two events there

_DIGIT = re.compile(r"\d")
_MONTH_HINTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# Before a date: words that make it the date of something other than the event.
_NOT_EVENT_BEFORE = re.compile(
    r"(?:\b(?:born|built|founded|established|constructed|erected|inaugurated"
    r"|dating\s+(?:back\s+)?(?:to|from)|until|till|by|as\s+(?:of|at))"  # "by 17 March": a tally's date
    r"(?:\s+(?:on|in|at|the|of|around|about|early|late|mid-?|back))*\s*"
    r"|\bsince\b[^,.;:()]{0,60}"  # "since the start of the full-scale invasion in February 2022"
    r")$",
    re.I,
)
_LOOKBACK = 80


@dataclass(frozen=True)
class DateInfo:
    date: dt.date | None
    date_end: dt.date | None
    precision: str
    start: int
    end: int


def _month_index(name: str) -> int:
    key = name.lower()[:3]
    return next(i for i, m in enumerate(MONTHS) if m.startswith(key)) + 1


def _last_weekday(anchor: dt.date, name: str, strictly_before: bool = False) -> dt.date:
    delta = (anchor.weekday() - WEEKDAYS.index(name.lower())) % 7
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


def not_event_context(text: str, start: int) -> bool:
    """True when the words before ``text[start:]`` make a date there someone's birth,
    a building's age, or the start of a period ("since ...")."""
    return _NOT_EVENT_BEFORE.search(text[max(0, start - _LOOKBACK) : start]) is not None


def _plausible(d: dt.date, anchor: dt.date | None) -> bool:
    """A date after the publication day (a day of slack for time zones) is not an event's."""
    return anchor is None or d <= anchor + dt.timedelta(days=1)


def find_date(text: str, published: dt.date | None) -> DateInfo | None:
    """The event date expressed in ``text``, resolved against ``published``.

    Relative expressions without an anchor (no publication date) give None: the caller
    leaves the date unknown rather than guessing.
    """
    digits = _DIGIT.search(text) is not None
    folded = fold(text)
    for finder, needs_digit, words in _FINDERS:
        # Each finder's expressions contain a digit or one of its words (lowercased):
        # a sentence with neither is not searched, which is most sentences for most finders.
        if (needs_digit and digits) or _has_any(folded, words):
            found = finder(text, published)
            if found:
                return found
    return None


def _has_any(folded: str, words: tuple[str, ...]) -> bool:
    """``any(word in folded for word in words)`` without a generator's cost (every
    sentence runs it for every finder)."""
    for word in words:  # noqa: SIM110 - a loop, not any(): no generator per call
        if word in folded:
            return True
    return False


# ------------------------------------------------------------ calendar dates

_NIGHT = r"(?:(?:during\s+|on\s+)?the\s+night\s+of\s+|overnight\s+(?:on\s+|from\s+)?)?"
_WEEKDAY_LEAD = rf"(?:{_DAY},?\s+(?:the\s+)?)?"
# "31 December 2022/1 January 2023", "31 December to 1 January": a range across months.
_DMY_DMY = re.compile(
    rf"\b{_NIGHT}{_WEEKDAY_LEAD}{_NUM}\s+(?:of\s+)?({MONTH_NAME})\b\.?,?(?:\s+{_YEAR})?{_TO_X}"
    rf"{_NUM}\s+(?:of\s+)?({MONTH_NAME})\b\.?,?(?:\s+{_YEAR}\b)?"
)
# "14 January 2023", "13-14 January", "the night of 13 to 14 January", "Saturday, 14th of January".
_DMY = re.compile(
    rf"\b{_NIGHT}{_WEEKDAY_LEAD}{_NUM}(?:{_TO}{_NUM})?\s+(?:of\s+)?({MONTH_NAME})\b\.?(?:,?\s+{_YEAR}\b)?"
)
# "January 14, 2023", "January 13-14", "Saturday, January 14".
_MDY = re.compile(
    rf"\b{_NIGHT}{_WEEKDAY_LEAD}({MONTH_NAME})\.?\s+{_NUM}(?:\s*(?:-|–|—|to|and)\s*{_NUM})?\b"
    rf"(?!\s*(?:%|per\s*cent|km|people|percent))(?:,?\s+{_YEAR}\b)?"
)
_MONTH_WORD = re.compile(rf"{MONTH_NAME}\b")
_ISO = re.compile(r"(?<![\d/.-])((?:19|20)\d{2})([-/])(\d{1,2})\2(\d{1,2})(?![\d/-]|\.\d)")
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([./])(\d{1,2})\2((?:19|20)\d{2})(?![\d/-]|\.\d)")


@dataclass(frozen=True)
class _Candidate:
    date: dt.date
    date_end: dt.date | None
    has_year: bool
    start: int
    end: int


def _range_or_day(first: dt.date, last: dt.date | None, joiner: str) -> dt.date | None:
    """The end of a range "13-14 January", or None for one day. "2 and 24 April" are two
    days, not a range: "and" joins a range only for consecutive days."""
    if last is None or last <= first:
        return None
    if joiner.strip() == "and" and (last - first).days != 1:
        return None
    return last


def _joiner(text: str, m: re.Match[str], a: int, b: int) -> str:
    return text[m.end(a) : m.start(b)].strip().lower()


def _dmy_dmy(text: str, anchor: dt.date | None) -> Iterator[_Candidate]:
    # A range across months names two months; counting them is cheaper than the range's
    # regex, which has no literal to seek and starts at every word. Two months as words
    # cannot overlap, so findall counts both wherever the range would match.
    if len(_MONTH_WORD.findall(text)) < 2:
        return
    for m in _DMY_DMY.finditer(text):
        end = _absolute(m[6], m[5], m[4], anchor)
        if end is None:
            continue
        start = _absolute(m[3], m[2], m[1], anchor) if m[3] else _safe_date(end.year, _month_index(m[2]), int(m[1]))
        if start is not None and start > end and not m[3]:  # "31 December/1 January 2023"
            start = _safe_date(end.year - 1, start.month, start.day)
        # A night or a few days across a month's end; more is two dates, not one event.
        if start is None or start >= end or (end - start).days > 14:
            continue
        yield _Candidate(start, end, bool(m[3] or m[6]), m.start(), m.end())


def _dmy(text: str, anchor: dt.date | None) -> Iterator[_Candidate]:
    for m in _DMY.finditer(text):
        first = _absolute(m[4], m[3], m[1], anchor)
        if first is None:
            continue
        last = _absolute(m[4], m[3], m[2], anchor) if m[2] else None
        if last is not None and not m[4] and last.year != first.year:  # "30-31 December" in a January report
            last = _safe_date(first.year, first.month, last.day)
        end = _range_or_day(first, last, _joiner(text, m, 1, 2) if m[2] else "")
        yield _Candidate(first, end, bool(m[4]), m.start(), m.end())


def _mdy(text: str, anchor: dt.date | None) -> Iterator[_Candidate]:
    for m in _MDY.finditer(text):
        first = _absolute(m[4], m[1], m[2], anchor)
        if first is None:
            continue
        last = _safe_date(first.year, first.month, int(m[3])) if m[3] else None
        end = _range_or_day(first, last, _joiner(text, m, 2, 3) if m[3] else "")
        yield _Candidate(first, end, bool(m[4]), m.start(), m.end())


def _numeric(text: str, anchor: dt.date | None) -> Iterator[_Candidate]:
    for m in _ISO.finditer(text):
        d = _safe_date(int(m[1]), int(m[3]), int(m[4]))
        if d:
            yield _Candidate(d, None, True, m.start(), m.end())
    for m in _NUMERIC.finditer(text):
        a, b, year = int(m[1]), int(m[3]), int(m[4])
        # Day first (Europe, Ukraine, Russia, wire copy); month first when the first number
        # cannot be a month's ("5/23/2023" is the US order), or when only that reading is on
        # or before the publication day and nearer it ("04/05/2023" in a report of 6 April).
        day_first = _safe_date(year, b, a)
        month_first = _safe_date(year, a, b) if m[2] == "/" else None
        d = day_first or month_first
        if day_first and month_first and anchor and _nearer_before(month_first, day_first, anchor):
            d = month_first
        if d:
            yield _Candidate(d, None, True, m.start(), m.end())


def _nearer_before(a: dt.date, b: dt.date, anchor: dt.date) -> bool:
    """True when ``a`` can be an event date of a report of ``anchor`` and is nearer it than ``b``."""
    if a > anchor + dt.timedelta(days=1):
        return False
    return b > anchor + dt.timedelta(days=1) or anchor - a < anchor - b


def calendar_dates(text: str, anchor: dt.date | None) -> list[_Candidate]:
    """Every calendar date written in ``text`` that can be an event's date, in order."""
    found: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    # Longer forms first: "31 December 2022/1 January 2023" is one range, not two dates.
    for source in (_dmy_dmy, _numeric, _dmy, _mdy):
        for c in source(text, anchor):
            if any(c.start < e and s < c.end for s, e in taken):
                continue
            taken.append((c.start, c.end))
            if not_event_context(text, c.start) or not _plausible(c.date, anchor):
                continue
            found.append(c)
    return sorted(found, key=lambda c: c.start)


def _calendar(text: str, anchor: dt.date | None) -> DateInfo | None:
    found = calendar_dates(text, anchor)
    if not found:
        return None
    # The full date (with its year) first, then the earliest.
    best = min(found, key=lambda c: (not c.has_year, c.start))
    if best.date_end is not None:
        return DateInfo(best.date, best.date_end, "range", best.start, best.end)
    return DateInfo(best.date, None, "day", best.start, best.end)


# ------------------------------------------------------------ relative dates

_NAMED_NIGHT = re.compile(
    rf"\b(?:(?:during\s+|on\s+)?the\s+night\s+(?:of\s+|from\s+)?({_DAY})\s+(?:to|into|and)\s+({_DAY})"
    rf"|overnight\s+(?:(?:from|on)\s+({_DAY})\s+)?(?:in)?to\s+({_DAY}))\b"
)


def _named_night(text: str, anchor: dt.date | None) -> DateInfo | None:
    """ "overnight into Tuesday", "the night of Monday to Tuesday": from the day it began."""
    m = _NAMED_NIGHT.search(text)
    if m and anchor:
        end = _last_weekday(anchor, m[2] or m[4])
        return DateInfo(end - dt.timedelta(days=1), end, "range", m.start(), m.end())
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
    # "last night" is the evening before the publication day (see the module docstring).
    (
        re.compile(
            r"\blast (?:night|evening)\b|\byesterday\s+(?:night|evening)\b|\blate\s+(?:on\s+)?yesterday\b", re.I
        ),
        1,
    ),
    (re.compile(r"\byesterday\b", re.I), 1),
    (re.compile(r"\b(?:earlier |late |early )?(?:today|this (?:morning|afternoon|evening))\b|\btonight\b", re.I), 0),
    # ... unless a day is named: "in the early hours of Tuesday", "overnight on Tuesday" are Tuesday.
    (
        re.compile(
            rf"(?:\bovernight\b|\bearly (?:hours|morning)\b)(?!\s+(?:of\s+|on\s+)?(?:the\s+)?(?:{_DAY}|\d))", re.I
        ),
        0,
    ),
]


def _relative_day(text: str, anchor: dt.date | None) -> DateInfo | None:
    if anchor is None:
        return None
    best: DateInfo | None = None
    for pattern, days in _RELATIVE_DAYS:
        m = pattern.search(text)
        if m and not not_event_context(text, m.start()) and (best is None or m.start() < best.start):
            best = DateInfo(anchor - dt.timedelta(days=days), None, "day", m.start(), m.end())
    if best:
        return best
    m = re.search(r"\b(\d+|two|three|four|five|six)\s+days\s+ago\b", text, re.I)
    if m:
        n = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}.get(m[1].lower()) or int(m[1])
        return DateInfo(anchor - dt.timedelta(days=n), None, "day", m.start(), m.end())
    return None


def _weekday(text: str, anchor: dt.date | None) -> DateInfo | None:
    if anchor is None:
        return None
    for m in re.finditer(rf"\b(?:(on|last|this|early on|late on)\s+)?({_DAY}){_PART}\b", text):
        if not_event_context(text, m.start()) and not text.startswith(("'s", "’s"), m.end(2)):
            continue  # "since Monday": the period's start, not the event ("by Monday's strike" is)
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


def _far_before(year: int, anchor: dt.date | None) -> bool:
    """A year two or more calendar years before the report: background, not its event."""
    return anchor is not None and year < anchor.year - 1


def _month(text: str, anchor: dt.date | None) -> DateInfo | None:
    m = re.search(r"\b(?:earlier\s+(?:in\s+)?this\s+month|this\s+month|earlier\s+in\s+the\s+month)\b", text, re.I)
    if m and anchor:
        return DateInfo(anchor.replace(day=1), None, "month", m.start(), m.end())
    m = re.search(r"\b(?:last|previous)\s+month\b", text, re.I)
    if m and anchor:
        return DateInfo(_first_of_previous_month(anchor), None, "month", m.start(), m.end())
    for m in re.finditer(rf"\bin\s+(?:early\s+|late\s+|mid-?)?({MONTH_NAME})(?:\s+{_YEAR})?\b", text):
        if not (m[2] or anchor) or not_event_context(text, m.start()):
            continue
        year = int(m[2]) if m[2] else anchor.year  # type: ignore[union-attr]
        d = dt.date(year, _month_index(m[1]), 1)
        if not m[2] and anchor and d > anchor:
            d = d.replace(year=year - 1)
        if not _plausible(d, anchor) or _far_before(d.year, anchor):
            continue
        return DateInfo(d, None, "month", m.start(), m.end())
    return None


def _year(text: str, anchor: dt.date | None) -> DateInfo | None:
    m = re.search(r"\blast\s+year\b", text, re.I)
    if m and anchor:
        return DateInfo(dt.date(anchor.year - 1, 1, 1), None, "year", m.start(), m.end())
    for m in re.finditer(r"\bin\s+((?:19|20)\d{2})\b", text):
        year = int(m[1])
        if not_event_context(text, m.start()) or _far_before(year, anchor) or (anchor and year > anchor.year):
            continue  # "a minor born in 2008", "built in 1990", a plan for next year
        return DateInfo(dt.date(year, 1, 1), None, "year", m.start(), m.end())
    return None


_FINDERS: tuple[tuple[Callable[[str, dt.date | None], DateInfo | None], bool, tuple[str, ...]], ...] = (
    (_calendar, True, ()),
    (_named_night, False, ("day",)),
    (_range_of_days, False, ("day",)),
    (
        _relative_day,
        False,
        (
            "yesterday",
            "today",
            "this morning",
            "this afternoon",
            "this evening",
            "tonight",
            "overnight",
            "last night",
            "last evening",
            "early hours",
            "early morning",
            "days",
        ),
    ),
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


# ------------------------------------------------------------ publication dates


def full_date(text: str) -> dt.date | None:
    """The first complete calendar date (with its year) in ``text``, any common form:
    "2023-05-23T14:02:00+03:00", "23 May 2023", "May 23, 2023 14:00 GMT", "23/05/2023"."""
    for c in sorted(
        (c for source in (_numeric, _dmy, _mdy) for c in source(text, None) if c.has_year), key=lambda c: c.start
    ):
        return c.date
    return None


_DATE_WORDS = re.compile(
    rf"\b(?:{MONTH_NAME}|{_DAY}|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|at|on|of|am|pm|a\.m\.|p\.m\.|"
    r"h|hrs|local time|(?:[A-Z]{1,4}[SD]?T|UTC|GMT|Z)(?:[+-]\d{1,2}(?::?\d{2})?)?)\b\.?",
    re.I,
)
_DATE_PUNCT = re.compile(r"[\d\s:.,/|+\-–—()T]")


def date_only_line(line: str) -> dt.date | None:
    """The date of a line that is nothing but a date and a time ("23 May 2023, 14:02 BST",
    "Tuesday 23 May 2023 10.45", "May 23, 2023 | 2:14 PM"): the timestamp of a page."""
    if len(line) > 80:
        return None
    d = full_date(line)
    if d is None:
        return None
    rest = _DATE_PUNCT.sub("", _DATE_WORDS.sub("", line))
    return d if rest in ("", "th", "st", "nd", "rd") else None


# A wire dateline opening the story: "KYIV, May 23 (Reuters) -", "Kyiv, Ukraine, 23 May (AFP) —",
# "DONETSK, November 2. /TASS/.", "LONDON, May 23, 2023 (AP) -".
_DATELINE = re.compile(
    rf"^[\W_]{{0,3}}[A-Z][A-Za-z.'’-]+(?:[ /-][A-Za-z.'’-]+){{0,3}}(?:,\s*[A-Z][A-Za-z.'’ -]{{1,30}})?,?\s+"
    rf"(?:{_DAY},?\s+)?(?:({MONTH_NAME})\.?\s+(\d{{1,2}})|(\d{{1,2}})\s+({MONTH_NAME}))\b\.?(?:,?\s+{_YEAR})?"
    r"\s*(?:\([A-Za-z.&/ -]{2,30}\)|/[A-Za-z-]{2,12}/\.?)\s*[-–—:.]?"
    # or a city in capitals and a dash (or the date's full stop), no agency: "KHARKIV, May 23 —"
    rf"|^[\W_]{{0,3}}[A-Z]{{3,}}(?:[ /-][A-Z]{{2,}}){{0,2}}(?:,\s*[A-Z][A-Za-z.'’ -]{{1,30}})?,\s+"
    rf"(?:{_DAY},?\s+)?(?:({MONTH_NAME})\.?\s+(\d{{1,2}})|(\d{{1,2}})\s+({MONTH_NAME}))\b\.?(?:,?\s+{_YEAR})?"
    r"\s*(?:[-–—]|(?<=\.)(?=\s+[A-Z]))",
    re.M,
)


def dateline(text: str, year_hint: int | None) -> dt.date | None:
    """The date of a wire dateline at the start of a line; its year, when the dateline
    has none, is ``year_hint`` (None: no date, rather than a guessed year)."""
    m = _DATELINE.search(text)
    if m is None:
        return None
    g = m.groups() if m[1] or m[3] else m.groups()[5:]
    month, day = (g[0], g[1]) if g[0] else (g[3], g[2])
    year = int(g[4]) if g[4] else year_hint
    return _safe_date(year, _month_index(month), int(day)) if year else None
