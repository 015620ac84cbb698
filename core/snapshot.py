"""Lossless JSON snapshots of an incident, for the audit log, undo and replay.

Unlike the YAML contract (the reviewed view), a snapshot keeps everything: per-source
figures, spans, merge links and the version, so restoring one restores the incident
exactly.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Final

from incident_review.core.model import FIELDS, Claim, Figure, Incident, Note, Source, Span

# The field table's dates, written as ISO text (core/fields.py); the nested values below.
_DATES: Final = tuple(f.name for f in FIELDS if f.kind == "date")
# One encoder for every snapshot, and dates written as text before encoding: a
# ``default`` hook is a Python call per date, and json.dumps builds an encoder per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, check_circular=False)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def to_json(inc: Incident) -> str:
    # Shallow field copies instead of dataclasses.asdict: every nested value is a flat
    # dataclass of primitives, and asdict's deep copy made bulk imports 3x slower.
    data = dict(vars(inc))
    for name in _DATES:
        data[name] = _iso(data[name])
    data["attribution"] = [vars(c) for c in inc.attribution]
    data["figures"] = [vars(f) for f in inc.figures]
    data["sources"] = [{**vars(s), "published": _iso(s.published)} for s in inc.sources]
    data["notes"] = [vars(n) for n in inc.notes]
    data["spans"] = {k: [s.report, s.start, s.end] for k, s in inc.spans.items()}
    return _ENCODER.encode(data)


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
