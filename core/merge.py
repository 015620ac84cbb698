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


def _blank(value: Any) -> bool:
    """A value a merge fills from another incident: none, unknown, empty."""
    return value is None or value == "unknown" or value == "" or value == []


def taken_from(survivor: Incident, others: Sequence[Incident], choose: dict[str, str] | None = None) -> dict[str, str]:
    """For each choosable field, the id of the incident whose value a merge keeps: the one
    ``choose`` names, else the survivor, or the first other with a value when the
    survivor's is blank (the survivor's blank is kept only when every value is).

    The duplicate review marks these (►) and previews the merge with them, so what the
    screen shows is what ``merge`` writes."""
    ids = {i.id for i in (survivor, *others)}
    out: dict[str, str] = {}
    for name in CHOOSABLE:
        chosen = (choose or {}).get(name)
        if chosen is not None:
            if chosen not in ids:
                raise ValueError(f"{chosen} is not one of the incidents being merged")
            out[name] = chosen
        elif _blank(getattr(survivor, name)):
            out[name] = next((o.id for o in others if not _blank(getattr(o, name))), survivor.id)
        else:
            out[name] = survivor.id
    return out


def filled_fields(incident: Incident) -> int:
    """How many of the fields a merge draws from one side (choosable) the incident has."""
    return sum(1 for name in CHOOSABLE if not _blank(getattr(incident, name)))


def default_survivor(incidents: Sequence[Incident]) -> int:
    """The index of the incident the others should merge into by default.

    An incident the analysts have reviewed (a status or grade set) first: its review stays
    with the survivor, and merging it away would drop it. Then the most sources, then the
    most filled choosable fields (whose values win the merge), then the first listed. The
    emptiest incident surviving was the trap of issue #12: its id and blanks looked like
    the result."""

    def weight(i: int) -> tuple[bool, int, int, int]:
        inc = incidents[i]
        reviewed = inc.status != "unreviewed" or inc.grade is not None
        return (reviewed, len(inc.sources), filled_fields(inc), -i)

    if not incidents:
        raise ValueError("no incidents to choose a survivor from")
    return max(range(len(incidents)), key=weight)


def merge(
    survivor: Incident,
    others: Sequence[Incident],
    choose: dict[str, str] | None = None,
    edits: dict[str, Any] | None = None,
) -> tuple[Incident, list[Incident]]:
    """The survivor after absorbing ``others``, and the others marked as merged into it.

    ``choose`` maps a field to the id of the incident whose value to keep; a field not
    chosen keeps the survivor's value, or the first other's when the survivor has none
    (``taken_from``). ``edits`` sets fields to values the analyst typed (over any other rule).
    """
    by_id = {i.id: i for i in (survivor, *others)}
    values: dict[str, Any] = {
        name: getattr(by_id[source], name) for name, source in taken_from(survivor, others, choose).items()
    }
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
