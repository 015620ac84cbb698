"""The filter bar's words: how a line splits into terms, and full-text words as FTS5.

A term is a run of text up to a space; a double-quoted part keeps its spaces
(``admin1:"Kharkiv Oblast"``), and a term that starts with a quote is words to search for
as a phrase (``"10:30"`` searches for it rather than naming a field). An apostrophe is
text (``Kharkiv's``): only double quotes group.

Words to search become an FTS5 expression that SQLite always accepts: each word a quoted
FTS5 string (so ``killed>0``, ``-`` or ``*`` can never be FTS5 syntax), ``word*`` a
prefix, and ``AND``/``OR``/``NOT`` (upper case, between two words) FTS5's operators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


class FilterSyntaxError(ValueError):
    """A filter the bar cannot read: one line naming the field or value and what is allowed."""


@dataclass(frozen=True)
class Term:
    text: str  # the term with its quotes taken out
    start: int  # where it stands in the line (for completion)
    end: int
    quoted: bool  # it starts with a double quote: words to search for, as they are
    raw: str  # as typed


def terms(line: str) -> list[Term]:
    """The terms of ``line``; a quote left open is a FilterSyntaxError."""
    out: list[Term] = []
    i, n = 0, len(line)
    while i < n:
        if line[i].isspace():
            i += 1
            continue
        start, parts = i, []
        while i < n and not line[i].isspace():
            if line[i] == '"':
                close = line.find('"', i + 1)
                if close < 0:
                    raise FilterSyntaxError(f'a quote is left open: {line[i:]!r} (close it with ")')
                parts.append(line[i + 1 : close])
                i = close + 1
            else:
                j = i
                while j < n and not line[j].isspace() and line[j] != '"':
                    j += 1
                parts.append(line[i:j])
                i = j
        out.append(Term("".join(parts), start, i, line[start] == '"', line[start:i]))
    return out


OPERATORS: Final = frozenset({"AND", "OR", "NOT"})


@dataclass(frozen=True)
class Word:
    """A word (or a quoted phrase) to search for; ``prefix``: ``word*``."""

    text: str
    prefix: bool = False


def word_of(term: Term) -> Word | str | None:
    """A search term as a Word, an operator (``"OR"``) or None (nothing left: ``*``)."""
    if not term.quoted and term.raw in OPERATORS:
        return term.raw
    text = term.text.replace("\x00", "")  # FTS5 reads a NUL as the end of its string
    prefix = text.endswith("*") and not (term.quoted and term.raw.endswith('"'))
    text = text.rstrip("*") if prefix else text
    return Word(text, prefix) if text.strip() else None


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_expression(items: list[Word | str]) -> str | None:
    """The FTS5 expression of the words and operators, in order: an operator counts only
    between two words (``a OR b``); elsewhere it is a word itself (``OR`` alone)."""
    out: list[str] = []
    last_was_word = False
    for i, item in enumerate(items):
        following = items[i + 1] if i + 1 < len(items) else None
        if isinstance(item, str) and last_was_word and isinstance(following, Word):
            out.append(item)
            last_was_word = False
            continue
        word = item if isinstance(item, Word) else Word(item)
        out.append(_fts_string(word.text) + ("*" if word.prefix else ""))
        last_was_word = True
    return " ".join(out) or None


_FTS_TOKEN: Final = re.compile(r'"((?:[^"]|"")*)"(\*?)|(\S+)')


def fts_words(expression: str) -> list[Word | str]:
    """The words and operators of an FTS5 expression as fts_expression writes it (another
    expression as best it can: its bare words as words)."""
    out: list[Word | str] = []
    for m in _FTS_TOKEN.finditer(expression):
        if m.group(3) is not None:
            bare = m.group(3)
            if bare in OPERATORS:
                out.append(bare)
            elif bare.rstrip("*"):
                out.append(Word(bare.rstrip("*"), bare.endswith("*")))
        else:
            out.append(Word(m.group(1).replace('""', '"'), bool(m.group(2))))
    return out


def quote(value: str) -> str:
    """A value as the bar reads it back: quoted when it holds a space or a quote can
    hold it (a value cannot hold a double quote: the bar has no escape for it)."""
    if value and not any(c.isspace() or c == '"' for c in value):
        return value
    return '"' + value.replace('"', "") + '"'
