"""A rebuild's matching split across two processes by country gives the pairs of one."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections import Counter

from incident_review.core.matching import MatchInput, Pair
from incident_review.services import country_split
from incident_review.services import duplicates as dup

PLACES: dict[str, list[tuple[str | None, str | None]]] = {
    "UA": [("Kharkiv", "Kharkiv Oblast"), ("Dnipro", "Dnipropetrovsk Oblast"), (None, "Kharkiv Oblast")],
    "RU": [("Belgorod", "Belgorod Oblast"), ("Kursk", "Kursk Oblast"), ("Belgorod", None)],
    "SY": [("Idlib", "Idlib"), (None, None)],
}


def _inputs(n: int, seed: int) -> list[MatchInput]:
    """Reports of strikes in three countries, some undated, some with unknown places."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        country = rng.choice(["UA", "UA", "RU", "SY", None])
        place, admin1 = rng.choice(PLACES[country]) if country else ("Somewhere", None)
        dated = rng.random() > 0.2
        out.append(
            MatchInput(
                id=f"INC-{k:05d}",
                report=f"R-{k // 3}",
                country=country,
                admin1=admin1,
                location=place,
                date=dt.date(2024, 3, 1) + dt.timedelta(days=rng.randrange(20)) if dated else None,
                date_end=None,
                date_precision="day" if dated else "unknown",
                event_type="Explosions/Remote violence",
                sub_event_type=rng.choice(["Shelling/artillery/missile attack", "Air/drone strike"]),
                weapons=(rng.choice(["missile", "drone", "artillery"]),),
                killed=(v := rng.randrange(6), v),
                text=f"a {rng.choice(['missile', 'drone'])} hit {place or 'the area'}, {v} killed",
                published=dt.date(2024, 3, 1) + dt.timedelta(days=rng.randrange(25)),
            )
        )
    return out


def _key(pairs: list[Pair]) -> list[tuple[str, str, float, dict[str, float]]]:
    return sorted((p.a, p.b, p.score, p.components) for p in pairs)


def test_split_by_country_gives_the_pairs_of_one_process() -> None:
    inputs = _inputs(600, seed=3)
    m = dup.matcher()
    one = m.pairs(inputs, min_score=0.3)  # (rapidfuzz's threads ran here before the fork)
    assert len({x.country for p in one for x in inputs if x.id in (p.a, p.b)}) >= 2, "pairs in several countries"
    split = country_split.pairs(m, inputs, min_score=0.3, min_inputs=0)
    assert _key(split) == _key(one)


def test_the_child_takes_the_lighter_share_and_one_country_is_not_split() -> None:
    assert country_split.child_countries(Counter({"RU": 667, "UA": 333}), 0.1) == {"UA"}
    assert country_split.child_countries(Counter({"A": 5, "B": 4, "C": 3}), 0.1) == {"A"}  # (B + C: 7)
    assert country_split.child_countries(Counter({"RU": 950, "UA": 50}), 0.1) == frozenset()
    assert country_split.child_countries(Counter(), 0.1) == frozenset()


def test_a_failed_child_leaves_its_countries_to_this_process(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    inputs = _inputs(300, seed=5)
    m = dup.matcher()
    parent = os.getpid()
    real = type(m).pairs

    def failing_in_child(self, inputs, min_score=None):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(self, inputs, min_score)

    monkeypatch.setattr(type(m), "pairs", failing_in_child)
    assert _key(country_split.pairs(m, inputs, min_score=0.3, min_inputs=0)) == _key(real(m, inputs, 0.3))
