"""Combine per-source casualty figures into the incident's value.

Reports of one strike disagree (an early "2 killed", a later "at least 3"). The
incident value for each (kind, group) comes from the analyst's own figure when there is
one, else from the reports under a chosen aggregation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from incident_review.core.model import Figure

AGGREGATIONS: Final = ("conservative", "best", "maximum")


@dataclass(frozen=True)
class Range:
    low: int | None = None
    best: int | None = None
    high: int | None = None

    @property
    def known(self) -> bool:
        return self.low is not None or self.best is not None or self.high is not None


def _values(xs: list[int | None]) -> list[int]:
    return [x for x in xs if x is not None]


def combine(figures: list[Figure], kind: str, group: str = "all", how: str = "best") -> Range:
    """The incident's figure for ``kind``/``group``.

    conservative: the lowest credible count (max of the lows, min of the bests);
    best: the highest best estimate, bounds widened to cover every source;
    maximum: the highest count any source gives.
    """
    chosen = [f for f in figures if f.kind == kind and f.group == group]
    analyst = [f for f in chosen if f.source is None]
    if analyst:
        f = analyst[-1]
        return Range(f.low, f.best, f.high)
    if not chosen:
        return Range()
    lows = _values([f.low for f in chosen])
    bests = _values([f.best for f in chosen])
    highs = _values([f.high for f in chosen])
    if how == "conservative":
        best = min(bests) if bests else None
        return _ordered(min(lows) if lows else None, best, min(highs) if highs else None)
    if how == "maximum":
        top = max(bests + highs) if bests or highs else None
        return _ordered(max(lows) if lows else None, top, max(highs) if highs else None)
    # Every source states a high bound only if all do; one open-ended source ("at least
    # 20") leaves the incident's high bound open.
    high = max(highs) if highs and len(highs) == len(chosen) else None
    return _ordered(min(lows) if lows else None, max(bests) if bests else None, high)


def _ordered(low: int | None, best: int | None, high: int | None) -> Range:
    """low <= best <= high: sources that disagree ("3 killed", "7 killed") must not give
    a conservative range of 7..3; the best estimate decides, the bounds widen to it."""
    if best is not None:
        low = min(low, best) if low is not None else None
        high = max(high, best) if high is not None else None
    elif low is not None and high is not None and low > high:
        low, high = high, low
    return Range(low, best, high)


def range_text(low: int | None, best: int | None, high: int | None) -> str:
    """A figure as an analyst writes it: "2" (exact), "at least 21", "at most 5", "20-25"
    (bounds only), "23 (at least 21)", "23 (20-25)"; "20-23" when the best estimate is
    the top of its range (the way a report's "20 to 23 killed" is stored); "?" unknown."""
    if best is None:
        if low is not None and high is not None:
            return str(low) if low == high else f"{low}-{high}"
        if low is not None:
            return f"at least {low}"
        return f"at most {high}" if high is not None else "?"
    if low is not None and low > best:  # out of order (refused on input): say it as stored
        low = None
    if high is not None and high < best:
        high = None
    if high is None:
        if low is None:
            return str(best)
        return f"at least {best}" if low == best else f"{best} (at least {low})"
    if low is None:
        return f"at most {best}" if high == best else f"{best} (at most {high})"
    if low == high:
        return str(best)
    return f"{low}-{high}" if high == best else f"{best} ({low}-{high})"


def validate_figure(f: Figure) -> str | None:
    """Why a figure is impossible, or None when it is fine."""
    for name in ("low", "best", "high"):
        value = getattr(f, name)
        if value is not None and value < 0:
            return f"{name} is negative ({value})"
    ordered = _values([f.low, f.best, f.high])
    if ordered != sorted(ordered):
        return f"low/best/high out of order ({f.low}/{f.best}/{f.high})"
    return None
