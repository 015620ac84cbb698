"""Duplicate detection, merge and unmerge, shared by the CLI and the TUI."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from incident_review import config
from incident_review.core.collector import collector_paused
from incident_review.core.crosswalk import TypeCrosswalk
from incident_review.core.errors import ConflictError, InputError
from incident_review.core.matching import Matcher, MatchInput, Pair
from incident_review.core.merge import merge
from incident_review.services import country_split
from incident_review.storage.store import Change, Store

BULK = 2000  # above this many new incidents, match against one load of the store


@cache
def matcher() -> Matcher:
    """The matcher with config/matching.yaml, the gazetteer's place aliases and the type
    crosswalk (config/crosswalk.yaml)."""
    aliases: dict[str, str] = {}
    for city in config.gazetteer().cities:
        for name in (city["name"], *city["aliases"]):
            aliases.setdefault(name.lower(), city["name"])
    return Matcher(config.matching(), aliases, TypeCrosswalk(config.crosswalk()))


@dataclass(frozen=True)
class Rebuilt:
    """A full rebuild's stored pairs, and the inputs it read (by id), so that its caller
    can list and cluster them without reading the store again."""

    pairs: list[Pair]
    inputs: dict[str, MatchInput]

    def open_pairs(self, min_score: float) -> list[Pair]:
        """As ``Duplicates.open_pairs`` would list them right after the rebuild."""
        kept = [p for p in self.pairs if p.score >= min_score]
        return sorted(kept, key=lambda p: (-p.score, p.a, p.b))


def rebuild(
    store: Store,
    min_score: float | None = None,
    within_dataset: bool | None = None,
    meanwhile: Callable[[Rebuilt], object] | None = None,
) -> Rebuilt:
    """Score the whole store against itself and replace the stored candidate pairs
    (``within_dataset``: also pair rows of one imported dataset, which config leaves apart).

    ``meanwhile``, if given, is called with what the rebuild found once it is scored and
    before it is stored (the CLI forks its listing there, to be written during the write)."""
    m = matcher().with_options(within_dataset=within_dataset)
    # Everything read and built here lives until the end, so the cycle collector's passes
    # over the growing heap found nothing to free: paused, reading a 100k store's inputs
    # took 1.6 -> 0.9 s CPU.
    with collector_paused():
        pending = store.all_pending_matches()  # batches stored before this read: covered by it
        inputs = store.duplicates.inputs()
        decided = store.duplicates.decided()  # once: a query per pair cost 12 s on a 100k store
        found = country_split.pairs(m, inputs, min_score)  # (two processes, by country)
        pairs = [p for p in found if (p.a, p.b) not in decided]
        rebuilt = Rebuilt(pairs, {x.id: x for x in inputs})
        if meanwhile is not None:
            meanwhile(rebuilt)
        store.duplicates.replace_all(pairs)
        store.matched(pending)
        return rebuilt


def resume_matching(store: Store) -> int:
    """Match the batches a killed command stored but never matched; the pairs found.

    Each ingest and import runs this first, as does ``duplicates``: so a kill -9 during a
    matching phase costs a later command its time, never the pairs."""
    found = 0
    for name, ids in store.pending_matches():
        found += len(match_new(store, ids, batch=name))
    return found


def match_new(store: Store, new_ids: Sequence[str], batch: str | None = None) -> list[Pair]:
    """Incremental: the new incidents against the store, not the store against itself.

    ``batch``: the ``matching:`` counter of the batch that stored them (``Store.last_batch``),
    removed once the pairs are stored."""
    if not new_ids:
        store.matched([batch] if batch else [])
        return []
    m = matcher()
    new: list[MatchInput] = []
    existing: list[MatchInput] = []
    if len(new_ids) > BULK:
        # A big import: one pass over the store (new incidents included) beats a query
        # per new incident.
        fresh = set(new_ids)
        for x in store.duplicates.inputs():
            (new if x.id in fresh else existing).append(x)
    else:
        new = store.duplicates.inputs(list(new_ids))
        existing = store.duplicates.neighbours(new, m.window, m.max_interval, m.lookback_days, m.neighbours)
    decided = store.duplicates.decided()
    pairs = [p for p in m.pairs_against(new, existing) if (p.a, p.b) not in decided]
    store.duplicates.add(pairs, [batch] if batch else [])
    return pairs


def clusters(
    store: Store, pairs: Sequence[Any], inputs: dict[str, MatchInput] | None = None
) -> tuple[list[list[str]], list[Any]]:
    """The pairs joined into clusters (``inputs``: the matching inputs by id, if at hand)."""
    if inputs is None:
        ids = sorted({x for p in pairs for x in (p.a, p.b)})
        inputs = {m.id: m for m in store.duplicates.inputs(ids)}
    with collector_paused():  # (clusters only grow while pairs are joined)
        return matcher().clusters(pairs, inputs)


@dataclass(frozen=True)
class ReviewGroup:
    """Incidents to review together: a cluster of open candidate pairs (or a pair that
    conflicts with its cluster), strongest first."""

    ids: list[str]
    pairs: list[Pair]

    @property
    def score(self) -> float:
        return max(p.score for p in self.pairs)

    @property
    def order(self) -> tuple[float, str, str]:
        """Its place in the queue: by its strongest pair (ties: that pair's ids)."""
        return min((-p.score, p.a, p.b) for p in self.pairs)


def review_groups(store: Store, first: Callable[[list[ReviewGroup]], object] | None = None) -> list[ReviewGroup]:
    """The duplicate review queue: open pairs joined into clusters, so that three reports
    of one strike are reviewed (and merged) together, not pair by pair; strongest first.

    ``first``, if given, is called as soon as the queue's first groups are known (those of
    the connected part of the pairs' graph that holds the strongest pair), before the rest
    is clustered: the screen shows them while the queue is completed. A cluster never spans
    two parts, so the first part is clustered on its own with the same result as clustering
    them all at once (tests/storage/test_review_queue.py).

    The pairs come without their score components (``with_components`` adds them to the
    group on screen) and the incidents with only what clustering reads (20k open pairs:
    ``python -m benchmarks review-groups``)."""
    pairs = store.duplicates.open_pairs(matcher().threshold, components=False)
    if not pairs:
        if first is not None:
            first([])
        return []
    parts = connected_parts(pairs)  # by their strongest pair: the queue's first group is in the first
    head = _queue(store, parts[0])
    if first is not None:
        first(head)
    if len(parts) == 1:
        return head
    rest = _queue(store, [p for part in parts[1:] for p in part])
    return sorted(head + rest, key=lambda g: g.order)


def _queue(store: Store, pairs: list[Pair]) -> list[ReviewGroup]:
    """The review groups of ``pairs`` (whole connected parts, strongest pair first)."""
    ids = sorted({x for p in pairs for x in (p.a, p.b)})
    inputs = {m.id: m for m in store.duplicates.conflict_inputs(ids)}
    groups, split = clusters(store, pairs, inputs)
    return group_pairs(pairs, groups, split)


def connected_parts(pairs: Sequence[Pair]) -> list[list[Pair]]:
    """The pairs split into the connected parts of their graph (union-find, linear), each
    part's pairs in their given order, parts ordered by their first pair as given: for
    pairs strongest first, the parts strongest first."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        top = x
        while parent.setdefault(top, top) != top:
            top = parent[top]
        while parent[x] != top:  # path compression: every lookup after is one step
            parent[x], x = top, parent[x]
        return top

    for p in pairs:
        ra, rb = root(p.a), root(p.b)
        if ra != rb:
            parent[ra] = rb
    parts: dict[str, list[Pair]] = {}
    for p in pairs:
        parts.setdefault(root(p.a), []).append(p)
    return list(parts.values())  # dicts keep insertion order: by each part's first pair


def with_components(store: Store, group: ReviewGroup) -> ReviewGroup:
    """The group with its pairs' score components, to show why they scored as they did."""
    return ReviewGroup(list(group.ids), store.duplicates.components_of(group.pairs))


def group_pairs(pairs: Sequence[Pair], groups: Sequence[list[str]], split: Sequence[Pair]) -> list[ReviewGroup]:
    """Each cluster with its pairs, and each split pair on its own, strongest first.

    Split pairs are looked up by (a, b) in a set: ``p not in split`` over the list
    compared every pair with every split pair, components dicts and all (a 2.8k-incident
    UCDP import: 233 s, the duplicate screen never opened)."""
    split_keys = {(p.a, p.b) for p in split}
    member = {i: n for n, ids in enumerate(groups) for i in ids}
    by_group: dict[int, list[Pair]] = {}
    for p in pairs:
        if (p.a, p.b) not in split_keys and member.get(p.a) == member.get(p.b):
            by_group.setdefault(member[p.a], []).append(p)
    keyed = [(g.order, g) for g in (ReviewGroup(ids, by_group[n]) for n, ids in enumerate(groups) if n in by_group)]
    keyed += [((-p.score, p.a, p.b), ReviewGroup([p.a, p.b], [p])) for p in split]  # its order, without min()
    keyed.sort(key=lambda k: k[0])
    return [g for _, g in keyed]


def not_duplicate_of_others(store: Store, incident_id: str, others: Sequence[str], analyst: str) -> None:
    """``incident_id`` is a different event from each of ``others``."""
    for other in others:
        if other != incident_id:
            not_duplicate(store, incident_id, other, analyst)


def merge_incidents(
    store: Store,
    survivor_id: str,
    other_ids: Sequence[str],
    analyst: str,
    choose: dict[str, str] | None = None,
    edits: dict[str, Any] | None = None,
    versions: dict[str, int] | None = None,
) -> str:
    """Merge atomically (every incident's version is checked); returns the batch to undo.

    ``versions``: the versions the analyst saw (a review screen's); any other version is a
    ConflictError, and the save below checks the same versions in its transaction."""
    found = {i.id: i for i in store.get_many([survivor_id, *other_ids])}
    for incident_id in (survivor_id, *other_ids):
        if incident_id not in found:
            raise InputError("merge", incident_id, "no such incident")
        seen = (versions or {}).get(incident_id)
        if seen is not None and found[incident_id].version != seen:
            now = found[incident_id]
            raise ConflictError(incident_id, seen, now.version, now.updated_by)
        if found[incident_id].merged_into:
            raise InputError("merge", incident_id, f"already merged into {found[incident_id].merged_into}")
    if len(set(other_ids) | {survivor_id}) < 2:
        raise InputError("merge", survivor_id, "needs at least two different incidents")
    survivor = found[survivor_id]
    others = [found[i] for i in other_ids if i != survivor_id]
    merged, absorbed = merge(survivor, others, choose, edits)
    changes = [Change(merged, survivor.version)] + [Change(a, o.version) for a, o in zip(absorbed, others, strict=True)]
    batch = store.save(changes, analyst, "merge")
    store.duplicates.refresh_flags({survivor_id, *other_ids})
    return batch


def unmerge(store: Store, incident_id: str, analyst: str) -> str:
    """Undo the merge that absorbed (or produced) ``incident_id``: every incident back
    exactly as it was, claims and figures included."""
    for entry in reversed(store.history(incident_id)):
        if entry.action == "merge":
            batch = store.revert(entry.batch, analyst, "unmerge")
            ids = {e.incident_id for e in store.batch_entries(batch) if e.incident_id}
            store.duplicates.refresh_flags(ids)
            return batch
    raise InputError("unmerge", incident_id, "was never merged")


def not_duplicate(store: Store, a: str, b: str, analyst: str) -> None:
    store.duplicates.decide(a, b, "not_duplicate", analyst)


@dataclass(frozen=True)
class SamplePair:
    a: str
    b: str
    score: float
    flagged: bool


def sample(store: Store, n: int, seed: int = 0) -> list[SamplePair]:
    """A MELTT-style check: n flagged pairs and n unflagged near misses, to be labelled."""
    m = matcher()
    inputs = store.duplicates.inputs()
    scored = m.pairs(inputs, min_score=0.0)
    flagged = [p for p in scored if p.score >= m.threshold]
    near = sorted((p for p in scored if p.score < m.threshold), key=lambda p: -p.score)[: max(n * 5, n)]
    rng = random.Random(seed)
    picks = rng.sample(flagged, min(n, len(flagged))) + rng.sample(near, min(n, len(near)))
    return [SamplePair(p.a, p.b, p.score, p.score >= m.threshold) for p in picks]


def precision_recall(labels: Sequence[tuple[bool, bool]]) -> tuple[float, float, int]:
    """(flagged, truly duplicate) labels -> precision, recall, labelled count."""
    tp = sum(1 for f, t in labels if f and t)
    fp = sum(1 for f, t in labels if f and not t)
    fn = sum(1 for f, t in labels if not f and t)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, len(labels)
