"""Ingest report files: parse all, then extract and store them a chunk at a time, visible all at once."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from incident_review.core.collector import collector_paused
from incident_review.core.errors import InputError
from incident_review.core.model import Incident, Note
from incident_review.core.reports import ReportInput, apply_defaults, expand_paths, inferred_note, read_report_file
from incident_review.services.duplicates import match_new, resume_matching
from incident_review.services.extract_workers import PARALLEL_AT, can_fork, extract_in_workers, extract_one
from incident_review.storage.store import Store, utc_now

# Who wrote the notes the ingest adds to incidents (an analyst's own notes carry their name).
SYSTEM_AUTHOR = "incident-review"
# Files of incidents, not of prose: read as a report, a dataset's JSON gave dozens of junk
# incidents extracted from its keys and ids.
DATASET_SUFFIXES = (".json", ".geojson", ".csv", ".tsv", ".yaml", ".yml")
T = TypeVar("T")


@dataclass(frozen=True)
class IngestResult:
    new_reports: list[str]
    known_reports: list[str]  # already in the store (same content hash): skipped
    incident_ids: list[str]
    duplicate_pairs: int = 0  # candidate pairs the new incidents form with the store


def read_reports(
    paths: Sequence[Path], published: dt.date | None = None, outlet: str | None = None
) -> list[ReportInput]:
    """Every report in ``paths`` (files or folders); the first bad file raises InputError."""
    files = expand_paths(list(paths))
    if not files:
        raise InputError(", ".join(map(str, paths)), None, "no report files found (.txt, .md, .jsonl)")
    reports: list[ReportInput] = []
    for path in files:
        if path.suffix.lower() in DATASET_SUFFIXES:
            raise InputError(str(path), None, f"a dataset file, not a report: use `incident-review import {path}`")
        if not path.exists():
            raise InputError(str(path), None, "no such file")
        reports.extend(apply_defaults(r, published, outlet) for r in read_report_file(path))
    return reports


def extract_reports(
    reports: Sequence[ReportInput], progress: Callable[[int], None] | None = None, workers: int = 1
) -> Iterator[tuple[ReportInput, list[Incident]]]:
    """Each report with its incidents, extracted as it is asked for: the store takes them a
    chunk at a time between its short write transactions (``Staging.run``), so extraction
    fills the pauses that leave the lock to other analysts instead of sleeping through
    them, and a batch's incidents are never all held twice. ``workers`` > 1: a big batch
    is extracted by that many worker processes meanwhile (services/extract_workers.py)."""
    now = utc_now()
    parallel = workers > 1 and len(reports) >= PARALLEL_AT and can_fork()
    results = extract_in_workers(reports, workers) if parallel else map(extract_one, reports)
    for report, (incidents, overflow) in zip(reports, results, strict=True):
        if incidents is None:
            raise InputError(report.origin or report.report_id, None, f"a date is out of range ({overflow})")
        note = inferred_note(report)
        if note:
            # Every date drawn from an inferred publication day says so where it is reviewed.
            for incident in incidents:
                incident.notes.append(Note(SYSTEM_AUTHOR, now, note))
        if progress:
            progress(1)
        yield report, incidents


class _Timed(Iterator[T]):
    """An iterator that sums the seconds spent getting its items (for ``phases``)."""

    def __init__(self, items: Iterator[T]) -> None:
        self.items = items
        self.seconds = 0.0

    def __next__(self) -> T:
        began = time.perf_counter()
        try:
            return next(self.items)
        finally:
            self.seconds += time.perf_counter() - began


def ingest_paths(
    store: Store,
    paths: Sequence[Path],
    analyst: str,
    published: dt.date | None = None,
    outlet: str | None = None,
    progress: Callable[[int], None] | None = None,
    phases: dict[str, float] | None = None,
    notices: list[str] | None = None,
    workers: int = 1,
) -> IngestResult:
    """All or nothing: nothing is stored unless every file parses.

    ``phases``, when given, receives the seconds spent reading, extracting (waiting for the
    workers' extraction, with workers), storing and matching; ``notices`` one line per new report whose
    publication date was inferred ("R-...: publication date 2023-05-23 inferred from the URL");
    ``workers``: processes that extract a big batch (``extract_reports``), the same incidents."""
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        if phases is not None:
            phases[name] = time.perf_counter() - clock
        clock = time.perf_counter()

    with collector_paused():
        return _ingest(store, paths, analyst, published, outlet, progress, lap, notices, workers, phases)


def _ingest(
    store: Store,
    paths: Sequence[Path],
    analyst: str,
    published: dt.date | None,
    outlet: str | None,
    progress: Callable[[int], None] | None,
    lap: Callable[[str], None],
    notices: list[str] | None = None,
    workers: int = 1,
    phases: dict[str, float] | None = None,
) -> IngestResult:
    reports = read_reports(paths, published, outlet)
    known = store.known_hashes([r.content_hash for r in reports])
    fresh = [r for r in reports if r.content_hash not in known]
    if notices is not None:
        notices.extend(note for r in fresh if (note := inferred_note(r)))
    lap("read")
    # An extraction error (a date out of range) discards what was staged: still all or nothing.
    extracted = _Timed(extract_reports(fresh, progress, workers))
    stored = store.ingest(extracted, analyst, to_match=True)
    lap("store")
    if phases is not None:  # of the staged write, what this process spent waiting for extraction
        storing = phases.pop("store")
        phases["extract"], phases["store"] = extracted.seconds, storing - extracted.seconds
    # First what a killed ingest stored and never matched (even when every report here is
    # already known), then this batch.
    pairs = resume_matching(store)
    pairs += len(match_new(store, stored.incident_ids, store.last_batch))
    lap("match")
    # Known before extraction (skipped unread), then those the store found known meanwhile.
    skipped = [r.report_id for r in reports if r.content_hash in known] + stored.known_reports
    return IngestResult(stored.new_reports, skipped, stored.incident_ids, pairs)
