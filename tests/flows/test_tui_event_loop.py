"""Nothing on the event loop calls SQLite: a review session driven through every screen
makes all its store reads and writes in worker threads, and quitting does not wait for
another process's write lock."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

from incident_review.core.query import IncidentFilter
from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.services.ingest import ingest_paths
from incident_review.storage.store import Store
from incident_review.tui.app import RELEASE_WAIT, ReviewApp
from incident_review.tui.duplicate_review import DuplicateReview
from incident_review.tui.history import HistoryScreen
from incident_review.tui.incident_list import IncidentList
from tests.conftest import ROOT
from tests.flows.test_tui_latency import HOLDER
from tests.tui_helpers import settle


class SqliteCalls:
    """A profile hook (sys.setprofile: this thread only) that records every call into
    sqlite3 (connect, and any Connection's or Cursor's method) and every acquisition of
    the given locks, with the Python line that made it."""

    def __init__(self, *locks: object) -> None:
        self.locks = locks
        self.calls: list[str] = []

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        if event != "c_call":
            return
        owner = getattr(arg, "__self__", None)
        if (
            isinstance(owner, sqlite3.Connection | sqlite3.Cursor)
            or getattr(owner, "__name__", None) == "_sqlite3"
            or any(owner is lock for lock in self.locks)
        ):
            self.calls.append(f"{arg.__qualname__} from {_tui_caller(frame)}")


def _tui_caller(frame: FrameType | None) -> str:
    """The innermost line of tui/ that led to ``frame`` (else the frame's own line)."""
    first = frame
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if path.parent.name == "tui":
            return f"tui/{path.name}:{frame.f_lineno} in {frame.f_code.co_name}"
        frame = frame.f_back
    assert first is not None
    return f"{first.f_code.co_filename}:{first.f_lineno}"


async def test_a_review_session_makes_no_sqlite_call_on_the_event_loop(tmp_path: Path) -> None:
    store = Store(tmp_path / "demo.db")
    ingest_paths(store, sorted((ROOT / "seeds").glob("*.txt")), "tester")
    bob = Store(tmp_path / "demo.db")
    app = ReviewApp(Browse(store), "ana")  # opens its poll connection: before the app runs
    calls = SqliteCalls(store.database.lock, app.reader.store.database.lock)
    sys.setprofile(calls)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            listing = app.query_one(IncidentList)
            await pilot.press("j", "j", "enter", "tab", "G", "g")  # move, open the detail pane
            await settle(pilot)
            await pilot.press("c", "j", "x", "u", "ctrl+r")  # write, undo, redo
            await settle(pilot)
            await pilot.press("i", *"checked", "enter", "R", *"fair", "enter")  # dialogs that write
            await settle(pilot)
            await pilot.press("slash", *"strike", "enter", "n", "N", "escape", "s", "S")  # search, sort
            await settle(pilot)
            await pilot.press("f", *"killed>0 place:Dni", "tab", "enter")  # the filter bar, completed
            await settle(pilot)
            await pilot.press("F", "l", "enter", "!")  # frequencies, a value picked; follow-up
            await settle(pilot)
            await pilot.press("f", "ctrl+u", "enter")  # no filter again
            await settle(pilot)
            await pilot.press("colon", *"INC-000003", "enter")  # jump
            await settle(pilot)
            assert listing.current is not None and listing.current.id == "INC-000003"
            await pilot.press("e", "ctrl+u", *str(tmp_path / "out.yaml"), "enter")  # export
            await settle(pilot)
            await pilot.press("H")  # history
            await settle(pilot)
            assert isinstance(app.screen, HistoryScreen)
            await pilot.press("escape", "a")  # attribution: add a claim
            await settle(pilot)
            await pilot.press("a", *"Wagner", "enter")
            await settle(pilot)
            await pilot.press("escape", "K", "A")  # casualties: next aggregation
            await settle(pilot)
            await pilot.press("escape", "d")  # duplicates: merge the pair
            await settle(pilot)
            assert isinstance(app.screen, DuplicateReview) and len(app.screen.members) == 2
            await pilot.press("m")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            app._renew_lease()  # presence
            # Another analyst's write, seen by the poll (it runs every second).
            first = listing.current
            assert first is not None
            await asyncio.to_thread(lambda: review.add_note(bob, bob.get(first.id), "bob's", "bob"))  # type: ignore[arg-type]
            await pilot.pause(2.5)
            await settle(pilot)
            assert app.incident is not None and "bob's" in [n.text for n in app.incident.notes]
    finally:
        sys.setprofile(None)
    assert sorted(set(calls.calls)) == []
    # And the session did what was asked of it.
    assert (tmp_path / "out.yaml").exists()
    assert store.stats()["merged"] == 1
    assert any(c.actor == "Wagner" for inc in store.iter_incidents(IncidentFilter()) for c in inc.attribution)
    bob.close()
    store.close()


async def test_quitting_while_another_process_holds_the_write_lock_does_not_wait_for_it(tmp_path: Path) -> None:
    from incident_review.core.model import Incident

    db = tmp_path / "store.db"
    store = Store(db)
    store.import_incidents([Incident(id="INC-000001", summary="shelling")], "t", "t")
    app = ReviewApp(Browse(store), "ana")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdin is not None and holder.stdout is not None
    letting_go = threading.Timer(10, holder.stdin.close)  # at the latest: a hung quit ends
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert holder.stdout.readline().strip() == "held"
            letting_go.start()
            started = time.monotonic()
            await pilot.press("q")
        quit_took = time.monotonic() - started
    finally:
        letting_go.cancel()
        holder.stdin.close()
        holder.wait(timeout=30)
    # The presence release waits for the lock in a thread of its own, the quit a moment only
    # (the lease then expires by itself); before, the quit waited as long as the lock was held.
    assert quit_took < RELEASE_WAIT + 2, quit_took
    store.close()


async def test_an_idle_session_does_not_recount_for_its_own_presence(seeded: Store, monkeypatch: Any) -> None:
    """The poll has a connection of its own, so it sees this session's presence renewals
    commit like anyone's; they must not cost a recount (over a million rows) each time."""
    from incident_review.tui import app as app_module

    monkeypatch.setattr(app_module, "LEASE_SECONDS", 1.5)  # a renewal every 0.5 s
    app = ReviewApp(Browse(seeded), "ana")
    counts: list[IncidentFilter] = []
    counting = app.reader.count

    def count(f: IncidentFilter) -> int:
        counts.append(f)
        return counting(f)

    monkeypatch.setattr(app.reader, "count", count)
    renewals: list[object] = []
    holding = seeded.hold

    def hold(*args: Any, **kwargs: Any) -> tuple[int, int] | None:
        renewals.append(args)
        return holding(*args, **kwargs)

    monkeypatch.setattr(seeded, "hold", hold)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause(3)  # six renewals, three polls
        assert len(renewals) >= 3
        await settle(pilot)
        assert counts == []
        other = Store(seeded.path)
        inc = other.get("INC-000001")
        assert inc is not None
        review.add_note(other, inc, "bob's", "bob")
        other.close()
        await pilot.pause(1.5)
        await settle(pilot)
        assert counts  # another analyst's write is counted
    assert seeded.holders(["INC-000001"], "x") == {}
