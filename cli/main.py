"""``incident-review``: ingest, import, export, stats, demo and the review TUI.

Heavy modules (textual, the extractor's rules) are imported inside the commands that
need them, so ``--help`` and quick commands start fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from incident_review.config import paths
from incident_review.core.errors import ConflictError, InputError, MergedAwayError, StoreAccessError
from incident_review.core.model import STATUSES

F = TypeVar("F", bound=Callable[..., Any])


ENFORCE_LOGIN = "INCIDENT_REVIEW_ENFORCE_LOGIN"


def login_name() -> str:
    """The name of the account running this process, from the password database: unlike
    $USER or $LOGNAME (what ``getpass`` reads first), a user cannot set it."""
    import pwd

    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


def enforced_analyst(analyst: str | None) -> str:
    """With $INCIDENT_REVIEW_ENFORCE_LOGIN=1 every change is recorded under the login name:
    an --analyst (or $INCIDENT_REVIEW_ANALYST) naming anyone else is refused, exit 2."""
    login = login_name()
    if analyst is not None and analyst != login:
        fail(
            f"--analyst {analyst!r} is not your login name {login!r}: {ENFORCE_LOGIN} is set, so changes "
            "are recorded under the login name (leave --analyst and $INCIDENT_REVIEW_ANALYST unset)"
        )
    return login


class Context:
    def __init__(self, db: Path | None, analyst: str | None, db_explicit: bool = False) -> None:
        self.db_path = db or paths.default_db_path()
        if os.environ.get(ENFORCE_LOGIN, "").strip().lower() in ("1", "true", "yes", "on"):
            self.analyst = enforced_analyst(analyst)
        else:
            # A label, not authentication: anyone can type any name (see the README).
            self.analyst = analyst or paths.current_analyst()
        # True only when --db was typed on this command line (not filled from
        # $INCIDENT_REVIEW_DB): ``demo`` never replaces the shared store named by the env.
        self.db_explicit = db_explicit

    def store(self, create: bool = True) -> Any:
        """The store at ``db_path``; with ``create=False`` (read-only commands) a missing
        store is a one-line error and nothing (file or folder) is created."""
        from incident_review.storage.schema import SchemaTooNew
        from incident_review.storage.store import Store

        if not create and not self.db_path.is_file():
            what = "is not a file" if self.db_path.exists() else "does not exist"
            fail(
                f"{self.db_path}: no store here ({what}; nothing was created: ingest or import creates one, "
                "`incident-review paths` shows where stores live)"
            )

        def upgrading(old: int, new: int) -> None:
            click.echo(
                f"upgrading {self.db_path} from schema {old} to {new} (once; a store of a million "
                "incidents takes about a minute)…",
                err=True,
            )

        # A store this user can read but not write (file, folder or mount): read-only
        # commands open it read-only instead of failing on the -wal/-shm they cannot create.
        from incident_review.storage.db import access_problem

        read_only = not create and access_problem(self.db_path) is not None and os.access(self.db_path, os.R_OK)
        try:
            return Store(self.db_path, on_upgrade=upgrading, read_only=read_only)
        except (SchemaTooNew, StoreAccessError) as exc:
            fail(str(exc))
        except Exception as exc:  # sqlite3.DatabaseError: not a database, unreadable...
            fail(f"{self.db_path}: cannot open store ({exc})")

    def announce(self) -> None:
        """Name the store on stderr, as a YAML comment so that a terminal (or a test) that
        mixes stderr into stdout still reads valid YAML; stdout itself stays clean."""
        click.echo(f"# store: {safe_line(str(self.db_path))}", err=True)


def safe_line(text: str) -> str:
    from incident_review.core.safe_text import terminal_text

    return terminal_text(text)


def fail(message: str, code: int = 2) -> None:
    click.echo(f"error: {safe_line(message)}", err=True)
    sys.exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Bad input and conflicts end the command with one line and exit code 2."""
    try:
        yield
    except (InputError, ConflictError, MergedAwayError, StoreAccessError) as exc:
        fail(str(exc))


