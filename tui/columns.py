"""The incident list's columns: what each shows, how wide, which go first when narrow, and
the analyst's arrangement of them (a column cursor, hidden and widened columns, the sort
marker) in ``ColumnLayout``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from incident_review.core.labels import SHORT_TYPES, STATUS_LABELS
from incident_review.core.query import LISTED, SORTABLE, ListRow

# The words shown for stored values: the filter language takes the same (core/labels.py).
ASCENDING, DESCENDING = "▲", "▼"  # after the sorted column's title


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
    priority: int  # the highest goes first when the terminal is narrow; 0 never goes
    align_right: bool = False
    sortable: bool = False


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
# The column that takes the cells left over once the columns that fit are chosen (up to
# half its width again; place names are the longest values), and gives them back first
# when even the columns that always show do not fit.
ELASTIC = "location"
ELASTIC_MIN = 6
WIDTH_STEP = 2  # cells per > or <
MIN_WIDTH, MAX_WIDTH = 3, 60


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
            c.name in SORTABLE,
        )
        for c in LISTED
        if c.listed
    ),
    Column(PRESENCE_TITLE, PRESENCE_TITLE, 7, lambda r: "", 1),
)


@dataclass(frozen=True)
class Placed:
    """A column as drawn at some width: its first cell and the cells it gets."""

    column: Column
    x: int
    width: int


class ColumnLayout:
    """Which columns the list draws at a width, and how: the analyst hides (``hide``),
    shows again (``show_all``) and widens or narrows (``resize``) columns, moves a column
    cursor over them (``move``), and the list's sort puts a marker on one (``sort``).

    ``fit`` is asked for every line drawn, so its answer is kept per width until the
    arrangement changes: change it through these methods, not its attributes."""

    def __init__(self, columns: tuple[Column, ...] = COLUMNS) -> None:
        self.all = columns
        self.hidden: set[str] = set()
        self.widths: dict[str, int] = {}  # the analyst's width of a column, where changed
        self.cursor_key = columns[0].key  # the column under the cursor (or near it: ``cursor``)
        self.sort_key: str | None = None  # the sorted column (None: insertion order)
        self.descending = False
        self._fitted: dict[int, tuple[Placed, ...]] = {}

    def _changed(self) -> None:
        self._fitted.clear()

    def width_of(self, column: Column) -> int:
        return self.widths.get(column.key, column.width)

    def fit(self, width: int) -> tuple[Placed, ...]:
        """The columns drawn in ``width`` cells (one space between), in display order."""
        if width not in self._fitted:
            self._fitted[width] = self._fit(width)
        return self._fitted[width]

    def _fit(self, width: int) -> tuple[Placed, ...]:
        chosen = [c for c in self.all if c.key not in self.hidden] or [self.all[0]]
        cells = {c.key: self.width_of(c) for c in chosen}

        def needed() -> int:
            return sum(cells[c.key] + 1 for c in chosen) - 1

        # The cursor's column and those the analyst sized stay while others can go:
        # widening a column must not drop it, now or once the cursor leaves it.
        kept = {self.cursor_key, *self.widths}
        droppable = [c for c in chosen if c.priority > 0 and c.key not in kept]
        order = sorted(droppable, key=lambda c: (c.priority, self.all.index(c)), reverse=True)
        for worst in order:
            if needed() <= width:
                break
            chosen.remove(worst)
        spare = width - needed()
        if ELASTIC in cells:
            grown = cells[ELASTIC] + spare if spare > 0 else max(cells[ELASTIC] + spare, ELASTIC_MIN)
            cells[ELASTIC] = min(grown, self.width_of(next(c for c in chosen if c.key == ELASTIC)) * 3 // 2)
        placed: list[Placed] = []
        x = 0
        for c in chosen:
            placed.append(Placed(c, x, cells[c.key]))
            x += cells[c.key] + 1
        return tuple(placed)

    def cursor(self, width: int) -> Placed | None:
        """The drawn column under the cursor; if its own is not drawn (hidden, or too
        narrow a terminal), the drawn one nearest to it."""
        placed = self.fit(width)
        if not placed:
            return None
        rank = {c.key: i for i, c in enumerate(self.all)}
        want = rank.get(self.cursor_key, 0)
        return min(placed, key=lambda p: (abs(rank[p.column.key] - want), rank[p.column.key]))

    def move(self, step: int, width: int) -> bool:
        """Move the cursor ``step`` drawn columns right (left if negative); False at an edge."""
        placed = self.fit(width)
        here = self.cursor(width)
        if here is None:
            return False
        i = placed.index(here) + step
        if not 0 <= i < len(placed):
            self.cursor_key = here.column.key  # where it is shown to be
            return False
        self.cursor_key = placed[i].column.key
        self._changed()
        return True

    def hide(self, width: int) -> Column | None:
        """Hide the column under the cursor (never the last one drawn); the one hidden."""
        placed = self.fit(width)
        here = self.cursor(width)
        if here is None or len(placed) < 2:
            return None
        i = placed.index(here)
        self.hidden.add(here.column.key)
        # The cursor goes to the column that takes its place (or the one before, at the end).
        self.cursor_key = placed[i + 1 if i + 1 < len(placed) else i - 1].column.key
        self._changed()
        return here.column

    def show_all(self) -> list[Column]:
        """Show every hidden column again; the ones that were hidden."""
        shown = [c for c in self.all if c.key in self.hidden]
        self.hidden.clear()
        self._changed()
        return shown

    def resize(self, step: int, width: int) -> Placed | None:
        """Widen (``step`` > 0) or narrow the cursor's column by ``step`` cells; the column
        as drawn afterwards, None if it is as wide (or narrow) as it goes."""
        here = self.cursor(width)
        if here is None:
            return None
        column = here.column
        wanted = max(MIN_WIDTH, min(MAX_WIDTH, self.width_of(column) + step))
        if wanted == self.width_of(column):
            return None
        self.cursor_key = column.key
        self.widths[column.key] = wanted
        self._changed()
        return self.cursor(width)

    def sort(self, key: str | None, descending: bool) -> None:
        """The list is sorted on ``key`` (None or not a column: no marker)."""
        if (key, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = key, descending
            self._changed()

    def title(self, column: Column) -> str:
        """The column's title, with the sort marker on the sorted column."""
        if column.key != self.sort_key:
            return column.title
        return column.title + (DESCENDING if self.descending else ASCENDING)
