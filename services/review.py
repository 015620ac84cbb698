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
    _check_claim(claim)
    changed = replace(incident, attribution=[*incident.attribution, claim])
    return _save(store, changed, incident, analyst, "claim:add")


def edit_claim(store: Store, incident: Incident, index: int, claim: Claim, analyst: str) -> Saved:
    """Replace claim ``index`` with the analyst's reading of it; the report span it was
    read from stays, so the evidence is still shown."""
    _check_claim(claim)
    claims = list(incident.attribution)
    old = claims[index]
    # The form edits who, role, stance and by; where it came from and whom it is associated
    # with (ACLED's assoc_actor) stay.
    claims[index] = replace(claim, source=old.source, start=old.start, end=old.end, associated_with=old.associated_with)
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
    figure = Figure(kind, group, low, best, high, None)
    problem = validate_figure(figure)
    if problem:
        raise ValueError(problem)
    figures = [f for f in incident.figures if not (f.source is None and f.kind == kind and f.group == group)]
    if (low, best, high) != (None, None, None):
        figures.append(figure)
    note = Note(by=analyst, at=utc_now(), text=f"casualties {kind}/{group} set to {low}/{best}/{high}: {reason}")
    changed = replace(incident, figures=figures, notes=[*incident.notes, note])
    return _save(store, changed, incident, analyst, f"casualties:{kind}")
