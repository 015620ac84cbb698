"""Safe YAML input: the loader, and a document whose big list is read one item at a time.

``yaml.load`` composes the whole document before building anything: for an export of
100k incidents a tree of ~10M nodes (4.6 GB), most of the time spent by the garbage
collector walking it. ``read_streamed`` reads the root mapping from libyaml's event
stream instead: every top-level value is built as ``yaml.load`` builds it, except the list
under one key, whose items are built one at a time and handed out as they are read, so
memory holds one item, whatever the size of the file.

Items are built straight from the events for the usual shapes (untagged mappings, lists
and scalars: everything an export writes, flow style and comments included). An item with
anything else (a tag on a collection, a merge key ``<<``, a mapping or list as a key) is
composed into nodes from its recorded events and built by the loader's own constructor.
Either way an item reads to what ``yaml.load`` gives, and a bad one fails with its error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final, Protocol

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode

from incident_review.core.errors import InputError

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The parser whose events the loader reads (libyaml's when PyYAML has it).
_Parser: Any = _BaseLoader.__mro__[1]

STR_TAG: Final = "tag:yaml.org,2002:str"
MAP_TAG: Final = "tag:yaml.org,2002:map"
SEQ_TAG: Final = "tag:yaml.org,2002:seq"
MERGE_TAG: Final = "tag:yaml.org,2002:merge"
VALUE_TAG: Final = "tag:yaml.org,2002:value"
# A plain scalar starting with any other character is a string: no implicit resolver
# (null, bool, int, float, timestamp, merge...) looks at it.
_RESOLVED_FIRST: Final = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)
_CACHE_SIZE: Final = 1024  # plain non-string scalars (counts, dates, null) recur: built once


class InputLoader(_BaseLoader):  # type: ignore[misc]
    """safe_load's loader, with every value it cannot build an input error at its line.

    An alias is refused where it is used, scalars too (the README says anchors/aliases are
    refused; an alias bomb then costs nothing); an unquoted ``2023-02-30`` or a 5,000-digit
    integer (over Python's int-string limit) is a problem at its line, not a traceback."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise ConstructorError(None, None, "YAML anchors/aliases are not allowed", node.start_mark)
        return super().construct_object(node, deep)

    def _checked(self, build: Callable[[Any, Any], Any], node: Any, what: str) -> Any:
        try:
            return build(self, node)
        except (ValueError, OverflowError) as exc:
            problem = f"{node.value[:40]!r} is not a valid {what} ({str(exc).split(';')[0]})"
            raise ConstructorError(None, None, problem, node.start_mark) from None


InputLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader._checked(_BaseLoader.construct_yaml_timestamp, node, "date"),
)
InputLoader.add_constructor(
    "tag:yaml.org,2002:int", lambda loader, node: loader._checked(_BaseLoader.construct_yaml_int, node, "integer")
)


def yaml_error(exc: BaseException, path: str) -> InputError:
    """The one-line error for a YAML error (or a RecursionError) in ``path``."""
    if isinstance(exc, RecursionError):
        return InputError(path, None, "not valid YAML: nested too deeply")
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}" if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return InputError(path, where, f"not valid YAML: {problem}")


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


@dataclass(frozen=True)
class Root:
    """The document's root when it is not a plain mapping (None: no document at all)."""

    value: Any


@dataclass(frozen=True)
class Entry:
    """A key of the root mapping with its value, built as yaml.load builds it."""

    key: Any
    value: Any


@dataclass(frozen=True)
class ListStart:
    """The streamed key's list begins: its items follow, then the next entry."""

    key: str


@dataclass(frozen=True)
class Item:
    """One item of the streamed list, as yaml.load would build it."""

    value: Any


Part = Root | Entry | ListStart | Item


def read_streamed(stream: Readable, key: str) -> Iterator[Part]:
    """The document in ``stream`` part by part: each root entry, and the list under ``key``
    item by item; the document ends in a mapping's end, else raises yaml.YAMLError.

    A key given twice at the root is refused (YAML requires keys to be unique; yaml.load
    keeps the last, which would silently drop the items already handed out)."""
    reader = _Reader(stream)
    try:
        yield from reader.parts(key)
    finally:
        reader.dispose()


def read_items(stream: Readable, key: str) -> tuple[list[Part], bool]:
    """``read_streamed``'s parts of a small document, all at once, and whether it anchors
    a node (an anchor's name must be unique in the whole file: a part read alone cannot
    tell)."""
    reader = _Reader(stream)
    try:
        return list(reader.parts(key)), bool(reader.anchors)
    finally:
        reader.dispose()


_NO_KEY: Final = object()
_SLOW: Final = object()  # an item or key outside the shapes built from events
_MISS: Final = object()


