"""The CLI's quick exit (cli/quick_exit.py): a command run from a shell ends without the
interpreter's teardown, yet leaves what the normal exit leaves: every line of its output,
its exit code and message, and its store closed (the -wal checkpointed away)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from incident_review.cli.quick_exit import QUICK_EXIT_ENV
from tests.conftest import SEED

RUN = "import sys\nfrom incident_review.cli.main import main\nsys.argv = ['incident-review', *sys.argv[1:]]\nmain()\n"


def _cli(*args: str, slow: bool = False) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != QUICK_EXIT_ENV}
    if slow:
        env[QUICK_EXIT_ENV] = "1"
    return subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, env=env, timeout=120)


def test_an_ingest_leaves_its_store_closed_and_its_line_printed(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    done = _cli("--db", str(db), "ingest", str(SEED))
    assert done.returncode == 0, done.stderr
    assert b"1 new report(s)" in done.stdout and done.stdout.endswith(b"\n")
    # The last connection to close checkpoints a WAL store and removes its -wal: a process
    # that skipped the close would leave it behind.
    assert not Path(f"{db}-wal").exists()
    exported = _cli("--db", str(db), "export", "--no-timestamp")
    slow = _cli("--db", str(db), "export", "--no-timestamp", slow=True)
    assert exported.returncode == slow.returncode == 0, exported.stderr
    assert exported.stdout == slow.stdout  # the whole document, through a pipe
    assert b"incidents:" in exported.stdout and len(exported.stdout) > 2000


def test_a_failing_command_keeps_its_code_and_message(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    quick, slow = (_cli("--db", str(tmp_path / "s.db"), "ingest", str(missing), slow=s) for s in (False, True))
    assert quick.returncode == slow.returncode != 0
    assert quick.stderr == slow.stderr and b"nowhere.txt" in quick.stderr
