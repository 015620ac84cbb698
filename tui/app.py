"""The review app: incident list, detail pane, and the keys of a review session.

Built in layers, by concern: tui/workers.py (every store read and write, in thread
workers that post tui/messages.py), tui/sync.py (the list, detail pane, polling and
presence kept in step on the event loop), tui/review_actions.py (the actions that write),
tui/view_actions.py (saved filters, sort, jump, export, panes) and tui/query_actions.py
(the filter bar, search-and-jump, frequencies, the counts per status). This file puts them
together: bindings, layout, start and quit.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Container

from incident_review.services.browse import Browse
from incident_review.tui.commands import ReviewCommands
from incident_review.tui.detail import DetailPane
from incident_review.tui.footer import FittedFooter
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.messages import Toast
from incident_review.tui.query_actions import QueryActions
from incident_review.tui.query_bar import QueryBar
from incident_review.tui.review_actions import ReviewActions
from incident_review.tui.sanitize import printable
from incident_review.tui.status_bar import StatusBar
from incident_review.tui.status_counts import StatusCounts
from incident_review.tui.sync import POLL_SECONDS
from incident_review.tui.view_actions import ViewActions
from incident_review.tui.workers import LEASE_SECONDS, release_in_background

WIDE = 120  # at this width and more, list and detail sit side by side
RELEASE_WAIT = 1.0  # seconds a quit waits for the presence release (it expires by itself)
WARM_UP_SECONDS = 1.5  # then the duplicate review's modules load in the background


class ReviewApp(QueryActions, ReviewActions, ViewActions):
    TITLE = "incident-review"
    # The app's commands and Textual's from one source, so always in the same order.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ReviewCommands}
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "set_status('confirmed')", "Confirm", id="review.confirm"),
        Binding("x", "set_status('rejected')", "Reject", id="review.reject"),
        Binding("exclamation_mark", "set_status('needs_follow_up')", "Follow-up", id="review.follow_up", show=False),
        Binding("U", "set_status('unreviewed')", "Unreview", id="review.unreview", show=False),
        Binding("i", "note", "Note", id="review.note"),
        Binding("u", "undo", "Undo", id="review.undo"),
        Binding("ctrl+r", "redo", "Redo", id="review.redo", show=False),
        Binding("z", "undo_list", "Undo list", id="review.undo_list", show=False),
        Binding("full_stop", "repeat", "Repeat last action", id="review.repeat", show=False),
        Binding("space", "toggle_select", "Select row", id="review.select", show=False),
        Binding("V", "select_range", "Select range", id="review.select_range", show=False),
        Binding("asterisk", "select_all", "Select all in filter", id="review.select_all", show=False),
        # Before the bindings on the same key: they apply only while rows are selected.
        Binding("escape", "clear_selection", "Clear selection", id="review.clear_selection", show=False),
        Binding("e", "export_selection", "Export selection", id="review.export_selection", show=False),
        Binding("R", "grade", "Grade", id="review.grade", show=False),
        Binding("d", "duplicates", "Duplicates", id="review.duplicates"),
        Binding("a", "attribution", "Attribution", id="review.attribution", show=False),
        Binding("K", "casualties", "Casualties", id="review.casualties", show=False),
        Binding("H", "history", "History", id="review.history", show=False),
        # Priority: the App runs them before it hands the next key on, so that the bar has the
        # focus for the keys typed right after (tui/query_actions.py; in an input they type).
        Binding("f", "filter", "Filter", id="review.filter", priority=True),
        Binding("ctrl+s", "save_filter", "Save filter", id="review.save_filter", show=False),
        Binding("apostrophe", "saved_filter", "Saved filters", id="review.saved_filter", show=False),
        Binding("s", "sort", "Sort on column", id="review.sort", show=False),
        Binding("S", "reverse", "Reverse sort", id="review.reverse", show=False),
        Binding("slash", "search", "Search", id="review.search", priority=True),
        Binding("n", "search_next", "Next match", id="review.search_next", show=False),
        Binding("N", "search_previous", "Previous match", id="review.search_previous", show=False),
        Binding("escape", "clear_search", "Clear search", id="review.clear_search", show=False),
        Binding("F", "frequency", "Frequencies", id="review.frequency", show=False),
        Binding("colon", "jump", "Go to id", id="review.jump", show=False),
        Binding("e", "export", "Export", id="review.export", show=False),
        Binding("tab", "switch_pane", "Pane", id="review.switch_pane", show=False),
        Binding("right_square_bracket", "evidence(1)", "Next highlighted span", id="review.next_span", show=False),
        Binding(
            "left_square_bracket", "evidence(-1)", "Previous highlighted span", id="review.previous_span", show=False
        ),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast (the app's, its screens' and widgets') shows its text literally:
        names, ids and report text can hold ``[/]`` (a MarkupError that would end the app)
        or terminal escapes, so markup is never parsed and the text is sanitized."""
        super().notify(printable(message), title=printable(title), severity=severity, timeout=timeout, markup=False)

    @on(Toast)
    def _toast(self, message: Toast) -> None:
        self.notify(message.text, severity=message.severity, timeout=message.timeout)

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield StatusCounts(id="status-counts")
        with Container(id="main"):
            yield IncidentList(self._fetcher(self.filter, self.sort), self.cursor_moved, id="list")
            yield DetailPane(id="detail")
        yield QueryBar(id="query-bar")
        yield FittedFooter()

    def on_mount(self) -> None:
        self._apply_keymap()
        self.query_one(IncidentList).selection = self.selection
        self._layout()
        self.query_one(IncidentList).focus()
        self.reload()
        self.set_interval(POLL_SECONDS, self._poll)
        self.set_interval(LEASE_SECONDS / 3, self._renew_lease)
        self.set_timer(WARM_UP_SECONDS, self.warm_duplicates)  # after the first screen, not before it

    async def on_unmount(self) -> None:
        done = release_in_background(self.browse, self.reader, self.session)
        with contextlib.suppress(TimeoutError):  # then the lease expires by itself
            await asyncio.wait_for(done.wait(), RELEASE_WAIT)

    def _apply_keymap(self) -> None:
        from incident_review import config

        keymap = self.keymap = config.keys().keymap
        if keymap:
            self.set_keymap(keymap)

    def on_resize(self) -> None:
        self._layout()

    def _layout(self) -> None:
        self.query_one("#main").set_class(self.size.width >= WIDE, "wide")


def run(browse: Browse, analyst: str) -> None:
    """Review until the analyst quits; the session's store is closed afterwards."""
    try:
        ReviewApp(browse, analyst).run()
    finally:
        browse.close()
