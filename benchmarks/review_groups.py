"""How fast the duplicate review opens on a store with many open candidate pairs (issue
#12: on a 2.8k-incident UCDP import with ~20k pairs, ``review_groups()`` spent 233 s in
``p not in split`` over a list, and the screen never opened).

    python -m benchmarks review-groups [--pairs 20000] [--shape clusters|dataset|chain]

Shapes (each a store built once in $BENCH_DIR, default /tmp):
- ``clusters``: groups of four reports of one strike (all six pairs open), and a fifth
  incident a week away paired with some of them (a pair the cluster splits off);
- ``dataset``: rows of one dataset paired with each other (what a rebuild with
  ``within_dataset`` leaves for a review that keeps rows of a dataset apart): every pair
  conflicts and is reviewed on its own, the case that took 233 s;
- ``chain``: incidents a day apart at one place, each paired with its 14 neighbours: one
  component whose joins conflict ever more (the clustering's worst case).

Prints the time of each step (open pairs read, inputs read, clustering, grouping), of
``review_groups()`` as a whole (and when its first groups were known), and of the screen,
in a fresh process: ``d`` until the first group is drawn (wall, and CPU of the whole
process) and until the whole queue is, warm (the app's warm-up done, as a few seconds
into a session) and cold (the first ``d`` before it: the matching modules load then).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from itertools import combinations
from pathlib import Path
from typing import TypeVar

from incident_review.core.matching import Pair
from incident_review.core.model import Incident, Source
from incident_review.storage.store import Store

SHAPES = ("clusters", "dataset", "chain")
START = dt.date(2024, 1, 1)
T = TypeVar("T")


def _incident(incident_id: str, day: dt.date, report: str) -> Incident:
    return Incident(
        id=incident_id,
        date=day,
        date_precision="day",
        country="UA",
        admin1="Kharkiv Oblast",
        location="Kharkiv",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        summary=f"strike {incident_id}",
        sources=[Source(report, "Outlet")],
    )


def _clusters(n_pairs: int) -> tuple[list[Incident], list[Pair]]:
    incidents: list[Incident] = []
    pairs: list[Pair] = []
    k = 0
    while len(pairs) < n_pairs:
        day = START + dt.timedelta(days=k % 300)
        members = [f"C{k:06d}-{j}" for j in range(4)]
        incidents += [_incident(m, day, f"R-{m}") for m in members]
        pairs += [Pair(a, b, 0.9, {"place": 1.0}) for a, b in combinations(members, 2)]
        if k % 3 == 0:  # strong enough to propose, a week from the cluster: split off
            other = f"C{k:06d}-x"
            incidents.append(_incident(other, day + dt.timedelta(days=7), f"R-{other}"))
            pairs.append(Pair(members[0], other, 0.7, {"place": 1.0}))
        k += 1
    return incidents, pairs[:n_pairs]


def _neighbours(n_pairs: int, degree: int, make: Callable[[int], Incident]) -> tuple[list[Incident], list[Pair]]:
    """Incidents in a row, each paired with the next ``degree // 2``."""
    step = max(degree // 2, 1)
    n = n_pairs // step + step + 1
    incidents = [make(i) for i in range(n)]
    pairs = [
        Pair(incidents[i].id, incidents[j].id, 0.7 + 0.2 * ((i * 7 + j) % 10) / 10, {"place": 1.0})
        for i in range(n)
        for j in range(i + 1, min(i + 1 + step, n))
    ]
    return incidents, pairs[:n_pairs]


def _dataset(n_pairs: int) -> tuple[list[Incident], list[Pair]]:
    # Rows of UCDP GED, four a day at one place (report ids ``ucdp:...``: one dataset).
    def row(i: int) -> Incident:
        return _incident(f"UCDP-{i:06d}", START + dt.timedelta(days=i // 4), f"ucdp:{i}")

    return _neighbours(n_pairs, 14, row)


def _chain(n_pairs: int) -> tuple[list[Incident], list[Pair]]:
    # Reports of strikes, three a day at one place: neighbours a few days apart conflict.
    def strike(i: int) -> Incident:
        return _incident(f"CH-{i:06d}", START + dt.timedelta(days=i // 3), f"R-CH-{i}")

    return _neighbours(n_pairs, 14, strike)


def _chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def bench_store(shape: str, n_pairs: int) -> Path:
    path = Path(os.environ.get("BENCH_DIR", "/tmp")) / f"incident-review-review-groups-{shape}-{n_pairs}.db"
    if path.exists():
        return path
    tmp = path.with_suffix(".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    incidents, pairs = {"clusters": _clusters, "dataset": _dataset, "chain": _chain}[shape](n_pairs)
    store = Store(tmp)
    for chunk in _chunks(incidents, 20_000):
        store.import_incidents(chunk, "bench", "synthetic")
    store.duplicates.add(pairs)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.rename(path)
    return path


def _timed(label: str, action: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    value = action()
    print(f"  {label:28} {time.perf_counter() - wall:7.3f} s wall  {time.process_time() - cpu:7.3f} s CPU")
    return value


def _steps(store: Store) -> None:
    from incident_review.services import duplicates as dup

    m = dup.matcher()
    pairs = _timed("open pairs read", lambda: store.duplicates.open_pairs(m.threshold, components=False))
    ids = sorted({x for p in pairs for x in (p.a, p.b)})
    inputs = _timed("clustering inputs read", lambda: {x.id: x for x in store.duplicates.conflict_inputs(ids)})
    groups, split = _timed("clusters", lambda: m.clusters(pairs, inputs))
    review = _timed("grouping (group_pairs)", lambda: dup.group_pairs(pairs, groups, split))
    print(
        f"  {len(pairs):,} open pairs, {len(ids):,} incidents: {len(groups):,} cluster(s), "
        f"{len(split):,} split pair(s); {len(review):,} review groups, the largest of "
        f"{max((len(g.ids) for g in review), default=0):,} incidents"
    )
    wall = time.perf_counter()
    first: list[float] = []
    _timed("review_groups() in all", lambda: dup.review_groups(store, lambda _: first.append(time.perf_counter())))
    print(f"  {'its first groups known after':28} {first[0] - wall:7.3f} s wall")


SCREEN = """
import asyncio, sys, time
from benchmarks.review_app import review_app
from incident_review.services import duplicates
from incident_review.tui.duplicate_review import DuplicateReview

marks: dict[str, tuple[float, float]] = {}
shown, whole = asyncio.Event(), asyncio.Event()
redraw = DuplicateReview._redraw


def timed_redraw(self: DuplicateReview) -> None:
    # Timed where the screen draws, not by polling it (a polling loop on the event loop
    # takes the GIL from the worker every few ms and slows what it measures).
    redraw(self)
    if self.members and "first" not in marks:
        marks["first"] = (time.perf_counter(), time.process_time())
        shown.set()
    if self.members and self.complete and "whole" not in marks:
        marks["whole"] = (time.perf_counter(), time.process_time())
        whole.set()


DuplicateReview._redraw = timed_redraw


async def main(path: str, warm: bool) -> None:
    if not warm:  # the first d before the app's warm-up (tui/app.py) has loaded matching
        import incident_review.tui.app

        incident_review.tui.app.WARM_UP_SECONDS = 1e9
    app = review_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if warm:  # as an analyst who presses d a few seconds into the session: warmed up
            while duplicates.matcher.cache_info().currsize == 0:
                await asyncio.sleep(0.1)
        wall, cpu = time.perf_counter(), time.process_time()
        app.action_duplicates()  # what "d" runs
        await asyncio.wait_for(whole.wait(), 600)
        (first, first_cpu), (done, _) = marks["first"], marks["whole"]
        print(first - wall, first_cpu - cpu, done - wall, len(app.screen.groups))

asyncio.run(main(sys.argv[1], sys.argv[2] == "warm"))
"""


def _screen(path: Path, warm: bool) -> tuple[float, float, float, int]:
    """In a fresh process: ``d`` pressed until the first group is on screen (wall, CPU),
    until the whole queue is (wall), and the groups."""
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    args = [sys.executable, "-c", SCREEN, str(path), "warm" if warm else "cold"]
    out = subprocess.run(args, capture_output=True, text=True, check=True, env=env)
    first_wall, first_cpu, whole, groups = out.stdout.split()
    return float(first_wall), float(first_cpu), float(whole), int(groups)


def run(n_pairs: int, shapes: list[str]) -> int:
    for shape in shapes:
        started = time.perf_counter()
        path = bench_store(shape, n_pairs)
        built = time.perf_counter() - started
        note = f", built in {built:.0f} s" if built > 1 else ""
        print(f"review-groups, shape {shape}, {n_pairs:,} open pairs ({path}{note})")
        store = Store(path)
        try:
            _steps(store)
        finally:
            store.close()
        for warm in (True, False):
            first_wall, first_cpu, whole, groups = _screen(path, warm)
            print(
                f"  duplicate screen, {'warm' if warm else 'cold'}: d to its first group {first_wall:.3f} s wall "
                f"({first_cpu:.3f} s CPU), to the whole queue ({groups:,} groups) {whole:.3f} s"
                + ("" if warm else " (cold: before the app's warm-up has loaded the matching modules)")
            )
    return 0


if __name__ == "__main__":
    sys.exit(run(20_000, list(SHAPES)))
