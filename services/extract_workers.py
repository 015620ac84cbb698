"""A big ingest's extraction in worker processes, its results in the reports' order.

Extraction is three quarters of an ingest's CPU and a pure function of each report
(``Extractor.extract``: what it remembers of one report's sentences is dropped before the
next), so reports can be extracted anywhere and in any order and give the same incidents.
The workers are forked once the rules are built (they inherit them, nothing is parsed or
compiled again) and extract while this process stores the chunks already extracted.
Only where ``fork`` exists (Linux, macOS); elsewhere, and for small batches, the caller
extracts in its own process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence

from incident_review.core.model import Incident
from incident_review.core.reports import ReportInput
from incident_review.services.extraction import extractor

# Below this many reports the workers' start (a fork each, ~10 ms) is not repaid.
PARALLEL_AT = 64
# Workers at most: one process stores what they extract, and past four its writes, not
# extraction, set the pace.
MAX_WORKERS = 4
# Reports handed to a worker at once: few enough that the store gets its first chunk soon.
_BATCH = 4


def default_workers() -> int:
    """The CPUs this process may run on, up to MAX_WORKERS (1: extract in-process)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cpus))


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


Extracted = tuple[list[Incident] | None, str | None]  # the incidents, or an OverflowError's message


def extract_one(report: ReportInput) -> Extracted:
    """One report's incidents (in a worker: an exception would have to cross back pickled)."""
    # An estimate (a date the text writes) is most often the event's own date, already
    # read from its sentence: as the publication day it would resolve "yesterday" against
    # the wrong day and date every incident that states none. Extraction goes without it.
    anchor = None if report.published_estimated else report.published
    try:
        return extractor().extract(report.text, anchor, report.report_id, report.outlet, report.url), None
    except OverflowError as exc:  # date arithmetic past year 1 or 9999: the input's dates
        return None, str(exc)


def extract_in_workers(reports: Sequence[ReportInput], workers: int) -> Iterator[Extracted]:
    """``extract_one`` of each report, in order, by ``workers`` forked processes."""
    extractor()  # built before the fork: the workers inherit the rules
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(extract_one, reports, chunksize=_BATCH)
