"""``duplicates``, ``merge``, ``unmerge``, ``not-duplicate``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from incident_review.cli.common import Context, check_config, fail, safe_line, user_errors
from incident_review.core.errors import StoreError

if TYPE_CHECKING:
    from incident_review.services.duplicates import Rebuilt
    from incident_review.storage.store import Store


@click.command()
@click.option("--rebuild", is_flag=True, help="Re-score the whole store (otherwise list the stored pairs).")
@click.option(
    "--within-dataset",
    is_flag=True,
    help="Re-score, pairing rows of one imported dataset (ACLED, UCDP) too: kept apart by default.",
)
@click.option("--min-score", type=float, default=None, help="Only pairs scoring at least this (default: threshold).")
@click.option("--format", "fmt", type=click.Choice(["table", "yaml"]), default="table")
@click.option(
    "--sample",
    type=int,
    default=None,
    metavar="N",
    help="Draw N flagged pairs and N unflagged near misses to label (YAML to fill in).",
)
@click.option(
    "--labels",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A filled-in --sample file: print precision and recall from its labels.",
)
@click.pass_obj
def duplicates(
    obj: Context,
    rebuild: bool,
    within_dataset: bool,
    min_score: float | None,
    fmt: str,
    sample: int | None,
    labels: Path | None,
) -> None:
    """Candidate duplicate pairs across reports, with the components of each score."""
    from incident_review.services import duplicates as dup

    if labels is not None:
        _report_labels(labels)
        return
    check_config()
    store = obj.store(create=rebuild)
    obj.announce(store)
    if sample is not None:
        drawn = dup.sample(store, sample)
        to_label = {
            "instructions": "set same: true or false for each pair, then run duplicates --labels FILE",
            "pairs": [
                {"a": p.a, "b": p.b, "score": round(p.score, 4), "flagged": p.flagged, "same": None} for p in drawn
            ],
        }
        import yaml  # (here: every command, the review TUI's start included, imports this module)

        click.echo(yaml.safe_dump(to_label, sort_keys=False), nl=False)
        return
    read_only = store.read_only  # lists what it has: nothing can be scored into it
    floor = dup.matcher().threshold if min_score is None else min_score
    if rebuild or within_dataset or (not read_only and not store.duplicates.open_pairs(limit=1)):
        click.echo(_rebuilt_listing(store, floor, fmt, within_dataset or None), nl=False)
        return
    if not read_only:
        # Batches a killed ingest stored but never matched.
        with contextlib.suppress(StoreError):
            dup.resume_matching(store)
    pairs = store.duplicates.open_pairs(floor)
    groups, split = dup.clusters(store, pairs)
    click.echo(_listing(pairs, groups, split, fmt), nl=False)


def _rebuilt_listing(store: Store, floor: float, fmt: str, within_dataset: bool | None) -> str:
    """Rebuild, and the listing of what it stored: clustered and written out by a forked
    child while this process stores the pairs and flags (1M store: ~26 s of SQLite), from
    what the rebuild found and read (reading both again cost ~4 s at 100k). Printed only
    once the write is committed: a failed write prints its error, not pairs."""
    from incident_review.services import duplicates as dup
    from incident_review.services.forked import Forked

    forked: list[Forked[str]] = []

    def render(rebuilt: Rebuilt) -> str:
        pairs = rebuilt.open_pairs(floor)
        groups, split = dup.clusters(store, pairs, rebuilt.inputs)  # (from the inputs: no SQLite)
        return _listing(pairs, groups, split, fmt)

    try:
        rebuilt = dup.rebuild(
            store, within_dataset=within_dataset, meanwhile=lambda r: forked.append(Forked(lambda: render(r)))
        )
    except BaseException:
        for f in forked:
            f.close()
        raise
    return forked[0].result() if forked else render(rebuilt)


def _listing(pairs: Sequence[Any], groups: Sequence[list[str]], split: Sequence[Any], fmt: str) -> str:
    """The pairs and their clusters as the command prints them (``fmt``: table or yaml)."""
    if fmt == "yaml":
        from incident_review.services.pairs_yaml import document

        return "".join(document(pairs, groups, split))
    if not pairs:
        return "no candidate pairs\n"
    from incident_review.core.matching.matcher import EXPLAINED
    from incident_review.core.settings import COMPONENTS

    # The weighted components (date_unknown is a penalty), then km, shown where both sides have coordinates.
    columns = (*COMPONENTS, *EXPLAINED)
    head = f"{'a':12} {'b':12} {'score':>5}  " + " ".join(f"{_short(c):>6}" for c in columns)
    lines = [head, *_rows(pairs, columns)]
    # (One write: an echo per pair cost ~2 s over 45k pairs.)
    lines.append(
        f"{len(pairs)} pair(s) in {len(groups)} cluster(s)"
        + (f"; {len(split)} pair(s) kept apart (their clusters disagree on date or place)" if split else "")
    )
    return "\n".join(lines) + "\n"


def _rows(pairs: Sequence[Any], columns: Sequence[str]) -> Iterator[str]:
    """A line per pair: its ids, score and each column's component (blank where absent)."""
    cell, score = _formatter("6.2f"), _formatter("5.2f")
    for p in pairs:
        get = p.components.get
        comps = " ".join([cell(get(c, _ABSENT)) for c in columns])
        yield f"{p.a:12} {p.b:12} {score(p.score)}  {comps}"


