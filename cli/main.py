"""``incident-review``: ingest, import, export, stats, demo and the review TUI.

Heavy modules (textual, the extractor's rules) are imported inside the commands that
need them, so ``--help`` and quick commands start fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from incident_review.cli import datasette, duplicates
from incident_review.cli.common import Context, check_config, fail, login_name, safe_line, user_errors
from incident_review.config import paths
from incident_review.core.errors import InputError, StoreBusyError, StoreError, StoreFullError
from incident_review.core.model import STATUSES

__all__ = ["Context", "cli", "login_name", "main"]


@contextmanager
def _writing(target: Path | None) -> Iterator[None]:
    """A file that cannot be written (read-only folder, full disk) is one line naming it."""
    try:
        yield
    except OSError as exc:
        fail(f"{target or 'stdout'}: cannot write ({exc.strerror or exc}); nothing was written")


def parse_date_option(_: Any, __: Any, value: str | None) -> dt.date | None:
    if value is None:
        return None
    from incident_review.core.contract import date_problem

    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None
    problem = date_problem(parsed)
    if problem:
        raise click.BadParameter(problem)
    return parsed


class _Group(click.Group):
    """Store errors that escape a command (a permission changed under it, a write lock held
    past the busy timeout) end it with one line naming the store, never a traceback; so does
    bad input read outside a command's ``user_errors`` (a bad config override, read when the
    matcher or the extractor is first built)."""

    def invoke(self, ctx: click.Context) -> Any:
        from incident_review.storage.errors import translated

        try:
            # The store raises StoreError; ``translated`` also catches a sqlite3 error from
            # anywhere else (a raw connection), so none ends in a traceback.
            with translated():
                return super().invoke(ctx)
        except InputError as exc:
            fail(str(exc))
        except StoreError as exc:
            obj = ctx.obj if isinstance(ctx.obj, Context) else None
            where = obj.db_path if obj else Path("store")
            if isinstance(exc, StoreFullError):  # the disk (or the store's quota) is full
                fail(
                    f"{where}: disk full ({exc}); nothing was saved (rows staged meanwhile stay invisible "
                    "and go once there is space); free some space and run it again"
                )
            if isinstance(exc, StoreBusyError):
                fail(
                    f"{where}: store busy (another analyst's write held it for more than 10 s); "
                    "nothing was saved, try again"
                )
            from incident_review.storage.db import access_problem

            fail((access_problem(where) if obj else None) or f"{where}: {exc}")


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False, readable=False),
    envvar="INCIDENT_REVIEW_DB",
    help="Store file (default: $INCIDENT_REVIEW_DB, else the user data dir).",
)
@click.option(
    "--analyst",
    envvar="INCIDENT_REVIEW_ANALYST",
    help="Name recorded on every change (default: the login name). A label, not authentication: "
    "$INCIDENT_REVIEW_ENFORCE_LOGIN=1 makes it the login name.",
)
@click.version_option(package_name="incident-review")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, analyst: str | None) -> None:
    """Turn conflict news reports into a reviewed incident dataset."""
    explicit = ctx.get_parameter_source("db") == click.core.ParameterSource.COMMANDLINE
    ctx.obj = Context(db, analyst, explicit)
    if ctx.invoked_subcommand is None:
        ctx.invoke(review)


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--published",
    callback=parse_date_option,
    help="Publication date for files that lack one (over a date inferred from their URL or text).",
)
@click.option("--outlet", help="Outlet for files that lack one.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes extracting a batch of 64 reports or more (default: the CPUs, up to 4; 1: none besides this one).",
)
@click.pass_obj
def ingest(
    obj: Context, sources: tuple[Path, ...], published: dt.date | None, outlet: str | None, jobs: int | None
) -> None:
    """Ingest report files or folders (.txt, .md, .jsonl) and extract their incidents."""
    from incident_review.config import regex_cache

    preloaded = regex_cache.preload()  # before the rules' modules compile their patterns
    from incident_review.services.extract_workers import default_workers
    from incident_review.services.ingest import ingest_paths

    check_config()
    store = obj.store()
    notices: list[str] = []
    with user_errors(), _progress("extracting") as tick:
        workers = jobs or default_workers()
        result = ingest_paths(
            store, list(sources), obj.analyst, published, outlet, tick, notices=notices, workers=workers
        )
    click.echo(
        f"{len(result.new_reports)} new report(s), {len(result.incident_ids)} incident(s) extracted"
        + (f"; {len(result.known_reports)} already in the store, skipped" if result.known_reports else "")
        + (f"; {result.duplicate_pairs} possible duplicate pair(s)" if result.duplicate_pairs else "")
        + f" (store: {safe_line(str(obj.db_path))})"
    )
    for line in notices:  # publication dates inferred from a URL, byline, dateline or the text
        click.echo(f"  {safe_line(line)}")
    for report_id in result.known_reports:
        click.echo(f"  already ingested: {safe_line(report_id)}")
    regex_cache.save(preloaded)


@cli.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "acled-csv", "ucdp-csv", "ucdp-json", "bellingcat-json", "cir-csv", "csv"]),
    default=None,
    help="Default: detected (.yaml/.yml: ours; .json: UCDP GED API pages or Bellingcat's TimeMap; "
    ".csv: ACLED, UCDP GED, CIR Eyes on Russia or a configured mapping, by the header). "
    "csv: any CSV through --mapping.",
)
@click.option("--mapping", help="Column mapping for another CSV layout: a YAML file, or a mapping's name in config.")
@click.option(
    "--on-error",
    type=click.Choice(["fail", "skip"]),
    default="fail",
    show_default=True,
    help="Datasets: fail refuses the file at its first bad row (nothing stored); "
    "skip imports the good rows and lists the bad ones.",
)
@click.option(
    "--errors-to",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write every skipped row, warning, conflict, row deleted upstream and known id to this CSV file.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Datasets: a progress line on stderr (rows, rows/s, time left). Default: only on a terminal.",
)
@click.pass_obj
def import_(
    obj: Context,
    file: Path,
    fmt: str | None,
    mapping: str | None,
    on_error: str,
    errors_to: Path | None,
    progress: bool | None,
) -> None:
    """Import incidents: incident-review YAML (all or nothing), or a dataset file (ACLED,
    UCDP GED, Bellingcat, CIR, any CSV with --mapping) keeping its ids."""
    from incident_review.services.dataset_import import is_yaml

    check_config()
    store = obj.store()
    with user_errors():
        if is_yaml(file, fmt, mapping):
            from incident_review.services.yaml_io import import_yaml_file

            if on_error == "skip":
                fail(f"{file}: --on-error skip is for dataset files; incident-review YAML imports whole or not at all")
            ids = import_yaml_file(store, file, obj.analyst)
            click.echo(safe_line(f"imported {len(ids)} incident(s) from {file} into {obj.db_path}"))
            return
        import incident_review.cli.progress as progress_line
        from incident_review.config import regex_cache

        preloaded = regex_cache.preload()  # (the gazetteer's rules read the rows' places)
        from incident_review.services.dataset_import import import_dataset, write_problems

        line = progress_line.ProgressLine() if progress_line.wanted(progress) else None
        try:
            result = import_dataset(
                store, file, obj.analyst, fmt, "skip" if on_error == "skip" else "fail", mapping, line
            )
        finally:
            if line is not None:
                line.close()
        regex_cache.save(preloaded)
    if errors_to is not None:
        with user_errors(), _writing(errors_to):
            write_problems(errors_to, result)
    _report_import(file, obj.db_path, result, errors_to)
    if not result.ids and not result.known and result.skipped:
        fail(f"{file}: no row could be imported ({len(result.skipped)} bad row(s), listed above)")


SHOWN = 20  # lines of each kind printed; --errors-to has them all


def _report_import(file: Path, db: Path, result: Any, errors_to: Path | None) -> None:
    """What an import did: counts, then the file's notices, the skipped rows, the warnings
    and the ids left as stored, each as ``file: line N: why``."""
    click.echo(safe_line(f"imported {len(result.ids)} incident(s) from {file} ({result.label}) into {db}"))
    sections = [
        ("notice(s)", result.notices),
        ("row(s) skipped", [str(e) for e in result.skipped]),
        ("warning(s)", [str(w) for w in result.warnings]),
    ]
    for title, lines in sections:
        if not lines:
            continue
        click.echo(safe_line(f"{len(lines)} {title}:"))
        for line in lines[:SHOWN]:
            click.echo(f"  {safe_line(line)}")
        if len(lines) > SHOWN:
            more = f"{errors_to} has" if errors_to else "--errors-to FILE lists"
            click.echo(f"  … and {len(lines) - SHOWN} more ({more} them all)")
    if result.living:
        _report_living(result, errors_to)
    elif result.known:
        # An updated export of a dataset holds mostly rows already imported.
        listed = f"; {errors_to} lists them" if errors_to else ""
        click.echo(
            f"{len(result.known)} row(s) already in the store, kept as stored "
            f"(re-import does not update {result.label}'s rows{listed})"
        )


def _report_living(result: Any, errors_to: Path | None) -> None:
    """A living dataset's re-import: the counts, then each conflict and row deleted upstream."""
    click.echo(
        f"{len(result.ids)} added, {len(result.revised)} revised, {len(result.unchanged)} unchanged, "
        f"{len(result.deleted)} deleted upstream, {len(result.conflicts)} conflict(s) kept for review"
    )
    if result.deletions_checked:
        click.echo(safe_line(f"deletions upstream {result.deletions_checked}"))
    sections = [
        (
            "conflict(s) kept for review (your value stays; a note on the incident says so)",
            [f"{i}: {f}: {what}" for i, f, what in result.conflicts],
        ),
        ("row(s) deleted upstream (kept; a note on each says so)", list(result.deleted)),
    ]
    for title, lines in sections:
        if not lines:
            continue
        click.echo(f"{len(lines)} {title}:")
        for line in lines[:SHOWN]:
            click.echo(f"  {safe_line(line)}")
        if len(lines) > SHOWN:
            more = f"{errors_to} has" if errors_to else "--errors-to FILE lists"
            click.echo(f"  … and {len(lines) - SHOWN} more ({more} them all)")
    if result.batch:
        click.echo(f"revisions saved as batch {result.batch} (audit action 'import revision')")


