"""Import a dataset file (ACLED, UCDP GED, Bellingcat, CIR, any CSV with a mapping).

Every record is read and checked before anything is stored. ``on_error="fail"`` (the
default) refuses the file at its first bad record, with one line naming the file and the
record, and stores nothing; ``"skip"`` stores the good records and reports each bad one.
Each imported incident carries a note naming the dataset, its release, the file and the
record (and the row's upstream version: ACLED's timestamp, else a hash of its cells).

A record whose id the store has from the same dataset: for a living dataset (ACLED, UCDP
GED) a newer export's revised row updates what the analyst left alone, the rest is listed
as a conflict, and rows the file lacks within the span it covers are listed (and noted) as
deleted upstream (``services.dataset_revisions``); other datasets' known rows are left as
stored and counted. The new rows and the revisions are stored all or nothing, the
revisions as one batch (``import revision``: undo reverts it).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from incident_review import config
from incident_review.core.dataset_formats.formats import JSON_SUFFIXES, Loaded, load
from incident_review.core.dataset_formats.mapping import ColumnMapping, parse_mapping
from incident_review.core.dataset_formats.rows import Context, RowWarning, provenance
from incident_review.core.errors import InputError
from incident_review.core.model import Incident, Note
from incident_review.core.safe_text import csv_cell
from incident_review.services import dataset_revisions as revisions
from incident_review.services.dataset_places import places
from incident_review.services.duplicates import match_new, resume_matching
from incident_review.services.files import atomic_text, read_utf8
from incident_review.services.ingest import SYSTEM_AUTHOR
from incident_review.storage.store import Store, utc_now

OnError = Literal["fail", "skip"]
# Told (phase, rows done, total rows or 0 when not known yet): "reading" the file's records
# into incidents, then "storing" them (the CLI draws it on a terminal: cli/progress.py).
Progress = Callable[[str, int, int], None]
READ_TICK: Final = 500  # records between two reports of the reading phase
YAML_SUFFIXES: Final = (".yaml", ".yml")
SKIP_HINT: Final = "nothing was imported; --on-error skip imports the other rows and lists this one"


@dataclass
class DatasetImport:
    label: str  # the dataset, as messages name it ("UCDP GED release 24.1")
    ids: list[str] = field(default_factory=list)  # imported
    skipped: list[InputError] = field(default_factory=list)  # bad records (skip mode)
    warnings: list[RowWarning] = field(default_factory=list)
    known: list[str] = field(default_factory=list)  # already in the store, left as stored
    notices: list[str] = field(default_factory=list)  # about the file as a whole
    where: dict[str, str] = field(default_factory=dict)  # id -> its record ("line 17")
    living: bool = False  # a dataset whose re-exports revise and delete rows
    revised: list[str] = field(default_factory=list)  # known rows updated from the file
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # stored, in the file's span, not in the file
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # (id, field, what): kept
    deletions_checked: str | None = None  # "checked over SPAN", or "not checked: why"
    batch: str | None = None  # the revisions' batch
    seen: set[str] = field(default_factory=set)  # every id in the file, bad rows' too


def is_yaml(path: Path, fmt: str | None, mapping: str | None) -> bool:
    """The project's own YAML: ``--format yaml``, else a .yaml/.yml file or (as before
    datasets had importers) any file that is neither CSV, TSV nor JSON, unless a column
    mapping is given."""
    if fmt is not None:
        return fmt == "yaml"
    suffix = path.suffix.lower()
    return mapping is None and (suffix in YAML_SUFFIXES or suffix not in (".csv", ".tsv", *JSON_SUFFIXES))


def import_dataset(
    store: Store,
    path: Path,
    analyst: str,
    fmt: str | None = None,
    on_error: OnError = "fail",
    mapping: str | None = None,
    progress: Progress | None = None,
) -> DatasetImport:
    text = read_utf8(path)
    if not text.strip():
        raise InputError(str(path), None, "empty file")
    chosen = load_mapping(mapping) if mapping else None
    loaded = load(str(path), text, fmt, chosen, known_mappings())
    label = loaded.format.label + (f" {loaded.version}" if loaded.version else "")
    dataset = loaded.format.dataset
    result = DatasetImport(label, notices=list(loaded.notices), living=dataset in revisions.LIVING)
    incidents = _build(path, loaded, on_error, result, progress)
    fresh, pairs = _unknown(store, path, loaded, incidents, on_error, result)
    result.skipped.sort(key=_position)
    if not fresh and not result.known:
        if result.skipped:
            return result  # every record bad: the caller reports them and fails
        raise InputError(str(path), None, "no rows")
    plan = revisions.Plan()
    if result.living:
        revisions.plan_known(store, loaded.format.label, pairs, plan)
        span = revisions.span_of(incidents)
        if loaded.partial:
            result.deletions_checked = "not checked: the file holds part of a longer result"
        elif span is not None:
            result.deletions_checked = f"checked over {span.describe()}"
            revisions.plan_deleted(store, dataset, loaded.format.label, path.name, result.seen, span, plan, utc_now())
    result.revised, result.unchanged, result.deleted = plan.revised, plan.unchanged, plan.deleted
    result.conflicts = plan.conflicts
    if fresh or plan.changes:
        stored = 0

        def written(rows: int) -> None:
            nonlocal stored
            stored += rows
            if progress is not None:
                progress("storing", stored, len(fresh))

        result.ids, result.batch = store.import_and_revise(
            fresh, plan.changes, analyst, str(path), revisions.REVISION_ACTION, to_match=True, progress=written
        )
    if progress is not None and result.ids:
        progress("matching", 0, 0)  # (after the last chunk: the flip, then the pairs)
    resume_matching(store)
    match_new(store, result.ids, store.last_batch if fresh else None)
    return result


def _position(error: InputError) -> int:
    """The record's number in "line 17, column 'x'" or "record 12 (id X)"."""
    found = re.search(r"\d+", error.where or "")
    return int(found.group()) if found else 0


