"""One casualty figure per kind and group per incident, from the several statements of it
a report makes (an update, two officials, a group count and a stated total)."""

from __future__ import annotations

from dataclasses import replace

from incident_review.core.extract.casualties import FoundFigure
from incident_review.core.extract.text import Sentence
from incident_review.core.model import Figure

FigureKey = tuple[str, str]  # (kind, group)


def keep_figure(
    figures: dict[FigureKey, Figure],
    f: FoundFigure,
    s: Sentence,
    report_id: str,
    found: dict[FigureKey, list[FoundFigure]] | None = None,
) -> None:
    """Add ``f`` (found in ``s``) to ``figures``. Several figures for one count: low = the
    smaller, high = the larger, best = the latest revision ("the toll rose to") else the
    highest (tolls rise as bodies are found). A stated total outranks one read off a group
    count ("three civilians killed"). ``found`` holds the statements seen so far per key."""
    key = (f.kind, f.group)
    seen = found.setdefault(key, []) if found is not None else []
    direct = [x for x in seen if not x.derived]
    if f.derived and direct:
        return
    if not f.derived and seen and not direct:
        seen.clear()  # the first stated total replaces the derived ones
    if f.derived and seen:
        # Totals read off group counts ("three civilians", later "a boy") are lower bounds
        # of one total, not disagreeing figures: the largest stands.
        if (f.count.best or 0) <= max(x.count.best or 0 for x in seen):
            return
        seen.clear()
    placed = replace(f, start=s.start + f.start, end=s.start + f.end)
    if placed not in seen:  # the same sentence read for a second draft
        seen.append(placed)
    figures[key] = merged(seen, report_id)


def merged(seen: list[FoundFigure], report_id: str) -> Figure:
    """The figure several statements of one count make (offsets already in the report)."""
    if any(x.count.best for x in seen):
        seen = [x for x in seen if x.count.best != 0]  # "no casualties" then "two injured": two
    updates = [x for x in seen if x.update]
    chosen = updates[-1] if updates else max(seen, key=lambda x: x.count.best or 0)
    best = chosen.count.best
    lows = [v for x in seen for v in (x.count.low, x.count.best) if v is not None]
    low = min(lows) if lows else None
    # Open-ended when the chosen figure is ("at least 20"), else the largest stated.
    highs = [v for x in seen for v in (x.count.high, x.count.best) if v is not None]
    high = None if chosen.count.high is None else max(highs)
    if best is not None:
        low = None if low is None else min(low, best)
        high = None if high is None else max(high, best)
    if chosen.count.low is None and all(x.count.low is None for x in seen):
        low = None  # "up to 8" states no lower bound
    return Figure(chosen.kind, chosen.group, low, best, high, report_id, chosen.start, chosen.end)
