"""A lexicon (canonical name -> regex patterns) that skips entries a sentence cannot match.

Most sentences name no weapon and no damaged building, yet running each entry's regex
costs a scan of the sentence (the patterns start with a lookbehind, which defeats the
regex engine's literal-prefix search). Each pattern's literal prefix ("house" for
``houses?``) is a cheap necessary condition: an entry whose every pattern has a prefix
absent from the sentence cannot match, and is not run. Entries with a pattern that has
no literal prefix (``\\d+ ?mm shells?``) are always run, so the answers are exactly those
of running every pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

_META = set(".^$*+?{}[]\\|()")
_QUANTIFIERS = set("*?{")
# Characters that re.IGNORECASE matches to an ASCII letter although str.lower() does not
# map them to it (found by checking every code point against a-z).
_IGNORECASE_TO_ASCII = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


@lru_cache(maxsize=8192)  # each sentence is folded for several lexicons
def fold(text: str) -> str:
    """``text`` lowered so that a lowercase ASCII word is found in it (with ``in``)
    wherever a case-insensitive regex for that word would match."""
    if "İ" in text or "ı" in text or "ſ" in text:
        text = text.translate(_IGNORECASE_TO_ASCII)
    return text.lower()


def lowercase_pattern(pattern: str) -> str:
    """``pattern`` for case-sensitive search in ``fold(text)``: its letters lowered,
    escapes (``\\b``, ``\\S``) and group syntax (``(?P<name>``) kept. Run over folded
    text, it matches exactly where the original with re.IGNORECASE matches the original
    text, at about a third of the cost (the case-insensitive engine folds every
    character it compares)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif pattern.startswith("(?P", i):
            out.append("(?P")
            i += 3
        else:
            out.append(pattern[i].lower())
            i += 1
    lowered = "".join(out)
    if re.findall(r"\(\?P[<=](\w+)", pattern) != re.findall(r"\(\?P[<=](\w+)", lowered):
        raise ValueError(f"group names must be lowercase: {pattern}")
    return lowered


def literal_prefixes(pattern: str) -> set[str]:
    """Texts one of which begins every match of ``pattern``; {""} when a match may begin
    otherwise. Alternatives give one prefix each ("raids?|clash" -> {"raid", "clash"}),
    also inside a leading group ("\\b(?:raids?|clash)\\b")."""
    if pattern.startswith("\\b"):
        pattern = pattern[2:]
    branches = _split_top_level(pattern)
    if len(branches) > 1:
        return set().union(*(literal_prefixes(b) for b in branches))
    if pattern.startswith("("):
        close = _closing_paren(pattern)
        if close is None or (close + 1 < len(pattern) and pattern[close + 1] in _QUANTIFIERS):
            return {""}
        inner = pattern[1:close]
        if inner.startswith("?:"):
            inner = inner[2:]
        elif inner.startswith("?"):
            return {""}  # a lookaround or an inline flag
        return literal_prefixes(inner)
    return {literal_prefix(pattern)}


def literal_prefix(pattern: str) -> str:
    """The literal text a pattern without top-level alternatives begins with.

    An escaped punctuation mark or space is the character itself."""
    prefix: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            char, i = pattern[i + 1], i + 1
        elif char in _META:
            break
        if i + 1 < len(pattern) and pattern[i + 1] in _QUANTIFIERS:
            break  # "houses?": the s may be absent
        prefix.append(char)
        i += 1
    return "".join(prefix)


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) of each character of ``pattern`` that
    shapes groups or alternatives: escapes and character classes are stepped over."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[char]
            yield i, char, depth
        i += 1


def _split_top_level(pattern: str) -> list[str]:
    """``pattern`` cut at its top-level ``|``."""
    cuts = [i for i, char, depth in _structure(pattern) if char == "|" and depth == 0]
    return [pattern[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)], strict=True)]


def _closing_paren(pattern: str) -> int | None:
    """Index of the ``)`` closing the group that opens ``pattern``."""
    return next((i for i, char, depth in _structure(pattern) if char == ")" and depth == 0), None)


