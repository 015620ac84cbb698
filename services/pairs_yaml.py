"""``duplicates --format yaml``: the candidate pairs, clusters and split pairs as YAML.

PyYAML's representer builds a node per value in Python: 45k pairs took 17-22 s even with
libyaml's emitter (92 s with the pure-Python one). The document has one fixed shape, so it
is written line by line here, in the block style ``yaml.safe_dump(..., sort_keys=False)``
gives. Each distinct string is written plain only when it is made of id-like characters
and YAML would read it back as that string; anything else goes through PyYAML's own
(pure-Python) scalar writer, quoted as it would quote it, so a loader reads back exactly the data."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import yaml

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
# Plain in block context: no leading indicator, no ': ' or ' #', no trailing colon.
_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:/-]*")


@lru_cache(maxsize=1 << 17)
def scalar(value: str) -> str:
    """``value`` as a YAML scalar in block context, as PyYAML writes it."""
    if (
        _PLAIN.fullmatch(value)
        and not value.endswith(":")
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG  # type: ignore[no-untyped-call]
    ):
        return value
    text: str = yaml.safe_dump(value, allow_unicode=True, width=1 << 30)  # never folded onto a second line
    text = text.removesuffix("\n...\n").removesuffix("\n")
    if any(c in text for c in _BREAKS):
        # A quoted scalar over several lines would need this context's indentation on
        # each: one double-quoted line with escapes reads back the same.
        text = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_style='"').removesuffix("\n")
    return text


def number(value: float | int | None) -> str:
    """A number as SafeRepresenter writes it (``1.0e-05``, ``.inf``, ``null``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value != value:
        return ".nan"
    if value in (math.inf, -math.inf):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text


_numbers: dict[float, str] = {}


def _number(value: float | int | None) -> str:
    """``number``, remembered per float: a pair's components are rounded to 3 places, so
    45k pairs hold a few thousand distinct values (writing each anew was a third of the
    document). Zero is left out (0.0 and -0.0 are one key but two texts), as are ints and
    bools (1 == 1.0 == True)."""
    if type(value) is float and value:
        text = _numbers.get(value)
        if text is None:
            text = number(value)
            if len(_numbers) < 1 << 16:
                _numbers[value] = text
        return text
    return number(value)


def document(pairs: Iterable[Any], clusters: Sequence[Sequence[str]], split: Iterable[Any]) -> Iterator[str]:
    """The text, in pieces, of ``{pairs, clusters, split}``; components in name order,
    as they are stored. (Each pair is one piece, its lines joined at once: a piece per
    line, reformatted for its place in the list, cost twice the time.)"""
    yield from _list("pairs", (_pair(p, with_components=True) for p in pairs))
    yield from _list("clusters", (_ids(group) for group in clusters))
    yield from _list("split", (_pair(p, with_components=False) for p in split))


def _list(key: str, items: Iterable[str]) -> Iterator[str]:
    """``key:`` then each item (its text, as a list entry), or ``key: []``."""
    empty = True
    for text in items:
        if empty:
            yield f"{key}:\n"
            empty = False
        yield text
    if empty:
        yield f"{key}: []\n"


def _pair(p: Any, with_components: bool) -> str:
    head = f"- a: {scalar(p.a)}\n  b: {scalar(p.b)}\n  score: {_number(p.score)}\n"
    if not with_components:
        return head
    values = p.components
    if not values:
        return head + "  components: {}\n"
    return head + "  components:\n" + "".join([f"    {scalar(k)}: {_number(values[k])}\n" for k in sorted(values)])


def _ids(group: Sequence[str]) -> str:
    if not group:
        return "- []\n"
    return "- - " + "".join([f"{scalar(x)}\n  - " for x in group])[:-4]
