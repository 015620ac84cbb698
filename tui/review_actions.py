"""The review app's actions that write: status, note, grade, undo and redo, and the
screens that edit an incident (duplicates, attribution, casualties; history reads).

On the event loop: each action captures what it acts on (the incident as the analyst sees
it) and starts a worker; the worker's message lands here, the only place the undo stack
changes."""

from __future__ import annotations

from collections.abc import Callable

from textual import on

from incident_review.core.model import Incident
from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.tui.messages import IncidentForScreen, Reverted, Written
from incident_review.tui.screens import PromptScreen
from incident_review.tui.sync import ListSync, while_running


class ReviewActions(ListSync):
    def __init__(self, browse: Browse, analyst: str) -> None:
        super().__init__(browse, analyst)
        self.undo_stack: list[str] = []
        self.redo_stack: list[str] = []
        self._awaiting_seen: tuple[str, Callable[[Incident], None]] | None = None

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
        self.read_for_screen(incident_id, "seen")

    # ------------------------------------------------------------ writes

    def action_set_status(self, status: str) -> None:
        incident_id = self._current_id()
        if incident_id is None:
            return
        store, analyst = self.browse.store, self.analyst
        self.save(
            incident_id,
            self._seen(incident_id),
            lambda inc: review.set_status(store, inc, status, analyst),
            f"{incident_id}: {status}",
        )

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

        from incident_review.core.model import GRADES

        incident_id = self._current_id()
        if incident_id is None:
            return
        store, analyst = self.browse.store, self.analyst

        def unknown(text: str) -> str | None:
            grade = text.strip()
            return None if not grade or grade in GRADES else f"grade must be one of {', '.join(GRADES)}"

        def prompt(seen: Incident) -> None:
            def chosen(text: str | None) -> None:
                if text is None:
                    return
                grade = text.strip() or None
                self.save(
                    incident_id,
                    seen,
                    lambda inc: review.set_grade(store, inc, grade, analyst),
                    f"{incident_id}: grade {grade}",
                )

            dialog = PromptScreen(f"Grade of {incident_id} ({', '.join(GRADES)}; empty clears)", check=unknown)
            dialog.suggester = SuggestFromList(GRADES)
            self.push_screen(dialog, chosen)

        self._with_seen(incident_id, prompt)

    @on(Written)
    @while_running
    def _written(self, message: Written) -> None:
        if message.batch is None:
            self.notify(message.error or "not saved", severity="error", timeout=10)
        else:
            self.undo_stack.append(message.batch)
            self.redo_stack.clear()
            self.notify(message.done, timeout=2)
        self._after_change()  # a refusal on someone else's change shows theirs

    def action_undo(self) -> None:
        self._revert(undo=True)

    def action_redo(self) -> None:
        self._revert(undo=False)

    def _revert(self, undo: bool) -> None:
        source = self.undo_stack if undo else self.redo_stack
        if not source:
            self.notify(f"nothing to be {'undone' if undo else 'redone'}", timeout=2)
            return
        # Taken off now, not when done: a second "u" meanwhile reverts the batch before.
        self.revert(source.pop(), self.analyst, undo)

    @on(Reverted)
    @while_running
    def _reverted(self, message: Reverted) -> None:
        source, target = (self.undo_stack, self.redo_stack) if message.undo else (self.redo_stack, self.undo_stack)
        if message.new_batch is None:
            source.append(message.batch)  # not reverted: still the one to revert
            verb = "undo" if message.undo else "redo"
            self.notify(f"cannot {verb}: {message.error}", severity="error", timeout=10)
            return
        target.append(message.new_batch)
        self.notify("undone" if message.undo else "redone", timeout=2)
        self._after_change()

    # ------------------------------------------------------------ screens on one incident

    def _open_screen(self, screen: str) -> None:
        """Load the current incident in a worker, then open ``screen`` on it."""
        incident_id = self._current_id()
        if incident_id is not None:
            self.read_for_screen(incident_id, screen)

    @on(IncidentForScreen)
    @while_running
    def _screen_ready(self, message: IncidentForScreen) -> None:
        inc = message.incident
        if message.screen == "seen":
            waiting, self._awaiting_seen = self._awaiting_seen, None
            if waiting is not None and waiting[0] == inc.id:
                waiting[1](inc)
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
        if batches:
            self.undo_stack.extend(batches)
            self.redo_stack.clear()
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
