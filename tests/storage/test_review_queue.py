"""The duplicate review queue read from a store (issue #12): the same groups as clustering
every open pair at once, its first groups handed over before the rest, in linear time."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from incident_review.core.matching import Pair
from incident_review.core.model import Incident, Source
from incident_review.services import duplicates as dup
from incident_review.storage.store import Store

START = dt.date(2024, 1, 1)


def _incident(n: int, day: int, place: str = "Kharkiv", report: str | None = None) -> Incident:
    return Incident(
        id=f"INC-{n:06d}",
        date=START + dt.timedelta(days=day),
        date_precision="day",
        country="UA",
        admin1="Kharkiv Oblast",
        location=place,
        sources=[Source(report or f"R-{n}")],
    )


def _store(path: Path, seed: int) -> tuple[Store, list[Pair]]:
    """Incidents on random days at a few places, random pairs among near neighbours: small
    parts and big ones, joins that conflict (days apart, other places) and ties in score."""
    rng = random.Random(seed)
    places = ["Kharkiv", "Kharkiv", "Kharkiv", "Izium"]
    incidents = [_incident(n, n // 6 + rng.randrange(2), rng.choice(places)) for n in range(300)]
    keys: set[tuple[str, str]] = set()
    while len(keys) < 900:
        i = rng.randrange(300)
        j = min(299, i + rng.randrange(1, 12))
        if i != j:
            keys.add((incidents[i].id, incidents[j].id))
    pairs = [Pair(a, b, rng.choice([0.7, 0.8, 0.9, 0.95, 1.0]), {"place": 1.0}) for a, b in sorted(keys)]
    store = Store(path)
    store.import_incidents(incidents, "tester", "test")
    store.duplicates.add(pairs)
    return store, pairs


def _reference(store: Store, pairs: list[Pair]) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """Every open pair clustered at once, as the queue was built before."""
    ordered = sorted(pairs, key=lambda p: (-p.score, p.a, p.b))
    inputs = {m.id: m for m in store.duplicates.inputs()}
    groups, split = dup.matcher().clusters(ordered, inputs)
    return [(list(g.ids), [(p.a, p.b) for p in g.pairs]) for g in dup.group_pairs(ordered, groups, split)]


def test_the_queue_is_every_open_pair_clustered_at_once_strongest_first(tmp_path: Path) -> None:
    for seed in range(4):
        store, pairs = _store(tmp_path / f"q{seed}.db", seed)
        first: list[list[dup.ReviewGroup]] = []
        queue = dup.review_groups(store, first.append)
        got = [(list(g.ids), [(p.a, p.b) for p in g.pairs]) for g in queue]
        assert got == _reference(store, pairs)
        assert any(len(g.ids) > 2 for g in queue) and any(len(g.ids) == 2 for g in queue)
        # Strongest first; each open pair in exactly one group.
        assert [g.score for g in queue] == sorted((g.score for g in queue), reverse=True)
        assert sorted((p.a, p.b) for g in queue for p in g.pairs) == sorted((p.a, p.b) for p in pairs)
        # The first groups handed over early are the queue's first, in its order.
        (head,) = first
        assert head and [g.ids for g in head] == [g.ids for g in queue[: len(head)]]
        store.close()


def test_the_first_groups_come_before_the_rest_is_clustered(tmp_path: Path) -> None:
    store = Store(tmp_path / "parts.db")
    store.import_incidents([_incident(n, n // 3 * 10) for n in range(9)], "tester", "test")
    ids = [f"INC-{n:06d}" for n in range(9)]
    # Three separate strikes (three reports each); the strongest pair is in the second.
    pairs = [Pair(ids[k], ids[k + 1], score, {}) for k, score in ((0, 0.8), (1, 0.75), (3, 0.99), (4, 0.7), (6, 0.9))]
    store.duplicates.add(pairs)
    first: list[list[dup.ReviewGroup]] = []
    queue = dup.review_groups(store, first.append)
    assert [g.ids for g in first[0]] == [ids[3:6]]  # only the part of the strongest pair
    assert [g.ids for g in queue] == [ids[3:6], ids[6:8], ids[0:3]]
    assert [len(g.pairs) for g in queue] == [2, 1, 2]
    store.close()


def test_pairs_of_one_dataset_are_each_their_own_group(tmp_path: Path) -> None:
    """The UCDP import of the issue: rows of one dataset never cluster, so every pair is a
    split pair (what took 233 s looked up in a list)."""
    store = Store(tmp_path / "ucdp.db")
    rows = [_incident(n, n // 4, report=f"ucdp:{n}") for n in range(400)]
    store.import_incidents(rows, "tester", "test")
    pairs = [
        Pair(rows[i].id, rows[j].id, 0.7 + (i % 3) / 10, {}) for i in range(400) for j in range(i + 1, min(i + 8, 400))
    ]
    store.duplicates.add(pairs)
    queue = dup.review_groups(store)
    assert len(queue) == len(pairs) and all(len(g.ids) == 2 and len(g.pairs) == 1 for g in queue)
    assert [g.order for g in queue] == sorted((-p.score, p.a, p.b) for p in pairs)
    store.close()


def test_components_are_read_for_the_group_on_screen(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    store.import_incidents([_incident(n, 0) for n in range(3)], "tester", "test")
    store.duplicates.add([Pair("INC-000000", "INC-000001", 0.9, {"place": 1.0, "date": 0.5})])
    (group,) = dup.review_groups(store)
    assert group.pairs[0].components == {}  # the queue is read without them
    assert dup.with_components(store, group).pairs[0].components == {"place": 1.0, "date": 0.5}
    store.close()
