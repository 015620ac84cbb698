"""Side-by-side comparison of incidents: which fields differ, rendered as inert Text."""

from __future__ import annotations

from rich.text import Text

from incident_review.core.casualties import combine
from incident_review.core.merge import CHOOSABLE
from incident_review.core.model import Incident
from incident_review.tui.sanitize import printable

SHOWN = ("date", "date_precision", "country", "admin1", "location", "event_type", "sub_event_type", "grade",
         "summary")
EXTRA = ("weapons", "damage", "killed", "wounded", "attribution", "sources")


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


def rows() -> tuple[str, ...]:
    return SHOWN + EXTRA


def comparison(left: Incident, right: Incident, cursor: int, choices: dict[str, str], width: int) -> Text:
    """One line per field: differing values in yellow, the chosen side marked ►."""
    col = max((width - 18) // 2, 10)
    out = Text()
    out.append(f"{'':16}{printable(left.id):<{col}} {printable(right.id):<{col}}\n", style="bold")
    for i, name in enumerate(rows()):
        a, b = printable(value_of(left, name)), printable(value_of(right, name))
        differ = a != b
        chosen = choices.get(name, "a") if name in CHOOSABLE else None
        line_style = "reverse" if i == cursor else ""
        out.append(f"{name:<15} ", style=("bold " + line_style).strip())
        for side, value in (("a", a), ("b", b)):
            mark = "►" if chosen == side and differ else " "
            cell = (mark + value)[:col].ljust(col)
            style = "yellow" if differ else "dim"
            if chosen == side and differ:
                style = "bold green"
            out.append(cell, style=(style + " " + line_style).strip())
            out.append(" ", style=line_style)
        out.append("\n")
    return out