def check_config() -> None:
    """A bad config override (an unknown key, a wrong type: see config/schema.py) ends the
    command with one line before it creates, reads or writes anything; the commands that
    read config call it first."""
    from incident_review import config

    with user_errors():
        config.check_overrides()


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
        import sqlite3

        try:
            return super().invoke(ctx)
        except InputError as exc:
            fail(str(exc))
        except sqlite3.OperationalError as exc:
            obj = ctx.obj if isinstance(ctx.obj, Context) else None
            where = obj.db_path if obj else Path("store")
            if "full" in str(exc):  # SQLITE_FULL: the disk (or the store's quota) is full
                fail(
                    f"{where}: disk full ({exc}); nothing was saved (rows staged meanwhile stay invisible "
                    "and go once there is space); free some space and run it again"
                )
            if "locked" in str(exc) or "busy" in str(exc):
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
@click.pass_obj
def ingest(obj: Context, sources: tuple[Path, ...], published: dt.date | None, outlet: str | None) -> None:
    """Ingest report files or folders (.txt, .md, .jsonl) and extract their incidents."""
    from incident_review.services.ingest import ingest_paths

    check_config()
    store = obj.store()
    notices: list[str] = []
    with user_errors(), _progress("extracting") as tick:
        result = ingest_paths(store, list(sources), obj.analyst, published, outlet, tick, notices=notices)
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
    help="Also write every skipped row, warning and known id to this CSV file.",
)
@click.pass_obj
def import_(
    obj: Context, file: Path, fmt: str | None, mapping: str | None, on_error: str, errors_to: Path | None
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
        from incident_review.services.dataset_import import import_dataset, write_problems

        result = import_dataset(store, file, obj.analyst, fmt, "skip" if on_error == "skip" else "fail", mapping)
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
    if result.known:
        # An updated export of a living dataset holds mostly rows already imported.
        listed = f"; {errors_to} lists them" if errors_to else ""
        click.echo(
            f"{len(result.known)} row(s) already in the store, kept as stored "
            f"(re-import does not update rows yet{listed})"
        )


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
@click.option("--format", "fmt", type=click.Choice(["yaml", "acled-csv"]), default="yaml")
@click.option(
    "--raw-cells",
    is_flag=True,
    help="acled-csv: write cells exactly as stored (no quote before a leading = + - @, tab or CR; "
    "no escaping of control characters on stdout).",
)
@click.pass_obj
def export(
    obj: Context, output: Path | None, statuses: tuple[str, ...], no_timestamp: bool, fmt: str, raw_cells: bool
) -> None:
    """Export incidents to YAML (schema incident-review/1) or ACLED's CSV columns."""
    from incident_review.core.query import IncidentFilter
    from incident_review.services.yaml_io import export_yaml, export_yaml_file

    store = obj.store(create=False)
    obj.announce()
    f = IncidentFilter(statuses=statuses)
    if fmt == "acled-csv":
        from incident_review.services.csv_io import export_acled_csv_file, write_acled_csv

        with user_errors(), _writing(output):
            count = (
                export_acled_csv_file(store, output, f, raw_cells)
                if output
                else write_acled_csv(store, sys.stdout, f, raw_cells, for_terminal=True)
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
    except (OSError, RuntimeError, sqlite3.Error) as exc:
        fail(f"{target}: {getattr(exc, 'strerror', None) or exc}; no backup was written")
    click.echo(safe_line(f"backed up {obj.db_path} to {target}"))


@cli.command(name="paths")
@click.pass_obj
def show_paths(obj: Context) -> None:
    """Where the store, the demo store and config overrides live."""
    from incident_review.config import user_config_dir

    click.echo(f"store:  {safe_line(str(obj.db_path))}" + ("" if obj.db_path.exists() else "  (not created yet)"))
    click.echo(f"demo:   {safe_line(str(paths.demo_db_path()))}")
    click.echo(f"config: {safe_line(str(user_config_dir()))}")


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
    from incident_review.tui.app import run

    check_config()  # a bad override: one line now, not a crash in a worker mid-session
    store = obj.store()
    click.echo(f"store: {safe_line(str(obj.db_path))}", err=True)
    run(store, obj.analyst)


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
