"""The incident's casualty figure under each aggregation of its sources' figures."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from incident_review.core.casualties import AGGREGATIONS, combine, validate_figure
from incident_review.core.model import Figure


def test_disagreeing_sources_under_each_aggregation() -> None:
    figures = [Figure("killed", "all", 3, 3, 3, "early report"), Figure("killed", "all", 7, 7, 7, "later report")]
    assert combine(figures, "killed", how="conservative") == combine([figures[0]], "killed")
    assert (combine(figures, "killed", how="best").best, combine(figures, "killed", how="maximum").best) == (7, 7)
    assert combine(figures, "killed", how="best").low == 3  # the range covers every source


def test_an_analyst_figure_outranks_every_aggregation() -> None:
    figures = [Figure("killed", "all", 3, 3, 3, "r1"), Figure("killed", "all", None, 5, None, None)]
    assert {combine(figures, "killed", how=how).best for how in AGGREGATIONS} == {5}


@st.composite
def source_figure(draw: st.DrawFn) -> Figure:
    values = sorted(draw(st.lists(st.integers(0, 500), min_size=3, max_size=3)))
    keep = draw(st.lists(st.booleans(), min_size=3, max_size=3).filter(any))
    low, best, high = (v if k else None for v, k in zip(values, keep, strict=True))
    return Figure("killed", "all", low, best, high, draw(st.sampled_from(["r1", "r2", "r3"])))


@given(st.lists(source_figure(), min_size=1, max_size=6))
def test_every_aggregation_is_a_valid_range_in_order_of_caution(figures: list[Figure]) -> None:
    ranges = {how: combine(figures, "killed", how=how) for how in AGGREGATIONS}
    for how, r in ranges.items():
        assert validate_figure(Figure("killed", "all", r.low, r.best, r.high)) is None, (how, r)
    bests = [r.best for r in ranges.values() if r.best is not None]
    if len(bests) == len(ranges):
        assert bests == sorted(bests)  # conservative <= best <= maximum


def test_a_range_reads_as_an_analyst_writes_it() -> None:
    from incident_review.core.casualties import range_text

    assert [
        range_text(2, 2, 2),
        range_text(None, 2, None),
        range_text(21, None, None),
        range_text(21, 21, None),
        range_text(21, 23, None),
        range_text(20, 23, 23),
        range_text(20, 23, 25),
        range_text(20, 20, 25),
        range_text(20, None, 25),
        range_text(None, None, 5),
        range_text(None, 5, 5),
        range_text(None, 3, 5),
        range_text(None, None, None),
        range_text(0, 0, 0),
    ] == [
        "2",
        "2",
        "at least 21",
        "at least 21",
        "23 (at least 21)",
        "20-23",
        "23 (20-25)",
        "20 (20-25)",
        "20-25",
        "at most 5",
        "at most 5",
        "3 (at most 5)",
        "?",
        "0",
    ]


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50), st.lists(st.booleans(), min_size=3, max_size=3))
def test_a_range_names_every_bound_it_has(a: int, b: int, c: int, keep: list[bool]) -> None:
    """Whatever is known shows: the best estimate first, a bound that differs from it after."""
    from incident_review.core.casualties import range_text

    low, best, high = (v if k else None for v, k in zip(sorted((a, b, c)), keep, strict=True))
    text = range_text(low, best, high)
    numbers = [int(n) for n in text.replace("(", " ").replace(")", " ").replace("-", " ").split() if n.isdigit()]
    assert {v for v in (low, best, high) if v is not None} == set(numbers)
    if best is not None and (low, high) != (None, None) and text[0].isdigit() and "-" not in text.split("(")[0]:
        assert numbers[0] == best
