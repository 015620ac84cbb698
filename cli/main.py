"""``incident-review``: ingest, import, export, stats, demo and the review TUI.

Heavy modules (textual, the extractor's rules) are imported inside the commands that
need them, so ``--help`` and quick commands start fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from incident_review.config import paths
from incident_review.core.errors import ConflictError, InputError

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    def __init__(self, db: Path | None, analyst: str | None) -> None:
        self.db_path = db or paths.default_db_path()
        self.analyst = analyst or paths.current_analyst()

    def store(self) -> Any:
        from incident_review.storage.schema import SchemaTooNew
        from incident_review.storage.store import Store

        def upgrading(old: int, new: int) -> None:
            click.echo(f"upgrading {self.db_path} from schema {old} to {new} (once; a store of a million "
                       "incidents takes about a minute)…", err=True)

        try:
            return Store(self.db_path, on_upgrade=upgrading)
        except SchemaTooNew as exc:
            fail(str(exc))
        except Exception as exc:  # sqlite3.DatabaseError: not a database, unreadable...
            fail(f"{self.db_path}: cannot open store ({exc})")


def fail(message: str, code: int = 2) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Bad input and conflicts end the command with one line and exit code 2."""
    try:
        yield
    except (InputError, ConflictError) as exc:
        fail(str(exc))


def parse_date_option(_: Any, __: Any, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False), envvar="INCIDENT_REVIEW_DB",
              help="Store file (default: $INCIDENT_REVIEW_DB, else the user data dir).")
@click.option("--analyst", envvar="INCIDENT_REVIEW_ANALYST", help="Name recorded on every change (default: $USER).")
@click.version_option(package_name="incident-review")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, analyst: str | None) -> None:
    """Turn conflict news reports into a reviewed incident dataset."""
    ctx.obj = Context(db, analyst)
    if ctx.invoked_subcommand is None:
        ctx.invoke(review)


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published", callback=parse_date_option,
              help="Publication date for files that lack one (over a date inferred from their URL or text).")
@click.option("--outlet", help="Outlet for files that lack one.")
@click.pass_obj
def ingest(obj: Context, sources: tuple[Path, ...], published: dt.date | None, outlet: str | None) -> None:
    """Ingest report files or folders (.txt, .md, .jsonl) and extract their incidents."""
    from incident_review.services.ingest import ingest_paths

    store = obj.store()
    notices: list[str] = []
    with user_errors(), _progress("extracting") as tick:
        result = ingest_paths(store, list(sources), obj.analyst, published, outlet, tick, notices=notices)
    click.echo(f"{len(result.new_reports)} new report(s), {len(result.incident_ids)} incident(s) extracted"
               + (f"; {len(result.known_reports)} already in the store, skipped" if result.known_reports else "")
               + (f"; {result.duplicate_pairs} possible duplicate pair(s)" if result.duplicate_pairs else ""))
    for line in notices:  # publication dates inferred from a URL, byline, dateline or the text
        click.echo(f"  {line}")
    for report_id in result.known_reports:
        click.echo(f"  already ingested: {report_id}")


@cli.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["yaml", "acled-csv", "ucdp-csv"]), default=None,
              help="Default: from the extension (.yaml/.yml, .csv: ACLED or UCDP GED by its columns).")
@click.pass_obj
def import_(obj: Context, file: Path, fmt: str | None) -> None:
    """Import incidents (all or nothing): incident-review YAML, ACLED or UCDP GED CSV."""
    store = obj.store()
    with user_errors():
        if fmt in ("acled-csv", "ucdp-csv") or (fmt is None and file.suffix.lower() == ".csv"):
            from incident_review.services.csv_io import import_csv

            ids = import_csv(store, file, obj.analyst, fmt)
        else:
            from incident_review.services.yaml_io import import_yaml_file

            ids = import_yaml_file(store, file, obj.analyst)
    click.echo(f"imported {len(ids)} incident(s) from {file}")


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (default: stdout).")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(["unreviewed", "confirmed", "rejected", "needs_follow_up"]),
              help="Only incidents with this status (repeatable).")
@click.option("--no-timestamp", is_flag=True, help="Leave exported_at empty, for byte-identical exports.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "acled-csv"]), default="yaml")
@click.pass_obj
def export(obj: Context, output: Path | None, statuses: tuple[str, ...], no_timestamp: bool, fmt: str) -> None:
    """Export incidents to YAML (schema incident-review/1) or ACLED's CSV columns."""
    from incident_review.core.query import IncidentFilter
    from incident_review.services.yaml_io import export_yaml, export_yaml_file

    store = obj.store()
    f = IncidentFilter(statuses=statuses)
    if fmt == "acled-csv":
        from incident_review.services.csv_io import export_acled_csv_file, write_acled_csv

        with user_errors():
            count = (export_acled_csv_file(store, output, f) if output
                     else write_acled_csv(store, sys.stdout, f))
        if output:
            click.echo(f"exported {count} incident(s) to {output}", err=True)
        return
    if output is None:
        export_yaml(store, sys.stdout, f, obj.analyst, not no_timestamp)
        return
    with user_errors():
        count = export_yaml_file(store, output, f, obj.analyst, not no_timestamp)
    click.echo(f"exported {count} incident(s) to {output}", err=True)


@cli.command()
@click.pass_obj
def stats(obj: Context) -> None:
    """Counts of reports, incidents by status, and audit entries."""
    s = obj.store().stats()
    click.echo(f"store:     {obj.db_path}")
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
    store = obj.store()
    try:
        store.backup(target)
    except (OSError, RuntimeError) as exc:
        fail(f"{target}: {exc}")
    click.echo(f"backed up {obj.db_path} to {target}")


@cli.command(name="paths")
@click.pass_obj
def show_paths(obj: Context) -> None:
    """Where the store, the demo store and config overrides live."""
    from incident_review.config import user_config_dir

    click.echo(f"store:  {obj.db_path}")
    click.echo(f"demo:   {paths.demo_db_path()}")
    click.echo(f"config: {user_config_dir()}")


@cli.command()
@click.option("--no-tui", is_flag=True, help="Build the demo store and print its path; do not open the TUI.")
@click.pass_context
def demo(ctx: click.Context, no_tui: bool) -> None:
    """Build a fresh demo store from the bundled seed reports and open it."""
    from incident_review.services.demo import build_demo

    obj: Context = ctx.obj
    target = ctx.parent.params.get("db") if ctx.parent else None
    db_path = Path(target) if target else paths.demo_db_path()
    with user_errors():
        result = build_demo(db_path, obj.analyst)
    click.echo(f"demo store {db_path}: {len(result.new_reports)} report(s), {len(result.incident_ids)} incident(s)",
               err=True)
    if not no_tui:
        obj.db_path = db_path
        ctx.invoke(review)


@cli.command()
@click.pass_obj
def review(obj: Context) -> None:
    """Open the review TUI (what a bare ``incident-review`` does)."""
    from incident_review.tui.app import run

    run(obj.store(), obj.analyst)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal; nothing when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=0, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar.update


def main() -> None:
    cli(prog_name="incident-review")


# Command groups kept in their own modules register themselves on `cli` when imported.
from incident_review.cli import duplicates  # noqa: E402, F401