@cli.command()
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File to write (default: stdout)."
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only incidents with this status (repeatable).",
)
@click.option("--no-timestamp", is_flag=True, help="Leave exported_at empty, for byte-identical exports.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "acled-csv", "ucdp-csv"]), default="yaml")
@click.option(
    "--raw-cells",
    is_flag=True,
    help="acled-csv, ucdp-csv: write cells exactly as stored (no quote before a leading = + - @, tab or CR; "
    "no escaping of control characters on stdout).",
)
@click.pass_obj
def export(
    obj: Context, output: Path | None, statuses: tuple[str, ...], no_timestamp: bool, fmt: str, raw_cells: bool
) -> None:
    """Export incidents to YAML (schema incident-review/2), ACLED's or UCDP GED's CSV columns."""
    from incident_review.core.query import IncidentFilter
    from incident_review.services.yaml_io import export_yaml, export_yaml_file

    store = obj.store(create=False)
    obj.announce(store)
    f = IncidentFilter(statuses=statuses)
    if fmt in ("acled-csv", "ucdp-csv"):
        from incident_review.services.csv_io import FORMATS, export_csv_file

        with user_errors(), _writing(output):
            count = (
                export_csv_file(store, output, f, fmt, raw_cells)
                if output
                else FORMATS[fmt](store, sys.stdout, f, raw_cells, for_terminal=True)
            )
        if output:
            click.echo(f"exported {count} incident(s) to {output}", err=True)
        return
    if output is None:
        export_yaml(store, sys.stdout, f, obj.analyst, not no_timestamp)
        return
    with user_errors(), _writing(output):
        count = export_yaml_file(store, output, f, obj.analyst, not no_timestamp)
    click.echo(f"exported {count} incident(s) to {output}", err=True)


@cli.command()
@click.pass_obj
def stats(obj: Context) -> None:
    """Counts of reports, incidents by status, and audit entries."""
    s = obj.store(create=False).stats()
    click.echo(f"store:     {safe_line(str(obj.db_path))}")
    click.echo(f"reports:   {s['reports']}")
    click.echo(f"incidents: {s['incidents']} ({s['merged']} merged away)")
    for status, n in s["by_status"].items():
        click.echo(f"  {status:16} {n}")
    click.echo(f"audit:     {s['audit_entries']} entries")


@cli.command()
@click.argument("target", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_obj
def backup(obj: Context, target: Path) -> None:
    """Copy the store to TARGET with SQLite's online backup (safe while others write)."""
    store = obj.store(create=False)
    try:
        store.backup(target)
    except (OSError, RuntimeError, StoreError) as exc:
        fail(f"{target}: {getattr(exc, 'strerror', None) or exc}; no backup was written")
    click.echo(safe_line(f"backed up {obj.db_path} to {target}"))


@cli.command(name="paths")
@click.pass_obj
def show_paths(obj: Context) -> None:
    """Where the store, the demo store and config overrides live."""
    from incident_review.config import datasette as datasette_config
    from incident_review.config import user_config_dir

    click.echo(f"store:  {safe_line(str(obj.db_path))}" + ("" if obj.db_path.exists() else "  (not created yet)"))
    click.echo(f"demo:   {safe_line(str(paths.demo_db_path()))}")
    click.echo(f"config: {safe_line(str(user_config_dir()))}")
    click.echo(f"datasette metadata: {safe_line(str(datasette_config.metadata_path()))}")


@cli.command()
@click.option("--no-tui", is_flag=True, help="Build the demo store and print its path; do not open the TUI.")
@click.option("--force", is_flag=True, help="Replace the target store even if it holds reviewed work.")
@click.pass_context
def demo(ctx: click.Context, no_tui: bool, force: bool) -> None:
    """Build a fresh demo store from the bundled seed reports and open it.

    It uses its own store (see ``paths``), never $INCIDENT_REVIEW_DB: only a --db typed on
    the command line points it elsewhere, and a store holding reviewed work is replaced
    only with --force."""
    from incident_review.services.demo import build_demo

    check_config()
    obj: Context = ctx.obj
    db_path = obj.db_path if obj.db_explicit else paths.demo_db_path()
    with user_errors():
        result = build_demo(db_path, obj.analyst, force)
    click.echo(
        safe_line(f"demo store {db_path}: {len(result.new_reports)} report(s), {len(result.incident_ids)} incident(s)"),
        err=True,
    )
    if not no_tui:
        obj.db_path = db_path
        ctx.invoke(review)


@cli.command()
@click.pass_obj
def review(obj: Context) -> None:
    """Open the review TUI (what a bare ``incident-review`` does)."""
    from incident_review.services.browse import Browse
    from incident_review.tui.app import run

    check_config()  # a bad override: one line now, not a crash in a worker mid-session
    store = obj.store()
    click.echo(f"store: {obj.named(store)}", err=True)
    run(Browse(store), obj.analyst)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal; nothing when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=0, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar.update


def main() -> None:
    # The matcher uses numpy's arrays, never its BLAS: OpenBLAS starting a thread per core
    # at import costs every matching command ~30 ms of CPU (a user's own setting wins).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from incident_review.cli.quick_exit import leave

    try:
        cli(prog_name="incident-review")  # (standalone: it always ends in SystemExit)
    except SystemExit as exc:
        leave(exc.code)


# Commands kept in their own modules.
for command in (*duplicates.COMMANDS, *datasette.COMMANDS):
    cli.add_command(command)
