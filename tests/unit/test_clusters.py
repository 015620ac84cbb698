"""Clusters from flagged pairs: the summarised join gives what member-by-member checks give."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from incident_review.core.matching import Matcher, MatchInput
from incident_review.core.matching import clusters as clusters_module
from incident_review.core.matching.matcher import Pair
from incident_review.services.duplicates import matcher

_BASE = dt.date(2024, 3, 1)
_PLACES = ["Kharkiv", "Kharkov", "Izium", "Balakliia", None]
_POINTS = [None, (49.99, 36.23), (49.21, 37.26), (49.46, 36.86)]


def _reference(m: Matcher, pairs: Sequence[Pair], inputs: dict[str, MatchInput]) -> tuple[list[list[str]], list[Pair]]:
    """The join as first written: every member of one cluster against every member of
    the other, before joining them."""
    member: dict[str, list[str]] = {}
    split: list[Pair] = []
    for pair in sorted(pairs, key=lambda p: -p.score):
        ca = member.get(pair.a, [pair.a])
        cb = member.get(pair.b, [pair.b])
        if ca is cb:
            continue
        if any(m.conflict(inputs[x], inputs[y]) for x in ca for y in cb if x in inputs and y in inputs):
            split.append(pair)
            continue
        joined = ca + cb
        for x in joined:
            member[x] = joined
    groups = {id(g): sorted(g) for g in member.values()}
    return sorted(groups.values()), split


@st.composite
def _incident(draw: st.DrawFn, k: int) -> MatchInput:
    day = draw(st.one_of(st.none(), st.integers(0, 20)))
    precision = draw(st.sampled_from(["day", "day", "month", "unknown"]))
    published = draw(st.one_of(st.none(), st.integers(0, 20)))
    point = draw(st.sampled_from(_POINTS))
    dataset = draw(st.sampled_from(["", "", "acled:", "ucdp:"]))
    return MatchInput(
        id=f"i{k}",
        report=f"{dataset}r{k}",
        country="UA",
        admin1="Kharkiv Oblast",
        location=draw(st.sampled_from(_PLACES)),
        date=_BASE + dt.timedelta(days=day) if day is not None else None,
        date_end=None,
        date_precision=precision if day is not None else "unknown",
        event_type="Explosions/Remote violence",
        sub_event_type=None,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        geo_precision="town" if point else "unknown",
        published=_BASE + dt.timedelta(days=published) if published is not None else None,
    )


@st.composite
def _case(draw: st.DrawFn) -> tuple[list[Pair], dict[str, MatchInput]]:
    n = draw(st.integers(2, 14))
    incidents = [draw(_incident(k)) for k in range(n)]
    # Some ids of the pairs have no input (an incident merged away meanwhile).
    inputs = {m.id: m for m in incidents if draw(st.integers(0, 9)) > 0}
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=30))
    pairs = [Pair(f"i{a}", f"i{b}", draw(st.sampled_from([0.7, 0.8, 0.9, 0.95])), {}) for a, b in edges if a != b]
    return pairs, inputs


@settings(max_examples=500, deadline=None)
@given(_case(), st.booleans(), st.sampled_from([0, 4, clusters_module._PAIRWISE]))
def test_summarised_join_equals_member_by_member(
    case: tuple[list[Pair], dict[str, MatchInput]], within: bool, pairwise: int
) -> None:
    """Whether a join is checked on summaries (``pairwise`` 0: always) or member by
    member, the clusters and the split pairs are those of the member-by-member join."""
    pairs, inputs = case
    m = matcher().with_options(within_dataset=within)
    with patch.object(clusters_module, "_PAIRWISE", pairwise):
        assert m.clusters(pairs, inputs) == _reference(m, pairs, inputs)


def test_a_long_chain_of_one_town_splits_where_the_days_are_too_far_apart() -> None:
    """2,000 rows of one town, 50 a day, chained: every row lands in a cluster, no
    cluster spans more days than the allowed gap, and each cut is a split pair."""
    m = matcher()
    rows = [
        MatchInput(
            id=f"e{k:05d}",
            report=f"r{k}",
            country="UA",
            admin1="Donetsk Oblast",
            location="Bakhmut",
            date=_BASE + dt.timedelta(days=k // 50),
            date_end=None,
            date_precision="day",
            event_type="Battles",
            sub_event_type=None,
        )
        for k in range(2000)
    ]
    pairs = [Pair(rows[k].id, rows[k + 1].id, 0.9, {}) for k in range(len(rows) - 1)]
    groups, split = m.clusters(pairs, {r.id: r for r in rows})
    assert sum(len(g) for g in groups) == len(rows)
    # Each cluster spans no more than the allowed gap between day dates.
    for g in groups:
        days = [int(x[1:]) // 50 for x in g]
        assert max(days) - min(days) <= m.max_day_gap
    assert split and len(groups) == len(split) + 1
