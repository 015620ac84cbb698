"""A full rebuild's matching split across two processes by country.

No candidate pair crosses a country (``Matcher.candidates`` pairs only incidents of one
known country, and every block, window and nearest-neighbour group is keyed by country
first), and the one-per-report rule only compares pairs of one incident. So the pairs of
a set of countries are the pairs of their incidents alone, and two processes can each
score a share of the countries with the same result. A forked child scores the smaller
share while this process scores the larger; the child's pairs are pickled back.

On the bench store (1M incidents: 667k RU, 333k UA) it gains little, 13.7 -> 13.3 s: run
side by side, both processes fault in copy-on-write pages of the inherited inputs and the
two cpdist thread pools share the 2 cores (UA alone 4.7 s, as the child 7.4 s).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from incident_review.core.matching import Matcher, MatchInput, Pair
from incident_review.services.forked import Forked

# Below this many incidents a fork costs more than it saves (the whole match is < 0.5 s).
MIN_INPUTS = 50_000
# The child's share must be at least this fraction of the incidents to be worth a fork.
MIN_SHARE = 0.1


def pairs(
    m: Matcher,
    inputs: Sequence[MatchInput],
    min_score: float | None = None,
    min_inputs: int = MIN_INPUTS,
) -> list[Pair]:
    """``m.pairs(inputs, min_score)``: the same pairs, each country's strongest first (the
    two shares one after the other, not merged by score)."""
    if len(inputs) < min_inputs:  # (before counting: a small store needs no split)
        return m.pairs(inputs, min_score)
    child = child_countries(Counter(x.country for x in inputs if x.country), MIN_SHARE)
    if not child:
        return m.pairs(inputs, min_score)
    theirs = [x for x in inputs if x.country in child]
    mine = [x for x in inputs if x.country and x.country not in child]
    forked = Forked(lambda: m.pairs(theirs, min_score))
    try:
        own = m.pairs(mine, min_score)
    except BaseException:
        forked.close()
        raise
    return own + forked.result()


def child_countries(counts: Counter[str], min_share: float) -> frozenset[str]:
    """The countries a child scores: greedily, largest first, each to the lighter of two
    shares; the child takes the lighter one. None when that share is below ``min_share``
    of the incidents (one country holds nearly all: nothing to split)."""
    shares: tuple[list[str], list[str]] = ([], [])
    weight = [0, 0]
    for country, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lighter = 0 if weight[0] <= weight[1] else 1
        shares[lighter].append(country)
        weight[lighter] += n
    light = 0 if weight[0] <= weight[1] else 1
    total = sum(weight)
    if not total or weight[light] < min_share * total:
        return frozenset()
    return frozenset(shares[light])
