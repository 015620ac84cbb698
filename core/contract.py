"""The YAML contract (schema ``incident-review/2``; ``/1`` files still read): serialise,
parse and validate.

Export and import must round-trip byte for byte, so every key is always written (but the
sparse ones, written when set), in the documented order, and parsing rebuilds exactly the
values that export writes. /2 added only sparse keys (the datasets' fields, a claim's
``associated_with``): an export of incidents without them is the /1 export but for its
version line, and a /1 file reads as it always did (a /2 key in it is refused). The
incident's keys, their order and how each scalar is read come from the field table
(core/fields.py); the nested ones (attribution, casualties, sources, notes) and the checks
across fields are written out here.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

import yaml

from incident_review.core.casualties import AGGREGATIONS, combine, validate_figure
from incident_review.core.errors import InputError
from incident_review.core.fields import Field
from incident_review.core.model import FIELDS, ROLES, STANCES, Claim, Figure, Incident, Note, Source
from incident_review.core.safe_text import _FORMAT_RANGES
from incident_review.core.yaml_fast import read_parts
from incident_review.core.yaml_read import Entry, Item, ListStart, Part, Readable, read_streamed, yaml_error

VERSION: Final = 2
SCHEMA: Final = f"incident-review/{VERSION}"  # what export writes
SCHEMAS: Final = {f"incident-review/{n}": n for n in range(1, VERSION + 1)}  # what import reads
# The incident's keys, in the order they are written: the field table's (core/fields.py).
# Every key is always written and required on import, but the sparse ones: written only
# when set, so that a field added later changes no file that never had it.
_KEYED: Final = tuple(f for f in FIELDS if f.key is not None)
INCIDENT_KEYS: Final = tuple(str(f.key) for f in _KEYED if not f.sparse)
OPTIONAL_KEYS: Final = tuple(str(f.key) for f in _KEYED if f.sparse)
# The keys a file of each version may hold (a key is in the versions from its ``contract`` on).
_ALLOWED: Final = {
    n: frozenset(INCIDENT_KEYS) | {str(f.key) for f in _KEYED if f.sparse and f.contract <= n} for n in SCHEMAS.values()
}
# A claim's keys; ``associated_with`` (/2) only when set.
CLAIM_KEYS: Final = ("actor", "role", "stance", "by", "source")
_CLAIM_ALLOWED: Final = {
    n: frozenset(CLAIM_KEYS) | ({"associated_with"} if n >= 2 else set()) for n in SCHEMAS.values()
}
# (key, field, kind, sparse, default), looked up once: export writes 100k incidents.
_WRITE: Final = tuple((str(f.key), f.name, f.kind, f.sparse, f.default) for f in _KEYED)
_VALUES: Final = operator.attrgetter(*(f.name for f in _KEYED))
# Every date read from input (publication, event, source) lies in this range: 9999-12-31
# overflowed the matcher's date window after the reports were stored, 0001-01-01 the
# extractor's "yesterday". A date outside it is a typo, refused naming the file.
DATE_MIN: Final = dt.date(1900, 1, 1)
DATE_MAX: Final = dt.date(2100, 12, 31)
MAX_COUNT: Final = 1_000_000_000  # a casualty count above this is a typo
# Extra casualty keys written only when known: (yaml key, kind, group).
EXTRA_FIGURES: Final = (
    ("civilians_killed", "killed", "civilians"),
    ("children_killed", "killed", "children"),
    ("children_wounded", "wounded", "children"),
    ("missing", "missing", "all"),
)

# libyaml makes dumping 100k incidents 3x faster; fall back when PyYAML lacks it.
_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """Never writes anchors/aliases: import refuses them (alias bombs)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def date_problem(value: dt.date) -> str | None:
    """Why ``value`` cannot be an input date (outside DATE_MIN..DATE_MAX), else None."""
    if DATE_MIN <= value <= DATE_MAX:
        return None
    return f"date {value.isoformat()} is out of range ({DATE_MIN.isoformat()} to {DATE_MAX.isoformat()})"


