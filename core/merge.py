"""Merge rules: one surviving incident keeps every source, claim and figure of the others.

Merging is a pure function; storage writes the result (and the audit log keeps the
states before it, so an unmerge restores every incident exactly).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Final

from incident_review.core.model import FIELDS, Incident, Span

# Fields the analyst picks from one side (or edits); the rest are combined or kept
# (the field table's merge rules, core/fields.py).
CHOOSABLE: Final = tuple(f.name for f in FIELDS if f.merge == "choose")
_UNION: Final = tuple(f.name for f in FIELDS if f.merge == "union")
_OWN: Final = tuple(f.name for f in FIELDS if f.merge == "own")  # by _OWN_RULES below


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
    ``edits`` sets fields to values the analyst typed (over any other rule).
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
    for name in _UNION:
        values[name] = _union(getattr(survivor, name), *(getattr(o, name) for o in others))
    for name in _OWN:
        values[name] = _OWN_RULES[name](survivor, others)
    known = {f.name for f in FIELDS}
    for name, value in (edits or {}).items():
        if name not in known:
            raise ValueError(f"unknown field {name!r}")
        values[name] = value
    merged = replace(survivor, **values)
    absorbed = [replace(o, merged_into=survivor.id) for o in others]
    return merged, absorbed


def _merged_from(survivor: Incident, others: Sequence[Incident]) -> list[str]:
    """Every id merged into any of them, and the others themselves."""
    return _union(survivor.merged_from, *([o.id, *o.merged_from] for o in others))


def _spans(survivor: Incident, others: Sequence[Incident]) -> dict[str, Span]:
    """The survivor's spans, and the others' for values the survivor has none for."""
    spans = dict(survivor.spans)
    for o in others:
        for key, span in o.spans.items():
            spans.setdefault(key, span)
    return spans


# The rules of the fields whose merge rule is "own".
_OWN_RULES: Final[dict[str, Callable[[Incident, Sequence[Incident]], Any]]] = {
    "merged_from": _merged_from,
    "spans": _spans,
}
