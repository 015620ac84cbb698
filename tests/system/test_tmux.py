"""The installed ``incident-review`` in a real terminal (tmux): keys in, screen out."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from incident_review.core.query import IncidentFilter

pytestmark = pytest.mark.tmux


def _exe() -> str:
    found = shutil.which("incident-review", path=str(Path(sys.executable).parent)) or shutil.which("incident-review")
    assert found, "incident-review is not installed (pip install -e '.[test]')"
    return found


class Tmux:
    def __init__(self, session: str, env: dict[str, str]) -> None:
        self.session = session
        self.env = env

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True, env=self.env).stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", self.session, key)
            time.sleep(0.15)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; screen was:\n{self.screen()}")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    assert shutil.which("tmux"), "tmux is required for this test (.ci/run installs it)"
    env = {**os.environ, "TMUX_TMPDIR": str(tmp_path), "TERM": "xterm-256color"}
    env.pop("TMUX", None)
    t = Tmux(f"ir-{uuid.uuid4().hex[:8]}", env)
    yield t
    subprocess.run(["tmux", "kill-server"], env=env, capture_output=True)


def test_review_in_tmux_confirm_merge_casualties_claim_export(tmux: Tmux, tmp_path: Path) -> None:
    """The demo reviewed with the keys the help shows: confirm, merge the duplicate pair,
    set casualties, add a claimed attribution, export; then the YAML is checked."""
    db = tmp_path / "demo.db"
    out = tmp_path / "reviewed.yaml"
    exe = _exe()
    subprocess.run([exe, "--db", str(db), "demo", "--no-tui"], check=True, capture_output=True, env=tmux.env)
    tmux.run("new-session", "-d", "-s", tmux.session, "-x", "80", "-y", "24", f"{exe} --db {db} --analyst ana review")
    screen = tmux.wait_for("INC-000007")
    assert "analyst: ana" in screen and "1/7" in screen
    tmux.keys("j")
    tmux.wait_for("2/7")
    tmux.keys("c")
    tmux.wait_for("confirmed")
    tmux.wait_for("3/7")  # on to the next unreviewed row
    # Duplicate review: the two Dnipro clinic reports; merge into the left one.
    tmux.keys("d")
    screen = tmux.wait_for("group 1/1")
    # The merge's result is shown before it is made: a preview column beside the two reports.
    assert "(preview)" in screen and screen.count("INC-000002") >= 1 and "INC-000007" in screen
    tmux.keys("m")
    tmux.wait_for("No candidate duplicates left")
    tmux.keys("Escape")
    time.sleep(0.5)  # a lone Escape, not the start of Alt+key
    tmux.wait_for("3/6")
    tmux.keys("k")
    tmux.wait_for("2/6")
    # Casualties of the merged Dnipro incident (row 2): killed 3, at most 4.
    tmux.keys("K")
    tmux.wait_for("Casualties of INC-000002")
    tmux.keys("o")
    tmux.wait_for("reason")
    for key in ("3", "Tab", "3", "Tab", "4", "Tab"):
        tmux.keys(key)
    tmux.run("send-keys", "-t", tmux.session, "-l", "hospital update")
    tmux.keys("Enter")
    tmux.wait_for("analyst (override)")
    tmux.keys("Escape")
    time.sleep(0.5)
    # A claimed attribution on the cross-border raid (row 5).
    tmux.keys("j", "j", "j")
    tmux.wait_for("5/6")
    tmux.keys("a")
    tmux.wait_for("Attribution of INC-000005")
    tmux.keys("a")
    tmux.wait_for("New claim")
    tmux.run("send-keys", "-t", tmux.session, "-l", "Russian Volunteer Corps")
    for key in ("Tab", "Tab", "Enter", "Down", "Down", "Enter", "Tab"):  # stance: claimed
        tmux.keys(key)
    tmux.run("send-keys", "-t", tmux.session, "-l", "RVC Telegram")
    tmux.keys("Enter")
    tmux.wait_for("Russian Volunteer Corps")
    tmux.keys("Escape")
    time.sleep(0.5)
    tmux.keys("e")
    tmux.wait_for("Export")
    tmux.keys("C-u")
    tmux.run("send-keys", "-t", tmux.session, "-l", str(out))
    tmux.keys("Enter")
    deadline = time.monotonic() + 15
    while not out.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    tmux.keys("q")
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    by_id = {i["id"]: i for i in data["incidents"]}
    assert "INC-000007" not in by_id and by_id["INC-000002"]["merged_from"] == ["INC-000007"]
    assert (by_id["INC-000002"]["status"], by_id["INC-000002"]["reviewed_by"]) == ("confirmed", "ana")
    assert by_id["INC-000002"]["casualties"]["killed"] == {"low": 3, "best": 3, "high": 4}
    assert {s["outlet"] for s in by_id["INC-000002"]["sources"]} == {"Al Jazeera", "Wire Service"}
    claims = by_id["INC-000005"]["attribution"]
    assert {
        "actor": "Russian Volunteer Corps",
        "role": "perpetrator",
        "stance": "claimed",
        "by": "RVC Telegram",
        "source": by_id["INC-000005"]["sources"][0]["report"],  # the form cites the incident's report
    } in claims
    assert any(c["stance"] == "blamed" for c in claims)


def _by_status(exe: str, db: Path, env: dict[str, str]) -> dict[str, int]:
    """Incidents by status as ``incident-review stats`` prints them (its indented lines)."""
    out = subprocess.run([exe, "--db", str(db), "stats"], check=True, capture_output=True, text=True, env=env).stdout
    return {line.split()[0]: int(line.split()[1]) for line in out.splitlines() if line.startswith("  ")}


def test_bulk_triage_select_twenty_confirm_then_undo(tmux: Tmux, tmp_path: Path) -> None:
    """Select 20 rows with space, confirm them as one batch, undo it with one u; the CLI
    (another process on the same store) sees each step."""
    from incident_review.core.model import Incident
    from incident_review.storage.store import Store

    db = tmp_path / "triage.db"
    store = Store(db)
    store.import_incidents([Incident(id=f"INC-{i:06d}", summary=f"report {i}") for i in range(1, 31)], "ana", "test")
    store.close()
    exe = _exe()
    tmux.run("new-session", "-d", "-s", tmux.session, "-x", "80", "-y", "24", f"{exe} --db {db} --analyst ana review")
    tmux.wait_for("1/30")
    tmux.keys(*["Space"] * 20)
    screen = tmux.wait_for("20 selected")
    assert "21/30" in screen  # each space moved down
    assert "▌INC-000020" in screen and " INC-000021" in screen  # the gutter marks the selected rows
    tmux.keys("c")
    tmux.wait_for("confirmed 20 of 20")
    assert _by_status(exe, db, tmux.env) == {"unreviewed": 10, "confirmed": 20}
    tmux.keys("u")
    tmux.wait_for("undid: status")
    deadline = time.monotonic() + 15
    while _by_status(exe, db, tmux.env) != {"unreviewed": 30} and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _by_status(exe, db, tmux.env) == {"unreviewed": 30}  # the store went back, all 20 at once
    tmux.keys("q")


def test_escape_sequences_in_reports_do_not_reach_the_terminal(tmux: Tmux, tmp_path: Path) -> None:
    db = tmp_path / "evil.db"
    report = tmp_path / "evil.txt"
    report.write_text(
        "date: 2024-01-01\n\nRussian shelling hit the village of Redville \x1b[31m[bold]x[/bold]\x1b[0m "
        "yesterday, killing two people. \x1b]0;PWNED\x07\x1b[2J",
        encoding="utf-8",
    )
    exe = _exe()
    subprocess.run([exe, "--db", str(db), "ingest", str(report)], check=True, capture_output=True, env=tmux.env)
    tmux.run("new-session", "-d", "-s", tmux.session, "-x", "120", "-y", "40", f"{exe} --db {db} review")
    screen = tmux.wait_for("INC-000001")
    screen = tmux.wait_for("[bold]x[/bold]")
    assert "␛[31m" in screen
    title = tmux.run("display-message", "-p", "-t", tmux.session, "#{pane_title}")
    assert "PWNED" not in title
    tmux.keys("q")


def test_filter_by_place_and_killed_search_and_frequencies_in_tmux(tmux: Tmux, tmp_path: Path) -> None:
    """The filter bar typed at terminal speed (send-keys sends the text at once, right after
    f), search-and-jump, and a value picked in the frequency view, at 80x24."""
    db = tmp_path / "demo.db"
    exe = _exe()
    subprocess.run([exe, "--db", str(db), "demo", "--no-tui"], check=True, capture_output=True, env=tmux.env)
    tmux.run("new-session", "-d", "-s", tmux.session, "-x", "80", "-y", "24", f"{exe} --db {db} --analyst ana review")
    tmux.wait_for("new 7 · confirmed 0 · rejected 0 · follow-up 0")
    tmux.run("send-keys", "-t", tmux.session, "-l", "fplace:Dnipro killed>0")  # f and the filter in one go
    tmux.keys("Enter")
    tmux.wait_for("filter: place:Dnipro killed>0")
    screen = tmux.wait_for("new 2 · confirmed 0 · rejected 0 · follow-up 0")  # the counts follow the filter
    rows = [line for line in screen.splitlines() if line.startswith("INC-")]
    assert "1/2" in screen and [r.split()[0] for r in rows] == ["INC-000002", "INC-000007"]
    tmux.run("send-keys", "-t", tmux.session, "-l", "fstatus:bogus")
    tmux.keys("Enter")
    tmux.wait_for("status: 'bogus' is not one of new, confirmed, rejected, follow-up")
    tmux.keys("Escape")
    time.sleep(0.5)
    tmux.keys("C-u")  # (nothing: the bar is closed) then no filter again
    tmux.run("send-keys", "-t", tmux.session, "-l", "f")
    tmux.keys("C-u", "Enter")
    tmux.wait_for("1/7")
    tmux.run("send-keys", "-t", tmux.session, "-l", "/krasnodar")
    tmux.keys("Enter")
    tmux.wait_for("/krasnodar: match 1 of 1")
    tmux.wait_for("6/7")
    tmux.keys("F")
    tmux.wait_for("Frequency of status")
    tmux.keys("l")
    tmux.wait_for("Belgorod Oblast")
    tmux.keys("Enter")
    screen = tmux.wait_for('filter: admin1:"Belgorod Oblast"')
    assert "/3" in screen
    # Bursts: each one send-keys call, its keys in the app's queue before the first is
    # handled. Nothing is lost to a prompt still opening, a reload or a ctrl+u in the bar.
    burst = ["send-keys", "-t", tmux.session]
    tmux.run(*burst, "f", "C-u", "Enter", "G")  # no filter, then the last row
    tmux.wait_for("7/7")
    tmux.run(*burst, ":", "INC-000005", "Enter", "j")  # jump, then one down from it
    tmux.wait_for("6/7")
    tmux.run(*burst, "R", "fair", "Enter")  # the f of fair is the grade's, not the filter bar's
    tmux.wait_for("INC-000006: grade fair")
    tmux.run(*burst, "f", "country:RU", "Enter", "j", "j")  # j moves in the new rows
    screen = tmux.wait_for("filter: country:RU")
    tmux.wait_for("3/4")
    tmux.keys("q")
    from incident_review.storage.store import Store

    store = Store(db)
    try:
        stored = list(store.iter_incidents(IncidentFilter()))
        assert [i.id for i in stored if i.grade] == ["INC-000006"] and {i.status for i in stored} == {"unreviewed"}
    finally:
        store.close()
