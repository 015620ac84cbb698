"""Review actions on incidents, shared by the TUI and the CLI.

Each takes the incident as the analyst saw it (its ``version``), so a change made
meanwhile by someone else raises ConflictError instead of being overwritten. Each
returns ``Saved``: the batch id of its audit entries, which ``undo`` reverts, and the
incident as stored (its new version), so the caller shows it without reading it again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from incident_review.core.casualties import AGGREGATIONS, validate_figure
from incident_review.core.errors import ConflictError
from incident_review.core.model import GRADES, ROLES, STANCES, STATUSES, Claim, Figure, Incident, Note
from incident_review.services.undo import describe
from incident_review.storage.store import Change, Store, utc_now


@dataclass(frozen=True)
class Saved:
    batch: str  # what ``undo`` reverts
    incident: Incident  # as stored: the version the next edit is based on


def _save(store: Store, changed: Incident, base: Incident, analyst: str, action: str) -> Saved:
    batch, (stored,) = store.save_changes([Change(changed, base.version)], analyst, action)
    return Saved(batch, stored)


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")


def _with_status(incident: Incident, status: str, analyst: str) -> Incident:
    _check_status(status)
    reviewed = status in ("confirmed", "rejected")
    return replace(
        incident,
        status=status,
        reviewed_by=analyst if reviewed else incident.reviewed_by,
        reviewed_at=utc_now() if reviewed else incident.reviewed_at,
    )


def _check_grade(grade: str | None) -> None:
    if grade is not None and grade not in GRADES:
        raise ValueError(f"unknown grade {grade!r}")


def set_status(store: Store, incident: Incident, status: str, analyst: str) -> Saved:
    return _save(store, _with_status(incident, status, analyst), incident, analyst, f"status:{status}")


def set_grade(store: Store, incident: Incident, grade: str | None, analyst: str) -> Saved:
    _check_grade(grade)
    return _save(store, replace(incident, grade=grade), incident, analyst, f"grade:{grade}")


def add_note(store: Store, incident: Incident, text: str, analyst: str) -> Saved:
    note = Note(by=analyst, at=utc_now(), text=text)
    changed = replace(incident, notes=[*incident.notes, note])
    return _save(store, changed, incident, analyst, "note")


def undo(store: Store, batch: str, analyst: str, others: bool = False) -> str:
    """Revert a batch; the returned batch reverts the undo (redo).

    Only the analyst's own, unless ``others`` says so explicitly (an import's revisions
    undone by whoever reviews them): another analyst's batch is refused (ValueError
    naming it and who wrote it), never reverted behind their back. The store refuses the
    rest: an incident changed since the batch (ConflictError names who changed it)."""
    info = store.batch_infos([batch]).get(batch)
    if info is None:
        raise KeyError(f"no batch {batch} in the audit log")
    authors = [who for who in info.analysts if who != analyst]
    if authors and not others:
        raise ValueError(f"{describe(info)}: that is {', '.join(authors)}'s change, not {analyst}'s to undo")
    return store.revert(batch, analyst, "undo")


# ------------------------------------------------------------ on many incidents at once


@dataclass(frozen=True)
class Skipped:
    incident_id: str
    reason: str  # "changed by bob since it was selected", "merged into INC-000002", ...


@dataclass(frozen=True)
class BulkSaved:
    """What a bulk action did: one batch (one ``u`` undoes it all), or None if nothing
    needed writing."""

    batch: str | None
    saved: list[str] = field(default_factory=list)  # the ids written
    unchanged: list[str] = field(default_factory=list)  # already so: nothing to write
    skipped: list[Skipped] = field(default_factory=list)  # someone else's change came first

    def describe(self, done: str) -> str:
        """ "confirmed 18 of 20 (1 already so); skipped 1: INC-000012 changed by bob since it was selected"."""
        total = len(self.saved) + len(self.unchanged) + len(self.skipped)
        text = f"{done} {len(self.saved)} of {total}"
        if self.unchanged:
            text += f" ({len(self.unchanged)} already so)"
        if self.skipped:
            shown = "; ".join(f"{s.incident_id} {s.reason}" for s in self.skipped[:3])
            more = f"; and {len(self.skipped) - 3} more" if len(self.skipped) > 3 else ""
            text += f"; skipped {len(self.skipped)}: {shown}{more}"
        return text


GET_CHUNK = 500  # incidents read per query


def apply_many(
    store: Store,
    selected: Mapping[str, str],
    change: Callable[[Incident], Incident | None],
    analyst: str,
    action: str,
) -> BulkSaved:
    """Apply ``change`` to every selected incident (id -> when the analyst selected it,
    UTC to the second) in one batch: one transaction and one audit batch, so one undo
    reverts it all. ``change`` returns None where nothing would change.

    An incident another analyst changed since it was selected is skipped, not
    overwritten, and so is one changed between reading and writing (the version check);
    each skip says why. Nothing else stops the rest from being written."""
    skipped = [
        Skipped(i, f"changed by {who} since it was selected")
        for i, who in store.changed_since(dict(selected), analyst).items()
    ]
    stale = {s.incident_id for s in skipped}
    ids = [i for i in selected if i not in stale]
    changes: list[Change] = []
    unchanged: list[str] = []
    found: set[str] = set()
    for start in range(0, len(ids), GET_CHUNK):
        for inc in store.get_many(ids[start : start + GET_CHUNK]):
            found.add(inc.id)
            if inc.merged_into:
                skipped.append(Skipped(inc.id, f"merged into {inc.merged_into}"))
                continue
            changed = change(inc)
            if changed is None:
                unchanged.append(inc.id)
            else:
                changes.append(Change(changed, inc.version))
    skipped += [Skipped(i, "no longer in the store") for i in ids if i not in found]
    if not changes:
        return BulkSaved(None, [], unchanged, skipped)
    batch, saved, refused = store.save_some(changes, analyst, action)
    for refusal in refused:
        if isinstance(refusal, ConflictError):
            skipped.append(Skipped(refusal.incident_id, f"changed by {refusal.by} meanwhile"))
        else:
            skipped.append(Skipped(refusal.incident_id, f"merged into {refusal.survivor}"))
    return BulkSaved(batch, [inc.id for inc in saved], unchanged, skipped)


def set_status_many(store: Store, selected: Mapping[str, str], status: str, analyst: str) -> BulkSaved:
    """``set_status`` on every selected incident not already of that status, as one batch."""
    _check_status(status)  # before any read

    def change(inc: Incident) -> Incident | None:
        return None if inc.status == status else _with_status(inc, status, analyst)

    return apply_many(store, selected, change, analyst, f"status:{status}")


def set_grade_many(store: Store, selected: Mapping[str, str], grade: str | None, analyst: str) -> BulkSaved:
    """``set_grade`` on every selected incident not already of that grade, as one batch."""
    _check_grade(grade)

    def change(inc: Incident) -> Incident | None:
        return None if inc.grade == grade else replace(inc, grade=grade)

    return apply_many(store, selected, change, analyst, f"grade:{grade}")


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
