"""The review TUI as the analyst feels it: the installed ``incident-review review`` in a
real pseudo-terminal (TERM=xterm-256color), keys written as a terminal writes them, each
figure the time from the key to the last byte of the screen it causes (see terminal.py).

Beside each figure: its target, and an anchor measured in the same run and terminal: a
bare Textual app moving a cursor over a list (benchmarks/bare_list.py), and VisiData when
it is installed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.terminal import Screen, Terminal, find

SIZES = ((80, 24), (120, 40))
STATUSES = "unreviewed|confirmed|rejected|needs_follow_up"
REPEAT_HZ = 30  # a held key, at a common keyboard repeat rate
RETYPE_AFTER = 3.0  # seconds the bar may take to show what was typed before it is typed again
BARE = Path(__file__).resolve().parent / "bare_list.py"


@dataclass
class Figures:
    """Seconds per measurement, by name, for one terminal size."""

    size: tuple[int, int]
    runs: dict[str, list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # each measurement, named, for the record

    def add(self, name: str, seconds: float) -> None:
        self.runs.setdefault(name, []).append(seconds)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "NO_COLOR", "COLORTERM"))}
    env["TERM"] = "xterm-256color"
    return env


def _exe() -> str:
    found = shutil.which("incident-review", path=str(Path(sys.executable).parent)) or shutil.which("incident-review")
    if not found:
        raise SystemExit("incident-review is not installed (pip install -e '.[bench]')")
    return found


def _status(screen: Screen) -> str:
    return screen[0].strip()


def _detail_id(screen: Screen) -> str | None:
    """The incident the detail pane shows (its first line: id, two spaces, status)."""
    m = find(screen, rf"(INC-\d{{7}})  ({STATUSES})\b")
    return m.group(1) if m else None


def _first_row_id(screen: Screen) -> str | None:
    """The incident on the list's first row (the line under the column titles)."""
    m = find(screen[3:4], r"^(INC-\d{7}) ")  # (under the status bar, the counts per status, the titles)
    return m.group(1) if m else None


def _rows_shown(status: Callable[[str], bool]) -> Callable[[Screen], bool]:
    """The status bar as wanted, and the detail pane on the list's first row (where the
    cursor lands after a new filter or search)."""

    def wanted(screen: Screen) -> bool:
        return (
            status(_status(screen)) and _detail_id(screen) is not None and _detail_id(screen) == _first_row_id(screen)
        )

    return wanted


def _titles(screen: Screen) -> list[str]:
    """The columns of the list's header (its third line, under the counts per status), by
    key, left to right ("open by", the last, counts as two)."""
    from incident_review.tui.columns import ASCENDING, COLUMNS, DESCENDING

    keys = {c.title: c.key for c in COLUMNS}
    line = screen[2].split("│")[0].split("┌")[0]  # at 120 columns the detail pane is beside it
    return [keys.get(t, t) for t in (word.rstrip(ASCENDING + DESCENDING) for word in line.split())]


def _on_row(n: int) -> Callable[[Screen], bool]:
    """The status bar at row ``n`` and the detail on its incident (ids follow seq)."""
    return lambda s: _detail_id(s) == f"INC-{n:07d}" and _status(s).startswith(f"{n}/")


def _detail_on(incident_id: str) -> Callable[[Screen], bool]:
    return lambda s: _detail_id(s) == incident_id


def _containing(part: str) -> Callable[[str], bool]:
    return lambda status: part in status


def _bare_at(n: int) -> Callable[[Screen], bool]:
    """The bare list's status line names row ``n``."""
    return lambda s: (s[0] + " ").startswith(f"at row {n} ")


def _counted(screen: Screen) -> bool:
    return "counting" not in _status(screen)


_RUNNING: list[Terminal] = []  # programs started and not yet ended, ended by run() whatever happens


def _open(argv: list[str], size: tuple[int, int], wanted: Callable[[Screen], bool]) -> tuple[Terminal, float]:
    term = Terminal(argv, size[0], size[1], _env())
    _RUNNING.append(term)
    return term, term.settle(wanted, term.started)


def _quit(term: Terminal) -> None:
    term.send("q")
    term.pump(0.3)
    term.close()
    _RUNNING.remove(term)


def _prompt(term: Terminal, key: str, title: str, text: str) -> tuple[float, float]:
    """Open the filter bar, replace its text, and press Enter; when Enter was written, and
    the program's CPU seconds then."""
    sent = term.send(key)
    # The bar's prompt ("Filter: ") on a line of its own (the footer names the action too)
    term.settle(lambda s: _input_text(s, title) is not None, sent)
    deadline = time.perf_counter() + 60
    typed = 0.0
    while time.perf_counter() < deadline:
        # The bar has the focus from the key on (tui/query_actions.py); should a key still
        # be lost, type again. Not at once: a loaded machine can leave the app silent for
        # longer than a drain's quiet while it still works through the keys (CI at load 2
        # retyped 20 times within a second and gave up).
        if time.perf_counter() - typed > RETYPE_AFTER:
            term.send("\x05\x15")  # ctrl+e, ctrl+u: to the end, delete all to the left
            term.type_slowly(text)
            typed = time.perf_counter()
        term.drain()  # every key typed has been drawn: Enter is timed alone
        if _input_text(term.display(), title) == text:
            cpu = term.cpu_seconds()
            return term.send("\r"), cpu
    raise TimeoutError(f"the prompt never took {text!r}:\n" + "\n".join(term.display()))


