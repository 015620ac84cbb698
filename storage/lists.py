"""The incident list's reads (keyset pages, positions, counts) and whole-filter exports,
each on the connection that suits it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incident_review.core.model import Incident
from incident_review.core.query import IncidentFilter, ListRow, Sort
from incident_review.storage import facets, finding, incident_rows, listing
from incident_review.storage.db import Database


class Lists:
    def __init__(self, database: Database) -> None:
        self.database = database

    def page(
        self, f: IncidentFilter, sort: Sort, after: tuple[Any, int] | None, limit: int, backwards: bool = False
    ) -> list[ListRow]:
        with self.database.lock:
            return listing.page(self.database.conn, f, sort, after, limit, backwards)

    def position(self, f: IncidentFilter, sort: Sort, incident_id: str, limit: int) -> tuple[int, list[ListRow]] | None:
        """The index of ``incident_id`` in the list and a page of rows from it (None when
        the filter leaves it out)."""
        with self.database.lock:
            return listing.position(self.database.conn, f, sort, incident_id, limit)

    def count(self, f: IncidentFilter) -> int:
        """Rows under the filter, on the slow-read connection (interruptible)."""
        with self.database.slow_read() as conn:
            return listing.count(conn, f)

    def ids(self, f: IncidentFilter, limit: int) -> list[str]:
        """Up to ``limit`` ids under the filter, in insertion order (a selection of them all)."""
        with self.database.read() as conn:
            return listing.ids(conn, f, limit)

    def iter_incidents(self, f: IncidentFilter, chunk: int = 1000) -> Iterator[Incident]:
        """Every incident under the filter in id order, loaded a chunk at a time, all from
        one snapshot: one read transaction on a connection of its own (so the app's other
        threads are not held up meanwhile), so an incident merged during the export is
        either live or inside its survivor's merged_from, never both. In WAL mode a reader
        never blocks writers; they go on committing after the snapshot."""
        if self.database.path == ":memory:":
            with self.database.read() as conn:
                ids = listing.ids(conn, f)
                for i in range(0, len(ids), chunk):
                    yield from incident_rows.load(conn, ids[i : i + chunk])
            return
        conn = self.database.snapshot_connection()
        try:
            conn.execute("BEGIN")
            ids = listing.ids(conn, f)
            for i in range(0, len(ids), chunk):
                yield from incident_rows.load(conn, ids[i : i + chunk])
            conn.execute("COMMIT")
        finally:
            conn.close()

    # The frequency view, the header's status counts, completion and search-and-jump read
    # many rows: on the slow-read connection, as counts are (a newer filter interrupts them).

    def frequencies(self, f: IncidentFilter, key: str, limit: int) -> list[tuple[str | None, int]]:
        with self.database.slow_read() as conn:
            return facets.frequencies(conn, f, key, limit)

    def status_counts(self, f: IncidentFilter) -> dict[str, int]:
        with self.database.slow_read() as conn:
            return facets.status_counts(conn, f)

    def distinct_values(self, key: str, limit: int) -> list[str]:
        with self.database.slow_read() as conn:
            return facets.distinct_values(conn, key, limit)

    def find(
        self, f: IncidentFilter, sort: Sort, text: str, after: tuple[Any, int] | None, backwards: bool = False
    ) -> finding.Match | None:
        with self.database.slow_read() as conn:
            return finding.find(conn, f, sort, text, after, backwards)

    def find_next(
        self, f: IncidentFilter, sort: Sort, text: str, after: tuple[Any, int] | None, backwards: bool = False
    ) -> finding.Found | None:
        with self.database.slow_read() as conn:
            return finding.find_next(conn, f, sort, text, after, backwards)

    def place_of(self, f: IncidentFilter, sort: Sort, text: str, row: ListRow) -> tuple[int, int]:
        with self.database.slow_read() as conn:
            return finding.place_of(conn, f, sort, text, row)