class _Reader(InputLoader, Composer):
    """The loader over libyaml's events, with Python's composer for the rare shapes.

    ``_replay`` holds events (last first) read ahead by the event builder and handed back
    when it falls back to composing nodes."""

    def __init__(self, stream: Readable) -> None:
        _BaseLoader.__init__(self, stream)
        self.anchors: dict[str, Any] = {}  # name -> its event or node (for .start_mark)
        self._replay: list[Any] = []
        self._plain: dict[str, tuple[str, Any]] = {}
        self._next: Callable[[], Any] = _Parser.get_event.__get__(self)

    # ---------------------------------------------------------------- events

    def get_event(self) -> Any:
        return self._replay.pop() if self._replay else _Parser.get_event(self)

    def peek_event(self) -> Any:
        return self._replay[-1] if self._replay else _Parser.peek_event(self)

    def check_event(self, *choices: Any) -> bool:
        if not self._replay:
            return bool(_Parser.check_event(self, *choices))
        return not choices or isinstance(self._replay[-1], choices)

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            self._alias(self.get_event())
        return super().compose_node(parent, index)

    def _alias(self, event: Any) -> None:
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            raise ComposerError(None, None, "found undefined alias", event.start_mark)
        # At the anchored value's line, as yaml.load reports it.
        raise ConstructorError(None, None, "YAML anchors/aliases are not allowed", anchored.start_mark)

    def _anchor(self, event: Any) -> None:
        name = event.anchor
        if name in self.anchors:
            first = self.anchors[name].start_mark
            raise ComposerError(
                "found duplicate anchor; first occurrence", first, "second occurrence", event.start_mark
            )
        self.anchors[name] = event

    # ---------------------------------------------------------------- the document

    def parts(self, key: str) -> Iterator[Part]:
        self.get_event()  # stream start
        if self.check_event(StreamEndEvent):
            yield Root(None)
            return
        document = self.get_event()
        if not _plain_collection(self.peek_event(), MappingStartEvent):
            root = self._composed()
            self._end(document)
            yield Root(root)
            return
        start = self.get_event()
        if start.anchor is not None:
            self._anchor(start)
        explicit: set[Any] = set()
        merged: dict[Any, Any] = {}
        while not self.check_event(MappingEndEvent):
            event = self.get_event()
            name = self._key(event) if event.__class__ is ScalarEvent else _SLOW
            if name is _SLOW:  # a merge key, or a key that is not a scalar: as yaml.load does it
                pairs, merge = self._pair(start, event)
                if merge:
                    merged.update(pairs)
                    continue
                name, value = next(iter(pairs.items()))
                self._once(explicit, name, start, event)
                yield Entry(name, value)
                continue
            if event.anchor is not None:
                self._anchor(event)
            self._once(explicit, name, start, event)
            if name == key and _plain_collection(self.peek_event(), SequenceStartEvent):
                yield ListStart(key)
                opened = self.get_event()
                if opened.anchor is not None:
                    self._anchor(opened)
                while not self.check_event(SequenceEndEvent):
                    yield Item(self._item(self.get_event()))
                self.get_event()
            else:
                yield Entry(name, self._composed())
        self.get_event()  # mapping end
        # Merged keys yield to the mapping's own, wherever the merge key stands.
        for name, value in merged.items():
            if name not in explicit:
                yield Entry(name, value)
        self._end(document)

    def _once(self, explicit: set[Any], name: Any, start: Any, event: Any) -> None:
        if name in explicit:
            raise ConstructorError(
                "while constructing a mapping", start.start_mark, f"found duplicate key {name!r}", event.start_mark
            )
        explicit.add(name)

    def _end(self, document: Any) -> None:
        self.get_event()  # document end
        if not self.check_event(StreamEndEvent):
            another = self.get_event()
            raise ComposerError(
                "expected a single document in the stream",
                document.start_mark,
                "but found another document",
                another.start_mark,
            )

    def _composed(self) -> Any:
        """The next node, composed and built by the loader (a root value, a rare item)."""
        return self.construct_document(self.compose_node(None, None))

    def _pair(self, start: Any, key_event: Any) -> tuple[dict[Any, Any], bool]:
        """A root pair whose key is not a plain scalar, built as a one-pair mapping (so a
        merge key merges, a list as a key is refused, as in yaml.load); whether it merges."""
        self._replay.append(key_event)
        key = self.compose_node(None, None)
        value = self.compose_node(None, None)
        merge = key.tag == MERGE_TAG
        pairs = self.construct_document(MappingNode(MAP_TAG, [(key, value)], start.start_mark, value.end_mark))
        return pairs, merge

    # ---------------------------------------------------------------- values from events

    def _item(self, first: Any) -> Any:
        """The value that begins with ``first``, built from the events when it has the
        usual shapes, else composed from them (recorded up to where the builder stopped)."""
        kind = first.__class__
        if kind is ScalarEvent:
            if first.anchor is not None:
                self._anchor(first)
            return self._scalar(first)
        if kind is AliasEvent:
            self._alias(first)
        recorded = [first]
        anchored: list[str] = []
        built = self._build(first, recorded, anchored)
        if built is not _SLOW:
            return built
        for name in anchored:  # the composer registers them again
            del self.anchors[name]
        recorded.reverse()
        self._replay.extend(recorded)
        return self._composed()

    def _build(self, first: Any, recorded: list[Any], anchored: list[str]) -> Any:
        """A collection built from its events without recursion (libyaml bounds the depth);
        _SLOW at the first event outside the usual shapes. The loop is the import's hot
        path (~100 events an incident), hence the inlined common cases."""
        if not _plain_collection(first, first.__class__):
            return _SLOW
        if first.anchor is not None:
            self._anchor(first)
            anchored.append(first.anchor)
        get, record, cached, resolved_first = self._next, recorded.append, self._plain.get, _RESOLVED_FIRST
        stack: list[tuple[Any, bool, Any]] = []
        in_list = first.__class__ is SequenceStartEvent
        top: Any = [] if in_list else {}
        key: Any = _NO_KEY
        while True:
            event = get()
            record(event)
            kind = event.__class__
            if kind is ScalarEvent:
                value = event.value
                if event.tag is not None or event.anchor is not None:
                    value = self._odd_scalar(event, in_list or key is not _NO_KEY, anchored)
                elif event.implicit[0] and (not value or value[0] in resolved_first):
                    hit = cached(value)  # a count, a date, null...
                    if hit is not None and hit[1] is not _MISS:
                        value = hit[1]
                    else:
                        value = self._scalar(event) if in_list or key is not _NO_KEY else self._key(event)
                if value is _SLOW:  # a merge key
                    return _SLOW
                if in_list:
                    top.append(value)
                elif key is _NO_KEY:
                    key = value
                else:
                    top[key] = value
                    key = _NO_KEY
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if not (in_list or key is not _NO_KEY) or not _plain_collection(event, kind):
                    return _SLOW  # a collection as a key, or a tagged one
                if event.anchor is not None:
                    self._anchor(event)
                    anchored.append(event.anchor)
                stack.append((top, in_list, key))
                in_list = kind is SequenceStartEvent
                top, key = ([] if in_list else {}), _NO_KEY
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                if not stack:
                    return top
                value = top
                top, in_list, key = stack.pop()
                if in_list:
                    top.append(value)
                else:
                    top[key] = value
                    key = _NO_KEY
            else:  # an alias: refused
                self._alias(event)

    def _odd_scalar(self, event: Any, as_value: bool, anchored: list[str]) -> Any:
        """A tagged or anchored scalar, as a value or a key (_SLOW: a merge key)."""
        built = self._scalar(event) if as_value else self._key(event)
        if built is not _SLOW and event.anchor is not None:
            self._anchor(event)
            anchored.append(event.anchor)
        return built

    def _scalar(self, event: Any) -> Any:
        """A scalar value as the composer resolves it and the constructor builds it."""
        if event.tag is None:
            value = event.value
            if not event.implicit[0]:  # quoted
                return value
            if value and value[0] not in _RESOLVED_FIRST:
                return value
            tag, built = self._resolved(event)
            return self._construct(tag, event) if built is _MISS else built
        tag = self.resolve(ScalarNode, event.value, event.implicit) if event.tag == "!" else event.tag
        return event.value if tag == STR_TAG else self._construct(tag, event)

    def _key(self, event: Any) -> Any:
        """A scalar key as construct_mapping builds it (``=`` is a string there); _SLOW
        for a merge key ``<<``."""
        value = event.value
        if event.tag is None and (not event.implicit[0] or (value and value[0] not in _RESOLVED_FIRST)):
            tag, built = STR_TAG, value
        elif event.tag is None:
            tag, built = self._resolved(event)
        else:
            tag = self.resolve(ScalarNode, value, event.implicit) if event.tag == "!" else event.tag
            built = value if tag == STR_TAG else _MISS
        if tag == MERGE_TAG:
            return _SLOW
        if tag == VALUE_TAG:
            return value
        return self._construct(tag, event) if built is _MISS else built

    def _resolved(self, event: Any) -> tuple[str, Any]:
        """A plain scalar's tag and value (_MISS for merge and value keys, built where
        they stand), cached by its text."""
        value = event.value
        hit = self._plain.get(value)
        if hit is not None:
            return hit
        tag = self.resolve(ScalarNode, value, (True, False))
        if tag == STR_TAG:
            result: tuple[str, Any] = (tag, value)
        elif tag in (MERGE_TAG, VALUE_TAG):
            result = (tag, _MISS)
        else:  # null, bool, int, float, timestamp: immutable, so one object serves all
            result = (tag, self._construct(tag, event))
        if len(self._plain) >= _CACHE_SIZE:
            self._plain.clear()
        self._plain[value] = result
        return result

    def _construct(self, tag: str, event: Any) -> Any:
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.construct_object(node)
        finally:
            self.constructed_objects.pop(node, None)
            self.recursive_objects.pop(node, None)


def _plain_collection(event: Any, kind: type) -> bool:
    """A mapping or list start without a tag of its own: built as a dict or a list."""
    same = event.__class__ is kind  # (a variable: mypy narrows ``event`` on the test itself)
    tag = event.tag if same else None
    return same and (tag is None or tag == "!" or tag == (MAP_TAG if kind is MappingStartEvent else SEQ_TAG))
