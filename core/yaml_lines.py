"""One list item of block-style YAML read from its lines, as yaml.load would build it, for
the shapes an export writes; anything else is left to the full parser.

The import's hot path: libyaml's events built into Python objects cost ~40 us an
incident, most of it the events themselves. What an export writes is a small part of YAML:
block mappings with plain keys, block lists (beside their key or indented), plain scalars
(folded over lines when long), single-quoted ones (over lines too), one-line
double-quoted ones, ``[]`` and ``{}``. ``item`` reads exactly that, line by line, and raises
``Unsure`` at the first thing outside it (a comment, a flow collection, an anchor, a tag, a
block scalar, a tab, a blank line, a key that is not a plain word...), where the caller
falls back to the full parser: a value is only ever built here when it is sure to be what
yaml.load builds (tests/unit/test_yaml_fast.py holds the two side by side).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

import yaml
from yaml.nodes import ScalarNode

from incident_review.core.yaml_read import STR_TAG, InputLoader


class Unsure(Exception):
    """The lines hold something this reader does not build: the full parser reads them."""


# Characters that make the whole item the full parser's: tabs, line breaks other than \n
# (YAML also breaks lines at \r, NEL, U+2028/9), characters libyaml refuses or treats apart
# (controls, surrogates, the BOM, non-characters).
ODD: Final = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# What may not start a plain scalar here (an indicator: flow, anchor, alias, tag, block
# scalar, comment, directive, reserved), quotes apart.
_INDICATOR: Final = frozenset("[]{},#&*!|>%@`")
# A plain scalar's first character that no implicit resolver looks at: a string as it is.
_RESOLVED_FIRST: Final = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)
_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ESCAPES: Final = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX: Final = {"x": 2, "u": 4, "U": 8}
_ESCAPE: Final = re.compile(r"\\(?:([xuU])([0-9A-Fa-f]*)|(.))", re.DOTALL)
_CACHE_SIZE: Final = 65_536  # plain non-string scalars (dates, counts, null) recur: built once


class Scalars:
    """Plain scalars resolved and built as the import's loader builds them, cached by text;
    keys checked once each."""

    def __init__(self) -> None:
        self._loader = InputLoader("")
        self._built: dict[str, tuple[Any]] = {}
        self.keys: set[str] = set()  # the keys checked so far

    def plain(self, text: str) -> Any:
        if text[0] not in _RESOLVED_FIRST:
            return text
        hit = self._built.get(text)
        if hit is not None:
            return hit[0]
        loader = self._loader
        tag = loader.resolve(ScalarNode, text, (True, False))
        if tag == STR_TAG:
            value: Any = text
        elif tag.startswith("tag:yaml.org,2002:") and tag[18:] in ("null", "bool", "int", "float", "timestamp"):
            node = ScalarNode(tag, text)
            try:
                value = loader.construct_object(node)
            except Exception:  # 2023-02-30 (ConstructorError): the full parser says where
                raise Unsure from None
            finally:
                loader.constructed_objects.pop(node, None)
                loader.recursive_objects.pop(node, None)
        else:  # a merge key "<<", a value key "="
            raise Unsure
        if len(self._built) >= _CACHE_SIZE:
            self._built.clear()
        self._built[text] = (value,)
        return value

    def key(self, text: str) -> str:
        if text in self.keys:
            return text
        if not _KEY.match(text) or self.plain(text) != text:  # "yes", "null", "1" are not strings
            raise Unsure
        self.keys.add(text)
        return text


# A line: its indentation, then (from there on) a list's dash, a plain key and the rest.
_LINE: Final = re.compile(r"^( *)((- +)?(?:([A-Za-z_][A-Za-z0-9_]*):(?: +|$))?(.*))$", re.M)
# A plain scalar's first character that needs a closer look (an indicator, a quote, a
# space, "-?:" that start a plain scalar only before a non-space).
_SPECIAL_START: Final = _INDICATOR | frozenset("'\" -?:")
_NOTHING: Final = 1 << 30  # no scalar above that a deeper line could continue
_PLAIN, _FIXED, _QUOTED = 0, 1, 2  # what the scalar above is: how a deeper line continues it


def item(text: str, ind: int, scalars: Scalars) -> Any:
    """The list item whose dash stands at column ``ind`` of ``text``'s first line, over
    all of ``text`` (none of ``ODD``): its value, or Unsure.

    One pass over the lines, a stack of the open collections (column, container, whether a
    list); a scalar is built where it stands, built again if the next lines continue it."""
    root: list[Any] = []
    stack: list[tuple[int, Any, bool]] = [(ind, root, True)]
    col, is_list = ind, True
    top: Any = root
    opened: Any = None  # the mapping whose last key has no value on its line
    open_key: Any = None
    open_col = 0
    cont, kind = _NOTHING, _FIXED  # the column a continuation must pass; the scalar's kind
    into: Any = None  # where the scalar above is (container and slot), its text so far
    slot: Any = None
    sofar = ""
    quoted: list[str] = []  # a single-quoted scalar's lines so far
    known, plain_of, first_special, resolved_first = scalars.keys, scalars.plain, _SPECIAL_START, _RESOLVED_FIRST
    for at, content, dash, key, rest in _LINE.findall(text):
        n = len(at)
        if n > cont or (not content and kind == _QUOTED):
            if kind == _QUOTED:  # a blank line in it is a newline
                line = content.rstrip(" ")
                end = _close(line, 0) if line else -1
                if end < 0:
                    quoted.append(line)
                    continue
                quoted.append(line[:end])
                into[slot] = _fold(quoted)
                kind = _FIXED
                continue
            if not content:
                raise Unsure
            sofar = _continued(kind, sofar, content)
            into[slot] = plain_of(sofar)
            continue
        if not content:
            raise Unsure  # a line of spaces (in a plain scalar: a newline)
        if kind == _QUOTED:
            raise Unsure  # a quote never closed
        cont = _NOTHING
        if opened is not None:
            if n > open_col or (n == open_col and dash):
                new: Any = [] if dash else {}
                opened[open_key] = new
                stack.append((n, new, bool(dash)))
                col, top, is_list = n, new, bool(dash)
            else:
                opened[open_key] = None
            opened = None
        while n < col:
            stack.pop()
            if not stack:
                raise Unsure
            col, top, is_list = stack[-1]
        if n > col:
            raise Unsure
        if dash:
            if not is_list:
                raise Unsure
            if not key:
                if not rest:
                    raise Unsure  # "-" alone: its value on the lines below
                top.append(None)
                into, slot, cont = top, len(top) - 1, n
                first = rest[0]
                if first in first_special or " #" in rest or ": " in rest or rest[-1] == ":" or rest[-1] == " ":
                    top[slot], kind, sofar = _odd(rest, plain_of)
                    quoted = [sofar]
                else:
                    top[slot], kind, sofar = (rest if first not in resolved_first else plain_of(rest)), _PLAIN, rest
                continue
            target: dict[Any, Any] = {}
            top.append(target)
            n += len(dash)
            stack.append((n, target, False))
            col, top, is_list = n, target, False
        else:
            if is_list:  # a list beside its key ends at the mapping's next key
                stack.pop()
                if not stack:
                    raise Unsure
                col, top, is_list = stack[-1]
                if is_list or col != n:
                    raise Unsure
            if not key:
                raise Unsure
            target = top
        if key not in known:
            scalars.key(key)
        if not rest:
            opened, open_key, open_col = target, key, n
            continue
        into, slot, cont = target, key, n
        first = rest[0]
        if first in first_special or " #" in rest or ": " in rest or rest[-1] == ":" or rest[-1] == " ":
            target[key], kind, sofar = _odd(rest, plain_of)
            quoted = [sofar]
        else:
            target[key], kind, sofar = (rest if first not in resolved_first else plain_of(rest)), _PLAIN, rest
    if kind == _QUOTED:
        raise Unsure
    if opened is not None:
        opened[open_key] = None
    if len(root) != 1:
        raise Unsure
    return root[0]


def _odd(rest: str, plain_of: Callable[[str], Any]) -> tuple[Any, int, str]:
    """A scalar off the fast path: its value, its kind and its text (a single-quoted
    scalar still open: no value yet, _QUOTED)."""
    text = rest.rstrip(" ")
    first = text[0]
    if first == "'":
        end = _close(text, 1)
        if end < 0:
            return None, _QUOTED, text[1:]
        body = text[1:end]
        return (body.replace("''", "'") if "''" in body else body), _FIXED, text
    if first == '"':
        return _double(text), _FIXED, text
    if text == "[]" or text == "{}":
        return ([] if text == "[]" else {}), _FIXED, text
    if first in _INDICATOR or ((first == "-" or first == "?" or first == ":") and (len(text) == 1 or text[1] == " ")):
        raise Unsure
    if " #" in text or ": " in text or text.endswith(":"):
        raise Unsure
    return plain_of(text), _PLAIN, text


def _close(text: str, start: int) -> int:
    """Where the single-quoted scalar open in ``text`` closes, from ``start`` on (-1: not
    on this line); Unsure when anything but spaces follows it."""
    end = text.find("'", start)
    while end >= 0 and text[end + 1 : end + 2] == "'":
        end = text.find("'", end + 2)
    if end >= 0 and text[end + 1 :].strip(" "):
        raise Unsure
    return end


def _fold(lines: list[str]) -> str:
    """A single-quoted scalar's lines (its first from the quote on, its last up to the
    closing quote; "" for a blank line) folded: a break is a space, or the blank lines'
    newlines."""
    out = [lines[0]]
    breaks = 0
    for line in lines[1:-1]:
        if not line:
            breaks += 1
            continue
        out.append("\n" * breaks if breaks else " ")
        out.append(line)
        breaks = 0
    out.append("\n" * breaks if breaks else " ")
    out.append(lines[-1])
    text = "".join(out)
    return text.replace("''", "'") if "''" in text else text


def _continued(kind: int, sofar: str, content: str) -> str:
    """The plain scalar above continued by the line ``content`` (the break folds into a
    space)."""
    more = content.rstrip(" ")
    if kind != _PLAIN or more[0] in _SPECIAL_START or " #" in more or ": " in more or more.endswith(":"):
        raise Unsure
    return sofar + " " + more


def _double(text: str) -> str:
    """A double-quoted scalar on one line (over several: the full parser's)."""
    end = text.find('"', 1)
    while end >= 0:
        slashes = 0
        while text[end - 1 - slashes] == "\\":
            slashes += 1
        if slashes % 2 == 0:
            break
        end = text.find('"', end + 1)
    if end < 0 or text[end + 1 :].strip(" "):
        raise Unsure
    body = text[1:end]
    return _ESCAPE.sub(_unescape, body) if "\\" in body else body


def _unescape(m: re.Match[str]) -> str:
    kind, digits, char = m.group(1), m.group(2), m.group(3)
    if kind is not None:
        width = _HEX[kind]
        if len(digits) < width:
            raise Unsure
        code = int(digits[:width], 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise Unsure
        return chr(code) + digits[width:]
    replaced = _ESCAPES.get(char)
    if replaced is None:
        raise Unsure
    return replaced
