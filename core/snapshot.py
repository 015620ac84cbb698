"""Lossless JSON snapshots of an incident, for the audit log, undo and replay.

Unlike the YAML contract (the reviewed view), a snapshot keeps everything: per-source
figures, spans, merge links and the version, so restoring one restores the incident
exactly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any, Final

from incident_review.core.model import FIELDS, Claim, Figure, Incident, Note, Source, Span

# One encoder for every snapshot, and dates written as text before encoding: a
# ``default`` hook is a Python call per date, and json.dumps builds an encoder per call.
# The keys are put in sorted order here, not by the encoder (``sort_keys`` sorted each
# dict again, a tenth of a bulk import's snapshot time).
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)
_NESTED: Final = ("attribution", "figures", "sources", "notes", "spans")


def _defaults(cls: type) -> dict[str, Any]:
    """Each field's default (its factory's value), for the fields that have one."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            out[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            out[f.name] = f.default_factory()
    return out


def _layout(cls: type, skip: tuple[str, ...] = ()) -> tuple[tuple[str, Any], ...]:
    """(name, default) of every field in sorted order; ``_REQUIRED`` when it has none."""
    defaults = _defaults(cls)
    return tuple(
        (f.name, defaults.get(f.name, _REQUIRED))
        for f in sorted(dataclasses.fields(cls), key=_name)
        if f.name not in skip
    )


def _name(f: dataclasses.Field[Any]) -> str:
    return f.name


_REQUIRED: Final = object()
_DATES: Final = frozenset(f.name for f in FIELDS if f.kind == "date")
_INCIDENT: Final = _layout(Incident)
_CLAIM: Final = _layout(Claim)
_FIGURE: Final = _layout(Figure)
_SOURCE: Final = _layout(Source)
_NOTE: Final = _layout(Note)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _compact(obj: Any, layout: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """The object's fields that differ from their defaults (a value equal to its default
    reads back the same: ``from_json`` leaves it to the dataclass)."""
    values = vars(obj)
    return {name: values[name] for name, default in layout if default is _REQUIRED or values[name] != default}


def to_json(inc: Incident) -> str:
    """Fields at their default value are left out (half of a dataset row's snapshot was
    nulls and empty lists); keys sorted, as before."""
    values = vars(inc)
    data: dict[str, Any] = {}
    for name, default in _INCIDENT:
        value = values[name]
        if name in _NESTED:
            if not value:
                continue
            if name == "attribution":
                value = [_compact(c, _CLAIM) for c in value]
            elif name == "figures":
                value = [_compact(f, _FIGURE) for f in value]
            elif name == "sources":
                value = [_source(s) for s in value]
            elif name == "notes":
                value = [_compact(n, _NOTE) for n in value]
            else:
                value = {k: [s.report, s.start, s.end] for k, s in value.items()}
        elif default is not _REQUIRED and value == default:
            continue
        elif name in _DATES:
            value = _iso(value)
        data[name] = value
    return _ENCODER.encode(data)


def _source(source: Source) -> dict[str, Any]:
    data = _compact(source, _SOURCE)
    if "published" in data:
        data["published"] = _iso(data["published"])
    return data


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def from_json(text: str) -> Incident:
    data: dict[str, Any] = json.loads(text)
    for name in _DATES:
        data[name] = _date(data.get(name))
    data["attribution"] = [Claim(**c) for c in data.get("attribution", [])]
    data["figures"] = [Figure(**f) for f in data.get("figures", [])]
    data["sources"] = [Source(**{**s, "published": _date(s.get("published"))}) for s in data.get("sources", [])]
    data["notes"] = [Note(**n) for n in data.get("notes", [])]
    data["spans"] = {k: Span(*v) for k, v in data.get("spans", {}).items()}
    return Incident(**data)
