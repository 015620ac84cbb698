"""The table's rows for the review TUI, through a real pty (benchmarks/terminal.py; the
screen predicates of benchmarks/tui_pty.py): each figure from the key written to the last
byte of the screen it causes, the app's CPU from /proc, beside an anchor measured in the
same run: the bare Textual list (benchmarks/bare_list.py) in the same pty, or the raw SQL
the screen needs, on a read-only connection."""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks import tui_pty
from benchmarks.table_result import Check, Context, Figure, Row, store_copy
from benchmarks.terminal import Screen, Terminal, find

SIZE = (80, 24)  # the smallest common terminal (startup and tui measure it too)
WIDE = (120, 40)  # the filter session: every column shown, the status line whole
FILTERS = ("country:UA", "country:RU")  # alternated under killed↓
SEARCHES = ("Kharkiv", "glide bomb", "sanctions", "grain exports", "Shevchenko street")
PAGE_SQL = (
    "SELECT seq, id, date, location, killed FROM incidents "
    "WHERE country = ? AND merged_into IS NULL ORDER BY killed DESC, seq DESC LIMIT 50"
)
COUNT_SQL = "SELECT count(*) FROM incidents WHERE country = ? AND merged_into IS NULL"
FTS_SQL = "SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT 50"


def _review_argv(ctx: Context) -> list[str]:
    return [ctx.exe, "--db", str(store_copy(ctx, ctx.n)), "--analyst", "bench", "review"]


def _opened(screen: Screen) -> bool:
    return tui_pty._status(screen).startswith("1/") and tui_pty._detail_id(screen) == "INC-0000001"


def _bare_opened(screen: Screen) -> bool:
    return find(screen, "row 1") is not None and find(screen, "row 2") is not None


def _start(argv: list[str], ctx: Context, size: tuple[int, int], wanted: Callable[[Screen], bool]) -> Terminal:
    term = Terminal(argv, size[0], size[1], ctx.env)
    ctx.cache.setdefault("terminals", []).append(term)
    term.settle(wanted, term.started, timeout=120)
    return term


def _quit(term: Terminal, ctx: Context) -> None:
    term.send("q")
    term.pump(0.3)
    term.close()
    ctx.cache["terminals"].remove(term)


def close_all(ctx: Context) -> None:
    """End every program a row started and left running (a row that raised)."""
    for term in ctx.cache.get("terminals", []):
        term.close()
    ctx.cache["terminals"] = []


def _median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def cold_open(ctx: Context) -> Row:
    """Exec to the first screen with rows (the status bar on row 1, the detail on it),
    ``repeat`` times, interleaved with the bare Textual list's first screen."""
    row = Row("cold", "cold open to rows, pty", "< 0.5 s", os.getloadavg()[0], anchor_what="bare Textual list")
    runs: dict[str, list[tuple[float, float]]] = {"app": [], "bare": []}
    for _ in range(ctx.repeat):
        for name, argv, wanted in (
            ("app", _review_argv(ctx), _opened),
            ("bare", [sys.executable, str(tui_pty.BARE)], _bare_opened),
        ):
            term = Terminal(argv, SIZE[0], SIZE[1], ctx.env)
            ctx.cache.setdefault("terminals", []).append(term)
            took = term.settle(wanted, term.started, timeout=120)
            runs[name].append((took, term.cpu_seconds()))
            _quit(term, ctx)
    app, bare = (
        Figure(statistics.median(w for w, _ in r), statistics.median(c for _, c in r), "s")
        for r in (runs["app"], runs["bare"])
    )
    row.project, row.anchor = app, bare
    row.checks = [Check(app.wall, 0.5, "s")]
    row.note = f"median of {ctx.repeat} at {SIZE[0]}x{SIZE[1]}; each: " + ", ".join(f"{w:.2f}" for w, _ in runs["app"])
    return row


def key_j(ctx: Context) -> Row:
    """``keys`` presses of j, each waited for to the whole screen redrawn (the status bar's
    position and the detail pane on the new row), beside the bare list's j."""
    row = Row(
        "j",
        f"j to whole screen redrawn, {ctx.n:,}",
        "< 30 ms",
        os.getloadavg()[0],
        anchor_what="bare Textual list, same pty",
    )
    figures = tui_pty.Figures(SIZE)
    term = _start(_review_argv(ctx), ctx, SIZE, _opened)
    if not tui_pty._counted(term.display()):  # the count's worker done: keys timed alone
        term.settle(tui_pty._counted, term.started, timeout=120)
    tui_pty._keys(term, figures, ctx.keys, lambda i: tui_pty._on_row(i + 2), tui_pty._first_row_id)
    _quit(term, ctx)
    bare = tui_pty.Figures(SIZE)
    term = _start([sys.executable, str(tui_pty.BARE)], ctx, SIZE, lambda s: find(s, "row 2") is not None)
    tui_pty._keys(term, bare, ctx.keys, lambda i: tui_pty._bare_at(i + 2), lambda s: s[1].strip())
    _quit(term, ctx)

    def every(f: tui_pty.Figures) -> list[float]:
        return f.runs.get("j", []) + f.runs.get("j scrolling", [])

    app = Figure(_median_ms(every(figures)), figures.runs["j cpu"][0] * 1000, "ms")
    row.project = app
    row.anchor = Figure(_median_ms(every(bare)), bare.runs["j cpu"][0] * 1000, "ms")
    row.checks = [Check(app.wall, 30, "ms")]
    scrolled = figures.runs.get("j scrolling", [])
    row.note = (
        f"median of {ctx.keys} at {SIZE[0]}x{SIZE[1]} (CPU: the app's per key); max {max(every(figures)) * 1000:.0f} ms"
        + (f"; {len(scrolled)} scrolled the list (median {_median_ms(scrolled):.0f} ms)" if scrolled else "")
    )
    return row


