"""The table as printed: a Markdown table (it pastes into README as it is), one line a
row, its notes under it."""

from __future__ import annotations

from benchmarks.table_result import Figure, Row

HEADER = ("what", "target", "measured (project): wall (CPU)", "anchor, same run: wall (CPU)", "load", "verdict")


def figure(f: Figure | None) -> str:
    """``64 ms (41 ms CPU)``, ``4.39 s (4.13 s CPU)``, ``229 reports/s``; ``-`` if none."""
    if f is None:
        return "-"
    if f.unit == "ms":
        return f"{_ms(f.wall)} ms" + ("" if f.cpu is None else f" ({_ms(f.cpu)} ms CPU)")
    if f.unit == "s":
        text = f"{f.wall:.2f} s" if f.wall < 10 else f"{f.wall:.1f} s"
        return text + ("" if f.cpu is None else f" ({f.cpu:.2f} s CPU)" if f.cpu < 10 else f" ({f.cpu:.1f} s CPU)")
    return f"{f.wall:,.0f} {f.unit}"


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 1 else f"{value:.1f}" if value < 10 else f"{value:.0f}"


def line(row: Row) -> str:
    if row.skipped or row.error:
        shown = row.verdict.lower()
        cells = (row.what, row.target, shown, shown, f"{row.load:.1f}", row.verdict)
    else:
        anchor = f"{row.anchor_what}: {figure(row.anchor)}" if row.anchor else "-"
        cells = (row.what, row.target, figure(row.project), anchor, f"{row.load:.1f}", row.verdict)
    return "| " + " | ".join(cells) + " |"


def header() -> list[str]:
    return ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]


def notes(rows: list[Row]) -> list[str]:
    """Under the table: what each row measured besides its figure."""
    return ["", *(f"- {r.key}: {r.error or r.skipped or r.note}" for r in rows)]
