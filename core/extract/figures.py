"""One casualty figure per kind and group per incident, from the several statements of it
a report makes (an update, two officials, a group count and a stated total)."""

from __future__ import annotations

from dataclasses import replace

from incident_review.core.extract.casualties import FoundFigure
from incident_review.core.extract.numbers import Count
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
    if f.of_wounded and f.kind == "killed":
        # "Two of the wounded later died": two more killed, two fewer wounded.
        keep_figure(figures, replace(f, kind="wounded"), s, report_id, found)
        f = replace(f, added=True, of_wounded=False)
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
    merged_figure = merged(seen, report_id)
    if merged_figure is None:
        figures.pop(key, None)
    else:
        figures[key] = merged_figure


def merged(seen: list[FoundFigure], report_id: str) -> Figure | None:
    """The figure several statements of one count make (offsets already in the report);
    None when nothing is left (the wounded who died, of no wounded count told)."""
    if any(x.added or x.of_wounded for x in seen):
        seen = _summed(seen, report_id)
        if not seen:
            return None
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


def _summed(seen: list[FoundFigure], report_id: str) -> list[FoundFigure]:
    """The statements with each one of victims beyond those told before ("two more died")
    added to the count they make so far, which it replaces as the latest toll. The wounded
    who later died (``of_wounded`` on a wounded statement) are taken from the wounded told
    before, or dropped when none were."""
    out: list[FoundFigure] = []
    for x in seen:
        if not (x.added or x.of_wounded):
            out.append(x)
            continue
        sign = -1 if x.of_wounded else 1
        if not out or any(y.update for y in out):
            # No count before, or a revised toll that may already hold these ("Death toll
            # rises to five" over "two more bodies have been found"): as stated.
            if sign > 0:
                out.append(replace(x, added=False))
            continue
        before = merged(out, report_id)
        assert before is not None  # out holds plain statements only
        total = Count(
            _plus(before.low, x.count.low, sign),
            _plus(before.best, x.count.best, sign),
            _plus(before.high, x.count.high, sign),
        )
        out = [replace(x, count=total, added=False, of_wounded=False, update=True)]
    return out


def _plus(a: int | None, b: int | None, sign: int) -> int | None:
    return None if a is None or b is None else max(a + sign * b, 0)
