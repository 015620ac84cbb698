"""Side-by-side comparison of incidents: which fields differ, rendered as inert Text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from rich.text import Text

from incident_review.core.casualties import combine
from incident_review.core.fields import Field
from incident_review.core.merge import CHOOSABLE
from incident_review.core.model import FIELDS, Incident
from incident_review.tui.sanitize import printable

# The field table's compare rows in their order (core/fields.py), then values drawn from
# the nested figures, claims and sources.
SHOWN: Final[tuple[Field, ...]] = tuple(
    sorted((f for f in FIELDS if f.compare is not None), key=lambda f: f.compare or 0)
)
EXTRA: Final = ("killed", "wounded", "attribution", "sources")


def value_of(inc: Incident, name: str) -> str:
    if name in ("killed", "wounded"):
        r = combine(inc.figures, name, how=inc.casualty_aggregation)
        return "" if not r.known else f"{_n(r.best)} ({_n(r.low)}-{_n(r.high)})"
    if name == "attribution":
        return "; ".join(f"{c.actor} {c.stance}" for c in inc.attribution)
    if name == "sources":
        return "; ".join(s.outlet or s.report for s in inc.sources)
    value = getattr(inc, name)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


def _n(v: int | None) -> str:
    return "?" if v is None else str(v)


def rows(incidents: Sequence[Incident] = ()) -> tuple[str, ...]:
    """The fields compared, by name; a sparse field only when one of ``incidents`` has it."""
    shown = (f.name for f in SHOWN if not f.sparse or any(not f.unset(getattr(i, f.name)) for i in incidents))
    return (*shown, *EXTRA)


_LABELS: Final = {f.name: f.title for f in SHOWN}


def comparison(
    incidents: list[Incident],
    survivor: int,
    preview: Incident,
    taken: dict[str, int],
    cursor: int,
    focus: int,
    width: int,
) -> Text:
    """One line per field, one column per incident, then the merge's result: values that
    differ in yellow, the column a merge takes a field from marked ►, the survivor's column
    labelled "◆ survives" and the focused one ▸ (marks, not only styles: they read with
    NO_COLOR); the columns stay in their order whichever survives."""
    col = max((width - 16) // (len(incidents) + 1) - 1, 8)
    out = Text()
    out.append(f"{'':16}")
    for i, inc in enumerate(incidents):
        label = ("▸" if i == focus else " ") + inc.id
        out.append(printable(label)[:col].ljust(col), style="bold underline" if i == focus else "bold")
        out.append(" ")
    out.append("= merged"[:col].ljust(col), style="bold")
    out.append(f"\n{'':16}")
    for i in range(len(incidents)):
        role = " ◆ survives" if i == survivor else "   merged in"
        out.append(role[:col].ljust(col), style="bold reverse" if i == survivor else "dim")
        out.append(" ")
    out.append(" (preview)"[:col].ljust(col), style="dim")
    out.append("\n")
    for r, name in enumerate(rows(incidents)):
        values = [printable(value_of(inc, name)) for inc in incidents]
        differ = len(set(values)) > 1
        chosen = taken.get(name) if name in CHOOSABLE else None
        line_style = "reverse" if r == cursor else ""
        out.append(f"{_LABELS.get(name, name):<15} ", style=("bold " + line_style).strip())
        for i, value in enumerate(values):
            mark = chosen == i and differ
            cell = (("►" if mark else " ") + value)[:col].ljust(col)
            style = "bold green" if mark else ("yellow" if differ else "dim")
            out.append(cell, style=(style + " " + line_style).strip())
            out.append(" ", style=line_style)
        result = (" " + printable(value_of(preview, name)))[:col].ljust(col)
        out.append(result, style=(("bold cyan" if differ else "dim") + " " + line_style).strip())
        out.append("\n")
    return out
