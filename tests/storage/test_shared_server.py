"""Shared-server safety (issue #15): what a careless or hostile user on a shared server
must not be able to do to another analyst's store or terminal."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from incident_review.cli.main import cli
from incident_review.core import contract
from incident_review.core.errors import ConflictError, InputError, MergedAwayError, StoreError
from incident_review.core.model import Claim, Incident
from incident_review.core.query import IncidentFilter, Sort
from incident_review.core.reports import ReportInput
from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.services.duplicates import merge_incidents
from incident_review.storage.reports_store import Reports
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from tests.conftest import SEED, run_cli, stored_counts
from tests.tui_helpers import settle


def _shared_store(path: Path, n: int = 3) -> Store:
    from tests.storage.test_store import make

    store = Store(path)
    store.import_incidents([make(i) for i in range(1, n + 1)], "ana", "test")
    return store


# ------------------------------------------------------------ 1. demo and read-only commands


def test_demo_with_the_env_store_exported_builds_its_own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared" / "incidents.db"
    monkeypatch.setenv("INCIDENT_REVIEW_DB", str(shared))
    live = _shared_store(shared, 5)  # another analyst has it open: its -wal exists
    wal = Path(str(shared) + "-wal")
    assert wal.exists()
    result = run_cli("demo", "--no-tui")
    assert result.exit_code == 0, result.output
    demo_db = tmp_path / "data" / "incident-review" / "demo.db"
    assert str(demo_db) in result.output
    assert wal.exists() and stored_counts(shared) == (0, 5)
    assert live.count(IncidentFilter()) == 5
    assert stored_counts(demo_db)[0] >= 1
    live.close()


def test_demo_on_an_explicit_store_with_reviewed_work_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "mine.db"
    store = _shared_store(target)
    inc = store.get("INC-000001")
    assert inc is not None
    review.set_grade(store, inc, "fair", "ana")
    result = run_cli("demo", "--no-tui", db=target)
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and str(target) in line and "--force" in line and "reviewed work" in line
    assert stored_counts(target) == (0, 3)
    # --force replaces it through SQLite: the connection still open reads the new store whole.
    result = run_cli("demo", "--no-tui", "--force", db=target)
    assert result.exit_code == 0, result.output
    assert store.count(IncidentFilter()) == stored_counts(target)[1] >= 6
    assert store.integrity() == "ok"
    store.close()


def test_demo_again_on_its_own_store_keeps_a_review_in_progress(tmp_path: Path) -> None:
    assert run_cli("demo", "--no-tui").exit_code == 0
    demo_db = tmp_path / "data" / "incident-review" / "demo.db"
    store = Store(demo_db)
    inc = store.get_many([r.id for r in store.page(IncidentFilter(), Sort(), None, 1)])[0]
    review.set_status(store, inc, "confirmed", "ana")
    store.close()
    result = run_cli("demo", "--no-tui")
    assert result.exit_code == 2 and "1 reviewed incident(s)" in result.output
    assert Store(demo_db).stats()["by_status"].get("confirmed") == 1


@pytest.mark.parametrize(
    "args", [["stats"], ["export"], ["export", "--format", "acled-csv"], ["duplicates"], ["backup", "copy.db"]]
)
def test_read_only_commands_create_no_store_and_no_folder(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "nonexistent" / "x.db"
    result = run_cli(*args, db=missing)
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and str(missing) in line and "Traceback" not in line
    assert not missing.parent.exists()


def test_every_command_names_its_store(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert str(db) in run_cli("ingest", str(SEED), "--published", "2024-01-01", db=db).output
    assert str(db) in run_cli("stats", db=db).output
    assert str(db) in run_cli("paths", db=db).output
    runner = CliRunner()
    exported = runner.invoke(cli, ["--db", str(db), "export"], catch_exceptions=False)
    assert str(db) in exported.stderr and str(db) not in exported.stdout
    assert yaml.safe_load(exported.stdout)["schema"] == contract.SCHEMA  # stdout: clean YAML
    assert str(db) in run_cli("duplicates", db=db).output


# ------------------------------------------------------------ 2. a group's shared folder

needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or not Path("/usr/sbin/useradd").exists(),
    reason="needs root and useradd to create two analysts and their group (the CI runs as root)",
)


PRELUDE = """
import os, sys, grp, pwd, csv, json, tempfile, uuid, time, stat, shutil, sqlite3, encodings.utf_8_sig
import platformdirs, yaml, difflib, decimal, sqlite_utils
from incident_review.cli.main import main
import incident_review.cli.duplicates, incident_review.services.ingest, incident_review.services.yaml_io
import incident_review.services.csv_io, incident_review.services.duplicates, incident_review.storage.store
import incident_review.storage.duplicates, incident_review.core.query
from incident_review.services.extraction import extractor
from incident_review.services.duplicates import matcher
extractor().extract("Shelling hit Kharkiv yesterday.", None, "warm", None, None)
matcher()
sqlite_utils.Database(memory=True)
os.setgroups([{group}]); os.setgid({gid}); os.setuid({uid}); os.umask(0o002)
"""


class Analysts:
    """Two real users in one group, with a setgid 2775 folder they share."""

    def __init__(self) -> None:
        import grp
        import pwd
        import subprocess
        import tempfile
        import uuid

        tag = uuid.uuid4().hex[:6]
        self.group, self.users = f"irg{tag}", [f"ira{tag}", f"irb{tag}"]
        subprocess.run(["groupadd", self.group], check=True)
        for user in self.users:
            subprocess.run(["useradd", "-M", "-N", "-G", self.group, "-s", "/usr/sbin/nologin", user], check=True)
        self.gid = grp.getgrnam(self.group).gr_gid
        self.ids = {u: (pwd.getpwnam(u).pw_uid, pwd.getpwnam(u).pw_gid) for u in self.users}
        self.base = Path(tempfile.mkdtemp(prefix="ir-shared-", dir="/tmp"))
        self.base.chmod(0o755)
        self.shared = self.base / "team"
        self.shared.mkdir()
        os.chown(self.shared, 0, self.gid)
        self.shared.chmod(0o2775)
        self.home = self.base / "home"
        self.home.mkdir(mode=0o777)
        self.home.chmod(0o1777)

    def _argv(self, user: str, code: str) -> list[str]:
        """Python started as root, which loads what the commands import (the interpreter
        lives under /root, which the analysts cannot read), then becomes ``user`` with the
        group as a supplementary one and umask 002, as a login on the server would."""
        import sys

        uid, primary = self.ids[user]
        return [sys.executable, "-c", PRELUDE.format(uid=uid, gid=primary, group=self.gid) + code]

    def run(self, user: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "HOME": str(self.home),
            "INCIDENT_REVIEW_ANALYST": user,
            "INCIDENT_REVIEW_CONFIG": str(self.home / user),
            "XDG_DATA_HOME": str(self.home / user),
        }
        env.pop("INCIDENT_REVIEW_DB", None)
        code = f"sys.argv = ['incident-review', *{list(args)!r}]\nmain()\n"
        result = subprocess.run(
            self._argv(user, code), env=env, cwd=self.home, capture_output=True, text=True, timeout=120
        )
        if check:
            assert result.returncode == 0, (args, result.stderr[-800:])
        return result

    def python(self, user: str, code: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self._argv(user, code),
            env={**os.environ, "HOME": str(self.home)},
            cwd=self.home,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def close(self) -> None:
        import shutil
        import subprocess

        shutil.rmtree(self.base, ignore_errors=True)
        for user in self.users:
            subprocess.run(["userdel", user], check=False)
        subprocess.run(["groupdel", self.group], check=False)


@pytest.fixture
def analysts() -> Iterator[Analysts]:
    team = Analysts()
    yield team
    team.close()


def _mode_and_group(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mode & 0o777, st.st_gid


@needs_root
def test_two_analysts_of_a_group_share_a_store_in_a_setgid_folder(analysts: Analysts, tmp_path: Path) -> None:
    ana, bob = analysts.users
    db = analysts.shared / "incidents.db"
    report = analysts.home / "report.txt"
    report.write_text(SEED.read_text())
    report.chmod(0o644)
    analysts.run(ana, "--db", str(db), "ingest", str(report), "--published", "2024-01-01")
    assert _mode_and_group(db) == (0o664, analysts.gid)
    # Ana keeps the store open (her -wal and -shm exist) while Bob writes and backs up.
    holder = analysts.python(
        ana,
        (
            "from incident_review.core.query import IncidentFilter\n"
            "from incident_review.storage.store import Store\n"
            f"s = Store({str(db)!r}); s.count(IncidentFilter())\n"
            "print('open', flush=True); time.sleep(60)\n"
        ),
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    for side in ("-wal", "-shm"):
        assert _mode_and_group(Path(str(db) + side)) == (0o664, analysts.gid), side
    first = yaml.safe_load(analysts.run(bob, "--db", str(db), "export").stdout)["incidents"][0]["id"]
    analysts.run(bob, "--db", str(db), "merge", first, "INC-000002")
    analysts.run(bob, "--db", str(db), "backup", str(analysts.shared / "backup.db"))
    analysts.run(bob, "--db", str(db), "export", "-o", str(analysts.shared / "export.yaml"))
    for made in ("backup.db", "export.yaml"):
        assert _mode_and_group(analysts.shared / made) == (0o664, analysts.gid), made
    holder.kill()
    holder.wait()
    # Bob's process dies holding the store (kill -9): the -wal/-shm it leaves are the group's.
    crasher = analysts.python(
        bob,
        (
            "import time\n"
            "from incident_review.storage.store import Store\n"
            f"s = Store({str(db)!r}); s.conn.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(60)\n"
        ),
    )
    assert crasher.stdout is not None and crasher.stdout.readline().strip() == "held"
    crasher.kill()
    crasher.wait()
    for side in ("-wal", "-shm"):
        path = Path(str(db) + side)
        if path.exists():
            assert _mode_and_group(path) == (0o664, analysts.gid), side
    analysts.run(ana, "--db", str(db), "unmerge", first)
    assert "merged away" in analysts.run(ana, "--db", str(db), "stats").stdout


@needs_root
def test_a_store_the_analyst_cannot_open_is_one_line_naming_the_file(analysts: Analysts) -> None:
    ana, bob = analysts.users
    db = analysts.shared / "private.db"
    report = analysts.home / "report.txt"
    report.write_text(SEED.read_text())
    report.chmod(0o644)
    analysts.run(ana, "--db", str(db), "ingest", str(report), "--published", "2024-01-01")
    db.chmod(0o600)
    for args in (["stats"], ["ingest", str(report)], ["export"]):
        result = analysts.run(bob, "--db", str(db), *args, check=False)
        assert result.returncode == 2, result.stderr
        line = result.stderr.strip().splitlines()[-1]
        assert "Traceback" not in result.stderr and str(db) in line and "permission denied" in line


# ------------------------------------------------------------ 3. writes on a merged-away incident

EDITS: dict[str, Callable[[Store, Incident], object]] = {
    "status": lambda s, i: review.set_status(s, i, "confirmed", "ana"),
    "grade": lambda s, i: review.set_grade(s, i, "weak", "ana"),
    "note": lambda s, i: review.add_note(s, i, "seen it", "ana"),
    "claim:add": lambda s, i: review.add_claim(s, i, Claim("Russian forces", "perpetrator", "blamed", "Kyiv"), "ana"),
    "claim:edit": lambda s, i: review.edit_claim(s, i, 0, Claim("Ukrainian forces", "perpetrator", "blamed"), "ana"),
    "claim:remove": lambda s, i: review.remove_claim(s, i, 0, "ana"),
    "casualties": lambda s, i: review.override_casualties(s, i, "killed", "all", 1, 2, 3, "count", "ana"),
    "aggregation": lambda s, i: review.set_aggregation(s, i, "maximum", "ana"),
    "merge": lambda s, i: merge_incidents(s, i.id, ["INC-000003"], "ana", versions={i.id: i.version}),
    "merge:absorbed": lambda s, i: merge_incidents(s, "INC-000003", [i.id], "ana", versions={i.id: i.version}),
}


def _with_claims(path: Path) -> Store:
    from tests.storage.test_store import make

    store = Store(path)
    store.import_incidents(
        [make(i, attribution=[Claim("unknown", "perpetrator", "reported")]) for i in (1, 2, 3)], "ana", "test"
    )
    return store


@pytest.mark.parametrize("edit", list(EDITS))
def test_no_edit_lands_on_a_merged_away_incident(db_path: Path, edit: str) -> None:
    store = _with_claims(db_path)
    stale = store.get("INC-000001")
    merge_incidents(store, "INC-000002", ["INC-000001"], "bob")
    with pytest.raises(ConflictError):  # the edit begun before the merge: a conflict
        EDITS[edit](store, stale)  # type: ignore[arg-type]
    fresh = store.get("INC-000001")  # reloaded after the conflict: now merged away
    assert fresh is not None and fresh.merged_into == "INC-000002"
    with pytest.raises((MergedAwayError, InputError), match="merged into INC-000002"):
        EDITS[edit](store, fresh)
    assert store.get("INC-000001") == fresh  # nothing written
    from incident_review.services.duplicates import unmerge

    unmerge(store, "INC-000002", "bob")  # and the merge can still be undone
    back = store.get("INC-000001")
    assert back is not None and back.merged_into is None and back.attribution == stale.attribution  # type: ignore[union-attr]
    store.close()


# ------------------------------------------------------------ 4. export is one snapshot


def test_export_reads_one_snapshot_while_another_analyst_merges(db_path: Path) -> None:
    _shared_store(db_path, 3).close()
    exporter, merger = Store(db_path), Store(db_path)
    stream = exporter.iter_incidents(IncidentFilter(), chunk=1)
    first = next(stream)
    assert first.id == "INC-000001"
    merge_incidents(merger, "INC-000003", ["INC-000001"], "bob")  # committed mid-export
    rest = list(stream)
    exported = [first, *rest]
    live = {i.id for i in exported}
    absorbed = {m for i in exported for m in i.merged_from}
    assert not live & absorbed, "an incident exported live and inside its survivor"
    assert [i.id for i in exported] == ["INC-000001", "INC-000002", "INC-000003"]
    # The export's read transaction is over: the next one sees the merge.
    assert {i.id for i in exporter.iter_incidents(IncidentFilter())} == {"INC-000002", "INC-000003"}
    exporter.close()
    merger.close()


# ------------------------------------------------------------ 5. TUI writes while the store is locked


def _toasts(app: ReviewApp) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.fixture
def locked_app(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ReviewApp, sqlite3.Connection]]:
    """The app on a store whose write lock another process holds (as a long ingest does),
    with the busy timeout and the retry pauses cut so the test takes a second."""
    from incident_review.tui import writes

    store = _with_claims(db_path)
    store.database.busy_timeout_ms = 100
    monkeypatch.setattr(writes, "RETRY_PAUSES", (0.05, 0.05))
    blocker = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    yield ReviewApp(Browse(store), "ana"), blocker
    blocker.close()
    store.close()


async def test_tui_status_save_while_locked_is_a_toast_then_works(
    locked_app: tuple[ReviewApp, sqlite3.Connection], db_path: Path
) -> None:
    app, blocker = locked_app
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        blocker.execute("BEGIN IMMEDIATE")
        await pilot.press("c")
        await settle(pilot)
        assert app.is_running
        assert any("not saved" in t and "locked" in t for t in _toasts(app)), _toasts(app)
        assert app.browse.get("INC-000001").status == "unreviewed"  # type: ignore[union-attr]
        blocker.execute("ROLLBACK")
        await pilot.press("c")
        await settle(pilot)
        assert app.browse.get("INC-000001").status == "confirmed"  # type: ignore[union-attr]


async def test_tui_save_waits_out_a_short_lock(
    locked_app: tuple[ReviewApp, sqlite3.Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from incident_review.tui import writes

    monkeypatch.setattr(writes, "RETRY_PAUSES", (0.2, 0.2, 0.2, 0.2))
    app, blocker = locked_app
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        blocker.execute("BEGIN IMMEDIATE")
        threading.Timer(0.3, lambda: blocker.execute("ROLLBACK")).start()
        await pilot.press("i")  # the note (n: the next search match)
        await pilot.pause()
        await pilot.press(*"checked", "enter")
        await settle(pilot)
        assert [n.text for n in app.browse.get("INC-000001").notes] == ["checked"]  # type: ignore[union-attr]


async def test_tui_claim_form_save_while_locked_is_a_toast(locked_app: tuple[ReviewApp, sqlite3.Connection]) -> None:
    from incident_review.tui.attribution import AttributionPane

    app, blocker = locked_app
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AttributionPane)
        blocker.execute("BEGIN IMMEDIATE")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Wagner", "enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, AttributionPane)
        assert any("not saved" in t for t in _toasts(app))
        blocker.execute("ROLLBACK")
        assert len(app.browse.get("INC-000001").attribution) == 1  # type: ignore[union-attr]


# ------------------------------------------------------------ 7. every edit is version-checked


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_edit_kind_refuses_a_stale_version(db_path: Path, edit: str) -> None:
    store = _with_claims(db_path)
    seen_by_ana = store.get("INC-000001")
    fresh = store.get("INC-000001")
    assert seen_by_ana is not None and fresh is not None
    review.set_grade(store, fresh, "fair", "bob")
    with pytest.raises(ConflictError, match="bob"):
        EDITS[edit](store, seen_by_ana)
    after = store.get("INC-000001")
    assert after is not None and after.grade == "fair" and after.version == 2 and after.merged_into is None
    store.close()


async def test_grade_dialog_opened_before_another_analysts_grade_is_a_conflict(db_path: Path) -> None:
    store = _with_claims(db_path)
    bob = Store(db_path)
    app = ReviewApp(Browse(store), "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await pilot.pause()
        review.set_grade(bob, bob.get("INC-000001"), "fair", "bob")  # type: ignore[arg-type]
        await pilot.press(*"weak", "enter")
        await settle(pilot)
        assert store.get("INC-000001").grade == "fair"  # type: ignore[union-attr]
        assert any("not saved" in t and "bob" in t for t in _toasts(app)), _toasts(app)
    bob.close()


async def test_note_prompt_opened_before_another_analysts_edit_is_a_conflict(db_path: Path) -> None:
    store = _with_claims(db_path)
    bob = Store(db_path)
    app = ReviewApp(Browse(store), "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        review.set_status(bob, bob.get("INC-000001"), "rejected", "bob")  # type: ignore[arg-type]
        await pilot.press(*"looks fine", "enter")
        await settle(pilot)
        assert store.get("INC-000001").notes == []  # type: ignore[union-attr]
        assert any("bob" in t for t in _toasts(app))
    bob.close()


async def test_merge_from_a_stale_duplicate_screen_is_a_conflict(tmp_path: Path) -> None:
    from incident_review.services.ingest import ingest_paths
    from incident_review.tui.duplicate_review import DuplicateReview
    from tests.conftest import ROOT

    store = Store(tmp_path / "demo.db")
    ingest_paths(store, sorted((ROOT / "seeds").glob("*.txt")), "tester")
    bob = Store(tmp_path / "demo.db")
    app = ReviewApp(Browse(store), "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DuplicateReview) and len(screen.members) == 2
        other = screen.members[1]
        review.set_status(bob, bob.get(other.id), "rejected", "bob")  # type: ignore[arg-type]
        await pilot.press("m")
        await settle(pilot)
        assert store.get(other.id).merged_into is None  # type: ignore[union-attr]
        assert store.get(other.id).status == "rejected"  # type: ignore[union-attr]
        assert any("not saved" in t and "bob" in t for t in _toasts(app)), _toasts(app)
    bob.close()


# ------------------------------------------------------------ 6. one sanitizer for the terminal

HOSTILE = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m"


@pytest.mark.parametrize(
    "char",
    [
        "\x1b",
        "\x07",
        "\x00",
        "\x7f",
        "\x9b",
        "\u202e",
        "\u2066",
        "\u200b",
        "\u200d",
        "\u2060",
        "\ufeff",
        "\u2028",
        "\ud800",
        "\U000e0041",
        "\u061c",
    ],
)
def test_terminal_text_makes_every_control_and_format_character_visible(char: str) -> None:
    from incident_review.core.safe_text import terminal_text

    out = terminal_text(f"a{char}b")
    assert len(out) == 3 and out[0] == "a" and out[2] == "b" and out[1] != char
    assert out.isprintable()


def test_escaped_markup_reads_back_literally() -> None:
    from textual.content import Content

    from incident_review.core.safe_text import escape_markup

    for text in ["[/]", "[bold]x[/bold]", "[@click=app.quit]q[/]", "a\\[b]", "\\[/]", "x\\", "[[]]"]:
        assert Content.from_markup(escape_markup(text)).plain == text


async def test_markup_in_an_analyst_name_is_a_literal_toast(db_path: Path) -> None:
    store = _with_claims(db_path)
    bob = Store(db_path)
    app = ReviewApp(Browse(store), "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await pilot.pause()
        review.set_grade(bob, bob.get("INC-000001"), "fair", "[/]bob[bold]" + HOSTILE)  # type: ignore[arg-type]
        await pilot.press(*"weak", "enter")
        await settle(pilot)
        assert app.is_running
        toast = next(t for t in _toasts(app) if "not saved" in t)
        assert "[/]bob[bold]" in toast and "\x1b" not in toast and "\x9b" not in toast
    bob.close()


async def test_escape_sequences_in_a_claim_never_reach_the_claim_form(db_path: Path) -> None:
    from textual.widgets import Input

    from incident_review.tui.attribution import ClaimForm

    store = Store(db_path)
    from tests.storage.test_store import make

    store.import_incidents(
        [make(1, attribution=[Claim("Wagner" + HOSTILE, "perpetrator", "blamed", "by\u202eevil" + HOSTILE)])],
        "ana",
        "test",
    )
    app = ReviewApp(Browse(store), "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ClaimForm)
        for field in ("#actor", "#by"):
            value = app.screen.query_one(field, Input).value
            assert value.isprintable() and "pwned" in value and "\x1b" not in value, field
    store.close()


def _hostile_store(path: Path) -> None:
    from incident_review.core.model import Source
    from tests.storage.test_store import make

    store = Store(path)
    store.import_incidents(
        [
            make(
                1,
                attribution=[Claim('=HYPERLINK("http://x","y")' + HOSTILE, "perpetrator")],
                sources=[Source("R-1", outlet="@evil\u202e")],
                summary="+cmd|' /C calc'!A0",
            )
        ],
        "ana",
        "test",
    )
    store.close()


def test_acled_csv_neutralises_formulas_and_escapes_on_stdout(db_path: Path) -> None:
    import csv
    import io

    _hostile_store(db_path)
    out = CliRunner().invoke(cli, ["--db", str(db_path), "export", "--format", "acled-csv"]).stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["actor1"].startswith("'=HYPERLINK(") and row["notes"].startswith("'+cmd")
    assert row["source"].startswith("'@evil")
    raw = CliRunner().invoke(cli, ["--db", str(db_path), "export", "--format", "acled-csv", "--raw-cells"]).stdout
    raw_row = next(csv.DictReader(io.StringIO(raw)))
    assert raw_row["actor1"] == '=HYPERLINK("http://x","y")' + HOSTILE


def test_acled_csv_file_neutralises_formulas(db_path: Path, tmp_path: Path) -> None:
    import csv

    _hostile_store(db_path)
    target = tmp_path / "out.csv"
    assert run_cli("export", "--format", "acled-csv", "-o", str(target), db=db_path).exit_code == 0
    with target.open(newline="", encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert row["actor1"].startswith("'=") and row["notes"].startswith("'+")


def test_cli_error_lines_carry_no_escape_sequences(tmp_path: Path) -> None:
    bad = tmp_path / f"report{HOSTILE}.txt"
    bad.write_bytes(b"\xff\xfe not utf-8")
    for args in (["stats"], ["ingest", str(bad)]):
        result = run_cli(*args, db=tmp_path / f"x{HOSTILE}" / "s.db")
        assert result.exit_code == 2
        assert "\x1b" not in result.output and "\x07" not in result.output and "\x9b" not in result.output
        assert "pwned" in result.output


# ------------------------------------------------------------ 5b. ingest in short transactions


def _items(n: int, tag: str = "") -> list[tuple[ReportInput, list[Incident]]]:
    from tests.storage.test_store import make

    return [
        (ReportInput(f"report {tag}{i}: shelling hit a town", outlet="Wire"), [make(i), make(i + 1)]) for i in range(n)
    ]


def test_a_big_ingest_leaves_the_lock_free_for_others_and_appears_whole(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    from incident_review.storage import staging

    monkeypatch.setattr(staging, "CHUNK_SECONDS", 0.02)
    store = _shared_store(db_path, 1)
    other = Store(db_path)
    other.database.busy_timeout_ms = 500
    seen_counts: list[int] = []
    waits: list[float] = []
    stage = Reports._stage_chunk

    def staging_chunk(self: Reports, *args: object) -> list[str]:
        ids = stage(self, *args)  # type: ignore[arg-type]
        seen_counts.append(other.count(IncidentFilter()))
        return ids

    monkeypatch.setattr(Reports, "_stage_chunk", staging_chunk)
    done = threading.Event()

    def analyst_writes() -> None:
        while not done.is_set():
            began = time.perf_counter()
            inc = other.get("INC-000001")
            review.add_note(other, inc, "still here", "bob")  # type: ignore[arg-type]
            waits.append(time.perf_counter() - began)
            time.sleep(0.01)

    writer = threading.Thread(target=analyst_writes)
    writer.start()
    try:
        result = store.ingest(_items(600), "ana")
    finally:
        done.set()
        writer.join()
    assert len(seen_counts) > 3, "one transaction"
    assert set(seen_counts) == {1}, "readers saw part of the ingest"
    assert waits and max(waits) < 0.5
    assert store.count(IncidentFilter()) == 1 + 1200 and len(result.incident_ids) == 1200
    assert store.stats()["merged"] == 0
    store.close()
    other.close()


def test_an_ingest_that_fails_midway_leaves_nothing(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from incident_review.storage import staging

    monkeypatch.setattr(staging, "CHUNK_SECONDS", 0.001)
    monkeypatch.setattr(staging, "CHUNK_PAUSE", 0.0)
    store = _shared_store(db_path, 1)
    calls = {"n": 0}
    stage = Reports._stage_chunk

    def failing(self: Reports, *args: object) -> list[str]:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return stage(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Reports, "_stage_chunk", failing)
    with pytest.raises(OSError):
        store.ingest(_items(200), "ana")
    assert stored_counts(db_path) == (0, 1)
    assert store.conn.execute("SELECT count(*) FROM counters WHERE name LIKE 'staging:%'").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 1
    store.close()


def test_a_killed_ingests_staged_rows_are_invisible_then_removed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from incident_review.storage import staging

    monkeypatch.setattr(staging, "CHUNK_SECONDS", 0.001)
    monkeypatch.setattr(staging, "CHUNK_PAUSE", 0.0)
    store = _shared_store(db_path, 1)
    stage, calls = Reports._stage_chunk, {"n": 0}

    def dies(self: Reports, *args: object) -> list[str]:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # as a kill -9 would: no clean-up runs
        return stage(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Reports, "_stage_chunk", dies)
    monkeypatch.setattr(staging.Staging, "discard", lambda self, batch: None)
    with pytest.raises(KeyboardInterrupt):
        store.ingest(_items(200), "ana")
    assert stored_counts(db_path)[1] > 1  # staged rows are there...
    stats = store.stats()  # ...and nobody sees them
    assert store.count(IncidentFilter()) == 1 and stats["merged"] == 0 and stats["reports"] == 0
    monkeypatch.undo()
    # A live lease protects a running ingest; once it lapses, the next ingest cleans up.
    assert store.recover_abandoned_ingests() == []
    store.conn.execute("UPDATE presence SET expires_at = 0 WHERE session LIKE 'ingest:%'")
    result = store.ingest(_items(200), "ana")  # the same reports: no longer taken as known
    assert len(result.new_reports) == 200 and not result.known_reports
    assert stored_counts(db_path) == (200, 401) and store.count(IncidentFilter()) == 401
    store.close()


def test_a_big_import_is_staged_too_and_keeps_merged_incidents_merged(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from incident_review.storage import staging
    from tests.storage.test_store import make

    monkeypatch.setattr(staging, "CHUNK_SECONDS", 0.001)
    monkeypatch.setattr(staging, "CHUNK_PAUSE", 0.0)
    store = Store(db_path)
    transactions = {"n": 0}
    write = store.database.write

    def counting() -> object:
        transactions["n"] += 1
        return write()

    monkeypatch.setattr(store.database, "write", counting)
    incidents = [make(i) for i in range(1, 301)]
    incidents[1] = make(2, merged_into="INC-000001")
    incidents[0] = make(1, merged_from=["INC-000002"])
    store.import_incidents(incidents, "ana", "big.yaml")
    assert transactions["n"] > 3
    assert store.count(IncidentFilter()) == 299 and store.stats()["merged"] == 1
    assert store.get("INC-000002").merged_into == "INC-000001"  # type: ignore[union-attr]
    with pytest.raises(InputError, match="INC-000300"):  # a clash in the last chunk: nothing of it stays
        store.import_incidents([make(i) for i in range(301, 600)] + [make(300)], "ana", "again.yaml")
    assert stored_counts(db_path)[1] == 300
    store.close()


@pytest.mark.parametrize("bad", ["INC-9223372036854775807", "INC-99999999999999999999"])
def test_an_imported_id_past_the_counter_range_is_refused(db_path: Path, bad: str) -> None:
    from tests.storage.test_store import make

    store = Store(db_path)
    with pytest.raises(InputError, match="id number above"):
        store.import_incidents([make(1, id=bad)], "ana", "x.yaml")
    store.import_incidents([make(1, id="INC-²")], "ana", "x.yaml")  # not a number: kept as an id
    assert store.ingest(_items(1), "ana").incident_ids == ["INC-000001", "INC-000002"]
    counter = store.conn.execute("SELECT typeof(value) FROM counters WHERE name = 'incident'").fetchone()[0]
    assert counter == "integer"
    store.close()


async def test_claim_re_added_after_a_merge_conflict_is_refused_in_the_tui(db_path: Path) -> None:
    from incident_review.tui.attribution import AttributionPane

    store = _with_claims(db_path)
    bob = Store(db_path)
    app = ReviewApp(Browse(store), "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AttributionPane) and app.screen.incident.id == "INC-000001"
        merge_incidents(bob, "INC-000002", ["INC-000001"], "bob")
        for _ in range(2):  # the conflict, then the same claim again on the reloaded incident
            await pilot.press("a")
            await pilot.pause()
            await pilot.press(*"Wagner", "enter")
            await settle(pilot)
        assert app.is_running
        assert any("merged into INC-000002" in t for t in _toasts(app)), _toasts(app)
    absorbed = store.get("INC-000001")
    assert absorbed is not None and [c.actor for c in absorbed.attribution] == ["unknown"]
    exported = {i.id for i in store.iter_incidents(IncidentFilter())}
    assert exported == {"INC-000002", "INC-000003"}
    from incident_review.services.duplicates import unmerge

    unmerge(store, "INC-000001", "ana")
    assert store.get("INC-000001").merged_into is None  # type: ignore[union-attr]
    bob.close()


def test_export_and_backup_to_a_place_they_cannot_write_are_one_line(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _shared_store(db).close()
    missing = tmp_path / "no-such-folder"
    cases = (
        ["export", "-o", str(missing / "x.yaml")],
        ["export", "--format", "acled-csv", "-o", str(missing / "x.csv")],
        ["backup", str(missing / "b.db")],
    )
    for args in cases:
        result = run_cli(*args, db=db)
        assert result.exit_code == 2 and "Traceback" not in result.output, args
        line = result.output.strip().splitlines()[-1]
        assert line.startswith("error: ") and str(missing) in line, args
    assert not missing.exists()


def test_a_failed_backup_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib

    store = _shared_store(tmp_path / "s.db")

    @contextlib.contextmanager
    def broken() -> Iterator[sqlite3.Connection]:
        raise sqlite3.DatabaseError("database disk image is malformed")
        yield

    monkeypatch.setattr(store.database, "slow_read", broken)
    with pytest.raises(StoreError, match="malformed"):
        store.backup(tmp_path / "copy.db")
    assert sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == []
    store.close()
