"""The details of the rows beside the cursor, read ahead so that ``j`` and ``k`` show the
next incident in the frame that moves the cursor.

Without it each move drew twice: the list and status bar at once, the detail pane a
worker's round trip later (a thread, the read, a message, another frame: 25-35 ms of the
key's 30-45 ms through a real terminal). Entries are dropped whenever the store may have
changed under them (this app's own write, another analyst's commit seen by the poll, a
pane that edited): ``clear`` starts a new generation, and a read-ahead begun before it is
discarded when it lands.
"""

from __future__ import annotations

from collections import OrderedDict

from incident_review.tui.messages import DetailLoaded

SIZE = 8  # a few rows either side of the cursor: a move never needs more than the next one


class DetailCache:
    def __init__(self) -> None:
        self.generation = 0
        self._entries: OrderedDict[str, DetailLoaded] = OrderedDict()

    def get(self, incident_id: str) -> DetailLoaded | None:
        found = self._entries.get(incident_id)
        if found is not None:
            self._entries.move_to_end(incident_id)
        return found

    def __contains__(self, incident_id: str) -> bool:
        return incident_id in self._entries

    def put(self, generation: int, detail: DetailLoaded) -> None:
        """Keep ``detail`` if it was read in the current generation (else it may predate
        a change)."""
        if generation != self.generation or detail.incident is None:
            return
        self._entries[detail.incident_id] = detail
        self._entries.move_to_end(detail.incident_id)
        while len(self._entries) > SIZE:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self.generation += 1
        self._entries.clear()
