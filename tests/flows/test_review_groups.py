"""The duplicate review queue of a big import (issue #12: 20k open pairs)."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

from incident_review.core.matching import MatchInput, Pair
from incident_review.services.duplicates import group_pairs, matcher

CLUSTERS = 3000  # of four incidents, every pair among them open: 18,000 pairs
SPLIT = 2000  # clusters with a fifth incident of another week: 2,000 pairs split off


def _input(incident_id: str, day: dt.date) -> MatchInput:
    return MatchInput(
        id=incident_id,
        report=f"R-{incident_id}",
        country="UA",
        admin1="Kharkiv Oblast",
        location="Kharkiv",
        date=day,
        date_end=None,
        date_precision="day",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
    )


def test_twenty_thousand_open_pairs_group_into_clusters_and_split_pairs() -> None:
    inputs: dict[str, MatchInput] = {}
    pairs: list[Pair] = []
    for k in range(CLUSTERS):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=k % 300)
        members = [f"C{k:05d}-{j}" for j in range(4)]
        inputs.update((m, _input(m, day)) for m in members)
        pairs += [Pair(a, b, 0.9, {"place": 1.0}) for a, b in combinations(members, 2)]
        if k < SPLIT:  # strong enough to propose, but a week away from the cluster: split
            other = f"C{k:05d}-x"
            inputs[other] = _input(other, day + dt.timedelta(days=7))
            pairs.append(Pair(members[0], other, 0.7, {"place": 1.0}))
    assert len(pairs) == 20_000

    groups, split = matcher().clusters(pairs, inputs)
    review = group_pairs(pairs, groups, split)

    assert len(split) == SPLIT
    assert len(review) == CLUSTERS + SPLIT
    clusters = [g for g in review if len(g.ids) == 4]
    assert len(clusters) == CLUSTERS and all(len(g.pairs) == 6 for g in clusters)
    alone = [g for g in review if len(g.ids) == 2]
    assert len(alone) == SPLIT and all(g.ids[1].endswith("-x") and len(g.pairs) == 1 for g in alone)
    # Strongest first: every cluster (0.9) before every split pair (0.7).
    assert [g.score for g in review] == [0.9] * CLUSTERS + [0.7] * SPLIT
    # Each open pair is reviewed exactly once.
    assert sorted((p.a, p.b) for g in review for p in g.pairs) == sorted((p.a, p.b) for p in pairs)