# The first _KEY characters at every position no word character precedes (overlapping:
# the lookahead consumes nothing). A lexicon's patterns mostly begin with a word-start
# lookbehind, so a prefix can only occur at such a position: one regex scan and a set
# intersection replace a substring search per prefix (see Lexicon.candidates).
_KEY = 3
_AT_WORD_STARTS = re.compile(r"(?<!\w)(?=(.{" + str(_KEY) + "}))", re.S)
_WORD_CHAR = re.compile(r"\w")


_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=512)  # the lexicons of one sentence scan the same text
def word_starts(hay: str) -> frozenset[str]:
    """The _KEY characters that follow each position of ``hay`` no word character precedes."""
    return frozenset(_AT_WORD_STARTS.findall(hay))


def starts_a_word(compiled: str, prefixes: set[str]) -> bool:
    """True when every match of the regex ``compiled`` begins where no word character
    precedes it and with one of ``prefixes``: the pattern is ``(?<![\\w-])`` or ``\\b`` (before
    a prefix that begins with a word character) then one branch, every prefix is at
    least _KEY characters long."""
    if compiled.startswith("(?<![\\w-])"):
        rest, needs_word_char = compiled[len("(?<![\\w-])") :], False
    elif compiled.startswith("\\b"):
        rest, needs_word_char = compiled[2:], True
    else:
        return False
    if not prefixes or len(_split_top_level(rest)) != 1:
        return False  # "(?<![\\w-])a|b": the lookbehind holds for the first branch only
    return all(len(p) >= _KEY and (not needs_word_char or _WORD_CHAR.match(p)) for p in prefixes)


@dataclass(frozen=True)
class Entry:
    name: str
    pattern: re.Pattern[str]
    prefixes: tuple[str, ...]  # empty: the entry is always tried
    keys: frozenset[str] | None = None  # the prefixes' first _KEY characters, when they start a word
    # With keys: the prefixes by key. A match begins at a word start with one of the prefixes,
    # so only those whose key is at one of the text's word starts can begin one: the others
    # (most of a long alternation's, such as the triggers') need no substring test.
    by_key: dict[str, tuple[str, ...]] | None = None


