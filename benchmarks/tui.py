"""The review TUI on a big store: cold start, key latency, filter, search, memory.

Two ways: through a real pty (benchmarks/tui_pty.py: the installed app, keys as a terminal
sends them, time to the last byte of the screen: what the analyst feels), and in-process
(below: ``run_test``, the bindings' actions called directly, time until the list holds the
rows: what the code costs, without drawing or the terminal; kept until the pty figures have
a history of their own).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import tui_pty
from benchmarks.common import bench_store, peak_rss_mb

COLD_START = """
import time
t0 = time.perf_counter()
import asyncio, sys
from benchmarks.review_app import review_app
from incident_review.tui.incident_list import IncidentList

async def main() -> None:
    app = review_app(sys.argv[1])
    async with app.run_test(size=(120, 40)) as pilot:
        listing = app.query_one(IncidentList)
        while not listing.rows:
            await asyncio.sleep(0.002)
        await pilot.pause()
        print(time.perf_counter() - t0)

asyncio.run(main())
"""


def cold_start(path: Path) -> float:
    root = str(Path(__file__).resolve().parent.parent)  # benchmarks/ importable in the child
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    out = subprocess.run(
        [sys.executable, "-c", COLD_START, str(path)], capture_output=True, text=True, check=True, env=env
    )
    return float(out.stdout.strip().splitlines()[-1])


async def _latencies(path: Path) -> dict[str, list[float]]:
    from benchmarks.review_app import review_app
    from incident_review.core.query import IncidentFilter, Sort
    from incident_review.tui.incident_list import IncidentList

    app = review_app(path)
    timings: dict[str, list[float]] = {k: [] for k in ("j", "G", "pagedown", "filter", "search", "jump", "sort")}
    async with app.run_test(size=(120, 40)) as pilot:
        listing = app.query_one(IncidentList)

        async def settled(predicate) -> None:  # type: ignore[no-untyped-def]
            """Until the rows are in, then draw every visible line as the compositor would."""
            while not predicate():
                await asyncio.sleep(0.0002)
            for y in range(listing.size.height):
                listing.render_line(y)

        async def key(action, predicate) -> float:  # type: ignore[no-untyped-def]
            # The binding's action is called directly: Pilot.press adds ~100 ms of its own
            # waiting, which a real terminal does not have.
            started = time.perf_counter()
            action()
            await settled(predicate)
            return time.perf_counter() - started

        await settled(lambda: bool(listing.rows) and not app._counting)
        for _ in range(100):
            want = listing.cursor + 1
            timings["j"].append(
                await key(
                    listing.action_cursor_down, lambda w=want: listing.cursor == w and listing.current is not None
                )
            )
        for _ in range(20):
            timings["pagedown"].append(await key(lambda: listing.action_page(1), lambda: listing.current is not None))
        for _ in range(5):
            timings["G"].append(await key(listing.action_last, lambda: listing.current is not None))
            await key(listing.action_first, lambda: listing.current is not None)
        started = time.perf_counter()
        await pilot.press("j")
        pilot_press = time.perf_counter() - started
        for f in (
            IncidentFilter(country="UA"),
            IncidentFilter(country="RU"),
            IncidentFilter(statuses=("unreviewed",)),
            IncidentFilter(admin1="Kharkiv Oblast"),
            IncidentFilter(),
        ):
            started = time.perf_counter()
            app.filter = f
            app.reload()
            await settled(lambda f=f: app.shown_filter == f and listing.current is not None)
            timings["filter"].append(time.perf_counter() - started)
        for words in ("Kharkiv", "market", "glide bomb", "Shevchenko street", "officials"):
            started = time.perf_counter()
            f = IncidentFilter(search=words)
            app.filter = f
            app.reload()
            await settled(lambda f=f: app.shown_filter == f and listing.current is not None)
            timings["search"].append(time.perf_counter() - started)
        app.filter = IncidentFilter()
        n = app.browse.count(app.filter)
        for fraction in (0.5, 0.97, 0.25, 0.75, 0.9):
            seq = max(1, int(n * fraction))
            target = app.browse.store.conn.execute(
                "SELECT id FROM incidents WHERE seq >= ? ORDER BY seq LIMIT 1", (seq,)
            ).fetchone()[0]
            started = time.perf_counter()
            app.reload(target)  # what ":" does once the id is known to exist
            await settled(lambda t=target: listing.current is not None and listing.current.id == t)
            timings["jump"].append(time.perf_counter() - started)
        for column in ("date", "killed", "location", "seq", "status"):
            kept = listing.current.id if listing.current else None
            started = time.perf_counter()
            sort = Sort(column, descending=column == "killed")
            app.sort = sort
            app.reload(kept)  # what "s" does
            await settled(
                lambda k=kept, s=sort: app.shown_sort == s and listing.current is not None and listing.current.id == k
            )
            timings["sort"].append(time.perf_counter() - started)
        # The last reload's count outlives the timings: let it land before the app closes
        # (a count that lands after it finds no list and fails the run).
        await app.workers.wait_for_complete()
        await pilot.pause()
    timings["pilot press (reference)"] = [pilot_press]
    return timings


def query_figures(path: Path) -> list[str]:
    """Filter x sort first pages and filter counts straight from storage/listing.py (no
    TUI): the SQL the list runs, best of 3, on a read-only connection (no migration)."""
    import sqlite3

    from incident_review.core.query import IncidentFilter, Sort
    from incident_review.storage import listing

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def best_ms(fn) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(3):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        return min(times) * 1000

    filters = {
        "country:UA": IncidentFilter(country="UA"),
        "admin1:Kharkiv": IncidentFilter(admin1="Kharkiv Oblast"),
        "status:unreviewed": IncidentFilter(statuses=("unreviewed",)),
        "type:Air/drone strike": IncidentFilter(event_type="Air/drone strike"),
        "type:Battles": IncidentFilter(event_type="Battles"),
    }
    sorts = [Sort("killed", True), Sort("date"), Sort("seq"), Sort("location"), Sort("status")]
    lines = []
    for name, f in filters.items():
        pages = {
            f"{s.column}{'↓' if s.descending else ''}": best_ms(lambda f=f, s=s: listing.page(conn, f, s, None, 50))
            for s in sorts
        }
        counted = best_ms(lambda f=f: listing.count(conn, f))
        lines.append(
            f"  {name}: first page by "
            + ", ".join(f"{k} {v:.1f}" for k, v in pages.items())
            + f" ms; count {counted:.1f} ms"
        )
    conn.close()
    return lines


def run(
    n: int,
    sizes: tuple[tuple[int, int], ...] = tui_pty.SIZES,
    keys: int = 30,
    colds: int = 3,
    exe: str | None = None,
    in_process: bool = True,
) -> int:
    path = bench_store(n)
    print(f"tui n={n:,} (store {path}, {os.path.getsize(path) / 1e9:.2f} GB)")
    for line in tui_pty.run(path, sizes, keys, colds, exe):
        print(line, flush=True)
    if in_process:
        _in_process(path)
    return 0


def _in_process(path: Path) -> None:
    starts = [cold_start(path) for _ in range(3)]
    timings = asyncio.run(_latencies(path))
    ms = {k: statistics.median(v) * 1000 for k, v in timings.items()}
    print(
        "in-process (run_test, actions called directly, no terminal; not what the analyst feels): "
        f"cold start to first drawn screen {statistics.median(starts):.2f} s "
        f"(runs: {', '.join(f'{s:.2f}' for s in starts)})"
    )
    print("  key to redraw, median ms: " + ", ".join(f"{k} {ms[k]:.1f}" for k in ("j", "pagedown", "G")))
    print(
        f"  filter change {ms['filter']:.0f} ms median (max {max(timings['filter']) * 1000:.0f}); "
        f"search {ms['search']:.0f} ms median (max {max(timings['search']) * 1000:.0f})"
    )
    print(
        f"  jump to an id deep in the list {ms['jump']:.0f} ms median (max {max(timings['jump']) * 1000:.0f}); "
        f"sort change keeping the cursor's incident {ms['sort']:.0f} ms median "
        f"(max {max(timings['sort']) * 1000:.0f})"
    )
    print(f"  (for reference, one Pilot.press round trip: {ms['pilot press (reference)']:.0f} ms)")
    print(f"  peak RSS {peak_rss_mb():.0f} MB (store file {os.path.getsize(path) / 1e9:.2f} GB)")
    print(
        "  list queries (storage/listing.py, best of 3; before migration 7, country:UA by killed "
        "took 4.7 s and its count 1.3-2.8 s at 1M):"
    )
    for line in query_figures(path):
        print(line)