def _input_text(screen: Screen, title: str) -> str | None:
    """What the bar's input holds: its line, after the prompt (``Filter: ``); None while
    the bar is closed."""
    for line in screen[:-1]:
        if line.lstrip().startswith(f"{title}: "):
            return line.lstrip()[len(title) + 2 :].strip()
    return None


def _keys(
    term: Terminal,
    figures: Figures,
    n: int,
    next_screen: Callable[[int], Callable[[Screen], bool]],
    first_row: Callable[[Screen], str | None],
) -> None:
    """``n`` presses of j, each waited for: those that move the cursor within the rows in
    view ("j") apart from those that scroll the list ("j scrolling": every row redrawn);
    the CPU the program spent per press."""
    cpu = term.cpu_seconds()
    for i in range(n):
        top = first_row(term.display())
        sent = term.send("j")
        took = term.settle(next_screen(i), sent)
        figures.add("j" if first_row(term.display()) == top else "j scrolling", took)
    figures.add("j cpu", (term.cpu_seconds() - cpu) / n)


def _held(term: Terminal, figures: Figures, n: int, final: Callable[[Screen], bool]) -> None:
    """``n`` presses at REPEAT_HZ without waiting (a held key): the time from the last
    press to the screen standing still on the last row, and the CPU per press."""
    cpu = term.cpu_seconds()
    last = 0.0
    for i in range(n):
        last = term.send("j")
        if i < n - 1:  # after the last, settle reads: a screen drawn within 1/REPEAT_HZ counts
            term.pump(1 / REPEAT_HZ)
    figures.add("held j", term.settle(final, last))
    figures.add("held j cpu", (term.cpu_seconds() - cpu) / n)


FILTERS = (  # typed in the filter bar, and what the status bar then says
    ('admin1:"Kharkiv Oblast"', 'admin1:"Kharkiv Oblast"'),
    ('type:"Air/drone strike"', "type:Air/drone"),
    ("status:unreviewed country:RU", "status:new country:RU"),
)
# In summaries and report text ("glide bomb"), or only in report text ("sanctions").
SEARCHES = ("Kharkiv", "glide bomb", "sanctions", "grain exports", "Shevchenko street")


def review_figures(store: Path, size: tuple[int, int], keys: int, colds: int, exe: str | None = None) -> Figures:
    """The review app on ``store``: ``colds`` cold opens, then one session of ``keys``
    presses of j, as many held, filters under sorts, and searches."""
    figures = Figures(size)
    argv = [exe or _exe(), "--db", str(store), "--analyst", "bench", "review"]

    def opened(screen: Screen) -> bool:
        return _status(screen).startswith("1/") and _detail_id(screen) == "INC-0000001"

    for _ in range(colds):
        term, took = _open(argv, size, opened)
        figures.add("cold open", took)
        counted = took if _counted(term.display()) else term.settle(_counted, term.started, timeout=120)
        figures.add("cold open count", counted)
        _quit(term)

    term, _ = _open(argv, size, opened)
    if not _counted(term.display()):
        term.settle(_counted, term.started, timeout=120)
    _keys(
        term,
        figures,
        keys,
        lambda i: _on_row(i + 2),
        _first_row_id,
    )
    at = keys + 1 + keys
    _held(term, figures, keys, _detail_on(f"INC-{at:07d}"))

    def timed(group: str, name: str, sent: float, wanted: Callable[[Screen], bool], cpu: float) -> None:
        took = term.settle(wanted, sent)
        figures.add(group, took)
        figures.add(f"{group} cpu", term.cpu_seconds() - cpu)
        figures.notes.append(f"{name} {took * 1000:.0f}")
        if group != "sort":
            counted = took if _counted(term.display()) else term.settle(_counted, sent, timeout=120)
            figures.add("count", counted)
            figures.notes.append(f"{name} count {counted * 1000:.0f}")

    def prompted(group: str, key: str, title: str, text: str, name: str, status: Callable[[str], bool]) -> None:
        sent, cpu = _prompt(term, key, title, text)
        timed(group, name, sent, _rows_shown(status), cpu)

    def sorted_by(column: str) -> Callable[[Screen], bool]:
        return lambda s: f"sort: {column}" in _status(s) and _detail_id(s) is not None

    prompted("filter", "f", "Filter", "country:UA", "country:UA", lambda s: "filter: country:UA" in s)
    at = 0  # the list's column cursor: on its first column
    for column in ("date", "location", "admin1", "sub_event_type", "killed"):
        titles = _titles(term.display())
        if column not in titles:
            figures.notes.append(f"sort {column}: not shown at {size[0]} columns")
            continue
        to = titles.index(column)  # s sorts on the column under the cursor: move it there first
        if to != at:
            term.send(("l" if to > at else "h") * abs(to - at))
            term.drain()
            at = to
        cpu = term.cpu_seconds()
        timed("sort", f"country:UA sort {column}", term.send("s"), sorted_by(column), cpu)
    cpu = term.cpu_seconds()
    timed("sort", "country:UA sort killed↓", term.send("S"), sorted_by("killed ↓"), cpu)
    for text, shown in FILTERS:
        prompted("filter", "f", "Filter", text, f"{text} by killed↓", _containing(shown))
    prompted("filter", "f", "Filter", "", "no filter by killed↓", lambda s: "filter:" not in s)
    for words in SEARCHES:
        # Words in the filter bar: the full-text search (/ jumps to a row that shows them).
        prompted("search", "f", "Filter", words, f"f {words}", _containing(f"filter: {words}"))
    figures.notes.append(f"app peak RSS {term.peak_rss_mb():.0f} MB")
    _quit(term)
    return figures


