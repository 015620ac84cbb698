"""What merging a duplicate review group would store, computed before it is stored.

Pure (no store, no matching): the duplicate review redraws it on every key, on the event
loop, and imports it without the matching modules (numpy, rapidfuzz), which its workers
load (services/duplicates.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from incident_review.core.merge import default_survivor, merge, taken_from
from incident_review.core.model import Incident


@dataclass(frozen=True)
class MergePreview:
    """What merging a review group would store, before it is stored: the merged incident
    and, for each choosable field, the column (index into the members) its value comes from."""

    merged: Incident
    taken: dict[str, int]


def survivor_of(members: Sequence[Incident]) -> int:
    """The member a group merges into unless the analyst picks another (core.merge)."""
    return default_survivor(members)


def preview_merge(members: Sequence[Incident], survivor: int, choices: dict[str, int]) -> MergePreview:
    """The merge of ``members`` into ``members[survivor]`` with the fields of ``choices``
    (field -> column) taken from those columns: the same rules ``merge_incidents`` applies,
    computed without the store (the duplicate review redraws it on every key)."""
    keep = members[survivor]
    others = [m for i, m in enumerate(members) if i != survivor]
    choose = {name: members[column].id for name, column in choices.items()}
    column_of = {m.id: i for i, m in enumerate(members)}
    merged, _ = merge(keep, others, choose)
    taken = {name: column_of[source] for name, source in taken_from(keep, others, choose).items()}
    return MergePreview(merged, taken)
