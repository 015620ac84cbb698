"""The filter bar's language, read into an IncidentFilter and written back.

``key:value`` terms test a field (the keys are the field table's ``filter``, core/fields.py);
every column of the list takes the words it shows (``status:new``, ``type:Shelling``);
counts and dates compare (``killed>0``, ``wounded>=5``, ``killed:3-10``, ``killed:?``,
``date>=2024-01``, ``date:2024-01..2024-03``); ``dup`` and ``contested`` are flags; any
other words are searched for in summaries, places and report text (full-text, FTS5:
``word*`` a prefix, ``OR``/``NOT`` between words, a quoted phrase). A filter it cannot
read is a FilterSyntaxError of one line naming the field or value and what is allowed;
nothing the bar gives it raises anything else (tests/unit/test_filter_text.py's property
tests), and nothing it writes can be an SQL or FTS5 error.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Final

from incident_review.core.fields import DERIVED, Derived, Field
from incident_review.core.filter_words import (
    OPERATORS,
    FilterSyntaxError,
    Word,
    fts_expression,
    fts_words,
    quote,
    terms,
    word_of,
)
from incident_review.core.labels import SHORT_TYPES, status_label, status_of, status_words, type_of
from incident_review.core.model import FIELDS, GRADES
from incident_review.core.query import IncidentFilter, Range

__all__ = ["FILTER_HELP", "FILTER_KEYS", "FilterSyntaxError", "describe_filter", "parse_filter", "with_value"]

# Each filter key and the column of the field table it tests (``type`` tests both levels
# of the event taxonomy), in the table's order: the order of the help and of completion.
_TABLE: Final[tuple[Field | Derived, ...]] = (*FIELDS, *DERIVED)
FILTER_KEYS: Final[dict[str, str]] = {key: column.name for column in _TABLE for key in column.filter}
FLAGS: Final = {"dup": "has_duplicates", "dups": "has_duplicates", "duplicates": "has_duplicates"} | {
    "contested": "contested"
}
COMPARISONS: Final = (":", "=", ">", ">=", "<", "<=")
MAX_COUNT: Final = 999_999_999  # beyond any casualty figure, and within SQLite's integers

FILTER_HELP: Final = (
    'status:new,follow-up  type:Shelling  place:Dnipro  admin1:"Kharkiv Oblast"  killed>0  wounded>=5  '
    "killed:3-10  date:2024-01..2024-03  actor:X  outlet:X  grade:fair  country:UA  dup  contested  words"
)

_FIELD_TERM: Final = re.compile(r"([A-Za-z][A-Za-z0-9_]*)([:<>=!~]+)(.*)", re.S)
_DATE: Final = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_COUNT: Final = re.compile(r"\d{1,9}")


# Other names of a key (place, killed, wounded, sources): taken, not listed in errors.
ALIASES: Final = frozenset({"location", "k", "w", "src"})


def _keys_named() -> str:
    return ", ".join(k for k in FILTER_KEYS if k not in ALIASES)


def parse_filter(text: str, base: IncidentFilter | None = None) -> IncidentFilter:
    """The filter ``text`` says, on top of ``base`` (include_merged and the like)."""
    values: dict[str, Any] = {}
    given: set[str] = set()
    words: list[Word | str] = []
    for term in terms(text):
        field = None if term.quoted else _FIELD_TERM.fullmatch(term.raw)
        if field is None:
            flag = FLAGS.get(term.text.casefold()) if not term.quoted else None
            if flag:
                values[flag] = True
            elif (item := word_of(term)) is not None:
                words.append(item)
            continue
        key, op = field.group(1).lower(), field.group(2)
        column = FILTER_KEYS.get(key)
        if column is None:
            raise FilterSyntaxError(
                f"unknown filter field {key!r} in {term.raw!r} (fields: {_keys_named()}; "
                f'to search for the text, quote it: "{term.text}")'
            )
        if op not in COMPARISONS and op.startswith(":") and op[1:] in COMPARISONS:
            op = op[1:]  # killed:>5 reads as killed>5
        if op not in COMPARISONS:
            raise FilterSyntaxError(f"{key}: unknown comparison {op!r} in {term.raw!r} (use : = > >= < <=)")
        # The key and the comparison hold no quote: the value is the rest of the text.
        value = term.text[len(field.group(1)) + len(field.group(2)) :]
        if not value:
            raise FilterSyntaxError(f"{key}: needs a value ({_example(key)})")
        _READERS[column](key, op, value, values, given)
    values["search"] = fts_expression(words)
    return replace(base or IncidentFilter(), **values)


def _example(key: str) -> str:
    column = FILTER_KEYS[key]
    if column in _COUNTS:
        return f"{key}>0, {key}>=5, {key}:3, {key}:3-10, {key}:? (no figure)"
    if column == "date":
        return f"{key}:2024-01-31, {key}:2024-01" + (
            ", date>=2024-01-01, date:2024-01..2024-03" if key == "date" else ""
        )
    if column == "status":
        return "status:" + ",".join(status_words()[:2])
    if column == "grade":
        return "grade:" + GRADES[1]
    if column == "country":
        return "country:UA"
    return f'{key}:word or {key}:"two words"'


def _equality(key: str, op: str) -> None:
    if op not in (":", "="):
        raise FilterSyntaxError(f"{key} takes ':' ({_example(key)}), not {op!r}")


def _once(key: str, column: str, given: set[str]) -> None:
    if column in given:
        raise FilterSyntaxError(f"{key} is given twice (one {key}: term; status and grade take a list: status:a,b)")
    given.add(column)


def _choices(
    key: str, op: str, value: str, given: set[str], read: Callable[[str], str | None], allowed: tuple[str, ...]
) -> tuple[str, ...]:
    _equality(key, op)
    _once(key, key, given)
    chosen: list[str] = []
    for word in (w.strip() for w in value.split(",")):
        if not word:
            continue
        stored = read(word)
        if stored is None:
            raise FilterSyntaxError(f"{key}: {word!r} is not one of {', '.join(allowed)}")
        if stored not in chosen:
            chosen.append(stored)
    if not chosen:
        raise FilterSyntaxError(f"{key}: needs a value ({_example(key)})")
    return tuple(chosen)


def _status(key: str, op: str, value: str, values: dict[str, Any], given: set[str]) -> None:
    values["statuses"] = _choices(key, op, value, given, status_of, status_words())


def _grade(key: str, op: str, value: str, values: dict[str, Any], given: set[str]) -> None:
    folded = {g.casefold(): g for g in GRADES}
    values["grades"] = _choices(key, op, value, given, lambda w: folded.get(w.casefold()), GRADES)


def _text(attribute: str, transform: Callable[[str, str], str] = lambda _k, v: v) -> Callable[..., None]:
    def read(key: str, op: str, value: str, values: dict[str, Any], given: set[str]) -> None:
        _equality(key, op)
        _once(key, attribute, given)
        values[attribute] = transform(key, value)

    return read


def _country(key: str, value: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2}", value):
        raise FilterSyntaxError(f"country: {value!r} is not a two-letter country code (country:UA)")
    return value.upper()


def _ids(key: str, op: str, value: str, values: dict[str, Any], given: set[str]) -> None:
    _equality(key, op)
    _once(key, "ids", given)
    ids = tuple(dict.fromkeys(i.strip() for i in value.split(",") if i.strip()))
    if not ids:
        raise FilterSyntaxError(f"{key}: needs a value (id:INC-000123 or id:INC-000123,INC-000124)")
    values["ids"] = ids


# ------------------------------------------------------------ dates


def _span(key: str, text: str) -> tuple[dt.date, dt.date]:
    """The first and last day a date of any precision names (2024, 2024-01, 2024-01-31)."""
    m = _DATE.fullmatch(text.strip())
    try:
        if m is None:
            raise ValueError
        year = int(m.group(1))
        if m.group(2) is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        month = int(m.group(2))
        if m.group(3) is None:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        day = dt.date(year, month, int(m.group(3)))
        return day, day
    except ValueError:
        raise FilterSyntaxError(f"{key}: {text!r} is not a date ({_example(key)})") from None


def _shift(key: str, day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise FilterSyntaxError(f"{key}: no date {'after' if days > 0 else 'before'} {day.isoformat()}") from None


def _date(key: str, op: str, value: str, values: dict[str, Any], given: set[str]) -> None:
    low: dt.date | None = None
    high: dt.date | None = None
    if key != "date":
        _equality(key, op)
        low, high = (_span(key, value)[0], None) if key == "from" else (None, _span(key, value)[1])
    elif op in (":", "="):
        if ".." in value:
            first, _, last = value.partition("..")
            if not first.strip() and not last.strip():
                raise FilterSyntaxError(f"date: {value!r} names no date ({_example(key)})")
            low = _span(key, first)[0] if first.strip() else None
            high = _span(key, last)[1] if last.strip() else None
        else:
            low, high = _span(key, value)
    elif op == ">":
        low = _shift(key, _span(key, value)[1], 1)
    elif op == ">=":
        low = _span(key, value)[0]
    elif op == "<":
        high = _shift(key, _span(key, value)[0], -1)
    else:
        high = _span(key, value)[1]
    if low is not None:
        values["date_from"] = max(low, values.get("date_from") or low)
    if high is not None:
        values["date_to"] = min(high, values.get("date_to") or high)


# ------------------------------------------------------------ counts

_COUNTS: Final = {"killed": "killed", "wounded": "wounded", "n_sources": "sources"}


def _number(key: str, text: str) -> int:
    if not _COUNT.fullmatch(text.strip()):
        raise FilterSyntaxError(f"{key}: {text!r} is not a count ({_example(key)})")
    return int(text)


def _count(key: str, op: str, value: str, values: dict[str, Any], given: set[str]) -> None:
    attribute = _COUNTS[FILTER_KEYS[key]]
    value = value.strip()
    if op in (":", "=") and value == "?":
        new = Range(unknown=True)
    elif op in (":", "="):
        if value.endswith("+"):
            new = Range(_number(key, value[:-1]), None)
        elif "-" in value or ".." in value:
            first, _, last = value.partition("..") if ".." in value else value.partition("-")
            low, high = _number(key, first), _number(key, last)
            if low > high:
                raise FilterSyntaxError(f"{key}: {value!r} runs backwards (low-high: {key}:3-10)")
            new = Range(low, high)
        else:
            new = Range(_number(key, value), _number(key, value))
    else:
        n = _number(key, value)
        new = {">": Range(n + 1), ">=": Range(n), "<": Range(None, n - 1), "<=": Range(None, n)}[op]
    old: Range | None = values.get(attribute)
    if old is not None:
        if old.unknown != new.unknown:
            raise FilterSyntaxError(f"{key}: ? (no figure) and a number cannot both hold")
        lows = [x for x in (old.low, new.low) if x is not None]
        highs = [x for x in (old.high, new.high) if x is not None]
        new = Range(max(lows) if lows else None, min(highs) if highs else None, new.unknown)
    values[attribute] = new


_READERS: Final[dict[str, Callable[[str, str, str, dict[str, Any], set[str]], None]]] = {
    "id": _ids,
    "status": _status,
    "grade": _grade,
    "date": _date,
    "country": _text("country", _country),
    "admin1": _text("admin1"),
    "location": _text("place"),
    "event_type": _text("event_type", lambda _k, v: type_of(v)),
    "sub_event_type": _text("event_type", lambda _k, v: type_of(v)),
    "attribution": _text("actor"),
    "sources": _text("outlet"),
    **dict.fromkeys(_COUNTS, _count),
}
# Every key of the field table has its meaning here (tests/unit/test_fields.py says so too).
assert set(FILTER_KEYS.values()) <= set(_READERS), set(FILTER_KEYS.values()) - set(_READERS)


# ------------------------------------------------------------ back to text


def _plain_word(text: str) -> bool:
    """Whether ``text`` reads back as this one word to search for, unquoted."""
    if not text or any(c.isspace() or c == '"' for c in text) or text.endswith("*"):
        return False
    return text not in OPERATORS and text.casefold() not in FLAGS and _FIELD_TERM.fullmatch(text) is None


def _search_text(expression: str) -> str:
    parts: list[str] = []
    for item in fts_words(expression):
        if isinstance(item, str):
            parts.append(item)
        else:
            text = item.text if _plain_word(item.text) else '"' + item.text.replace('"', "") + '"'
            parts.append(text + ("*" if item.prefix else ""))
    return " ".join(parts)


def describe_filter(f: IncidentFilter) -> str:
    """The filter bar text that ``parse_filter`` reads back to ``f``."""
    parts: list[str] = []
    if f.statuses:
        parts.append("status:" + ",".join(status_label(s) for s in f.statuses))
    if f.grades:
        parts.append("grade:" + ",".join(f.grades))
    if f.ids:
        parts.append("id:" + ",".join(f.ids))
    for key, value in (("country", f.country), ("admin1", f.admin1), ("place", f.place)):
        if value:
            parts.append(f"{key}:{quote(value)}")
    if f.event_type:
        parts.append(f"type:{quote(SHORT_TYPES.get(f.event_type, f.event_type))}")
    if f.date_from and f.date_from == f.date_to:
        parts.append(f"date:{f.date_from.isoformat()}")
    else:
        if f.date_from:
            parts.append(f"from:{f.date_from.isoformat()}")
        if f.date_to:
            parts.append(f"to:{f.date_to.isoformat()}")
    for key, count in (("killed", f.killed), ("wounded", f.wounded), ("sources", f.sources)):
        if count is not None:
            parts.append(key + count.text())
    for key, value in (("actor", f.actor), ("outlet", f.outlet)):
        if value:
            parts.append(f"{key}:{quote(value)}")
    if f.has_duplicates:
        parts.append("dup")
    if f.contested:
        parts.append("contested")
    if f.search:
        parts.append(_search_text(f.search))
    return " ".join(p for p in parts if p)


# ------------------------------------------------------------ one value at a time

# The keys a value can be picked for (the frequency view): the IncidentFilter attribute
# each sets, and how a stored value becomes it.
_PICKS: Final[dict[str, Callable[[str], dict[str, Any]]]] = {
    "status": lambda v: {"statuses": (v,)},
    "grade": lambda v: {"grades": (v,)},
    "country": lambda v: {"country": v},
    "admin1": lambda v: {"admin1": v},
    "place": lambda v: {"place": v},
    "type": lambda v: {"event_type": v},
    "actor": lambda v: {"actor": v},
    "outlet": lambda v: {"outlet": v},
}
PICKABLE: Final = tuple(_PICKS)


def with_value(f: IncidentFilter, key: str, value: str) -> IncidentFilter:
    """``f`` with ``key`` held to the stored ``value`` (in place of what ``f`` said of it)."""
    return replace(f, **_PICKS[key](value))
