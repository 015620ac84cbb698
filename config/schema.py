"""A config file checked against the dataclass that describes it.

``parse(schema, data, shipped, origins)`` builds ``schema`` from a YAML mapping. An unknown key, a
missing one or a value of the wrong type is an ``InputError`` naming the file the key came
from and the key's path (``weights.place``, ``cities[3].aliases``): a bad user override says
what is wrong and where, instead of a KeyError or a TypeError deep inside the matcher.

Field types understood: bool, int, float (an integer is accepted), str, ``X | None``,
``list[T]``, ``tuple[T, ...]``, ``tuple[A, B]`` (a YAML list of that length), ``dict[str, T]``,
nested dataclasses (built), TypedDicts (checked and kept as the same dicts: the gazetteer's
thousands of records are not copied) and ``Any`` (passed on unchecked).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Hashable, Mapping
from functools import cache
from typing import Any, NamedTuple, TypeVar, cast

from incident_review.core.errors import InputError

T = TypeVar("T")


class _Invalid(Exception):
    """A bad value; the containers it sits in add their key or index on the way out."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path: list[str | int] = []  # innermost first


class _Check(NamedTuple):
    fn: Callable[[Any], Any]  # the value (converted: an int where a float is wanted), or _Invalid
    same: bool  # fn returns its argument itself: a container of such values need not be copied


def parse(schema: type[T], data: Mapping[str, Any], shipped: str, origins: Mapping[str, str]) -> T:
    """``data`` as ``schema`` (a dataclass). ``origins``: the file each top-level key (as
    text) came from when not the ``shipped`` one (the user's override), named in the error."""
    try:
        return cast(T, _checker(cast(Hashable, schema)).fn(data))  # (mypy: type[T] may be unhashable)
    except _Invalid as exc:
        path = exc.path[::-1]
        # The top-level key names the file: a user override replaces whole top-level keys.
        origin = origins.get(str(path[0]), shipped) if path else shipped
        raise InputError(origin, _where(path), exc.problem) from None


def _where(path: list[str | int]) -> str | None:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or None


def _shown(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _scalar(kind: type, expected: str) -> _Check:
    def check(value: Any) -> Any:
        if type(value) is kind:  # not isinstance: true is no integer here
            return value
        raise _Invalid(f"expected {expected}, got {_shown(value)}")

    return _Check(check, True)


def _float(value: Any) -> Any:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise _Invalid(f"expected a number, got {_shown(value)}")


_MARKS = (typing.Required, typing.NotRequired)
_SCALARS: dict[object, _Check] = {
    bool: _scalar(bool, "true or false"),
    int: _scalar(int, "an integer"),
    str: _scalar(str, "a string"),
    float: _Check(_float, False),
    Any: _Check(lambda value: value, True),
}


@cache
def _checker(tp: Any) -> _Check:
    """The check for the annotation ``tp``, built once per type."""
    if tp in _SCALARS:
        return _SCALARS[tp]
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _record(tp, build=True)
    if typing.is_typeddict(tp):
        return _record(tp, build=False)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union) and type(None) in args and len(args) == 2:
        return _optional(_checker(next(a for a in args if a is not type(None))))
    if origin is list:
        return _list(_checker(args[0]))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _tuple(None, _checker(args[0]))
        return _tuple([_checker(a) for a in args], None)
    if origin is dict and args[0] is str:
        return _dict(_checker(args[1]))
    raise TypeError(f"config schema: unsupported field type {tp!r}")


def _optional(inner: _Check) -> _Check:
    def check(value: Any) -> Any:
        if value is None:
            return None
        try:
            return inner.fn(value)
        except _Invalid as exc:
            if not exc.path and exc.problem.startswith("expected "):
                exc.problem = exc.problem.replace(", got", " or null, got", 1)
            raise

    return _Check(check, inner.same)


def _list(item: _Check) -> _Check:
    def check(value: Any) -> Any:
        if type(value) is not list:
            raise _Invalid(f"expected a list, got {_shown(value)}")
        if item is _SCALARS[str] and all(type(x) is str for x in value):
            return value  # the common case (aliases, patterns), without a call per item
        out = value if item.same else []
        for i, x in enumerate(value):
            try:
                y = item.fn(x)
            except _Invalid as exc:
                exc.path.append(i)
                raise
            if not item.same:
                out.append(y)
        return out

    return _Check(check, item.same)


def _tuple(items: list[_Check] | None, each: _Check | None) -> _Check:
    def check(value: Any) -> Any:
        if type(value) is not list:
            raise _Invalid(f"expected a list, got {_shown(value)}")
        if items is not None and len(value) != len(items):
            raise _Invalid(f"expected a list of {len(items)}, got {len(value)} item(s)")
        checks = items if items is not None else [each] * len(value)
        out = []
        for i, (c, x) in enumerate(zip(checks, value, strict=True)):
            try:
                out.append(c.fn(x) if c is not None else x)
            except _Invalid as exc:
                exc.path.append(i)
                raise
        return tuple(out)

    return _Check(check, False)


def _dict(item: _Check) -> _Check:
    def check(value: Any) -> Any:
        if type(value) is not dict:
            raise _Invalid(f"expected a mapping, got {_shown(value)}")
        out = value if item.same else {}
        for k, x in value.items():
            if type(k) is not str:
                raise _Invalid(f"expected text keys, got the key {_shown(k)}")
            try:
                y = item.fn(x)
            except _Invalid as exc:
                exc.path.append(k)
                raise
            if not item.same:
                out[k] = y
        return out

    return _Check(check, item.same)


def _record(tp: type, build: bool) -> _Check:
    """A dataclass (``build``: returns an instance) or a TypedDict (returns the dict)."""
    hints = typing.get_type_hints(tp, include_extras=True)
    if build:
        fields = dataclasses.fields(tp)
        names = [f.name for f in fields]
        required = frozenset(
            f.name for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        )
    else:
        # Read NotRequired off the hints: under ``from __future__ import annotations``
        # Python 3.11's __required_keys__ counts every key as required.
        total = getattr(tp, "__total__", True)
        marks = {k: typing.get_origin(h) for k, h in hints.items()}
        names = list(hints)
        required = frozenset(
            k for k, m in marks.items() if m is typing.Required or (total and m is not typing.NotRequired)
        )
        hints = {k: typing.get_args(h)[0] if marks[k] in _MARKS else h for k, h in hints.items()}
    checks = {name: _checker(hints[name]) for name in names}
    same = not build and all(c.same for c in checks.values())

    def check(value: Any) -> Any:
        if type(value) is not dict:
            raise _Invalid(f"expected a mapping, got {_shown(value)}")
        unknown = [k for k in value if k not in checks]
        if unknown:
            exc = _Invalid(_unknown(str(unknown[0]), checks))
            exc.path.append(str(unknown[0]))
            raise exc
        missing = [k for k in checks if k in required and k not in value]
        if missing:
            raise _Invalid(f"missing key {missing[0]!r}")
        out = {}
        for k, x in value.items():
            try:
                out[k] = checks[k].fn(x)
            except _Invalid as exc:
                exc.path.append(k)
                raise
        if build:
            return tp(**out)
        return value if same else out

    return _Check(check, same)


def _unknown(key: str, known: Mapping[str, object]) -> str:
    import difflib  # only on the error path

    close = difflib.get_close_matches(key, list(known), n=1)
    if close:
        return f"unknown key (did you mean {close[0]}?)"
    return "unknown key (known: " + ", ".join(known) + ")"
