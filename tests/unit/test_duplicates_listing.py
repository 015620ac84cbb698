"""The ``duplicates`` listing formats each distinct number once: every line must still be
what formatting each of its cells writes."""

from __future__ import annotations

from incident_review.cli.duplicates import _rows
from incident_review.core.matching import Pair


def _plain(p: Pair, columns: tuple[str, ...]) -> str:
    comps = " ".join(f"{p.components[c]:6.2f}" if c in p.components else f"{'':6}" for c in columns)
    return f"{p.a:12} {p.b:12} {p.score:5.2f}  {comps}"


def test_each_line_is_its_cells_formatted_one_by_one() -> None:
    columns = ("place", "date", "km")
    pairs = [
        Pair("INC-1", "INC-2", 0.8125, {"place": 1.0, "date": 0.0, "km": 2.5}),
        Pair("INC-1", "INC-3", 0.8125, {"place": -0.0, "date": 0.0}),  # no km: a blank cell
        Pair("INC-2", "INC-3", -0.0, {"place": 1, "date": 0.333, "km": 0.0}),
        Pair("INC-4", "INC-5", 0.0, {"place": 1.0, "date": 0.333, "km": -0.0}),
    ]
    lines = list(_rows(pairs, columns))
    assert lines == [_plain(p, columns) for p in pairs]
    assert lines[1].endswith(" " * 6) and " -0.00" in lines[1]
