"""What ``u`` and ``ctrl+r`` will do next in one analyst's session, and what each did.

The session keeps the batches its analyst wrote (``UndoHistory``: an undo stack and a
redo stack, newest last), each with what the batch did and where (``BatchInfo``, read
from the audit log when first needed), so that an undo says what it undid and on which
incident, and the undo list (``z``) shows what comes next, as lazygit's reflog does.

The store checks the rest (``review.undo``): a batch is undone only by the analyst who
wrote it, and only while every incident it touched is still as it left them.
"""

from __future__ import annotations

from dataclasses import dataclass

from incident_review.storage.store import BatchInfo

__all__ = ["BatchInfo", "Step", "UndoEntry", "UndoHistory", "describe", "where"]

SHOWN_IDS = 3  # a batch on more incidents than this is named by its first and its count

# How an audit action reads in "undid: ... on INC-000012 by ana" (else the action itself).
_ACTIONS = {
    "note": "note",
    "merge": "merge",
    "unmerge": "unmerge",
    "undo": "undo",
    "claim:add": "claim added",
    "claim:edit": "claim edited",
    "claim:remove": "claim removed",
}


def _action(action: str) -> str:
    if action in _ACTIONS:
        return _ACTIONS[action]
    kind, _, value = action.partition(":")
    if kind == "status":
        return f"status {value.replace('_', ' ')}"
    if kind == "grade":
        return "grade cleared" if value in ("", "None") else f"grade {value}"
    if kind == "casualties":
        what, _, how = value.partition(":")
        return f"casualty aggregation {how}" if what == "aggregation" else f"casualties override ({what})"
    return action.replace(":", " ")


def where(info: BatchInfo) -> str:
    """The incidents a batch touched: "INC-000012", or "20 incidents from INC-000003"."""
    ids = info.incident_ids
    if not ids:
        return "no incident"
    if len(ids) <= SHOWN_IDS:
        return ", ".join(ids)
    return f"{len(ids)} incidents from {ids[0]}"


def describe(info: BatchInfo) -> str:
    """What a batch did, where and by whom: "note on INC-000012 by ana"."""
    return f"{_action(info.action)} on {where(info)} by {', '.join(info.analysts)}"


@dataclass(frozen=True)
class Step:
    """One undoable step: the batch that reverting reverts, and what the analyst did.

    After an undo the step on the redo stack is the undo's own batch (reverting it
    redoes), described by the original action: ``done`` travels with the step."""

    batch: str
    done: BatchInfo | None = None  # None until read from the audit log

    @property
    def target(self) -> str | None:
        """The incident to show after reverting it (its first)."""
        return self.done.incident_ids[0] if self.done and self.done.incident_ids else None


@dataclass(frozen=True)
class UndoEntry:
    """A line of the undo list."""

    step: Step
    undone: bool  # on the redo stack: undone, ``ctrl+r`` brings it back
    next_key: str | None  # "undo" on the step ``u`` reverts next, "redo" on ``ctrl+r``'s

    def text(self) -> str:
        return describe(self.step.done) if self.step.done else f"batch {self.step.batch} (not read)"


class UndoHistory:
    """The session's undo and redo stacks (newest last)."""

    def __init__(self) -> None:
        self.undo: list[Step] = []
        self.redo: list[Step] = []

    def did(self, batch: str) -> None:
        """The analyst wrote ``batch``: it is the next to undo, and nothing is left to redo."""
        self.undo.append(Step(batch))
        self.redo.clear()

    def take(self, undo: bool) -> Step | None:
        """The step to revert now, off its stack (a second ``u`` meanwhile takes the one before)."""
        source = self.undo if undo else self.redo
        return source.pop() if source else None

    def failed(self, undo: bool, step: Step) -> None:
        """Reverting ``step`` did not happen: it is still the next one."""
        (self.undo if undo else self.redo).append(step)

    def reverted(self, undo: bool, step: Step) -> None:
        """``step`` (the revert's own batch, with what the original did) goes on the other stack."""
        (self.redo if undo else self.undo).append(step)

    def unread(self) -> list[str]:
        """The batches whose ``done`` has not been read yet."""
        return [s.batch for s in (*self.undo, *self.redo) if s.done is None]

    def learn(self, infos: dict[str, BatchInfo]) -> None:
        """What the unread batches did (``Store.batch_infos``)."""
        self.undo = [Step(s.batch, infos.get(s.batch)) if s.done is None else s for s in self.undo]
        self.redo = [Step(s.batch, infos.get(s.batch)) if s.done is None else s for s in self.redo]

    def entries(self) -> list[UndoEntry]:
        """Newest first: the undone steps (the last undone is ``ctrl+r``'s), then the done
        ones (the newest is ``u``'s)."""
        out = [UndoEntry(s, True, "redo" if i == len(self.redo) - 1 else None) for i, s in enumerate(self.redo)]
        out += [UndoEntry(s, False, "undo" if i == 0 else None) for i, s in enumerate(reversed(self.undo))]
        return out
