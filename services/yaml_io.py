"""Export to and import from the YAML contract."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from incident_review.core import contract
from incident_review.core.model import Incident
from incident_review.core.query import IncidentFilter
from incident_review.services.duplicates import match_new, resume_matching
from incident_review.services.files import Utf8Reader, atomic_text
from incident_review.storage.store import Store, utc_now


def export_yaml(
    store: Store,
    out: IO[str],
    f: IncidentFilter,
    exported_by: str,
    timestamp: bool = True,
    progress: Callable[[int], None] | None = None,
) -> int:
    head = contract.header(exported_by, f.describe(), utc_now() if timestamp else None)
    return contract.write_document(out.write, head, store.iter_incidents(f), progress)


def export_yaml_file(
    store: Store,
    path: Path,
    f: IncidentFilter,
    exported_by: str,
    timestamp: bool = True,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Never half a file: see ``atomic_text``."""
    with atomic_text(path) as out:
        return export_yaml(store, out, f, exported_by, timestamp, progress)


def export_selected_yaml_file(
    store: Store, path: Path, ids: Sequence[str], exported_by: str, timestamp: bool = True
) -> int:
    """The selected incidents (those still live), in id order, as ``export_yaml_file``
    writes a filter's; the header's filter says it was a selection and of how many."""

    def incidents() -> Iterator[Incident]:
        ordered = sorted(set(ids))
        for start in range(0, len(ordered), 500):
            yield from (i for i in store.get_many(ordered[start : start + 500]) if not i.merged_into)

    head = contract.header(exported_by, {"selected": len(set(ids))}, utc_now() if timestamp else None)
    with atomic_text(path) as out:
        return contract.write_document(out.write, head, incidents())


def import_yaml_file(store: Store, path: Path, analyst: str) -> list[str]:
    """Store the file's incidents, all or none (Store.import_incidents), validating each
    as it is read: the file is streamed, never held whole (100k incidents took 4.6 GB)."""
    with Utf8Reader(path) as stream:
        incidents = contract.read_incidents(stream, str(path), stream.blank)
        ids = store.import_incidents(incidents, analyst, str(path), to_match=True)
    resume_matching(store)
    match_new(store, ids, store.last_batch)
    return ids
