"""The filter language's new reads on a big store: a first page and the count under each
new term, the frequency view's GROUP BY, the header's counts per status, completion's
values and search-and-jump (all run in workers by the TUI: these are their costs).

    python -m benchmarks.facets [--n 100000]

Each figure: the median of a few runs, wall and this process's CPU, on the bench store
(benchmarks/common.py; built once in $BENCH_DIR).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from benchmarks.common import bench_store
from incident_review.core.filter_text import parse_filter
from incident_review.core.query import IncidentFilter, Sort
from incident_review.services.browse import Browse

RUNS = 3


def _timed(what: Callable[[], Any]) -> tuple[float, float, Any]:
    """Median wall and CPU milliseconds of RUNS calls, and the last result."""
    walls, cpus = [], []
    result: Any = None
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        result = what()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus), result


def _row(name: str, what: Callable[[], Any], shown: Callable[[Any], str] = str) -> None:
    wall, cpu, result = _timed(what)
    print(f"  {name:<52} {wall:8.1f} ms wall {cpu:8.1f} ms CPU   {shown(result)[:40]}")


def run(n: int) -> int:
    browse = Browse.open(bench_store(n))
    try:
        everything = IncidentFilter()
        first = browse.page(everything, Sort(), None, 1)[0]
        incident = browse.get(first.id)
        assert incident is not None
        place, outlet = incident.location, incident.sources[0].outlet if incident.sources else None
        late = browse.page(everything, Sort(descending=True), None, 1)[0].id
        print(f"n={n:,}: new filter terms, first page (sorted by date / killed) and count")
        for text in (
            f'place:"{place}"',
            "killed>0",
            "killed:3-10",
            "killed:?",
            "wounded>=5",
            "sources>1",
            'actor:"Russian forces"',
            f'outlet:"{outlet}"',
            "status:new killed>0",
        ):
            f = parse_filter(text)
            for sort in (Sort("date"), Sort("killed", True)):
                _row(f"page {text} by {sort.column}", partial(browse.page, f, sort, None, 200), _len)
            _row(f"count {text}", partial(browse.count, f))
        print("frequency view (GROUP BY), counts per status, completion values")
        ua = parse_filter("country:UA")
        for key in ("status", "admin1", "place", "type", "actor", "outlet"):
            for name, f in (("all", everything), ("country:UA", ua)):
                _row(f"frequencies {key} ({name})", partial(browse.frequencies, f, key, 500), _len)
        _row("status counts (all)", lambda: browse.status_counts(everything))
        _row("status counts (country:UA)", lambda: browse.status_counts(ua))
        for key in ("admin1", "place", "type", "actor", "outlet", "country"):
            _row(f"completion values {key}", partial(browse.filter_values, key, 5000), _len)
        print("search-and-jump (next match, its index and the number of matches)")
        for text, note in ((late, "one match, at the end"), ("Kharkiv", "a common word")):
            _row(f"/{text} from the top ({note})", partial(browse.find, everything, Sort(), text, None), _match)
        found = browse.find(everything, Sort(), "Kharkiv", None)
        if found is not None:
            _row("n after the first Kharkiv", lambda: browse.find(everything, Sort(), "Kharkiv", found.row.key), _match)
    finally:
        browse.close()
    return 0


def _len(rows: Any) -> str:
    return f"{len(rows):,} rows"


def _match(m: Any) -> str:
    return "none" if m is None else f"{m.row.id} {m.index + 1}/{m.total}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.facets", description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    return run(parser.parse_args(argv).n)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
