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
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def _defaults(cls: type) -> dict[str, Any]:
    """Each field's default (its factory's value), for the fields that have one."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            out[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            out[f.name] = f.default_factory()
    return out


_REQUIRED: Final = object()  # no default: always written
_DATES: Final = frozenset(f.name for f in FIELDS if f.kind == "date")
_DEFAULT: Final = _defaults(Incident)
_CLAIM: Final = _defaults(Claim)
_FIGURE: Final = _defaults(Figure)
_SOURCE: Final = _defaults(Source)
_NOTE: Final = _defaults(Note)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _compact(obj: Any, defaults: dict[str, Any]) -> dict[str, Any]:
    """The object's fields that differ from their defaults (a value left out reads back
    as its default: ``from_json`` leaves it to the dataclass)."""
    return {k: v for k, v in vars(obj).items() if v != defaults.get(k, _REQUIRED)}


def to_json(inc: Incident) -> str:
    """Fields at their default value are left out (half of a dataset row's snapshot was
    nulls and empty lists); keys in the field table's order."""
    data = _compact(inc, _DEFAULT)
    for name in _DATES.intersection(data):
        data[name] = _iso(data[name])
    if "attribution" in data:
        data["attribution"] = [_compact(c, _CLAIM) for c in inc.attribution]
    if "figures" in data:
        data["figures"] = [_compact(f, _FIGURE) for f in inc.figures]
    if "sources" in data:
        data["sources"] = [_source(s) for s in inc.sources]
    if "notes" in data:
        data["notes"] = [_compact(n, _NOTE) for n in inc.notes]
    if "spans" in data:
        data["spans"] = {k: [s.report, s.start, s.end] for k, s in inc.spans.items()}
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
