"""Re-importing a newer export of a living dataset (ACLED, UCDP GED): which known rows
upstream revised, what of them to take without overwriting the analyst's work, and which
stored rows the export no longer has.

What the store knows of a row's upstream version is in the notes the importer writes
(there is no field for it yet): ACLED's ``row timestamp N``, else ``content #HASH`` of the
row's cells. The row as the dataset last gave it (the base of the three-way comparison in
``core.living``) is rebuilt from the audit log: the incident as imported, plus the fields
each later ``import revision`` changed, minus a revision since undone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from incident_review.core import living
from incident_review.core.dataset_formats.rows import MISSING
from incident_review.core.model import Incident, Note
from incident_review.services.ingest import SYSTEM_AUTHOR
from incident_review.storage.store import AuditEntry, Change, Store

REVISION_ACTION: Final = "import revision"  # the audit action of a re-import's saves (one batch)
LIVING: Final = frozenset({"acled", "ucdp"})  # datasets whose re-exports revise and delete rows
ID_COLUMNS: Final = {"acled": "event_id_cnty", "ucdp": "id"}  # a skipped row's id, read raw

_STAMP = re.compile(r"\brow timestamp (\d+)")
_CONTENT = re.compile(r"\bcontent #([0-9a-f]{12})\b")
DELETED_PREFIX: Final = "Not in "


def content_tag(values: Mapping[str, Any]) -> str:
    """``content #HASH`` of a row's cells (UCDP has no per-row timestamp): the same row in
    another file of the same layout hashes the same; an unknown cell ("NA") as an empty one."""
    cells = {k: "" if str(v).strip() in MISSING else str(v).strip() for k, v in values.items() if v is not None}
    digest = hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()[:12]
    return f"content #{digest}"


def upstream_version(inc: Incident) -> tuple[str, str] | None:
    """("timestamp", N) or ("content", HASH) from the importer's latest note that has one."""
    for note in reversed(inc.notes):
        if note.by != SYSTEM_AUTHOR:
            continue
        found = _STAMP.search(note.text)
        if found:
            return "timestamp", found.group(1)
        found = _CONTENT.search(note.text)
        if found:
            return "content", found.group(1)
    return None


def changed_upstream(mine: Incident, theirs: Incident) -> bool:
    """ACLED: the row's timestamp is newer than the stored one (same or older: unchanged).
    Otherwise the row's content hash differs. Rows stored before these stamps were kept,
    or without one: maybe (the fields decide)."""
    old, new = upstream_version(mine), upstream_version(theirs)
    if old is None or new is None or old[0] != new[0]:
        return True
    if old[0] == "timestamp":
        return int(new[1]) > int(old[1])
    return new[1] != old[1]


def import_base(history: Sequence[AuditEntry]) -> Incident | None:
    """The row as the dataset last gave it, from the incident's audit entries."""
    stack: list[tuple[Incident, AuditEntry | None]] = []
    for entry in history:
        if entry.after is None:
            continue
        if entry.before is None:  # created (imported)
            stack = [(entry.after, None)]
        elif not stack:
            continue
        elif entry.action == REVISION_ACTION:
            base = stack[-1][0]
            taken = {
                f: getattr(entry.after, f)
                for f in living.DATA_FIELDS
                if getattr(entry.before, f) != getattr(entry.after, f)
            }
            stack.append((replace(base, **taken), entry))
        else:
            last = stack[-1][1]
            if (
                last is not None
                and last.before is not None
                and living.data_of(entry.before) == living.data_of(last.after)  # type: ignore[arg-type]
                and living.data_of(entry.after) == living.data_of(last.before)
            ):
                stack.pop()  # that revision was undone
    return stack[-1][0] if stack else None


@dataclass
class Plan:
    """What a re-import does to the rows the store has."""

    changes: list[Change] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)  # a field taken from the export
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # (id, field, what)
    deleted: list[str] = field(default_factory=list)  # in the file's span, not in the file


