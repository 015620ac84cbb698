"""Merge rules: one surviving incident keeps every source, claim and figure of the others.

Merging is a pure function; storage writes the result (and the audit log keeps the
states before it, so an unmerge restores every incident exactly).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from incident_review.core.model import Incident

# Fields the analyst picks from one side (or edits); the rest are combined.
CHOOSABLE = (
    "date",
    "date_end",
    "date_precision",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "event_type",
    "sub_event_type",
    "summary",
    "grade",
)


def _union(*lists: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for items in lists:
        for item in items:
            if item not in out:
                out.append(item)
    return out


def merge(
    survivor: Incident,
    others: Sequence[Incident],
    choose: dict[str, str] | None = None,
    edits: dict[str, Any] | None = None,
) -> tuple[Incident, list[Incident]]:
    """The survivor after absorbing ``others``, and the others marked as merged into it.

    ``choose`` maps a field to the id of the incident whose value to keep; a field not
    chosen keeps the survivor's value, or the first other's when the survivor has none.
    ``edits`` sets fields to values the analyst typed.
    """
    by_id = {i.id: i for i in (survivor, *others)}
    values: dict[str, Any] = {}
    for name in CHOOSABLE:
        source = (choose or {}).get(name)
        if source is not None:
            if source not in by_id:
                raise ValueError(f"{source} is not one of the incidents being merged")
            values[name] = getattr(by_id[source], name)
        elif getattr(survivor, name) in (None, "unknown"):
            values[name] = next(
                (getattr(o, name) for o in others if getattr(o, name) not in (None, "unknown")), getattr(survivor, name)
            )
    known = {f.name for f in fields(Incident)}
    for name, value in (edits or {}).items():
        if name not in known:
            raise ValueError(f"unknown field {name!r}")
        values[name] = value
    spans = dict(survivor.spans)
    for o in others:
        for key, span in o.spans.items():
            spans.setdefault(key, span)
    merged = replace(
        survivor,
        **values,
        weapons=_union(survivor.weapons, *(o.weapons for o in others)),
        damage=_union(survivor.damage, *(o.damage for o in others)),
        attribution=_union(survivor.attribution, *(o.attribution for o in others)),
        figures=_union(survivor.figures, *(o.figures for o in others)),
        sources=_union(survivor.sources, *(o.sources for o in others)),
        notes=_union(survivor.notes, *(o.notes for o in others)),
        merged_from=_union(survivor.merged_from, *([o.id, *o.merged_from] for o in others)),
        spans=spans,
    )
    absorbed = [replace(o, merged_into=survivor.id) for o in others]
    return merged, absorbed