def _by_key(prefixes: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for p in prefixes:
        grouped.setdefault(p[:_KEY], []).append(p)
    return {key: tuple(ps) for key, ps in grouped.items()}


def match_starts(entry: Entry, hay: str) -> list[int] | None:
    """In order, every position of ``hay`` where one of the entry's prefixes occurs: each
    match of its pattern begins at one of them (the prefixes begin every match). None: the
    entry has no prefixes, a match may begin anywhere."""
    if not entry.prefixes:
        return None
    present: Sequence[str] = entry.prefixes
    if entry.by_key is not None and entry.keys is not None:
        keys = entry.keys.intersection(word_starts(hay))
        if not keys:
            return []  # most texts: none of the entry's words begins a word of them
        by_key = entry.by_key
        present = [p for key in keys for p in by_key[key]]
    positions: list[int] = []
    for prefix in present:
        at = hay.find(prefix)
        while at >= 0:
            positions.append(at)
            at = hay.find(prefix, at + 1)
    # One prefix's positions come in order; several may share one ("attack", "attacked").
    return positions if len(present) == 1 else sorted(set(positions))


class PrefixedPattern:
    """An entry's pattern, tried only where one of its literal prefixes occurs: a few
    anchored attempts instead of a scan that tries every alternative at every character.
    ``search`` and ``finditer`` find what the pattern's own do (``match(text, pos)`` sees the
    text before ``pos``, so lookbehinds and ``\\b`` hold as in a search; every match
    begins with a non-empty prefix, so none is empty). With ``ignore_case`` the prefixes
    are looked for in ``fold(text)``, which keeps every character's position."""

    def __init__(self, entry: Entry, ignore_case: bool) -> None:
        self.pattern = entry.pattern
        self._entry = entry
        self._ignore_case = ignore_case

    def _starts(self, text: str) -> list[int] | None:
        return match_starts(self._entry, fold(text) if self._ignore_case else text)

    def search(self, text: str) -> re.Match[str] | None:
        starts = self._starts(text)
        if starts is None:
            return self.pattern.search(text)
        match = self.pattern.match
        for pos in starts:
            found = match(text, pos)
            if found is not None:
                return found
        return None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        starts = self._starts(text)
        if starts is None:
            yield from self.pattern.finditer(text)
            return
        match = self.pattern.match
        end = 0
        for pos in starts:
            if pos < end:
                continue  # inside the previous match: finditer's matches do not overlap
            found = match(text, pos)
            if found is not None:
                yield found
                end = found.end()


class Lexicon:
    """Entries (name, compiled pattern, pattern sources). With ``ignore_case`` the
    patterns are lowercase (``lowercase_pattern``) and are run over ``fold(text)``."""

    def __init__(self, entries: list[tuple[str, re.Pattern[str], list[str]]], ignore_case: bool) -> None:
        self.ignore_case = ignore_case
        self.entries: list[Entry] = []
        for name, pattern, sources in entries:
            prefixes = set().union(*(literal_prefixes(s) for s in sources))
            keep = () if "" in prefixes else tuple(sorted(p.lower() if ignore_case else p for p in prefixes))
            keys = frozenset(p[:_KEY] for p in keep) if starts_a_word(pattern.pattern, set(keep)) else None
            self.entries.append(Entry(name, pattern, keep, keys, _by_key(keep) if keys is not None else None))
        self._prefixed = [PrefixedPattern(entry, ignore_case) for entry in self.entries]
        # Entry indices by key; the others (no prefix, or one that need not start a word)
        # are checked as before.
        self._by_key: dict[str, list[int]] = {}
        for i, entry in enumerate(self.entries):
            for key in entry.keys or ():
                self._by_key.setdefault(key, []).append(i)
        self._unkeyed = frozenset(i for i, entry in enumerate(self.entries) if entry.keys is None)
        self._key_set = frozenset(self._by_key)
        self._unkeyed_in_order = sorted(self._unkeyed)

    def any(self, text: str) -> bool:
        """False when no entry can match ``text``."""
        hay = fold(text) if self.ignore_case else text
        starts = word_starts(hay) if self._key_set else _NONE
        for i in self._indices(starts):  # noqa: SIM110 - a loop, not any(): no generator per call
            if self._may_match(self.entries[i], hay, starts):
                return True
        return False

    def candidates(self, text: str) -> Iterator[tuple[str, PrefixedPattern]]:
        """(name, pattern) of each entry that may match ``text``, in lexicon order."""
        hay = fold(text) if self.ignore_case else text
        starts = word_starts(hay) if self._key_set else _NONE
        for i in self._indices(starts):
            entry = self.entries[i]
            if self._may_match(entry, hay, starts):
                yield entry.name, self._prefixed[i]

    def _indices(self, starts: frozenset[str]) -> list[int]:
        """In order, the entries not dismissed by their keys: those with a key among the
        text's word ``starts``, and those without keys."""
        if not self._key_set:
            return self._unkeyed_in_order
        keys = self._key_set.intersection(starts)
        if not keys:
            return self._unkeyed_in_order
        if len(keys) == 1 and not self._unkeyed:
            return self._by_key[next(iter(keys))]  # built in entry order
        indices = set(self._unkeyed)
        for key in keys:
            indices.update(self._by_key[key])
        return sorted(indices)

    @staticmethod
    def _may_match(entry: Entry, hay: str, starts: frozenset[str]) -> bool:
        if not entry.prefixes:
            return True
        if entry.by_key is not None and entry.keys is not None:
            by_key = entry.by_key
            for key in entry.keys.intersection(starts):
                for prefix in by_key[key]:
                    if prefix in hay:
                        return True
            return False
        for prefix in entry.prefixes:  # noqa: SIM110 - as above
            if prefix in hay:
                return True
        return False


class GatedPattern(PrefixedPattern):
    """A compiled pattern with the literal prefixes of its sources: most texts hold none,
    and are dismissed by a few substring tests instead of a regex scan of the whole text.

    ``ignore_case``: the pattern matches in any case (``re.IGNORECASE`` over the text as
    written, or a lowercase pattern over folded text); its literal prefixes are then
    looked for in ``fold(text)``."""

    def __init__(self, pattern: re.Pattern[str], sources: list[str], ignore_case: bool) -> None:
        super().__init__(Lexicon([("", pattern, sources)], ignore_case=ignore_case).entries[0], ignore_case)
