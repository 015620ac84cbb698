"""A dataset import draws a progress line on stderr (rows, rows/s, time left) on a terminal
or with --progress, and never when stderr is not a terminal: scripts, pipes and tests read
the same output as before."""

from __future__ import annotations

import csv
import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from incident_review.cli.main import cli
from incident_review.cli.progress import ProgressLine
from tests.conftest import DATA

ROWS = 1_200  # more than two of the reading phase's ticks (every 500 records)


def _acled(tmp_path: Path, n: int = ROWS) -> Path:
    """``n`` rows of the sample ACLED export, each with an id of its own."""
    sample = list(csv.DictReader(io.StringIO((DATA / "datasets" / "acled.csv").read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(sample[0]), lineterminator="\n")
    writer.writeheader()
    for i in range(n):
        row = dict(sample[i % len(sample)])
        row["event_id_cnty"] = f"UKR{700000 + i}"
        writer.writerow(row)
    path = tmp_path / "acled.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_progress_flag_draws_reading_and_storing_with_rate_and_eta(tmp_path: Path) -> None:
    code, out, err = _invoke("--db", str(tmp_path / "s.db"), "import", str(_acled(tmp_path)), "--progress")
    assert code == 0, err
    assert f"imported {ROWS} incident(s)" in out
    assert "\r" not in out and "rows/s" not in out  # stdout keeps only the report
    lines = [part for part in err.replace("\n", "\r").split("\r") if part.strip()]
    assert lines[0].startswith("reading 500 rows"), lines  # the first tick, drawn at once
    assert any(line.startswith(f"reading {ROWS:,} rows") for line in lines), lines
    last = [line for line in lines if line.startswith("storing [")][-1]
    assert f"{ROWS:,}/{ROWS:,} 100%" in last and "[####################]" in last, last


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    code, _, err = _invoke("--db", str(tmp_path / "s.db"), "import", str(_acled(tmp_path)))
    assert code == 0, err
    assert "storing" not in err and "reading" not in err and "\r" not in err
    code, _, err = _invoke("--db", str(tmp_path / "t.db"), "import", str(_acled(tmp_path)), "--no-progress")
    assert code == 0 and "storing" not in err


def _cli(args: list[str], stderr: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "from incident_review.cli.main import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=stderr,
        env={**os.environ, "TERM": "xterm"},
    )


def test_a_real_terminal_gets_the_line_and_a_pipe_does_not(tmp_path: Path) -> None:
    path = _acled(tmp_path)
    master, slave = pty.openpty()
    child = _cli(["--db", str(tmp_path / "tty.db"), "import", str(path)], slave)
    os.close(slave)
    seen = b""
    while True:  # read the terminal until the program closes it
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer is gone
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 0
    text = seen.decode("utf-8", "replace")
    assert "storing [" in text and f"{ROWS:,}/{ROWS:,}" in text, text
    assert b"storing" not in out

    piped = _cli(["--db", str(tmp_path / "pipe.db"), "import", str(path)], subprocess.PIPE)
    out, err = piped.communicate(timeout=60)
    assert piped.returncode == 0, err
    assert b"storing" not in err and b"\r" not in err and b"storing" not in out


def test_the_line_redraws_in_place_and_ends_with_a_newline() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream)
    line("storing", 10, 100)
    line("storing", 100, 100)  # the last state is always drawn
    line("matching", 0, 0)
    line.close()
    text = stream.getvalue()
    assert text.startswith("\rstoring [##") and "100/100 100%" in text
    assert text.count("\n") == 2 and text.endswith("\n")
    assert "\rmatching" in text