# Characters that change what a reader of the file sees without being seen (bidi overrides,
# zero-width spaces, U+FEFF...): safe_text's list. The YAML dumper writes them raw (they are
# "printable" with allow_unicode), so `cat export.yaml` could show a reordered line; a text
# holding one is written double-quoted with each of them as a \uXXXX escape instead, which
# reads back to the very same text (export -> import -> export stays byte-identical).
_INVISIBLE = re.compile(f"[{_FORMAT_RANGES}]")


def _represent_str(dumper: Any, data: str) -> Any:
    if _INVISIBLE.search(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_str(data)


_Dumper.add_representer(str, _represent_str)


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _range(r: Any) -> dict[str, int | None]:
    return {"low": r.low, "best": r.best, "high": r.high}


def incident_to_dict(inc: Incident, how: str | None = None) -> dict[str, Any]:
    """The reviewed view of an incident; casualties under ``how`` (default: the
    aggregation the analyst chose for it, written when it is not the usual "best")."""
    how = how or inc.casualty_aggregation
    casualties: dict[str, Any] = {
        "killed": _range(combine(inc.figures, "killed", "all", how)),
        "wounded": _range(combine(inc.figures, "wounded", "all", how)),
    }
    for key, kind, group in EXTRA_FIGURES:
        r = combine(inc.figures, kind, group, how)
        if r.known:
            casualties[key] = r.best if r.best is not None else r.low
    if how != "best":
        casualties["aggregation"] = how
    nested: dict[str, Any] = {
        "attribution": [_claim(c) for c in inc.attribution],
        "figures": casualties,
        "sources": [
            {"report": s.report, "outlet": s.outlet, "url": s.url, "published": s.published, "quote": s.quote}
            for s in inc.sources
        ],
        "notes": [{"by": n.by, "at": n.at, "text": n.text} for n in inc.notes],
    }
    out: dict[str, Any] = {}
    for (key, name, kind, sparse, default), value in zip(_WRITE, _VALUES(inc), strict=True):
        if kind == "nested":
            out[key] = nested[name]
            continue
        if sparse and value == default:
            continue
        out[key] = list(value) if kind == "texts" else value
    return out


def _claim(c: Claim) -> dict[str, Any]:
    out: dict[str, Any] = {"actor": c.actor, "role": c.role, "stance": c.stance, "by": c.by, "source": c.source}
    if c.associated_with is not None:
        out["associated_with"] = c.associated_with
    return out


def header(exported_by: str, filter_: dict[str, Any], timestamp: str | None) -> dict[str, Any]:
    return {"schema": SCHEMA, "exported_at": timestamp, "exported_by": exported_by, "filter": filter_}


def dump(data: Any) -> str:
    text: str = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    # Such a character can only be inside a double-quoted scalar (see _represent_str),
    # where an escape means the same character.
    return _INVISIBLE.sub(_escape, text) if _INVISIBLE.search(text) else text


def write_document(
    write: Callable[[str], Any],
    head: dict[str, Any],
    incidents: Iterable[Incident],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream a document: the header, then each incident as one list item.

    Streaming keeps memory flat at 100k+ incidents; the text is identical to dumping the
    whole mapping at once because each item is dumped as a one-element list.
    """
    write(dump(head))
    count = 0
    first = True
    for inc in incidents:
        if first:
            write("incidents:\n")
            first = False
        write(dump([incident_to_dict(inc)]))
        count += 1
        if progress:
            progress(count)
    if first:
        write("incidents: []\n")
    return count


# ---------------------------------------------------------------- parsing


class _Checker:
    """Type checks that raise InputError naming the incident and the key."""

    def __init__(self, path: str, record: str) -> None:
        self.path = path
        self.record = record

    def fail(self, key: str, problem: str) -> InputError:
        return InputError(self.path, f"incident {self.record}, key '{key}'", problem)

    def opt_str(self, d: dict[str, Any], key: str) -> str | None:
        value = d.get(key)
        if value.__class__ is str:  # the usual case, first: 25 texts an incident
            return value
        if value is None:
            return None
        if isinstance(value, bool | dict | list):
            raise self.fail(key, f"expected text, got {type(value).__name__}")
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        return str(value)

    def req_str(self, d: dict[str, Any], key: str) -> str:
        value = self.opt_str(d, key)
        if not value:
            raise self.fail(key, "is required")
        return value

    def choice(self, d: dict[str, Any], key: str, allowed: tuple[str, ...], optional: bool = False) -> str | None:
        value = self.opt_str(d, key)
        if value is None and optional:
            return None
        if value not in allowed:
            raise self.fail(key, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def date(self, d: dict[str, Any], key: str) -> dt.date | None:
        value = d.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        elif isinstance(value, dt.date):
            pass
        else:
            try:
                value = dt.date.fromisoformat(str(value))
            except ValueError:
                raise self.fail(key, f"{value!r} is not a date (YYYY-MM-DD)") from None
        problem = date_problem(value)
        if problem:
            raise self.fail(key, problem)
        return value

    def number(self, d: dict[str, Any], key: str, lo: float, hi: float) -> float | None:
        value = d.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"expected a number, got {value!r}")
        if not lo <= value <= hi:
            raise self.fail(key, f"{value} is out of range [{lo}, {hi}]")
        return float(value)

    def count(self, d: dict[str, Any], key: str) -> int | None:
        value = d.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"expected a whole number, got {value!r}")
        if value < 0:
            raise self.fail(key, f"{value} is negative")
        if value > MAX_COUNT:  # SQLite's integers stop at 2**63 - 1; no toll comes near this
            raise self.fail(key, f"{value} is larger than {MAX_COUNT:,}")
        return value

    def mapping(self, d: dict[str, Any], key: str) -> dict[str, Any]:
        value = d.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a mapping, got {type(value).__name__}")
        return value

    def items(self, d: dict[str, Any], key: str, kind: type = dict) -> list[Any]:
        value = d.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list, got {type(value).__name__}")
        for item in value:
            if not isinstance(item, kind) or (kind is str and not item):
                raise self.fail(key, f"list item {item!r} is not a {kind.__name__}")
        return value


def incident_from_dict(d: Any, path: str, position: int, schema: str = SCHEMA) -> Incident:
    """The incident of mapping ``d`` in a file of ``schema`` (a /1 file has no /2 key)."""
    if not isinstance(d, dict):
        raise InputError(path, f"incident #{position}", "is not a mapping")
    version = SCHEMAS[schema]
    record = str(d.get("id") or f"#{position}")
    c = _Checker(path, record)
    missing = [k for k in INCIDENT_KEYS if k not in d]
    if missing:
        raise c.fail(missing[0], "is missing")
    unknown = sorted(set(d) - _ALLOWED[version])
    if unknown:
        raise c.fail(unknown[0], "is not a key of schema " + schema)
    inc = Incident(**{name: read(c, d) for name, read in _READ})
    if inc.date and inc.date_end and inc.date_end < inc.date:
        raise c.fail("date_end", f"{inc.date_end} is before date {inc.date}")
    if inc.country is not None and not (len(inc.country) == 2 and inc.country.isalpha() and inc.country.isupper()):
        raise c.fail("country", f"{inc.country!r} is not an ISO 3166-1 alpha-2 code")
    for i, claim in enumerate(c.items(d, "attribution")):
        cc = _Checker(path, f"{record}, attribution #{i + 1}")
        unknown = sorted(set(claim) - _CLAIM_ALLOWED[version])
        if unknown:
            raise cc.fail(unknown[0], "is not a key of schema " + schema)
        inc.attribution.append(
            Claim(
                actor=cc.req_str(claim, "actor"),
                role=cc.choice(claim, "role", ROLES) or "perpetrator",
                stance=cc.choice(claim, "stance", STANCES) or "reported",
                by=cc.opt_str(claim, "by"),
                source=cc.opt_str(claim, "source"),
                associated_with=cc.opt_str(claim, "associated_with"),
            )
        )
    casualties = c.mapping(d, "casualties")
    inc.figures = _figures(c, path, record, casualties)
    inc.casualty_aggregation = c.choice(casualties, "aggregation", AGGREGATIONS, optional=True) or "best"
    for i, src in enumerate(c.items(d, "sources")):
        sc = _Checker(path, f"{record}, sources #{i + 1}")
        inc.sources.append(
            Source(
                report=sc.req_str(src, "report"),
                outlet=sc.opt_str(src, "outlet"),
                url=sc.opt_str(src, "url"),
                published=sc.date(src, "published"),
                quote=sc.opt_str(src, "quote"),
            )
        )
    for i, note in enumerate(c.items(d, "notes")):
        nc = _Checker(path, f"{record}, notes #{i + 1}")
        inc.notes.append(Note(by=nc.req_str(note, "by"), at=nc.req_str(note, "at"), text=nc.req_str(note, "text")))
    return inc


def _reader(f: Field) -> Callable[[_Checker, dict[str, Any]], Any]:
    """How field ``f`` is read from an incident mapping: a sparse key may be absent (the
    default), any other is checked as its kind says."""
    read = _kind_reader(f)
    if not f.sparse:
        return read
    key, default = str(f.key), f.default
    return lambda c, d: read(c, d) if key in d else default


def _kind_reader(f: Field) -> Callable[[_Checker, dict[str, Any]], Any]:
    key = str(f.key)
    if f.kind == "text" and f.text_only:

        def text(c: _Checker, d: dict[str, Any]) -> Any:
            value = d.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                raise c.fail(
                    key,
                    f"expected text, got the number {value!r} (YAML reads an unquoted 14:30 as 870: quote it, '14:30')",
                )
            return c.req_str(d, key) if f.required else c.opt_str(d, key)

        return text
    if f.kind == "text":
        return (lambda c, d: c.req_str(d, key)) if f.required else (lambda c, d: c.opt_str(d, key))
    if f.kind == "choice":
        allowed, default = f.choices, f.default

        def choice(c: _Checker, d: dict[str, Any]) -> Any:
            value = c.choice(d, key, allowed, optional=default is None)
            return default if value is None else value

        return choice
    if f.kind == "date":
        return lambda c, d: c.date(d, key)
    if f.kind == "number":
        lo, hi = f.bounds or (-float("inf"), float("inf"))
        return lambda c, d: c.number(d, key, lo, hi)
    if f.kind == "count":
        return lambda c, d: c.count(d, key)
    if f.kind == "texts":
        return lambda c, d: [str(w) for w in c.items(d, key, str)]
    raise TypeError(f"{f.name}: a {f.kind} field is read by its own code")


# Built once: import reads every incident of a file with them.
_READ: Final = tuple((f.name, _reader(f)) for f in _KEYED if f.kind != "nested")


def _figures(c: _Checker, path: str, record: str, casualties: dict[str, Any]) -> list[Figure]:
    allowed = {"killed", "wounded", "aggregation"} | {k for k, _, _ in EXTRA_FIGURES}
    unknown = sorted(set(casualties) - allowed)
    if unknown:
        raise c.fail(f"casualties.{unknown[0]}", "is not a casualty key")
    figures: list[Figure] = []
    for kind in ("killed", "wounded"):
        rc = _Checker(path, f"{record}, casualties.{kind}")
        r = rc.mapping(casualties, kind)
        fig = Figure(kind, "all", rc.count(r, "low"), rc.count(r, "best"), rc.count(r, "high"))
        problem = validate_figure(fig)
        if problem:
            raise c.fail(f"casualties.{kind}", problem)
        if fig.low is not None or fig.best is not None or fig.high is not None:
            figures.append(fig)
    for key, kind, group in EXTRA_FIGURES:
        value = c.count(casualties, key) if key in casualties else None
        if value is not None:
            figures.append(Figure(kind, group, None, value, None))
    return figures


def read_incidents(stream: Readable, path: str, blank: Callable[[], bool] = lambda: False) -> Iterator[Incident]:
    """The incidents of the document in ``stream``, each validated as it is read.

    The file is never held whole: memory holds one incident at a time, so the first
    problem (InputError) can come after incidents were handed out, and a caller that
    stores them stores all or none (Store.import_incidents). Incidents before the
    document's ``schema`` (an export writes it first) wait for it, so that a wrong schema
    is the error rather than its incidents'. ``blank``: whether the whole input is
    whitespace ("empty file"), asked when it holds no mapping or no valid YAML.

    A stream that can start again (``rewind()``, or ``seek``) is read by the line reader
    (core/yaml_fast.py: the export's layout read from its lines, the full parser for
    anything else); another by the full parser alone."""
    try:
        yield from _read(stream, path, blank)
    except (yaml.YAMLError, RecursionError) as exc:
        if blank():
            raise InputError(path, None, "empty file") from None
        raise yaml_error(exc, path) from None


def _read(stream: Readable, path: str, blank: Callable[[], bool]) -> Iterator[Incident]:
    head: dict[Any, Any] = {}
    seen: set[str] = set()
    waiting: list[Any] | None = None  # items read before the schema, unchecked
    position = 0
    streamed = False
    schema = SCHEMA
    for part in _parts(stream):
        if isinstance(part, Item):
            position += 1
            if waiting is None:
                yield _incident(part.value, path, position, seen, schema)
            else:
                waiting.append(part.value)
        elif isinstance(part, Entry):
            head[part.key] = part.value
        elif isinstance(part, ListStart):
            streamed = True
            if "schema" in head:
                schema = _check_schema(head, path)
            else:
                waiting = []
        elif not isinstance(part.value, dict):
            if blank():
                raise InputError(path, None, "empty file")
            got = type(part.value).__name__
            raise InputError(path, None, f"expected a mapping with 'schema' and 'incidents', got {got}")
        else:  # a root built whole (a tagged mapping)
            head = part.value
    schema = _check_schema(head, path)
    if streamed:
        items: list[Any] = waiting or []
        position -= len(items)
    else:
        found = head.get("incidents")
        if not isinstance(found, list):
            raise InputError(path, None, "'incidents' must be a list")
        items = found
    for item in items:
        position += 1
        yield _incident(item, path, position, seen, schema)


def _parts(stream: Readable) -> Iterator[Part]:
    rewind: Callable[[], Readable] | None = getattr(stream, "rewind", None)
    seek = getattr(stream, "seek", None)
    if rewind is None and seek is not None:

        def rewind() -> Readable:
            seek(0)
            return stream

    if rewind is None:
        return read_streamed(stream, "incidents")
    return read_parts(stream, "incidents", rewind)


def _check_schema(head: dict[Any, Any], path: str) -> str:
    """The document's schema, one this version reads."""
    schema = head.get("schema")
    if schema is None:
        raise InputError(path, None, f"missing 'schema' (expected {SCHEMA})")
    if not isinstance(schema, str) or schema not in SCHEMAS:
        raise InputError(path, None, f"unknown schema {schema!r} (this version reads {' and '.join(SCHEMAS)})")
    return schema


def _incident(item: Any, path: str, position: int, seen: set[str], schema: str) -> Incident:
    inc = incident_from_dict(item, path, position, schema)
    if inc.id in seen:
        raise InputError(path, f"incident {inc.id}", "id appears twice in the file")
    seen.add(inc.id)
    return inc