def _unknown(
    store: Store, path: Path, loaded: Loaded, incidents: list[Incident], on_error: OnError, result: DatasetImport
) -> tuple[list[Incident], list[tuple[Incident, Incident]]]:
    """The incidents whose ids the store lacks, and (stored, built) for the known ids of
    this dataset: the same row again, maybe revised. A known id of another dataset is a
    clash (Bellingcat and CIR share some ids) and counts as a bad record."""
    stored = {inc.id: inc for inc in store.get_many([inc.id for inc in incidents])}
    fresh, known = [], []
    for inc in incidents:
        old = stored.get(inc.id)
        if old is None:
            fresh.append(inc)
            continue
        origin = old.sources[0].report if old.sources else None
        if origin and origin.partition(":")[0] == loaded.format.dataset:
            result.known.append(inc.id)
            known.append((old, inc))
            continue
        problem = f"id {inc.id} is already in the store as another incident ({origin or 'no source'}): not imported"
        _reject(InputError(str(path), result.where.get(inc.id), problem), on_error, result)
    return fresh, known


def _reject(error: InputError, on_error: OnError, result: DatasetImport) -> None:
    """A bad record refuses the file (fail) or is listed and left out (skip)."""
    if on_error == "fail":
        raise InputError(error.path, error.where, f"{error.problem} ({SKIP_HINT})")
    result.skipped.append(error)


