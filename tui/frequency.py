"""The frequency view (VisiData's Shift+F): the values of one column among the incidents
under the list's filter, each with its count, its share and a bar; Enter filters the list
on the value (added to the filter), h/l change the column.

The counts are one GROUP BY in SQL (services.browse.Browse.frequencies), read in a
worker of this screen; nothing here touches the store on the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from incident_review.core.errors import StoreError
from incident_review.core.filter_text import PICKABLE, describe_filter
from incident_review.core.labels import status_label, type_label
from incident_review.core.query import IncidentFilter
from incident_review.services.browse import Browse
from incident_review.tui.footer import FittedFooter
from incident_review.tui.key_order import WAIT_SECONDS, hold_keys, release_keys
from incident_review.tui.sanitize import printable

# The columns offered, in the order h/l step through them (the filter keys that take one
# value: core/filter_text.py PICKABLE).
KEYS: tuple[str, ...] = ("status", "admin1", "place", "type", "actor", "outlet", "grade", "country")
assert set(KEYS) == set(PICKABLE)
LIMIT = 500  # values shown at most (a store's places can run to tens of thousands)
NONE = "(none)"


def shown(key: str, value: str | None) -> str:
    """A value as the list shows it (new, follow-up, Shelling)."""
    if value is None:
        return NONE
    if key == "status":
        return status_label(value)
    if key == "type":
        return type_label(value)
    return value


@dataclass
class FrequenciesLoaded(Message):
    key: str
    rows: list[tuple[str | None, int]]
    total: int  # incidents under the filter
    error: str | None


@dataclass(frozen=True)
class Pick:
    """What the view closed with: the column it was on, and the value chosen (None: none)."""

    key: str
    value: str | None


class FrequencyTable(DataTable[Text]):
    """The table's own keys: vim moves; h/l and the arrows change the column."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", id="frequency.down", show=False),
        Binding("k", "cursor_up", "Up", id="frequency.up", show=False),
        Binding("g,home", "scroll_top", "First", id="frequency.first", show=False),
        Binding("G,end", "scroll_bottom", "Last", id="frequency.last", show=False),
        Binding("enter", "screen.pick", "Filter on it", id="frequency.pick"),
        # Off the footer: the head line names them ("h/l: another column"), and Back fits.
        Binding("h,left", "screen.column(-1)", "Previous column", id="frequency.previous_column", show=False),
        Binding("l,right", "screen.column(1)", "Next column", id="frequency.next_column", show=False),
    ]


class FrequencyScreen(ModalScreen[Pick]):
    """A full screen over the list, and modal: its keys are its own (j, k, Enter, Esc, and
    c, x, u... do nothing here), not the review's behind it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,F", "close", "Back", id="frequency.close"),
        Binding("question_mark", "app.help", "Help", id="frequency.help"),
    ]
    DEFAULT_CSS = """
    FrequencyScreen { background: $background; }
    FrequencyScreen #frequency-head { height: 2; background: $panel; padding: 0 1; }
    FrequencyScreen FrequencyTable { height: 1fr; }
    """

    def __init__(self, browse: Browse, f: IncidentFilter, key: str) -> None:
        super().__init__()
        self.browse = browse
        self.filter = f
        self.key = key if key in KEYS else KEYS[0]
        self.rows: list[tuple[str | None, int]] = []
        self.total = 0
        self.counting = True

    def compose(self) -> ComposeResult:
        yield Static(id="frequency-head")
        yield FrequencyTable(cursor_type="row", zebra_stripes=False, id="frequency-table")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one(FrequencyTable).focus()
        self._load()

    def _load(self) -> None:
        hold_keys(self.app, "frequency", WAIT_SECONDS)  # j, Enter typed now are for its rows
        self.counting = True
        self._head()
        self.read(self.key, self.filter)

    @work(thread=True, group="frequency", exit_on_error=False)
    def read(self, key: str, f: IncidentFilter) -> None:
        try:
            rows = self.browse.frequencies(f, key, LIMIT)
            total = self.browse.count(f)
        except StoreError as exc:  # interrupted by a newer filter, or the store failed
            self.post_message(FrequenciesLoaded(key, [], 0, str(exc)))
            return
        self.post_message(FrequenciesLoaded(key, rows, total, None))

    @on(FrequenciesLoaded)
    def _loaded(self, message: FrequenciesLoaded) -> None:
        if message.key != self.key:
            return  # the column changed meanwhile
        self.counting = False
        self.rows, self.total = message.rows, message.total
        self._head(message.error)
        self._fill()
        release_keys(self.app, "frequency")

    def _head(self, error: str | None = None) -> None:
        under = describe_filter(self.filter) or "every incident"
        text = Text()
        text.append(printable(f"Frequency of {self.key}"), style="bold")
        if self.counting:
            text.append("  counting…")
        elif error:
            text.append(printable(f"  {error}"), style="bold red")
        else:
            more = f" (the first {LIMIT})" if len(self.rows) >= LIMIT else ""
            text.append(printable(f"  {len(self.rows):,} values{more} among {self.total:,} incidents"))
        text.append("\n")
        text.append(printable(f"under: {under}  ·  h/l: another column"), style="dim")
        self.query_one("#frequency-head", Static).update(text)

    def _fill(self) -> None:
        table = self.query_one(FrequencyTable)
        table.clear(columns=True)
        values = [printable(shown(self.key, v)) for v, _ in self.rows]
        width = min(max(len(v) for v in [self.key, *values]), 40)
        bar = max(8, self.size.width - width - 30)
        table.add_column(Text(self.key), width=width, key="value")
        table.add_column(Text("count", justify="right"), key="count")
        table.add_column(Text("share", justify="right"), key="share")
        table.add_column(Text(""), width=bar, key="bar")
        most = max((n for _, n in self.rows), default=1)
        for (value, n), label in zip(self.rows, values, strict=True):
            share = n / self.total if self.total else 0.0
            table.add_row(
                Text(label, style="italic" if value is None else ""),
                Text(f"{n:,}", justify="right"),
                Text(f"{share:.1%}", justify="right"),
                Text("█" * max(1, round(bar * n / most)) if n else ""),
            )
        table.move_cursor(row=0)

    def action_column(self, step: int) -> None:
        self.key = KEYS[(KEYS.index(self.key) + step) % len(KEYS)]
        self._load()

    def action_pick(self) -> None:
        table = self.query_one(FrequencyTable)
        if self.counting or not self.rows:
            return
        value = self.rows[table.cursor_row][0]
        if value is None:
            self.notify(f"{NONE}: no filter picks incidents without a {self.key}", severity="warning")
            return
        self.dismiss(Pick(self.key, value))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_pick()

    def action_close(self) -> None:
        self.dismiss(Pick(self.key, None))
