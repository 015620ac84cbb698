"""The rows of issue #16's table, in its order: a key for ``--rows``, the function that
measures it, and whether it is slow (minutes: left out by ``--skip-slow``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from benchmarks import table_cli, table_tui
from benchmarks.table_result import Context, Row


@dataclass(frozen=True)
class RowSpec:
    key: str
    what: str  # as the issue names it, and its target (printed when the row is skipped)
    target: str
    measure: Callable[[Context], Row]
    slow: bool = False


ROWS = (
    RowSpec("j", "j to whole screen redrawn", "< 30 ms", table_tui.key_j),
    RowSpec("sort", "country filter sorted by killed", "< 100 ms", table_tui.filter_sorted),
    RowSpec("count", "filtered count shown", "< 0.5 s", table_tui.filtered_count),
    RowSpec("search", "search, Enter to rows", "< 100 ms", table_tui.search),
    RowSpec("cold", "cold open to rows, pty", "< 0.5 s", table_tui.cold_open),
    RowSpec("dup100k", "duplicates --rebuild, 100k, CLI", "< 5 s", table_cli.duplicates_100k),
    RowSpec("dup1m", "duplicates 1M", "< 30 s", table_cli.duplicates_1m),
    RowSpec("report", "one 15-incident report vs a 1M store, CLI", "< 0.5 s", table_cli.one_report),
    RowSpec("ingest", "ingest end to end, article density", ">= 200 reports/s", table_cli.ingest),
    RowSpec("yaml", "import 100k YAML", "< 60 s, < 1 GB", table_cli.yaml_import, slow=True),
    RowSpec("build", "build a 1M store", "README's ~10 min (~7 min before 12-03)", table_cli.build, slow=True),
)
KEYS = tuple(r.key for r in ROWS)
