"""Joining flagged pairs into clusters without comparing every member pair.

A pair joins two clusters unless some incident of one conflicts with some incident of
the other (``Matcher.conflict``). Checked member by member, joining two clusters cost
the product of their sizes, and a dataset import with one big block of same-place events
made that quadratic in the cluster. Each rule of the conflict is an "exists a pair"
over a quantity that a cluster can summarise (the set of its datasets, the extremes of
its day dates, the earliest publication of an undated member, the latest date of a dated
one), except the place rule, which is checked over the cluster's distinct places only
(and each pair of places once per run). Small joins (most of them) still compare member
by member: that is cheaper than keeping summaries for every cluster, which are built
only when a cluster first meets a large join, and kept up to date from then on.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from incident_review.core.matching.inputs import MatchInput

_Place = tuple[tuple[float, float] | None, str]  # (point, folded name)


@dataclass
class ConflictRules:
    """The parameters of ``Matcher.conflict``, for summaries."""

    within_dataset: bool
    max_day_gap: int
    max_interval: int
    fold: Callable[[str | None], str]
    places_conflict: Callable[[_Place, _Place], bool]
    conflict: Callable[[MatchInput, MatchInput], bool]


_PAIRWISE = 64  # joins with at most this many member pairs are checked member by member


@dataclass
class _Summary:
    datasets: set[str] = field(default_factory=set)
    day_min: float = math.inf  # ordinals of day-precision dates
    day_max: float = -math.inf
    undated_published_min: float = math.inf  # undated members' publication
    dated_max: float = -math.inf  # members dated precisely enough to match
    places: set[_Place] = field(default_factory=set)

    def add(self, m: MatchInput, rules: ConflictRules) -> None:
        if m.dataset is not None:
            self.datasets.add(m.dataset)
        if m.date and m.date_precision == "day":
            day = m.date.toordinal()
            self.day_min, self.day_max = min(self.day_min, day), max(self.day_max, day)
        dated = m.interval(rules.max_interval) is not None
        if not dated and m.published:
            self.undated_published_min = min(self.undated_published_min, m.published.toordinal())
        if m.date and dated:
            self.dated_max = max(self.dated_max, m.date.toordinal())
        self.places.add((m.point(), rules.fold(m.location)))

    def absorb(self, other: _Summary) -> None:
        self.datasets |= other.datasets
        self.day_min, self.day_max = min(self.day_min, other.day_min), max(self.day_max, other.day_max)
        self.undated_published_min = min(self.undated_published_min, other.undated_published_min)
        self.dated_max = max(self.dated_max, other.dated_max)
        self.places |= other.places


@dataclass
class _Cluster:
    members: list[str]
    summary: _Summary | None = None

    def summarised(self, inputs: dict[str, MatchInput], rules: ConflictRules) -> _Summary:
        if self.summary is None:
            self.summary = _Summary()
            for x in self.members:
                if x in inputs:
                    self.summary.add(inputs[x], rules)
        return self.summary

    def absorb(self, other: _Cluster, inputs: dict[str, MatchInput], rules: ConflictRules) -> None:
        if self.summary is not None:
            if other.summary is not None:
                self.summary.absorb(other.summary)
            else:
                for x in other.members:
                    if x in inputs:
                        self.summary.add(inputs[x], rules)
        self.members.extend(other.members)


class _Places:
    """Place-pair verdicts, each computed once per run."""

    def __init__(self, rules: ConflictRules) -> None:
        self.rules = rules
        self.seen: dict[tuple[_Place, _Place], bool] = {}

    def conflict(self, a: set[_Place], b: set[_Place]) -> bool:
        for x in a:
            for y in b:
                verdict = self.seen.get((x, y))
                if verdict is None:
                    verdict = self.seen[(x, y)] = self.seen[(y, x)] = self.rules.places_conflict(x, y)
                if verdict:
                    return True
        return False


def _conflict(ca: _Cluster, cb: _Cluster, inputs: dict[str, MatchInput], rules: ConflictRules, places: _Places) -> bool:
    if len(ca.members) * len(cb.members) <= _PAIRWISE:
        return any(
            rules.conflict(inputs[x], inputs[y]) for x in ca.members for y in cb.members if x in inputs and y in inputs
        )
    a, b = ca.summarised(inputs, rules), cb.summarised(inputs, rules)
    if not rules.within_dataset and a.datasets & b.datasets:
        return True
    if max(b.day_max - a.day_min, a.day_max - b.day_min) > rules.max_day_gap:
        return True  # (with no day date on one side both differences are -inf)
    if b.dated_max - a.undated_published_min > 1 or a.dated_max - b.undated_published_min > 1:
        return True
    return places.conflict(a.places, b.places)


def join(
    pairs: Sequence[tuple[str, str, float]], inputs: dict[str, MatchInput], rules: ConflictRules
) -> tuple[list[list[str]], list[int]]:
    """Clusters (each sorted, sorted) and the indexes of the pairs left out as split.
    Pairs are joined strongest first (ties in the order given); an id missing from
    ``inputs`` joins but never conflicts."""
    places = _Places(rules)
    member: dict[str, _Cluster] = {}
    split: list[int] = []

    def cluster_of(x: str) -> _Cluster:
        found = member.get(x)
        if found is None:
            found = member[x] = _Cluster([x])
        return found

    for k in sorted(range(len(pairs)), key=lambda k: -pairs[k][2]):
        x, y, _ = pairs[k]
        ca, cb = cluster_of(x), cluster_of(y)
        if ca is cb:
            continue
        if _conflict(ca, cb, inputs, rules, places):
            split.append(k)
            continue
        if len(ca.members) < len(cb.members):  # the smaller side is renamed
            ca, cb = cb, ca
        for m in cb.members:
            member[m] = ca
        ca.absorb(cb, inputs, rules)
    groups = {id(c): c for c in member.values()}
    return sorted(sorted(c.members) for c in groups.values() if len(c.members) > 1), split
