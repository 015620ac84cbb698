"""The incident list's columns: what each shows, how wide, which go first when narrow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from incident_review.core.labels import SHORT_TYPES, STATUS_LABELS
from incident_review.core.query import LISTED, ListRow

# The words shown for stored values: the filter language takes the same (core/labels.py).


def _casualties(r: ListRow) -> str:
    k = "?" if r.killed is None else str(r.killed)
    w = "?" if r.wounded is None else str(r.wounded)
    return f"{k}/{w}"


@dataclass(frozen=True)
class Column:
    key: str  # the column of incidents it shows (or the presence column's title)
    title: str
    width: int
    value: Callable[[ListRow], str]
    priority: int  # lower survives longer when the terminal is narrow
    align_right: bool = False


# How a column shows its row, where that is more than the value as text.
_SHOW: dict[str, Callable[[ListRow], str]] = {
    "location": lambda r: r.location or r.admin1 or "",
    "sub_event_type": lambda r: SHORT_TYPES.get(r.sub_event_type or "", r.sub_event_type or ""),
    "killed": _casualties,
    "status": lambda r: STATUS_LABELS.get(r.status, r.status),
    "n_sources": lambda r: str(r.n_sources),
    "dup_score": lambda r: "dup" if r.dup_score is not None else "",
}
_RIGHT = frozenset({"killed", "n_sources"})
PRESENCE_TITLE = "open by"


def _plain(name: str) -> Callable[[ListRow], str]:
    def show(r: ListRow) -> str:
        value = getattr(r, name)
        return "" if value is None else str(value)

    return show


# The stored columns in the field table's order (core/query.py LISTED), then the one the
# list fills in from presence leases: another analyst has it open.
COLUMNS: tuple[Column, ...] = (
    *(
        Column(
            c.name,
            c.listed.title,
            c.listed.width,
            _SHOW.get(c.name) or _plain(c.name),
            c.listed.priority,
            c.name in _RIGHT,
        )
        for c in LISTED
        if c.listed
    ),
    Column(PRESENCE_TITLE, PRESENCE_TITLE, 7, lambda r: "", 1),
)


@cache  # asked for every line drawn, and the answer depends on the width alone
def fit(width: int) -> tuple[Column, ...]:
    """The columns that fit in ``width`` cells (one space between), in display order."""
    chosen = list(COLUMNS)
    while sum(c.width + 1 for c in chosen) > width and len(chosen) > 1:
        worst = max(chosen, key=lambda c: (c.priority, COLUMNS.index(c)))
        chosen.remove(worst)
    return tuple(chosen)
