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
from collections.abc import Iterable, Iterator, Mapping, Sequence
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


def document(pairs: Iterable[Any], clusters: Sequence[Sequence[str]], split: Iterable[Any]) -> Iterator[str]:
    """The lines (each ending in a newline) of ``{pairs, clusters, split}``; components
    in name order, as they are stored."""
    yield from _list("pairs", (_pair(p, with_components=True) for p in pairs))
    yield from _list("clusters", (_ids(group) for group in clusters))
    yield from _list("split", (_pair(p, with_components=False) for p in split))


def _list(key: str, items: Iterable[list[str]]) -> Iterator[str]:
    """``key:`` then each item (its lines, the first after ``- ``), or ``key: []``."""
    empty = True
    for lines in items:
        if empty:
            yield f"{key}:\n"
            empty = False
        yield f"- {lines[0]}\n"
        for line in lines[1:]:
            yield f"  {line}\n"
    if empty:
        yield f"{key}: []\n"


def _pair(p: Any, with_components: bool) -> list[str]:
    lines = [f"a: {scalar(p.a)}", f"b: {scalar(p.b)}", f"score: {number(p.score)}"]
    if with_components:
        lines += _mapping("components", p.components)
    return lines


def _mapping(key: str, values: Mapping[str, float]) -> list[str]:
    if not values:
        return [f"{key}: {{}}"]
    return [f"{key}:"] + [f"  {scalar(k)}: {number(values[k])}" for k in sorted(values)]


def _ids(group: Sequence[str]) -> list[str]:
    if not group:
        return ["[]"]
    return [f"- {scalar(group[0])}"] + [f"- {scalar(x)}" for x in group[1:]]
