"""What the TUI's thread workers tell the event loop.

Textual's functions are not thread-safe, ``post_message`` is (it queues the message with
``call_soon_threadsafe``). So a thread worker takes its inputs as arguments captured on the
event loop, reads or writes the store, and hands back its results only as one of these;
only their handlers, on the event loop, touch widgets and app state (the undo stack, the
list's presence column, the incident on show). tests/test_thread_rule.py enforces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message
from textual.notifications import SeverityLevel

from incident_review.core.model import Incident, Report
from incident_review.core.query import IncidentFilter, ListRow, Sort
from incident_review.services.browse import AuditEntry, BatchInfo, Found
from incident_review.services.review import BulkSaved
from incident_review.services.undo import Step

if TYPE_CHECKING:  # matching pulls in numpy and rapidfuzz, which the review TUI starts without
    from incident_review.core.matching import Pair
    from incident_review.services.duplicates import ReviewGroup

# ------------------------------------------------------------ any worker


@dataclass
class Toast(Message):
    """A notification to show (``notify`` itself is not thread-safe)."""

    text: str
    severity: SeverityLevel = "information"
    timeout: float | None = None


# ------------------------------------------------------------ the list and the detail pane


@dataclass
class BrowserFailed(Message):
    """No browser opened the URL (the detail pane copies it instead)."""

    url: str


@dataclass
class FirstPage(Message):
    """A reload's first page, shown before the count arrives."""

    reload: int  # which reload it answers: an older one's is stale
    filter: IncidentFilter
    sort: Sort
    rows: list[ListRow]
    at: int  # the index of rows[0] in the whole list
    keep_id: str | None
    exact: bool  # the rows are all there is: their number is the total
    # The detail of the row the cursor lands on, read with the page: the rows and the
    # detail pane then show in one frame, not two (None: not read, the usual load follows).
    detail: DetailLoaded | None = None


@dataclass
class Counted(Message):
    """The real total under a reload's filter (a count over a million rows takes a while)."""

    reload: int
    filter: IncidentFilter
    total: int


@dataclass
class SearchFailed(Message):
    """The search text is not a valid FTS5 query."""

    error: str


@dataclass
class DetailLoaded(Message):
    incident_id: str  # the one asked for
    incident: Incident | None
    report: Report | None


@dataclass
class DetailsReadAhead(Message):
    """The details of the rows beside the cursor (tui/detail_cache.py), read in ``generation``."""

    generation: int
    details: list[DetailLoaded]


@dataclass
class Polled(Message):
    """What a poll found on its own read connection: whether another connection committed
    since the last poll and, if so, the count under the filter and who has which row open."""

    seq: int  # polls are numbered: one answered after a newer one is stale
    version: int | None  # the poll connection's data_version; None when it could not be read
    changed: bool
    forced: bool  # asked for after this app's own write (its detail pane reloads by itself)
    filter: IncidentFilter
    total: int | None  # None: not counted (nothing changed, or the count failed)
    holders: dict[str, list[str]] | None  # incident id -> other analysts; None: not read


@dataclass
class LeaseRenewed(Message):
    """This session's presence was written (or could not be: it is only a hint)."""

    holders: dict[str, list[str]] | None
    versions: tuple[int, int] | None  # the poll's data_version just before and after the write


@dataclass
class JumpFound(Message):
    incident_id: str | None  # None: not found (or not under the filter), said in a toast


@dataclass
class IncidentForScreen(Message):
    """The incident (and for the history screen its audit entries) a screen opens on."""

    screen: str  # "attribution", "casualties", "history", or "seen" (a dialog's base version)
    incident: Incident
    history: list[AuditEntry]


# ------------------------------------------------------------ writes


@dataclass
class Written(Message):
    """A review write's outcome: the batch it saved (for undo), or why nothing was saved."""

    batch: str | None
    error: str | None
    done: str  # the toast when it was saved
    incident_id: str | None = None  # the incident written


@dataclass
class Reverted(Message):
    """An undo's or a redo's outcome."""

    undo: bool  # False: a redo
    step: Step  # the step it reverted, with what its batch did when that could be read
    new_batch: str | None  # the revert's own batch (the next redo or undo reverts it)
    error: str | None
    shown: bool  # the step's incident is under the filter the list showed when it was asked


@dataclass
class BulkWritten(Message):
    """A bulk action's outcome (services.review.BulkSaved), or why nothing was saved."""

    result: BulkSaved | None
    error: str | None
    done: str  # the action in the past tense: "confirmed"
    repeat: tuple[str, str | None]  # what ``.`` repeats


@dataclass
class IdsSelected(Message):
    """The ids of a range or of every row under a filter, read for the selection."""

    ids: list[str] | None  # None: more rows than one selection holds
    since: str
    generation: int  # the selection's when asked: a clear meanwhile makes this stale


@dataclass
class BatchesRead(Message):
    """What the session's batches did (for the undo list), and whether to open it."""

    infos: dict[str, BatchInfo]
    open_list: bool


@dataclass
class NextUnreviewed(Message):
    """The next unreviewed row below the one just reviewed, beyond the list's window."""

    incident_id: str | None
    after: str  # the row it follows: a cursor moved meanwhile makes it moot


@dataclass
class EditSaved(Message):
    """An incident editor's write (attribution, casualties) and the incident reloaded after it."""

    batch: str | None
    error: str | None
    fresh: Incident | None


@dataclass
class GroupsLoaded(Message):
    groups: list[ReviewGroup]
    seq: int = 0  # the load it answers: an older load's answer is stale
    complete: bool = True  # False: the queue's first groups, the rest still being clustered


@dataclass
class GroupLoaded(Message):
    ids: list[str]  # the group's, to tell a stale answer
    members: list[Incident]
    reports: list[Report | None]
    pairs: list[Pair] = field(default_factory=list)  # the group's, with their score components


@dataclass
class DuplicateDecision(Message):
    """A merge's or a not-duplicate decision's outcome."""

    batch: str | None
    error: str | None
    conflict: bool  # someone else changed a member meanwhile: the groups are reloaded
    done: str


# ------------------------------------------------------------ the incident list's own


@dataclass
class PageLoaded(Message, bubble=False):
    """A page of rows for the incident list's window."""

    generation: int  # the list's reset count when it was asked for: older pages are stale
    rows: list[ListRow]
    backwards: bool
    at: int
    keep_id: str | None
    replace: bool


# ------------------------------------------------------------ the filter bar, search, counts


@dataclass
class FilterValues(Message):
    """The values each filter key takes in the store, for the filter bar's completion."""

    values: dict[str, list[str]]


@dataclass
class SearchFound(Message):
    """A search-and-jump's answer: the next row that shows the text (None: none), and the
    row it started from."""

    seq: int  # searches are numbered: an older one's answer is stale
    text: str
    found: Found | None
    current: str | None  # the row under the cursor when n or N was pressed (None: Enter)
    error: str | None


@dataclass
class SearchPlaced(Message):
    """Which match the row found is, and how many there are (counted after the jump)."""

    seq: int
    index: int  # from 0
    total: int


@dataclass
class StatusCounted(Message):
    """The header's counts per status under a filter."""

    seq: int
    filter: IncidentFilter
    counts: dict[str, int] | None  # None: the count failed (it is retried after the next change)
