"""Duplicate review: groups of probable duplicates strongest first, side by side (two or
more incidents), merge them or tell one apart."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from incident_review.core.merge import CHOOSABLE
from incident_review.core.model import Incident, Report
from incident_review.services import merge_preview
from incident_review.services.browse import Browse
from incident_review.tui.compare import comparison, rows
from incident_review.tui.detail import report_text
from incident_review.tui.key_line import KeyLine
from incident_review.tui.key_order import WAIT_SECONDS, hold_keys, release_keys
from incident_review.tui.messages import DuplicateDecision, GroupLoaded, GroupsLoaded, Toast
from incident_review.tui.sanitize import printable
from incident_review.tui.writes import attempt

if TYPE_CHECKING:
    # The matching modules (numpy, rapidfuzz: seconds to import cold) load in the screen's
    # workers, never on the event loop: "d" opens the screen at once (see warm_up).
    from incident_review.core.matching import Pair
    from incident_review.services.duplicates import ReviewGroup


def warm_up() -> None:
    """Import the matching modules and read the matching config and gazetteer (~3 s cold),
    so that the first "d" of a session opens on its groups at once. Run by the app in a
    daemon thread once it is up (it touches nothing of the app; a quit does not wait)."""
    from incident_review.services.duplicates import matcher

    matcher()


class DuplicateReview(ModalScreen[list[str]]):
    """Returns the batches it wrote, for the app's undo stack.

    A full screen, modal: its keys are its own (the review's c, x, u... behind it do
    nothing here). In the order the footer and ``?`` show them: the decision first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "merge", "Merge into ◆", id="dup.merge"),
        Binding("S", "survivor", "Survivor", id="dup.survivor"),
        Binding("n", "not_duplicate", "Different", id="dup.not_duplicate"),
        Binding("h,left", "choose(-1)", "Take left", id="dup.left"),
        Binding("l,right", "choose(1)", "Take right", id="dup.right"),
        Binding("space,s", "skip(1)", "Skip", id="dup.skip"),
        Binding("p", "skip(-1)", "Previous group", id="dup.previous", show=False),
        Binding("j,down", "field(1)", "Next field", id="dup.down", show=False),
        Binding("k,up", "field(-1)", "Previous field", id="dup.up", show=False),
        Binding("tab", "focus_member(1)", "Next incident", id="dup.next_member", show=False),
        Binding("shift+tab", "focus_member(-1)", "Previous incident", id="dup.previous_member", show=False),
        Binding("o", "toggle_sources", "Sources", id="dup.sources"),
        Binding("question_mark", "help", "Help", id="dup.help"),
        Binding("escape,q", "close", "Back", id="dup.close"),
    ]
    DEFAULT_CSS = """
    DuplicateReview { background: $background; }
    DuplicateReview #pair-head { height: auto; background: $panel; padding: 0 1; }
    DuplicateReview #pair-body { height: 1fr; padding: 0 1; }
    """

    def __init__(self, browse: Browse, analyst: str) -> None:
        super().__init__()
        self.browse = browse
        self.analyst = analyst
        self.groups: list[ReviewGroup] = []
        self.index = 0
        self.cursor = 0  # the field row
        self.member = 1  # the focused incident (column): "n" and "S" act on it
        self.survivor = 0  # the column the others merge into (◆); columns never move
        self.choices: dict[str, int] = {}  # field -> column the analyst took it from (h/l)
        self.members: list[Incident] = []  # the group's incidents, in the group's order
        self.reports: list[Report | None] = []
        self.pairs: list[Pair] = []  # the group's, with their score components
        self.show_sources = False
        self.batches: list[str] = []
        self.complete = False  # the queue read whole (else its first groups only)
        self._loads = 0  # queue loads started

    def compose(self) -> ComposeResult:
        yield Static("loading candidate duplicates…", id="pair-head")
        with VerticalScroll(id="pair-body"):
            yield Static("", id="pair")
        yield KeyLine()

    def on_mount(self) -> None:
        self.reload_groups()

    def reload_groups(self) -> None:
        """Read the queue again (on opening, after a decision). On opening, the first groups
        show as soon as they are known and the count follows; after a decision the screen
        waits for the whole queue, so that it stays at the same place in it."""
        self._loads += 1
        hold_keys(self.app, "duplicates", WAIT_SECONDS)  # the keys typed now are for its group
        self.load_groups(self._loads, early=not self.groups)

    @work(thread=True, group="dup-load")
    def load_groups(self, seq: int, early: bool) -> None:
        from incident_review.services import duplicates as dup

        def first(groups: list[ReviewGroup]) -> None:
            self.post_message(GroupsLoaded(groups, seq, complete=False))

        # Without the cyclic GC meanwhile: the queue's ~100k short-lived objects set off
        # hundreds of collections over the app's heap (0.1-0.5 s of a 20k-pair opening).
        gc.disable()
        try:
            groups = dup.review_groups(self.browse.store, first if early else None)
        finally:
            gc.enable()
        self.post_message(GroupsLoaded(groups, seq))

    @on(GroupsLoaded)
    def _groups_loaded(self, message: GroupsLoaded) -> None:
        if message.seq < self._loads:
            return  # a newer load has started
        shown = list(self.groups[self.index].ids) if self.groups else None
        completing = not self.complete and bool(self.groups)
        self.groups, self.complete = message.groups, message.complete
        if completing and shown is not None:
            # The whole queue after its first groups: the group on screen stays (its
            # members loaded or on their way), now at its place in the whole queue.
            at = next((n for n, g in enumerate(self.groups) if list(g.ids) == shown), None)
            if at is not None:
                self.index = at
                self._redraw()
                if self.members and [m.id for m in self.members] == shown:
                    release_keys(self.app, "duplicates")  # (else its members' read releases them)
                return
        self.index = min(self.index, max(len(self.groups) - 1, 0))
        self._load_current()

    def _load_current(self) -> None:
        self.choices, self.cursor, self.member, self.survivor = {}, 0, 1, 0
        if not self.groups:
            self.members = []
            self.query_one("#pair-head", Static).update(Text("No candidate duplicates left to review. Esc to go back."))
            self.query_one("#pair", Static).update("")
            release_keys(self.app, "duplicates")
            return
        hold_keys(self.app, "duplicates", WAIT_SECONDS)
        self.load_group(self.groups[self.index])

    @work(thread=True, exclusive=True, group="dup-pair")
    def load_group(self, group: ReviewGroup) -> None:
        from incident_review.services import duplicates as dup

        members = self.browse.get_many(group.ids)
        reports = [self.browse.report(i.sources[0].report) if i.sources else None for i in members]
        pairs = dup.with_components(self.browse.store, group).pairs
        self.post_message(GroupLoaded(list(group.ids), members, reports, pairs))

    @on(GroupLoaded)
    def _group_loaded(self, message: GroupLoaded) -> None:
        if not self.groups or list(self.groups[self.index].ids) != message.ids:
            return  # the analyst has moved to another group meanwhile
        self.members, self.reports, self.pairs = message.members, message.reports, message.pairs
        if len(self.members) >= 2:
            # The fullest incident survives unless the analyst says otherwise (S); the
            # focus starts on another, the one "n" would tell apart.
            self.survivor = merge_preview.survivor_of(self.members)
            self.member = 1 if self.survivor == 0 else 0
        self._redraw()
        release_keys(self.app, "duplicates")

    def preview(self) -> merge_preview.MergePreview:
        """What ``m`` would store now: the screen shows it as its last column."""
        return merge_preview.preview_merge(self.members, self.survivor, self.choices)

    def _redraw(self) -> None:
        if not self.groups or len(self.members) < 2:
            return
        pairs = sorted(self.pairs, key=lambda p: -p.score)
        head = Text()
        count = f"{len(self.groups)}" if self.complete else "…"
        head.append(f"group {self.index + 1}/{count}  {len(self.members)} incidents  ", style="bold")
        head.append("  ".join(f"{p.a}–{p.b} score {p.score:.2f}" for p in pairs[:4]))
        # Why the strongest pair scored as it did (every pair's reasons: `duplicates --format table`).
        if pairs:
            head.append("\n" + "  ".join(f"{k} {v:.2f}" for k, v in sorted(pairs[0].components.items())), style="dim")
        keep = self.members[self.survivor]
        head.append(f"\n◆ {printable(keep.id)} survives", style="bold")
        head.append("  S: ▸ focused one instead  h/l: take a value", style="dim")
        self.query_one("#pair-head", Static).update(head)
        preview = self.preview()
        body = comparison(
            self.members, self.survivor, preview.merged, preview.taken, self.cursor, self.member, self.size.width - 2
        )
        if self.show_sources:
            for inc, report in zip(self.members, self.reports, strict=True):
                body.append(f"\n── {printable(inc.id)} source ──\n", style="bold")
                body.append_text(report_text(report, inc) if report else Text(printable(inc.summary or "")))
        self.query_one("#pair", Static).update(body)

    def on_resize(self) -> None:
        self._redraw()

    def action_field(self, step: int) -> None:
        self.cursor = max(0, min(self.cursor + step, len(rows(self.members)) - 1))
        self._redraw()

    def action_choose(self, step: int) -> None:
        name = rows(self.members)[self.cursor]
        if name not in CHOOSABLE:
            self.notify(f"{name}: every incident's are kept on merge", timeout=2)
            return
        column = self.preview().taken.get(name, self.survivor) + step
        self.choices[name] = max(0, min(column, len(self.members) - 1))
        self._redraw()

    def action_focus_member(self, step: int) -> None:
        if self.members:
            self.member = (self.member + step) % len(self.members)
            self._redraw()

    def action_survivor(self) -> None:
        """The focused incident becomes the one the others merge into (◆). The columns stay
        where they are, and so do the values the analyst took with h/l."""
        if not self.members or self.member == self.survivor:
            return
        self.survivor = self.member
        self._redraw()

    def action_skip(self, step: int) -> None:
        if self.groups:
            self.index = (self.index + step) % len(self.groups)
            self._load_current()

    def action_toggle_sources(self) -> None:
        self.show_sources = not self.show_sources
        self._redraw()

    def action_merge(self) -> None:
        if len(self.members) < 2:
            return
        survivor = self.members[self.survivor]
        others = [m for i, m in enumerate(self.members) if i != self.survivor]
        # Every field from the column the preview shows it from: what is stored is what
        # the analyst saw.
        choose = {name: self.members[column].id for name, column in self.preview().taken.items()}
        # The versions on screen: a member another analyst changed (rejected, merged,
        # edited) since this screen loaded it is a conflict, not absorbed silently.
        seen = {m.id: m.version for m in self.members}
        other_ids = [o.id for o in others]
        self._merge(survivor.id, other_ids, choose, seen, self.analyst)

    @work(thread=True, group="dup-write")
    def _merge(
        self, survivor: str, others: list[str], choose: dict[str, str], seen: dict[str, int], analyst: str
    ) -> None:
        from incident_review.services import duplicates as dup

        outcome = attempt(
            lambda: dup.merge_incidents(self.browse.store, survivor, others, analyst, choose, versions=seen),
            lambda m: self.app.post_message(Toast(m, "warning", 2)),
        )
        done = f"merged {', '.join(others)} into {survivor}"
        if not outcome.ok or outcome.value is None:
            self.post_message(DuplicateDecision(None, outcome.error or "not saved", outcome.conflict, done))
        else:
            self.post_message(DuplicateDecision(outcome.value, None, False, done))

    def action_not_duplicate(self) -> None:
        if len(self.members) < 2:
            return
        apart = self.members[self.member]
        self._tell_apart(apart.id, [m.id for m in self.members], self.analyst)

    @work(thread=True, group="dup-write")
    def _tell_apart(self, apart: str, members: list[str], analyst: str) -> None:
        from incident_review.services import duplicates as dup

        outcome = attempt(
            lambda: dup.not_duplicate_of_others(self.browse.store, apart, members, analyst),
            lambda m: self.app.post_message(Toast(m, "warning", 2)),
        )
        # A refusal here leaves the groups as they are, whatever its reason.
        done = f"{apart} marked as a different incident"
        self.post_message(DuplicateDecision(None, outcome.error, False, done))

    @on(DuplicateDecision)
    def _decided(self, message: DuplicateDecision) -> None:
        if message.error is not None:
            self.notify(message.error, severity="error", timeout=10)
            if message.conflict:
                self.reload_groups()
            return
        if message.batch is not None:
            self.batches.append(message.batch)
        self.notify(message.done, timeout=3 if message.batch is not None else 2)  # a merge says more
        self.reload_groups()

    def action_help(self) -> None:
        """``?``: this screen's keys in the order above (merge and survivor first), then
        the others active (the scrolling body's), each key as remapped in keys.yaml."""
        from incident_review.tui.screens import HelpScreen

        order = {b.action: n for n, b in enumerate(self.BINDINGS) if isinstance(b, Binding)}
        rows: list[tuple[int, str, str]] = []
        seen: set[str] = set()
        for active in self.active_bindings.values():
            b = active.binding
            if b.description and b.action not in seen:
                seen.add(b.action)
                rank = order.get(b.action, len(order)) if active.node is self else len(order)
                rows.append((rank, self.app.get_key_display(b), b.description))
        rows.sort(key=lambda row: row[0])  # stable: the rest in the order Textual lists them
        self.app.push_screen(HelpScreen([(key, description) for _, key, description in rows]))

    def action_close(self) -> None:
        self.dismiss(self.batches)
