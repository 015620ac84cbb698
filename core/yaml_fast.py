"""A document read as ``read_streamed`` reads it, faster for the layout an export writes.

``read_parts`` hands out the same parts (the root's entries, the list's start, its items)
but reads the list's items from their lines (core/yaml_lines.py) instead of building
libyaml's events: 4-5x faster on an export. It falls back, so that any YAML reads as the
full parser reads it:

- an item the line reader is unsure of (a comment, a flow list, an anchor, a block
  scalar, a key that is no plain word...) is parsed alone by the full parser;
- a document it does not know (the list not under a ``key:`` line at the left margin,
  anything after the list, a header it cannot read ahead, a parse error anywhere) is read
  again from its start by ``read_streamed``, the parts already handed out skipped: errors
  are that parser's, with its line numbers, and the same parts come out in the same order.

Items are cut at the lines that start at the list's own column with a dash: in block
style a line there ends every node opened inside the item above, but for a quoted or
flow scalar still open, whose item is then unreadable on its own and so read again whole.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterator
from typing import Final

import yaml

from incident_review.core.yaml_lines import ODD, Scalars, Unsure, item
from incident_review.core.yaml_read import Entry, Item, ListStart, Part, Readable, read_items, read_streamed

CHUNK: Final = 1 << 16  # (a first incident is handed out after 64 kB read)
HEADER_MAX: Final = 1 << 20  # the root's entries before the list: a few lines in an export
# An item read alone by the full parser costs 1.6x what the event-level reader takes for it
# within the document: when most of the first items are (a file in another tool's style),
# the document is the full parser's from its start.
TRIAL_ITEMS: Final = 256


class _Escalate(Exception):
    """The document is read again from its start by the full parser."""


def read_parts(stream: Readable, key: str, rewind: Callable[[], Readable]) -> Iterator[Part]:
    """``read_streamed(stream, key)``'s parts; ``rewind``: the stream again from its start
    (the full parser's, should the document be one the line reader does not know)."""
    handed = 0
    try:
        for part in _Lines(stream, key).parts():
            handed += 1
            yield part
        return
    except _Escalate:
        pass
    for number, part in enumerate(read_streamed(rewind(), key)):
        if number >= handed:
            yield part


class _Lines:
    def __init__(self, stream: Readable, key: str) -> None:
        self.stream = stream
        self.key = key
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.buf = ""
        self.eof = False
        self.scalars = Scalars()
        self.items = 0
        self.alone = 0  # items read by the full parser alone

    def _more(self) -> bool:
        """The next chunk of text onto ``buf``; False once the stream has ended."""
        if self.eof:
            return False
        raw = self.stream.read(CHUNK)
        self.buf += self.decoder.decode(raw, final=not raw)
        self.eof = not raw
        return True

    def parts(self) -> Iterator[Part]:
        opener = re.compile(r"(?:\A|\n)" + re.escape(self.key) + r": *\n")
        found = opener.search(self.buf)
        while found is None:
            if len(self.buf) > HEADER_MAX or not self._more():
                raise _Escalate
            found = opener.search(self.buf)
        yield from self._head(self.buf[: found.end()])
        self.buf = self.buf[found.end() :]
        while "\n" not in self.buf and self._more():
            pass
        first = re.match(r"( *)-(?: |\n|\Z)", self.buf)
        if first is None:  # not a block list (or a comment first): the full parser's
            raise _Escalate
        yield ListStart(self.key)
        yield from self._items(len(first.group(1)))

    def _head(self, text: str) -> Iterator[Entry]:
        """The root's entries before the list, read by the full parser (a few lines) up to
        the list's ``key:`` line, which must read as the last entry, of no value yet."""
        lines = text.split("\n")
        if "<<" in text or any(line.startswith(("---", "...")) for line in lines[1:]):
            raise _Escalate  # merged keys come after the list there; another document
        try:
            parts, anchored = read_items(io.BytesIO(text.encode("utf-8")), self.key)
        except (yaml.YAMLError, RecursionError):
            raise _Escalate from None
        if anchored or not parts or parts[-1] != Entry(self.key, None):
            raise _Escalate
        entries = [p for p in parts[:-1] if isinstance(p, Entry)]
        if len(entries) != len(parts) - 1 or any(e.key == self.key for e in entries):
            raise _Escalate
        yield from entries

    def _items(self, ind: int) -> Iterator[Item]:
        """The list's items, its dashes at column ``ind``; the list runs to the end."""
        boundary = re.compile(r"\n {0,%d}(?=[^ \n])".replace("%d", str(ind)))
        pos = scan = 0  # where the current item starts; where to look for the next one
        while True:
            buf = self.buf
            found = boundary.search(buf, scan)
            if found is not None and (found.end() + 1 < len(buf) or self.eof):
                at = found.end()
                if at - found.start() - 1 == ind and buf[at] == "-" and buf[at + 1 : at + 2] in (" ", "\n", ""):
                    yield Item(self._item(buf[pos : found.start() + 1], ind))
                    pos, scan = found.start() + 1, at
                elif buf[at] == "#":
                    scan = at  # a comment stays with the item above
                else:
                    raise _Escalate  # the list ends before the document does
                continue
            if not self._more():
                if pos < len(buf):
                    yield Item(self._item(buf[pos:], ind))
                return
            # Look again from the line that may now be complete (none complete before it).
            if found is not None:
                scan = found.start()
            else:
                last = buf.rfind("\n", scan)
                scan = max(scan, last)
            self.buf = self.buf[pos:]
            scan -= pos
            pos = 0

    def _item(self, text: str, ind: int) -> object:
        self.items += 1
        if self.items == TRIAL_ITEMS and 2 * self.alone > TRIAL_ITEMS:
            raise _Escalate
        body = text.rstrip("\n")
        if not ODD.search(body):
            while True:  # comments after the item (one inside a scalar leaves it unreadable)
                last = body.rfind("\n")
                if last < 0 or not body[last + 1 :].lstrip(" ").startswith("#"):
                    break
                body = body[:last]
            try:
                return item(body, ind, self.scalars)
            except Unsure:
                pass
        self.alone += 1
        try:
            parts, anchored = read_items(io.BytesIO((self.key + ":\n" + text).encode("utf-8")), self.key)
        except (yaml.YAMLError, RecursionError):
            raise _Escalate from None
        if anchored or len(parts) != 2 or not isinstance(parts[1], Item):
            raise _Escalate
        return parts[1].value
