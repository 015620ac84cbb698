"""Completion in the filter bar: the term being typed (the last one) completed to a filter
key, or to a value of its key (the list's words for status and type, the store's values
for places, actors, outlets), with the candidates to show under the bar.

Pure: the store's values are handed in (the TUI fetches them in a worker when the bar
opens); the completed line is Tab's, and the inline suggestion when it only adds to what
was typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from incident_review.core.filter_text import ALIASES, FILTER_KEYS, FLAGS
from incident_review.core.filter_words import quote
from incident_review.core.labels import SHORT_TYPES, status_words
from incident_review.core.model import GRADES

# Keys whose values come from the store (what Browse.filter_values reads), by key or alias.
STORE_KEYS: Final[dict[str, str]] = {
    "country": "country",
    "admin1": "admin1",
    "place": "place",
    "location": "place",
    "type": "type",
    "actor": "actor",
    "outlet": "outlet",
}
# Keys that take a list of the words they know (status:new,follow-up).
_LISTS: Final[dict[str, tuple[str, ...]]] = {"status": status_words(), "grade": GRADES}
_EXAMPLES: Final[dict[str, tuple[str, ...]]] = {
    "count": (">0", ">=5", "<3", ":3", ":3-10", ":?"),
    "date": (":2024-01-31", ":2024-01", ":2024-01..2024-03", ">=2024-01-01", "<2024-02"),
    "id": (":INC-000123", ":INC-000123,INC-000124"),
}
_KIND: Final[dict[str, str]] = {"killed": "count", "wounded": "count", "n_sources": "count", "date": "date", "id": "id"}
_TERM: Final = re.compile(r"([A-Za-z][A-Za-z0-9_]*)([:<>=!~]*)(.*)", re.S)


@dataclass(frozen=True)
class Completion:
    line: str | None  # the line with the term completed to the first candidate; None: nothing
    candidates: tuple[str, ...]  # what the term could be (shown under the bar)

    def suggestion(self, typed: str) -> str | None:
        """The completed line when it adds to ``typed`` (any case): the Input shows what
        follows what was typed, so a completion that changes it (adds a quote) is Tab's only."""
        if self.line is None or len(self.line) <= len(typed) or not self.line.casefold().startswith(typed.casefold()):
            return None
        return self.line


NOTHING: Final = Completion(None, ())


def _last_term_start(line: str) -> int:
    """Where the last term starts: after the last space outside quotes."""
    start, quoted = 0, False
    for i, c in enumerate(line):
        if c == '"':
            quoted = not quoted
        elif c.isspace() and not quoted:
            start = i + 1
    return start


def _matching(words: Sequence[str], typed: str, limit: int) -> list[str]:
    """``words`` that start with ``typed`` (any case), then those that hold it."""
    folded = typed.casefold()
    first = [w for w in words if w.casefold().startswith(folded)]
    if len(first) >= limit:
        return first[:limit]
    return first + [w for w in words if folded in w.casefold() and w not in first][: limit - len(first)]


def complete(line: str, values: Mapping[str, Sequence[str]], limit: int = 8) -> Completion:
    """The completion of the last term of ``line``; ``values``: the store's, by STORE_KEYS."""
    start = _last_term_start(line)
    head, term = line[:start], line[start:]
    m = _TERM.fullmatch(term)
    if not term or term.startswith('"') or m is None:
        return NOTHING
    key, op, partial = m.group(1), m.group(2), m.group(3)
    if not op:  # a key being typed (or a flag, or a word to search)
        keys = [k + ":" for k in FILTER_KEYS if k not in ALIASES] + sorted(set(FLAGS) - {"dups", "duplicates"})
        found = tuple(k for k in keys if k.startswith(key.lower()))[:limit]
        return Completion(head + found[0] if found else None, found)
    key = key.lower()
    if key not in FILTER_KEYS:
        return NOTHING
    kind = _KIND.get(FILTER_KEYS[key])
    if kind is not None:  # a count, a date or ids: the forms it takes
        return Completion(None, tuple(key + e for e in _EXAMPLES[kind]))
    if key in _LISTS:
        done, _, part = partial.rpartition(",")
        done = done + "," if done else ""
        taken = {w.casefold() for w in done.split(",")}
        found = tuple(w for w in _matching(_LISTS[key], part, limit) if w.casefold() not in taken)
        return Completion(head + key + op + done + found[0] if found else None, found)
    words: list[str] = list(values.get(STORE_KEYS.get(key, ""), ()))
    if key == "type":  # the words the list shows first, then the store's full names
        words = [*SHORT_TYPES.values(), *(w for w in words if w not in SHORT_TYPES.values())]
    found = tuple(_matching(words, partial.lstrip('"'), limit))
    return Completion(head + key + op + quote(found[0]) if found else None, found)