def _build(
    path: Path, loaded: Loaded, on_error: OnError, result: DatasetImport, progress: Progress | None = None
) -> list[Incident]:
    """Every record built (and noted), checked for ids reused in the file; bad ones are
    raised (fail) or collected in ``result.skipped`` (skip)."""
    ctx = Context(str(path), places(), loaded.version)
    fmt, now = loaded.format, utc_now()
    first_at = result.where
    incidents: list[Incident] = []

    def bad(error: InputError) -> None:
        _reject(error, on_error, result)

    id_column = revisions.ID_COLUMNS.get(fmt.dataset)
    read = 0
    for read, record in enumerate(loaded.records, 1):
        if progress is not None and read % READ_TICK == 0:
            progress("reading", read, 0)
        raw_id = record.values.get(id_column) if id_column else None
        if raw_id is not None and str(raw_id).strip():
            result.seen.add(str(raw_id).strip())  # a bad row's id is not deleted upstream
        if record.problem:
            bad(InputError(str(path), record.where, record.problem))
            continue
        warned = len(ctx.warnings)
        try:
            built = fmt.build(record, ctx)
        except InputError as exc:
            del ctx.warnings[warned:]  # a skipped record's warnings would only confuse
            bad(exc)
            continue
        inc = built.incident
        if inc.id in first_at:
            del ctx.warnings[warned:]
            bad(
                InputError(
                    str(path), record.where, f"id {inc.id} appears twice in the file (first at {first_at[inc.id]})"
                )
            )
            continue
        first_at[inc.id] = record.where.split(" (id ")[0]
        # What tells a revised row: ACLED's timestamp, else (UCDP) a hash of its cells.
        row_version = built.version or (revisions.content_tag(record.values) if result.living else None)
        version = ", ".join(v for v in (loaded.version, row_version) if v) or None
        note = provenance(fmt.label, path.name, record.where, version, built.remarks)
        inc.notes.append(Note(SYSTEM_AUTHOR, now, note))
        incidents.append(inc)
    if progress is not None:
        progress("reading", read, 0)
    result.warnings = ctx.warnings
    return incidents


def write_problems(target: Path, result: DatasetImport) -> int:
    """Every skipped record, warning, conflict, row deleted upstream and (other datasets)
    known id as CSV (kind, file, where, problem); cells that a spreadsheet would run as
    formulas are quoted (OWASP)."""
    rows: list[tuple[str, str, str, str]] = [("skipped", e.path, e.where or "", e.problem) for e in result.skipped]
    rows += [("warning", w.path, w.where, w.problem) for w in result.warnings]
    rows += [("conflict", "", f"id {i}, {f}", what) for i, f, what in result.conflicts]
    deleted = f"not in the file (deletions {result.deletions_checked}): deleted upstream? kept"
    rows += [("deleted upstream", "", f"id {i}", deleted) for i in result.deleted]
    if not result.living:
        rows += [("already in the store", "", i, "kept as stored") for i in result.known]
    with atomic_text(target, newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(("kind", "file", "where", "problem"))
        writer.writerows([tuple(csv_cell(c) for c in row) for row in rows])
    return len(rows)


# ------------------------------------------------------------ column mappings


def known_mappings() -> list[ColumnMapping]:
    """The mappings under ``mappings:`` in config/datasets.yaml (shipped, or the user's)."""
    override = config.user_config_dir() / "datasets.yaml"
    origin = str(override) if override.is_file() else "datasets.yaml"
    return [
        parse_mapping({"name": name, **spec}, f"{origin}: mappings.{name}")
        for name, spec in config.datasets().mappings.items()
    ]


def load_mapping(ref: str) -> ColumnMapping:
    """``--mapping``: a YAML file, or the name of a mapping in config."""
    path = Path(ref)
    if path.suffix.lower() in YAML_SUFFIXES or path.exists():
        text = read_utf8(path)
        return parse_mapping(_safe_yaml(text, str(path)), str(path))
    for mapping in known_mappings():
        if mapping.name == ref:
            return mapping
    names = ", ".join(m.name for m in known_mappings()) or "none"
    raise InputError(ref, None, f"no such mapping file, nor a mapping of that name in config (known: {names})")


def _safe_yaml(text: str, origin: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(origin, f"line {mark.line + 1}" if mark else None, "not valid YAML") from None
