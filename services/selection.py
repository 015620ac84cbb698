"""The rows an analyst has selected in the review list, and the incidents they stand for.

The selection lives on the TUI's event loop, so nothing here reads the store but the two
functions a worker calls (``span_ids``, ``filter_ids``). It names incidents by id, each
with when it was selected (UTC, to the second): the bulk write skips any that another
analyst changed since (``services.review.apply_many``). A visual range (``V``) is held as
two indexes of the list while the cursor extends it and becomes ids when it ends; "every
row of the filter" (``*``) is read as ids in a worker, at most ``MAX_SELECTED``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from incident_review.core.query import IncidentFilter, Sort, key_before
from incident_review.services.browse import Browse
from incident_review.storage.store import utc_now

# Rows one selection holds. A bulk write is one transaction (all or nothing, as every
# write here), and it holds the store's write lock about 0.6 ms a row (CPU, measured at
# 5k rows): 10k rows stay within other analysts' busy timeout (10 s), whose saves wait.
MAX_SELECTED = 10_000
PAGE = 1000  # rows per keyset page when a range is read


def now() -> str:
    """The time a row is selected at, as the audit log writes times."""
    return utc_now()


@dataclass(frozen=True)
class Span:
    """A visual range as the store can read it back: ``count`` rows from the ``anchor`` row
    (itself included) towards the end of the list (``down``) or its start, in the order
    the list showed them (its filter and sort)."""

    filter: IncidentFilter
    sort: Sort
    anchor: tuple[Any, int]  # the key (sort value, seq) of the row V was pressed on
    count: int
    down: bool
    since: str


@dataclass(frozen=True)
class Visual:
    """A visual range being drawn: from ``anchor`` (a list index) to the cursor."""

    anchor: int
    key: tuple[Any, int]
    filter: IncidentFilter
    sort: Sort
    since: str

    def bounds(self, cursor: int) -> tuple[int, int]:
        return min(self.anchor, cursor), max(self.anchor, cursor)

    def span(self, cursor: int) -> Span:
        lo, hi = self.bounds(cursor)
        return Span(self.filter, self.sort, self.key, hi - lo + 1, cursor >= self.anchor, self.since)


class Selection:
    def __init__(self) -> None:
        self.picked: dict[str, str] = {}  # incident id -> when it was selected
        self.visual: Visual | None = None
        self.generation = 0  # cleared this many times: a read started before is stale
        self._dropped: set[str] = set()  # unselected while a read of ids was out

    @property
    def active(self) -> bool:
        return bool(self.picked) or self.visual is not None

    def covers(self, incident_id: str, index: int, cursor: int) -> bool:
        """Is the row (``index`` in the list, the cursor at ``cursor``) selected?"""
        if self.visual is not None:
            lo, hi = self.visual.bounds(cursor)
            if lo <= index <= hi:
                return True
        return incident_id in self.picked

    def count(self, cursor: int, window_start: int, window: Sequence[str]) -> int:
        """How many rows are selected; ``window`` is the ids of the rows the list holds
        (the first at index ``window_start``), to tell the range's rows already picked."""
        n = len(self.picked)
        if self.visual is not None:
            lo, hi = self.visual.bounds(cursor)
            first, last = max(lo, window_start), min(hi, window_start + len(window) - 1)
            held = window[first - window_start : last - window_start + 1] if first <= last else []
            n += hi - lo + 1 - sum(1 for i in held if i in self.picked)
        return n

    def toggle(self, incident_id: str, since: str) -> bool:
        """Select the row or unselect it; True when it is selected now."""
        if incident_id in self.picked:
            del self.picked[incident_id]
            self._dropped.add(incident_id)
            return False
        self.picked[incident_id] = since
        self._dropped.discard(incident_id)
        return True

    def add(self, ids: Iterable[str], since: str, generation: int | None = None) -> int:
        """Select ``ids`` (read for a range or a filter); a read started before the last
        ``clear`` is dropped, and rows unselected while it was out stay unselected. The
        number of rows newly selected."""
        if generation is not None and generation != self.generation:
            return 0
        before = len(self.picked)
        for incident_id in ids:
            if incident_id not in self._dropped:
                self.picked.setdefault(incident_id, since)
        return len(self.picked) - before

    def remove(self, ids: Iterable[str]) -> None:
        for incident_id in ids:
            self.picked.pop(incident_id, None)

    def start_visual(self, index: int, key: tuple[Any, int], f: IncidentFilter, sort: Sort, since: str) -> None:
        self.visual = Visual(index, key, f, sort, since)

    def end_visual(self) -> Visual | None:
        """Stop extending the range; the range, whose rows the caller adds."""
        visual, self.visual = self.visual, None
        return visual

    def clear(self) -> None:
        self.picked = {}
        self.visual = None
        self._dropped = set()
        self.generation += 1


def span_ids(browse: Browse, span: Span) -> list[str]:
    """The ids of a range's rows, read by keyset pages from its anchor row (in a worker)."""
    value, seq = span.anchor
    # The key just before the anchor in the direction read: pages exclude their key.
    after = key_before(value, seq, span.sort.descending if span.down else not span.sort.descending)
    ids: list[str] = []
    while len(ids) < span.count:
        rows = browse.page(span.filter, span.sort, after, min(PAGE, span.count - len(ids)), not span.down)
        if not rows:
            break
        ids.extend(r.id for r in rows)
        after = rows[-1].key if span.down else rows[0].key
    return ids


def filter_ids(browse: Browse, f: IncidentFilter) -> list[str] | None:
    """Every id under ``f`` (in a worker), or None when there are more than MAX_SELECTED."""
    ids = browse.ids(f, MAX_SELECTED + 1)
    return None if len(ids) > MAX_SELECTED else ids
