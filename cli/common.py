"""What every command shares: the analyst's name, the store it opens, and one-line errors."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from incident_review.config import paths
from incident_review.core.errors import ConflictError, InputError, MergedAwayError, StoreAccessError, StoreBusyError

if TYPE_CHECKING:
    from incident_review.storage.store import Store

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

    def store(self, create: bool = True) -> Store:
        """The store at ``db_path``; with ``create=False`` (read-only commands) a missing
        store is a one-line error and nothing (file or folder) is created."""
        from incident_review.storage.schema import SchemaTooNew
        from incident_review.storage.store import Store

        if not create and not self.db_path.is_file():
            what = "is not a file" if self.db_path.exists() else "does not exist"
            fail(
                f"{self.db_path}: no store here ({what}; nothing was created: ingest or import creates one, "
                f"`incident-review paths` shows where stores live{self._demo_hint()})"
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
        except StoreBusyError:
            raise  # opening migrates in a write: the group's "store busy" line says so
        except Exception as exc:  # StoreError: not a database, unreadable...
            fail(f"{self.db_path}: cannot open store ({exc})")

    def announce(self, store: Store | None = None) -> None:
        """Name the store on stderr, as a YAML comment so that a terminal (or a test) that
        mixes stderr into stdout still reads valid YAML; stdout itself stays clean. Given
        the ``store``, an empty one is said to be empty (after ``demo``, a bare ``export``
        read the empty default store and exited 0 without a word: issue #12)."""
        click.echo(f"# store: {self.named(store)}", err=True)

    def named(self, store: Store | None = None) -> str:
        """The store's path for a message, and, given the ``store``, whether it is empty."""
        note = f" (no incidents{self._demo_hint()})" if store is not None and self._is_empty(store) else ""
        return safe_line(str(self.db_path) + note)

    def _demo_hint(self) -> str:
        """Where the demo's store is, when it exists and is not the store in use."""
        demo = paths.demo_db_path()
        if demo.is_file() and demo.resolve() != self.db_path.resolve():
            return f"; the demo store is {demo}: --db {demo}"
        return ""

    @staticmethod
    def _is_empty(store: Store) -> bool:
        from incident_review.core.query import IncidentFilter, Sort

        return not store.page(IncidentFilter(), Sort(), None, 1)  # one keyset row, at any size


def safe_line(text: str) -> str:
    from incident_review.core.safe_text import terminal_text

    return terminal_text(text)


def fail(message: str, code: int = 2) -> NoReturn:
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
