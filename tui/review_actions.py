"""The review app's actions that write: status, note, grade (on the row, or on every
selected row as one batch), repeat, undo and redo and the undo list, and the screens that
edit an incident (duplicates, attribution, casualties; history reads).

On the event loop: each action captures what it acts on (the incident as the analyst sees
it, or the selection) and starts a worker; the worker's message lands here, the only place
the undo history (services/undo.py) changes."""

from __future__ import annotations

from collections.abc import Callable

from textual import on

from incident_review.core.model import GRADES, Incident
from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.services.review import BulkSaved
from incident_review.services.selection import MAX_SELECTED, now
from incident_review.services.undo import Step, UndoHistory, describe
from incident_review.tui.messages import BatchesRead, BulkWritten, IncidentForScreen, NextUnreviewed, Reverted, Written
from incident_review.tui.screens import PromptScreen
from incident_review.tui.selection_actions import SelectionActions
from incident_review.tui.sync import while_running

# What a bulk action did, for its message ("confirmed 18 of 20").
_DONE = {"confirmed": "confirmed", "rejected": "rejected", "needs_follow_up": "marked for follow-up"}
_REVIEWED = ("confirmed", "rejected")  # after these on one row the cursor moves to the next unreviewed


class ReviewActions(SelectionActions):
    def __init__(self, browse: Browse, analyst: str) -> None:
        super().__init__(browse, analyst)
        self.history = UndoHistory()
        self.last_action: tuple[str, str | None] | None = None  # what ``.`` repeats
        self._advance: bool | None = None  # config: after c/x, on to the next unreviewed row
        self._advance_from: str | None = None  # the row c/x was pressed on, until its save lands
        self.keymap: dict[str, str] = {}  # binding id -> keys: the user's, set when the app mounts
        self._awaiting_seen: tuple[str, Callable[[Incident], None]] | None = None

    def key_of(self, binding_id: str) -> str:
        """The key an action is on now (the keymap applied), for messages and screens."""
        from incident_review.tui.commands import key_for

        return key_for(self, binding_id, self.keymap)

    def _seen(self, incident_id: str) -> Incident | None:
        """The incident as the analyst sees it now (the detail pane's), so that an edit made
        from a dialog is checked against the version it was opened on."""
        return self.incident if self.incident is not None and self.incident.id == incident_id else None

    def _with_seen(self, incident_id: str, then: Callable[[Incident], None]) -> None:
        """Call ``then`` with the incident as the analyst sees it: the detail pane's, or, when
        the pane has not loaded this row yet (its read waiting behind a save on a locked
        store), as read now in a worker. A dialog then always holds the version it was
        opened on: without one, its save read the incident afresh and wrote over a change
        made while it was open (issue #12: a grade lost silently)."""
        seen = self._seen(incident_id)
        if seen is not None:
            then(seen)
            return
        self._awaiting_seen = (incident_id, then)  # the last key wins
        self.hold_keys("screen")  # the keys typed next are for the dialog ``then`` opens
        self.read_for_screen(incident_id, "seen")

    # ------------------------------------------------------------ writes

    def action_set_status(self, status: str) -> None:
        self.last_action = ("status", status)
        store, analyst = self.browse.store, self.analyst
        if self._on_selection(
            lambda selected: review.set_status_many(store, selected, status, analyst),
            _DONE.get(status, f"set to {status}"),
        ):
            return
        incident_id = self._current_id()
        if incident_id is None:
            return
        self.save(
            incident_id,
            self._seen(incident_id),
            lambda inc: review.set_status(store, inc, status, analyst),
            f"{incident_id}: {status}",
        )
        # Once it is saved, the cursor moves on (a refused save leaves it there, to retry).
        self._advance_from = incident_id if status in _REVIEWED and self._advances() else None

    def action_note(self) -> None:
        incident_id = self._current_id()
        if incident_id is None:
            return
        store, analyst = self.browse.store, self.analyst

        def prompt(seen: Incident) -> None:
            def save(text: str | None) -> None:
                if text and text.strip():
                    note = text.strip()
                    self.save(
                        incident_id,
                        seen,
                        lambda inc: review.add_note(store, inc, note, analyst),
                        f"{incident_id}: note added",
                    )

            self.push_screen(PromptScreen(f"Note on {incident_id}"), save)

        self._with_seen(incident_id, prompt)

    def action_grade(self) -> None:
        from textual.suggester import SuggestFromList

        count = self._selected_count()
        incident_id = self._current_id()
        if incident_id is None and not count:
            return

        def unknown(text: str) -> str | None:
            grade = text.strip()
            return None if not grade or grade in GRADES else f"grade must be one of {', '.join(GRADES)}"

        def prompt(seen: Incident | None) -> None:
            apply = self._grade_of(incident_id, seen)

            def chosen(text: str | None) -> None:
                if text is not None:
                    apply(text.strip() or None)

            what = f"the {count:,} selected" if count else incident_id
            dialog = PromptScreen(f"Grade of {what} ({', '.join(GRADES)}; empty clears)", check=unknown)
            dialog.suggester = SuggestFromList(GRADES)
            self.push_screen(dialog, chosen)

        if count or incident_id is None:
            prompt(None)
        else:
            self._with_seen(incident_id, prompt)

    def _grade_of(self, incident_id: str | None, seen: Incident | None = None) -> Callable[[str | None], None]:
        """What grading does once the grade is chosen: the selection, else ``incident_id``
        as the analyst saw it when the dialog opened (``seen``, else the detail pane's)."""
        if seen is None and incident_id:
            seen = self._seen(incident_id)
        store, analyst = self.browse.store, self.analyst

        def apply(grade: str | None) -> None:
            self.last_action = ("grade", grade)
            if self._on_selection(
                lambda selected: review.set_grade_many(store, selected, grade, analyst), f"graded {grade}"
            ):
                return
            if incident_id is not None:
                self.save(
                    incident_id,
                    seen,
                    lambda inc: review.set_grade(store, inc, grade, analyst),
                    f"{incident_id}: grade {grade}",
                )

        return apply

    def action_repeat(self) -> None:
        """``.``: the last status or grade again, on the selection or the row."""
        if self.last_action is None:
            self.notify("nothing to repeat yet (a status or a grade)", timeout=2)
            return
        kind, value = self.last_action
        if kind == "status" and value is not None:
            self.action_set_status(value)
        else:
            self._grade_of(self._current_id())(value)

    @on(Written)
    @while_running
    def _written(self, message: Written) -> None:
        if message.batch is None:
            self.notify(message.error or "not saved", severity="error", timeout=10)
        else:
            self.history.did(message.batch)
            self.notify(message.done, timeout=2)
            if message.incident_id is not None and message.incident_id == self._advance_from == self._current_id():
                self._next_unreviewed()
        self._after_change()  # a refusal on someone else's change shows theirs

    # ------------------------------------------------------------ on the selection

    def _selected_count(self) -> int:
        if not self.selection.active:
            return 0
        listing = self._listing()
        start, ids = listing.window()
        return self.selection.count(listing.cursor, start, ids)

    def _on_selection(self, write: Callable[[dict[str, str]], BulkSaved], done: str) -> bool:
        """With rows selected, ``write`` them all as one batch (in a worker) and say so."""
        if not self.selection.active:
            return False
        rows, span = self._range_rows()
        if rows:
            self.selection.add((r.id for r in rows), self.selection.visual.since if self.selection.visual else now())
        self.selection.end_visual()  # its rows are picked now, or read with the write
        assert self.last_action is not None
        picked = dict(self.selection.picked)
        if len(picked) + (span.count if span else 0) > MAX_SELECTED:
            self.notify(f"more than {MAX_SELECTED:,} rows selected: nothing written; select fewer", severity="warning")
            return True
        if len(picked) + (span.count if span else 0) > 500:  # a second or more
            self.notify(f"{done}: writing {len(picked) + (span.count if span else 0):,} rows…", timeout=3)
        self.save_many(picked, span, write, done, self.last_action)
        self._selection_changed()
        return True

    @on(BulkWritten)
    @while_running
    def _bulk_written(self, message: BulkWritten) -> None:
        result = message.result
        if result is None:
            self.notify(message.error or "not saved", severity="error", timeout=10)
            return
        if result.batch is not None:
            self.history.did(result.batch)
        # Done rows leave the selection; skipped ones stay selected, seen as they are now.
        self.selection.remove([*result.saved, *result.unchanged])
        self.selection.add((s.incident_id for s in result.skipped), now())
        text = result.describe(message.done)
        if result.skipped:
            self.notify(text, severity="warning", timeout=15)
        else:
            self.notify(text, timeout=3)
        self._selection_changed()
        self._after_change()

    # ------------------------------------------------------------ on to the next unreviewed row

    def _advances(self) -> bool:
        if self._advance is None:
            from incident_review import config

            self._advance = config.keys().advance_after_review
        return self._advance

    def _next_unreviewed(self) -> None:
        """Move the cursor to the next unreviewed row below it: among the rows the list
        holds, else the first one the store finds after them (in a worker)."""
        listing = self._listing()
        f, sort = self._shown()
        if f.statuses and "unreviewed" not in f.statuses:
            return  # the filter shows none
        end = listing.start + len(listing.rows)
        for index in range(listing.cursor + 1, end):
            row = listing.row_at(index)
            if row is not None and row.status == "unreviewed":
                listing.move_to(index)
                return
        current = listing.current
        if end < listing.total and listing.rows and current is not None:
            self.find_unreviewed(f, sort, listing.rows[-1].key, current.id)

    @on(NextUnreviewed)
    @while_running
    def _found_unreviewed(self, message: NextUnreviewed) -> None:
        if message.incident_id is not None and self._current_id() == message.after:
            self.reload(message.incident_id)

    # ------------------------------------------------------------ undo and redo

    def action_undo(self) -> None:
        self._revert(undo=True)

    def action_redo(self) -> None:
        self._revert(undo=False)

    def _revert(self, undo: bool) -> None:
        # Taken off now, not when done: a second "u" meanwhile reverts the batch before.
        step = self.history.take(undo)
        if step is None:
            self.notify(f"nothing to be {'undone' if undo else 'redone'}", timeout=2)
            return
        f, sort = self._shown()
        self.revert(step, self.analyst, undo, f, sort)

    @on(Reverted)
    @while_running
    def _reverted(self, message: Reverted) -> None:
        step = message.step
        what = describe(step.done) if step.done else f"batch {step.batch}"
        if message.new_batch is None:
            self.history.failed(message.undo, step)  # not reverted: still the one to revert
            verb = "undo" if message.undo else "redo"
            self.notify(f"cannot {verb} {what}: {message.error}", severity="error", timeout=10)
            return
        self.history.reverted(message.undo, Step(message.new_batch, step.done))
        text = f"{'undid' if message.undo else 'redid'}: {what}"
        if step.target is not None and message.shown:
            self.reload(step.target)  # the list goes to the incident it changed
        elif step.target is not None:
            text += f" ({step.target} is not under the current filter: f changes it)"
        self.notify(text, timeout=5)
        self._after_change()

    def action_undo_list(self) -> None:
        """``z``: the session's batches, newest first (what each did and where), once what
        the unread ones did has been read."""
        self.hold_keys("screen")
        self.read_batches(self.history.unread(), True)

    @on(BatchesRead)
    @while_running
    def _batches_read(self, message: BatchesRead) -> None:
        self.history.learn(message.infos)
        if message.open_list:
            from incident_review.tui.undo_list import UndoList

            def go(incident_id: str | None) -> None:
                if incident_id:
                    self.find_incident(incident_id, self.filter.include_merged)  # as ":" goes there

            self.push_screen(UndoList(self.history.entries(), self.key_of), go)

    # ------------------------------------------------------------ screens on one incident

    def _open_screen(self, screen: str) -> None:
        """Load the current incident in a worker, then open ``screen`` on it."""
        incident_id = self._current_id()
        if incident_id is not None:
            self.hold_keys("screen")  # the keys typed next are for the screen
            self.read_for_screen(incident_id, screen)

    @on(IncidentForScreen)
    @while_running
    def _screen_ready(self, message: IncidentForScreen) -> None:
        inc = message.incident
        if message.screen == "seen":
            waiting, self._awaiting_seen = self._awaiting_seen, None
            if waiting is not None and waiting[0] == inc.id:
                waiting[1](inc)
            self.release_keys("screen")  # (its dialog has taken them over, if it opened one)
            return
        if message.screen == "attribution":
            from incident_review.tui.attribution import AttributionPane

            self.push_screen(AttributionPane(self.browse, inc, self.analyst), self._took_batches)
        elif message.screen == "casualties":
            from incident_review.tui.casualties import CasualtiesPane

            self.push_screen(CasualtiesPane(self.browse, inc, self.analyst), self._took_batches)
        else:
            from incident_review.tui.history import HistoryScreen

            self.push_screen(HistoryScreen(inc.id, message.history))

    def _took_batches(self, batches: list[str] | None) -> None:
        for batch in batches or []:
            self.history.did(batch)
        self.hold_for_rows()  # the keys typed after Esc move in the list as it reloads
        self.reload(self._current_id())
        if self.incident is not None:
            self.load_detail(self.incident.id)

    def action_duplicates(self) -> None:
        from incident_review.tui.duplicate_review import DuplicateReview

        self.push_screen(DuplicateReview(self.browse, self.analyst), self._took_batches)

    def warm_duplicates(self) -> None:
        """Load what the duplicate review needs (the matching modules and config) in a
        daemon thread, once the app is up: the first "d" then opens on its groups at once
        instead of after ~3 s. It touches no widget, no app state and no store."""
        import threading

        from incident_review.tui.duplicate_review import warm_up

        def warm() -> None:
            try:
                warm_up()
            except BaseException:  # a bad config is reported when the screen opens; at exit, nothing
                return

        threading.Thread(target=warm, name="warm-duplicates", daemon=True).start()

    def action_attribution(self) -> None:
        self._open_screen("attribution")

    def action_casualties(self) -> None:
        self._open_screen("casualties")

    def action_history(self) -> None:
        self._open_screen("history")