def plan_known(store: Store, label: str, pairs: Sequence[tuple[Incident, Incident]], plan: Plan) -> None:
    """Each (stored, built) pair: unchanged, or a change taking what the analyst left alone
    and noting what they did not (the conflicts)."""
    for mine, theirs in pairs:
        if not changed_upstream(mine, theirs):
            plan.unchanged.append(mine.id)
            continue
        base = import_base(store.history(mine.id)) or mine
        rev = living.revise(base, mine, theirs)
        if not rev.applied and not rev.conflicts:
            plan.unchanged.append(mine.id)
            continue
        stamp = theirs.notes[-1] if theirs.notes else None
        version = _version_of(stamp.text) if stamp else None
        if mine.merged_into:
            # Merged away: it takes no edits; the survivor is the analyst's to update.
            fields = living.names([*rev.applied, *(c.field for c in rev.conflicts)])
            plan.conflicts.append((mine.id, "merged_into", f"{label} revised {fields}; merged into {mine.merged_into}"))
            continue
        texts = [c.describe(label, version) for c in rev.conflicts]
        plan.conflicts += [
            (mine.id, living.LABELS.get(c.field, c.field), t) for c, t in zip(rev.conflicts, texts, strict=True)
        ]
        if rev.applied:
            plan.revised.append(mine.id)
        note = _revision_note(stamp, rev.applied, texts)
        incident = replace(rev.incident, notes=[*mine.notes, note]) if note else rev.incident
        plan.changes.append(Change(incident, mine.version))


def _version_of(note: str) -> str | None:
    found = re.search(r"\(([^()]*)\)\.", note)
    return found.group(1) if found else None


def _revision_note(stamp: Note | None, applied: Sequence[str], conflicts: Sequence[str]) -> Note | None:
    """The provenance note of the newer row (so its stamp is the one stored), saying what changed."""
    if stamp is None:
        return None
    text = stamp.text.replace("Imported from ", "Revised in ", 1)
    if applied:
        text += f" Updated: {living.names(applied)}."
    text += "".join(f" {c}." for c in conflicts)
    return Note(SYSTEM_AUTHOR, stamp.at, text)


@dataclass(frozen=True)
class Span:
    """What a file covers: its rows' dates, and the regions (country, admin1) it has rows in.
    An export is a query by country, region and dates; a stored row outside all three was
    not asked for, so its absence says nothing."""

    first: dt.date
    last: dt.date
    places: frozenset[tuple[str | None, str | None]]

    def covers(self, date: dt.date | None, country: str | None, admin1: str | None) -> bool:
        return date is not None and self.first <= date <= self.last and (country, admin1) in self.places

    def describe(self) -> str:
        countries = sorted({c or "?" for c, _ in self.places})
        return f"{self.first}..{self.last} in {', '.join(countries)}"


def span_of(incidents: Sequence[Incident]) -> Span | None:
    dates = [d for inc in incidents for d in (inc.date, inc.date_end) if d is not None]
    if not dates:
        return None
    return Span(min(dates), max(dates), frozenset((inc.country, inc.admin1) for inc in incidents))


def plan_deleted(
    store: Store, dataset: str, label: str, file_name: str, in_file: set[str], span: Span, plan: Plan, now: str
) -> None:
    """Stored rows of the dataset in the file's span that the file lacks: listed, and noted
    once (so the analyst finds them), never deleted; a merged-away one is only listed."""
    missing = [
        (row_id, merged)
        for row_id, date, country, admin1, merged in store.dataset_rows(dataset)
        if row_id not in in_file and span.covers(date, country, admin1)
    ]
    plan.deleted += sorted(row_id for row_id, _ in missing)
    to_note = [row_id for row_id, merged in missing if merged is None]
    text = (
        f"{DELETED_PREFIX}{label} file {file_name}, which covers its date and place ({span.describe()}): "
        "deleted upstream? The incident is kept as it is."
    )
    for inc in store.get_many(to_note):
        latest = next((n for n in reversed(inc.notes) if n.by == SYSTEM_AUTHOR), None)
        if latest is not None and latest.text.startswith(f"{DELETED_PREFIX}{label} "):
            continue  # flagged by an earlier import already
        plan.changes.append(Change(replace(inc, notes=[*inc.notes, Note(SYSTEM_AUTHOR, now, text)]), inc.version))
