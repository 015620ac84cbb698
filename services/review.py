"""Review actions on incidents, shared by the TUI and the CLI.

Each takes the incident as the analyst saw it (its ``version``), so a change made
meanwhile by someone else raises ConflictError instead of being overwritten. Each
returns ``Saved``: the batch id of its audit entries, which ``undo`` reverts, and the
incident as stored (its new version), so the caller shows it without reading it again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from incident_review.core.casualties import AGGREGATIONS, validate_figure
from incident_review.core.model import GRADES, ROLES, STANCES, STATUSES, Claim, Figure, Incident, Note
from incident_review.storage.store import Change, Store, utc_now


@dataclass(frozen=True)
class Saved:
    batch: str  # what ``undo`` reverts
    incident: Incident  # as stored: the version the next edit is based on


def _save(store: Store, changed: Incident, base: Incident, analyst: str, action: str) -> Saved:
    batch, (stored,) = store.save_changes([Change(changed, base.version)], analyst, action)
    return Saved(batch, stored)


def set_status(store: Store, incident: Incident, status: str, analyst: str) -> Saved:
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    reviewed = status in ("confirmed", "rejected")
    changed = replace(
        incident,
        status=status,
        reviewed_by=analyst if reviewed else incident.reviewed_by,
        reviewed_at=utc_now() if reviewed else incident.reviewed_at,
    )
    return _save(store, changed, incident, analyst, f"status:{status}")


def set_grade(store: Store, incident: Incident, grade: str | None, analyst: str) -> Saved:
    if grade is not None and grade not in GRADES:
        raise ValueError(f"unknown grade {grade!r}")
    return _save(store, replace(incident, grade=grade), incident, analyst, f"grade:{grade}")


def add_note(store: Store, incident: Incident, text: str, analyst: str) -> Saved:
    note = Note(by=analyst, at=utc_now(), text=text)
    changed = replace(incident, notes=[*incident.notes, note])
    return _save(store, changed, incident, analyst, "note")


def undo(store: Store, batch: str, analyst: str) -> str:
    """Revert a batch; the returned batch reverts the undo (redo)."""
    return store.revert(batch, analyst, "undo")


def _check_claim(claim: Claim) -> None:
    if claim.role not in ROLES or claim.stance not in STANCES or not claim.actor.strip():
        raise ValueError(f"invalid claim {claim}")


def add_claim(store: Store, incident: Incident, claim: Claim, analyst: str) -> Saved:
    """A claim the analyst read; ``claim.source``, if set, must be one of the incident's
    sources (the report the analyst read it in)."""
    _check_claim(claim)
    if claim.source is not None and claim.source not in {s.report for s in incident.sources}:
        raise ValueError(f"{claim.source} is not a source of {incident.id}")
    changed = replace(incident, attribution=[*incident.attribution, claim])
    return _save(store, changed, incident, analyst, "claim:add")


def edit_claim(store: Store, incident: Incident, index: int, claim: Claim, analyst: str) -> Saved:
    """Replace claim ``index`` with the analyst's reading of it; the report span it was
    read from stays, so the evidence is still shown."""
    _check_claim(claim)
    claims = list(incident.attribution)
    old = claims[index]
    claims[index] = replace(claim, source=old.source, start=old.start, end=old.end)
    return _save(store, replace(incident, attribution=claims), incident, analyst, "claim:edit")


def remove_claim(store: Store, incident: Incident, index: int, analyst: str) -> Saved:
    claims = list(incident.attribution)
    del claims[index]
    return _save(store, replace(incident, attribution=claims), incident, analyst, "claim:remove")


def set_aggregation(store: Store, incident: Incident, how: str, analyst: str) -> Saved:
    """Draw the incident's casualty figure from its sources' as ``how`` says
    (conservative, best or maximum); an analyst's override still outranks it."""
    if how not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {how!r} (one of {', '.join(AGGREGATIONS)})")
    changed = replace(incident, casualty_aggregation=how)
    return _save(store, changed, incident, analyst, f"casualties:aggregation:{how}")


def override_casualties(
    store: Store,
    incident: Incident,
    kind: str,
    group: str,
    low: int | None,
    best: int | None,
    high: int | None,
    reason: str,
    analyst: str,
) -> Saved:
    """The analyst's own figure for kind/group (it outranks the reports'), with the
    reason recorded as a note; None for all three removes the override."""
    problem = override_problem(low, best, high)
    if problem:
        raise ValueError(problem[1])
    figure = Figure(kind, group, low, best, high, None)
    figures = [f for f in incident.figures if not (f.source is None and f.kind == kind and f.group == group)]
    if (low, best, high) != (None, None, None):
        figures.append(figure)
    note = Note(by=analyst, at=utc_now(), text=f"{describe_override(kind, group, low, best, high)}: {reason}")
    changed = replace(incident, figures=figures, notes=[*incident.notes, note])
    return _save(store, changed, incident, analyst, f"casualties:{kind}")


def override_problem(low: int | None, best: int | None, high: int | None) -> tuple[str, str] | None:
    """What is wrong with an override's low/best/high, as (the field to show it at, why),
    or None: the casualties form shows it next to that field and keeps what was typed."""
    values = {"low": low, "best": best, "high": high}
    for name, value in values.items():
        if value is not None and value < 0:
            return name, f"{name} cannot be negative ({value})"
    if low is not None and best is not None and best < low:
        return "best", f"best {best} is below low {low}"
    if best is not None and high is not None and high < best:
        return "high", f"high {high} is below best {best}"
    if low is not None and high is not None and high < low:
        return "high", f"high {high} is below low {low}"
    problem = validate_figure(Figure("killed", "all", low, best, high, None))
    return ("best", problem) if problem else None


def describe_override(kind: str, group: str, low: int | None, best: int | None, high: int | None) -> str:
    """The note an override leaves, in words: "killed set to 20 (low 20, high 23)",
    "wounded (children) set to at least 4", "killed override removed"."""
    what = kind if group == "all" else f"{kind} ({group})"
    if (low, best, high) == (None, None, None):
        return f"{what} override removed"
    if best is not None:
        bounds = [f"{name} {value}" for name, value in (("low", low), ("high", high)) if value is not None]
        return f"{what} set to {best}" + (f" ({', '.join(bounds)})" if bounds else "")
    if low is not None and high is not None:
        return f"{what} set to between {low} and {high}"
    return f"{what} set to at least {low}" if low is not None else f"{what} set to at most {high}"
