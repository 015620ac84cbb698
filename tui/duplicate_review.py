"""Duplicate review: candidate pairs strongest first, side by side, merge or tell apart."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from incident_review.core.errors import ConflictError, InputError
from incident_review.core.matching import Pair
from incident_review.core.merge import CHOOSABLE
from incident_review.core.model import Incident, Report
from incident_review.services import duplicates as dup
from incident_review.storage.store import Store
from incident_review.tui.compare import comparison, rows
from incident_review.tui.detail import report_text
from incident_review.tui.sanitize import printable


class DuplicateReview(Screen[list[str]]):
    """Returns the batches it wrote, for the app's undo stack."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "field(1)", "Next field", id="dup.down", show=False),
        Binding("k,up", "field(-1)", "Previous field", id="dup.up", show=False),
        Binding("h,left", "choose('a')", "Keep left value", id="dup.left"),
        Binding("l,right", "choose('b')", "Keep right value", id="dup.right"),
        Binding("m", "merge", "Merge into left", id="dup.merge"),
        Binding("n", "not_duplicate", "Not duplicate", id="dup.not_duplicate"),
        Binding("space,s", "skip(1)", "Skip", id="dup.skip"),
        Binding("p", "skip(-1)", "Previous pair", id="dup.previous", show=False),
        Binding("o", "toggle_sources", "Sources", id="dup.sources"),
        Binding("question_mark", "app.help", "Help", id="dup.help"),
        Binding("escape,q", "close", "Back", id="dup.close"),
    ]
    DEFAULT_CSS = """
    DuplicateReview #pair-head { height: auto; background: $panel; padding: 0 1; }
    DuplicateReview #pair-body { height: 1fr; padding: 0 1; }
    """

    def __init__(self, store: Store, analyst: str) -> None:
        super().__init__()
        self.store = store
        self.analyst = analyst
        self.pairs: list[Pair] = []
        self.index = 0
        self.cursor = 0
        self.choices: dict[str, str] = {}
        self.left: Incident | None = None
        self.right: Incident | None = None
        self.reports: tuple[Report | None, Report | None] = (None, None)
        self.show_sources = False
        self.batches: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("loading candidate pairs…", id="pair-head")
        with VerticalScroll(id="pair-body"):
            yield Static("", id="pair")
        yield Footer()

    def on_mount(self) -> None:
        self.load_pairs()

    @work(thread=True, exclusive=True, group="dup-load")
    def load_pairs(self) -> None:
        pairs = self.store.duplicates.open_pairs(dup.matcher().threshold)
        self.app.call_from_thread(self._pairs_loaded, pairs)

    def _pairs_loaded(self, pairs: list[Pair]) -> None:
        self.pairs = pairs
        self.index = min(self.index, max(len(pairs) - 1, 0))
        self._load_current()

    def _load_current(self) -> None:
        self.choices = {}
        self.cursor = 0
        if not self.pairs:
            self.left = self.right = None
            self.query_one("#pair-head", Static).update(Text("No candidate pairs left to review. Esc to go back."))
            self.query_one("#pair", Static).update("")
            return
        self.load_pair(self.pairs[self.index])

    @work(thread=True, exclusive=True, group="dup-pair")
    def load_pair(self, pair: Pair) -> None:
        left, right = self.store.get(pair.a), self.store.get(pair.b)
        reports = tuple(self.store.report(i.sources[0].report) if i and i.sources else None for i in (left, right))
        self.app.call_from_thread(self._pair_loaded, left, right, reports)

    def _pair_loaded(self, left: Incident | None, right: Incident | None,
                     reports: tuple[Report | None, Report | None]) -> None:
        self.left, self.right, self.reports = left, right, reports
        self._redraw()

    def _redraw(self) -> None:
        if not self.pairs or self.left is None or self.right is None:
            return
        pair = self.pairs[self.index]
        head = Text()
        head.append(f"pair {self.index + 1}/{len(self.pairs)}  score {pair.score:.2f}   ", style="bold")
        head.append("  ".join(f"{k} {v:.2f}" for k, v in sorted(pair.components.items())), style="dim")
        self.query_one("#pair-head", Static).update(head)
        body = comparison(self.left, self.right, self.cursor, self.choices, self.size.width - 2)
        if self.show_sources:
            for inc, report in ((self.left, self.reports[0]), (self.right, self.reports[1])):
                body.append(f"\n── {printable(inc.id)} source ──\n", style="bold")
                body.append_text(report_text(report, inc) if report else Text(printable(inc.summary or "")))
        self.query_one("#pair", Static).update(body)

    def on_resize(self) -> None:
        self._redraw()

    def action_field(self, step: int) -> None:
        self.cursor = max(0, min(self.cursor + step, len(rows()) - 1))
        self._redraw()

    def action_choose(self, side: str) -> None:
        name = rows()[self.cursor]
        if name in CHOOSABLE:
            self.choices[name] = side
            self._redraw()
        else:
            self.notify(f"{name}: both sides are kept on merge", timeout=2)

    def action_skip(self, step: int) -> None:
        if self.pairs:
            self.index = (self.index + step) % len(self.pairs)
            self._load_current()

    def action_toggle_sources(self) -> None:
        self.show_sources = not self.show_sources
        self._redraw()

    @work(thread=True, group="dup-write")
    def action_merge(self) -> None:
        if self.left is None or self.right is None:
            return
        choose = {name: (self.left.id if side == "a" else self.right.id) for name, side in self.choices.items()}
        try:
            batch = dup.merge_incidents(self.store, self.left.id, [self.right.id], self.analyst, choose)
        except (ConflictError, InputError) as exc:
            self.app.call_from_thread(self.notify, printable(str(exc)), severity="error", timeout=8)
            return
        self.batches.append(batch)
        self.app.call_from_thread(self.notify, printable(f"merged {self.right.id} into {self.left.id}"), timeout=3)
        self.load_pairs()

    @work(thread=True, group="dup-write")
    def action_not_duplicate(self) -> None:
        if self.left is None or self.right is None:
            return
        dup.not_duplicate(self.store, self.left.id, self.right.id, self.analyst)
        self.app.call_from_thread(self.notify, "marked as different incidents", timeout=2)
        self.load_pairs()

    def action_close(self) -> None:
        self.dismiss(self.batches)
