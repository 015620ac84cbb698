"""The incident list's columns: what each shows, how wide, which go first when narrow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from incident_review.core.query import ListRow

SHORT_TYPES = {
    "Shelling/artillery/missile attack": "Shelling",
    "Air/drone strike": "Air/drone",
    "Armed clash": "Clash",
    "Remote explosive/landmine/IED": "IED/mine",
    "Suicide bomb": "Suicide",
    "Attack": "Attack",
}
STATUS_LABELS = {"unreviewed": "new", "confirmed": "confirmed", "rejected": "rejected", "needs_follow_up": "follow-up"}


def _casualties(r: ListRow) -> str:
    k = "?" if r.killed is None else str(r.killed)
    w = "?" if r.wounded is None else str(r.wounded)
    return f"{k}/{w}"


@dataclass(frozen=True)
class Column:
    key: str  # the sort column in the store
    title: str
    width: int
    value: Callable[[ListRow], str]
    priority: int  # lower survives longer when the terminal is narrow
    align_right: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("seq", "id", 11, lambda r: r.id, 0),
    Column("date", "date", 10, lambda r: r.date or "", 1),
    Column("location", "place", 15, lambda r: r.location or r.admin1 or "", 0),
    Column("admin1", "admin1", 16, lambda r: r.admin1 or "", 4),
    Column("sub_event_type", "type", 9, lambda r: SHORT_TYPES.get(r.sub_event_type or "", r.sub_event_type or ""), 2),
    Column("killed", "k/w", 7, _casualties, 1, align_right=True),
    Column("status", "status", 9, lambda r: STATUS_LABELS.get(r.status, r.status), 0),
    Column("status", "grade", 9, lambda r: r.grade or "", 5),
    Column("seq", "src", 3, lambda r: str(r.n_sources), 3, align_right=True),
    Column("seq", "dup", 3, lambda r: "dup" if r.dup_score is not None else "", 2),
    # Filled in by the list from presence leases: another analyst has it open.
    Column("seq", "open by", 7, lambda r: "", 1),
)
PRESENCE_TITLE = "open by"


@cache  # asked for every line drawn, and the answer depends on the width alone
def fit(width: int) -> tuple[Column, ...]:
    """The columns that fit in ``width`` cells (one space between), in display order."""
    chosen = list(COLUMNS)
    while sum(c.width + 1 for c in chosen) > width and len(chosen) > 1:
        worst = max(chosen, key=lambda c: (c.priority, COLUMNS.index(c)))
        chosen.remove(worst)
    return tuple(chosen)