def _formatter(spec: str) -> Callable[[Any], str]:
    """``format(value, spec)``, each distinct float formatted once: the components are
    rounded to 3 places, so 45k pairs repeat a few thousand values, and a format per cell
    (450k of them) was most of the listing's 0.34 s. Zero is formatted each time (0.0 and
    -0.0 are one key, two texts), as is anything but a float; absent, a blank."""
    done: dict[float, str] = {}
    blank = " " * int(spec.split(".")[0])

    def text(value: Any) -> str:
        if value is _ABSENT:
            return blank
        if type(value) is float and value:
            known = done.get(value)
            if known is None:
                known = done[value] = format(value, spec)
            return known
        return format(value, spec)

    return text


_ABSENT = object()


def _short(component: str) -> str:
    return "undatd" if component == "date_unknown" else component[:6]


def _report_labels(path: Path) -> None:
    import yaml

    from incident_review.services.duplicates import precision_recall

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    labelled = [(bool(p["flagged"]), bool(p["same"])) for p in data.get("pairs", []) if p.get("same") is not None]
    if not labelled:
        fail(f"{path}: no labelled pairs (set same: true or false)")
    precision, recall, n = precision_recall(labelled)
    click.echo(
        f"labelled {n} pair(s): precision={precision:.2f} recall={recall:.2f} (recall among the drawn near misses)"
    )


@click.command()
@click.argument("survivor")
@click.argument("others", nargs=-1, required=True)
@click.pass_obj
def merge(obj: Context, survivor: str, others: tuple[str, ...]) -> None:
    """Merge OTHERS into SURVIVOR: all sources and claims kept, undoable with unmerge."""
    from incident_review.services.duplicates import merge_incidents

    store = obj.store()
    with user_errors():
        merge_incidents(store, survivor, list(others), obj.analyst)
    click.echo(safe_line(f"merged {', '.join(others)} into {survivor} (store: {obj.db_path})"))


@click.command()
@click.argument("incident")
@click.pass_obj
def unmerge(obj: Context, incident: str) -> None:
    """Undo the merge that involved INCIDENT, restoring every incident exactly."""
    from incident_review.services.duplicates import unmerge as do_unmerge

    store = obj.store()
    with user_errors():
        do_unmerge(store, incident, obj.analyst)
    click.echo(safe_line(f"unmerged {incident} (store: {obj.db_path})"))


@click.command(name="not-duplicate")
@click.argument("a")
@click.argument("b")
@click.pass_obj
def not_duplicate(obj: Context, a: str, b: str) -> None:
    """Record that A and B are different incidents: the pair is never proposed again."""
    from incident_review.services.duplicates import not_duplicate as decide

    decide(obj.store(), a, b, obj.analyst)
    click.echo(safe_line(f"{a} and {b} marked as not duplicates (store: {obj.db_path})"))


# Registered on the ``incident-review`` group by cli.main.
COMMANDS = (duplicates, merge, unmerge, not_duplicate)