def _session(ctx: Context) -> dict[str, list[float]]:
    """One review session at WIDE: searches (Enter to rows) under the first sort, then the
    list sorted by killed↓ and the country filters alternated (Enter to rows, and to the
    count shown); the app's CPU for each."""
    out: dict[str, list[float]] = {"search": [], "search cpu": [], "filter": [], "filter cpu": [], "count": []}
    term = _start(_review_argv(ctx), ctx, WIDE, _opened)
    if not tui_pty._counted(term.display()):
        term.settle(tui_pty._counted, term.started, timeout=120)

    def entered(text: str, name: str, shown: Callable[[str], bool]) -> None:
        sent, cpu = tui_pty._prompt(term, "f", "Filter", text)
        out[name].append(term.settle(tui_pty._rows_shown(shown), sent))
        out[f"{name} cpu"].append(term.cpu_seconds() - cpu)
        if name == "filter":
            shown_now = tui_pty._counted(term.display())
            out["count"].append(out[name][-1] if shown_now else term.settle(tui_pty._counted, sent, timeout=120))
        elif not tui_pty._counted(term.display()):
            term.settle(tui_pty._counted, sent, timeout=120)  # the next timing starts quiet

    for words in SEARCHES[: max(ctx.repeat, 2)]:
        entered(words, "search", tui_pty._containing(f"filter: {words}"))
    entered("", "search", lambda s: "filter:" not in s)  # back to the whole list
    out["search"].pop()
    out["search cpu"].pop()
    titles = tui_pty._titles(term.display())
    if "killed" not in titles:
        raise RuntimeError(f"no killed column at {WIDE[0]} columns: {titles}")
    term.send("l" * titles.index("killed"))
    term.drain()
    for key, shown in (("s", "sort: killed"), ("S", "sort: killed ↓")):
        term.settle(_status_has(shown), term.send(key))
    for i in range(2 * ctx.repeat):
        text = FILTERS[i % 2]
        entered(text, "filter", tui_pty._containing(f"filter: {text}"))
    _quit(term, ctx)
    return out


def _status_has(part: str) -> Callable[[Screen], bool]:
    return lambda screen: part in tui_pty._status(screen)


def _timed_sql(conn: sqlite3.Connection, sql: str, values: list[Any], runs: int = 3) -> tuple[float, float]:
    """Median wall and CPU ms of ``sql`` over ``values``, each run ``runs`` times."""
    walls, cpus = [], []
    for value in values:
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            conn.execute(sql, (value,)).fetchall()
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def _plan(conn: sqlite3.Connection, sql: str, value: Any) -> str:
    return "; ".join(r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, (value,)))


def _ro(ctx: Context) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{store_copy(ctx, ctx.n)}?mode=ro", uri=True)


def filter_sorted(ctx: Context) -> Row:
    row = Row(
        "sort",
        f"country filter sorted by killed, {ctx.n:,}",
        "< 100 ms",
        os.getloadavg()[0],
        anchor_what="raw SQL first page",
    )
    got = ctx.once("session", lambda: _session(ctx))
    row.project = Figure(_median_ms(got["filter"]), statistics.median(got["filter cpu"]) * 1000, "ms")
    conn = _ro(ctx)
    wall, cpu = _timed_sql(conn, PAGE_SQL, ["UA", "RU"])
    row.anchor = Figure(wall, cpu, "ms")
    row.note = (
        f"Enter to rows, median of {len(got['filter'])} ({', '.join(FILTERS)} alternated) at {WIDE[0]}x{WIDE[1]}, "
        f"max {max(got['filter']) * 1000:.0f} ms; the anchor's plan: {_plan(conn, PAGE_SQL, 'UA')}"
    )
    conn.close()
    row.checks = [Check(row.project.wall, 100, "ms")]
    return row


def filtered_count(ctx: Context) -> Row:
    row = Row("count", "filtered count shown", "< 0.5 s", os.getloadavg()[0], anchor_what="raw SQL count(*)")
    got = ctx.once("session", lambda: _session(ctx))
    row.project = Figure(statistics.median(got["count"]), None, "s")
    conn = _ro(ctx)
    wall, cpu = _timed_sql(conn, COUNT_SQL, ["UA", "RU"], runs=1)
    row.anchor = Figure(wall, cpu, "ms")
    row.note = (
        f"Enter to the count in the status bar, median of {len(got['count'])} country filters, "
        f"max {max(got['count']):.2f} s; the anchor's plan: {_plan(conn, COUNT_SQL, 'UA')}"
    )
    conn.close()
    row.checks = [Check(row.project.wall, 0.5, "s")]
    return row


def search(ctx: Context) -> Row:
    row = Row("search", "search, Enter to rows", "< 100 ms", os.getloadavg()[0], anchor_what="raw FTS5 first page")
    got = ctx.once("session", lambda: _session(ctx))
    row.project = Figure(_median_ms(got["search"]), statistics.median(got["search cpu"]) * 1000, "ms")
    conn = _ro(ctx)
    words = list(SEARCHES[: len(got["search"])])
    timed = [_timed_sql(conn, FTS_SQL.format(table=t), words) for t in ("reports_fts", "incidents_fts")]
    row.anchor = Figure(sum(w for w, _ in timed), sum(c for _, c in timed), "ms")
    reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    conn.close()
    row.note = (
        f"words typed in the filter bar ({', '.join(words)}), median, max {max(got['search']) * 1000:.0f} ms; "
        f"the store holds {reports:,} reports with text; anchor: reports_fts + incidents_fts, 50 rowids each"
    )
    row.checks = [Check(row.project.wall, 100, "ms")]
    return row