def bare_figures(size: tuple[int, int], keys: int, colds: int) -> Figures:
    """The anchor: a bare Textual list in the same terminal, the same keys."""
    figures = Figures(size)
    argv = [sys.executable, str(BARE)]
    for _ in range(colds):
        term, took = _open(argv, size, lambda s: find(s, "row 1") is not None and find(s, "row 2") is not None)
        figures.add("cold open", took)
        _quit(term)
    term, _ = _open(argv, size, lambda s: find(s, "row 2") is not None)
    _keys(
        term,
        figures,
        keys,
        lambda i: _bare_at(i + 2),
        lambda s: s[1].strip(),
    )
    at = keys + 1 + keys
    _held(term, figures, keys, _bare_at(at))
    _quit(term)
    return figures


# (label, figure, target in seconds, anchor figure) in the order printed
ROWS = (
    ("cold open to rows", "cold open", 0.5, "cold open"),
    ("cold open to the count shown", "cold open count", 0.5, None),
    ("j to whole screen redrawn (rows in view)", "j", 0.030, "j"),
    ("j scrolling the list", "j scrolling", 0.030, "j scrolling"),
    ("  app CPU per j", "j cpu", None, "j cpu"),
    (f"held j ({REPEAT_HZ}/s): release to still screen", "held j", None, "held j"),
    ("  app CPU per held j", "held j cpu", None, "held j cpu"),
    ("filter + sort: Enter/s to rows", "filter", 0.1, None),
    ("  sort change keeping the incident", "sort", 0.1, None),
    ("  app CPU per filter, per sort", "filter cpu", None, None),
    ("search: Enter to rows", "search", 0.1, None),
    ("  app CPU per search", "search cpu", None, None),
    ("filtered count shown", "count", 0.5, None),
)


def _ms(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0] * 1000:.0f}"
    return f"{statistics.median(values) * 1000:.0f} (max {max(values) * 1000:.0f})"


def report(review: Figures, bare: Figures, visidata: str) -> list[str]:
    """One table per terminal size: target, measured (median and max, ms), anchors."""
    columns, lines_ = review.size
    out = [
        f"  {columns}x{lines_}, ms, median (max) | target | bare Textual list (anchor) | VisiData",
    ]
    for label, name, target, anchor in ROWS:
        if name not in review.runs:
            continue
        measured = _ms(review.runs[name])
        if name == "filter cpu":
            measured += " / " + _ms(review.runs["sort cpu"])
        shown_target = f"< {target * 1000:.0f}" if target else "-"
        met = "" if target is None else ("  ok" if statistics.median(review.runs[name]) < target else "  MISSED")
        anchored = _ms(bare.runs[anchor]) if anchor and anchor in bare.runs else "-"
        out.append(f"    {label:<44} {measured:>24} | {shown_target:>6}{met:<8}| {anchored:>18} | {visidata}")
    out.append("    each: " + "; ".join(review.notes))
    return out


def visidata_note() -> str:
    # Measured only where VisiData is installed; it is not a dependency of this project.
    return "n/a (not installed)" if shutil.which("vd") is None else "installed, not driven yet"


def run(
    store: Path, sizes: tuple[tuple[int, int], ...] = SIZES, keys: int = 30, colds: int = 3, exe: str | None = None
) -> list[str]:
    load = os.getloadavg()[0]
    out = [
        f"through a pty (what the analyst feels): {exe or _exe()}, TERM=xterm-256color, "
        f"{keys} keys each way; load average {load:.1f} on {os.cpu_count()} cores at the start"
    ]
    try:
        for size in sizes:
            review = review_figures(store, size, keys, colds, exe)
            out.extend(report(review, bare_figures(size, keys, colds), visidata_note()))
    finally:
        # A screen that never settled raises: end the program it was waiting on (under
        # nohup a program whose terminal is gone ignores the hangup and spins).
        while _RUNNING:
            _RUNNING.pop().close()
    out.append(f"  load average {os.getloadavg()[0]:.1f} at the end")
    return out
