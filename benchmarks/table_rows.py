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
    what: str  # as the issue names it (printed when the row is skipped)
    measure: Callable[[Context], Row]
    slow: bool = False


ROWS = (
    RowSpec("j", "j to whole screen redrawn", table_tui.key_j),
    RowSpec("sort", "country filter sorted by killed", table_tui.filter_sorted),
    RowSpec("count", "filtered count shown", table_tui.filtered_count),
    RowSpec("search", "search, Enter to rows", table_tui.search),
    RowSpec("cold", "cold open to rows, pty", table_tui.cold_open),
    RowSpec("dup100k", "duplicates --rebuild, 100k, CLI", table_cli.duplicates_100k),
    RowSpec("dup1m", "duplicates 1M", table_cli.duplicates_1m),
    RowSpec("report", "one 15-incident report vs a 1M store, CLI", table_cli.one_report),
    RowSpec("ingest", "ingest end to end, article density", table_cli.ingest),
    RowSpec("yaml", "import 100k YAML", table_cli.yaml_import, slow=True),
    RowSpec("build", "build a 1M store", table_cli.build, slow=True),
)
KEYS = tuple(r.key for r in ROWS)
