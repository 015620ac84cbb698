"""Candidate pairs by blocking, then a weighted sum of named components per pair."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from incident_review.core.matching.inputs import MatchInput, PlaceFolder

COMPONENTS = ("place", "admin1", "date", "event_type", "weapons", "casualties", "damage", "text")
_BIG = 10_000_000  # separates blocks in one sorted key (more than any date ordinal)
_CHUNK = 250_000  # candidate pairs scored at once (bounds the memory of a big batch)


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    score: float
    components: dict[str, float]


class _Codes:
    """Small ints for strings, so blocks and equality run on arrays."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        if not value:
            return -1
        return self.codes.setdefault(value, len(self.codes))


@dataclass
class Table:
    inputs: Sequence[MatchInput]
    lo: np.ndarray
    hi: np.ndarray
    country: np.ndarray
    admin1: np.ndarray
    block: np.ndarray  # place key code, -1 when the place is unknown (a wildcard)
    report: np.ndarray
    event: np.ndarray
    sub_event: np.ndarray
    weapons: np.ndarray
    damage: np.ndarray
    killed: np.ndarray  # (n, 2), -1 unknown low, big for open high
    wounded: np.ndarray
    place: list[str]


class Matcher:
    def __init__(self, settings: dict[str, Any], aliases: dict[str, str]) -> None:
        self.window = int(settings["window_days"])
        self.max_interval = int(settings["max_interval_days"])
        self.threshold = float(settings["threshold"])
        self.weights = {k: float(settings["weights"][k]) for k in COMPONENTS}
        conflicts = settings["cluster_conflicts"]
        self.max_day_gap = int(conflicts["max_day_gap"])
        self.min_place_similarity = float(conflicts["min_place_similarity"])
        self.folder = PlaceFolder(aliases, [(a, b) for a, b in settings["transliteration"]],
                                  frozenset(settings.get("place_stopwords", ())))

    # ------------------------------------------------------------ arrays

    def table(self, inputs: Sequence[MatchInput]) -> Table:
        n = len(inputs)
        lo = np.full(n, -1, dtype=np.int64)
        hi = np.full(n, -1, dtype=np.int64)
        countries, admins, blocks, reports, events, subs = (_Codes() for _ in range(6))
        bits = _Codes()
        cols: dict[str, list[int]] = {k: [] for k in ("country", "admin1", "block", "report", "event", "sub")}
        weapons = np.zeros(n, dtype=np.uint64)
        damage = np.zeros(n, dtype=np.uint64)
        killed = np.empty((n, 2), dtype=np.int64)
        wounded = np.empty((n, 2), dtype=np.int64)
        place: list[str] = []
        for i, m in enumerate(inputs):
            interval = m.interval(self.max_interval)
            if interval:
                lo[i], hi[i] = interval
            folded = self.folder.fold(m.location)
            place.append(folded)
            cols["country"].append(countries(m.country))
            cols["admin1"].append(admins(m.admin1))
            cols["block"].append(blocks(folded[:3]) if folded else -1)
            cols["report"].append(reports(m.report))
            cols["event"].append(events(m.event_type))
            cols["sub"].append(subs(m.sub_event_type))
            weapons[i] = _mask(bits, (w.split()[-1] for w in m.weapons))
            damage[i] = _mask(bits, m.damage)
            killed[i] = _range(m.killed)
            wounded[i] = _range(m.wounded)
        return Table(inputs, lo, hi, np.array(cols["country"]), np.array(cols["admin1"]), np.array(cols["block"]),
                     np.array(cols["report"]), np.array(cols["event"]), np.array(cols["sub"]), weapons, damage,
                     killed, wounded, place)

    # ------------------------------------------------------------ candidates

    def candidates(self, t: Table) -> tuple[np.ndarray, np.ndarray]:
        """Index pairs (i < j) worth scoring: same country, same or unknown admin1, dates
        within the window, different reports."""
        usable = np.flatnonzero((t.lo >= 0) & (t.country >= 0))
        pairs = [self._windows(t, usable[t.block[usable] >= 0], t.block, t.admin1)]
        # Wildcards: an unknown place meets every place of its admin1, an unknown admin1
        # every admin1 of its country.
        wild_place = usable[(t.block[usable] < 0) & (t.admin1[usable] >= 0)]
        if len(wild_place):
            pairs.append(self._wild(t, usable[t.admin1[usable] >= 0], wild_place, t.admin1))
        wild_admin = usable[t.admin1[usable] < 0]
        if len(wild_admin):
            pairs.append(self._wild(t, usable, wild_admin, np.zeros_like(t.admin1)))
        i = np.concatenate([p[0] for p in pairs])
        j = np.concatenate([p[1] for p in pairs])
        a, b = np.minimum(i, j), np.maximum(i, j)
        keep = (a != b) & (t.report[a] != t.report[b]) & (t.country[a] == t.country[b])
        keep &= (t.admin1[a] == t.admin1[b]) | (t.admin1[a] < 0) | (t.admin1[b] < 0)
        a, b = a[keep], b[keep]
        if len(a):
            code = np.unique(a.astype(np.int64) * len(t.lo) + b)
            a, b = code // len(t.lo), code % len(t.lo)
        return a, b

    def _group_key(self, t: Table, idx: np.ndarray, block: np.ndarray, admin1: np.ndarray) -> np.ndarray:
        group = (t.country[idx].astype(np.int64) * 100_003 + admin1[idx] + 1) * 1_000_003 + block[idx] + 1
        return np.asarray(group, dtype=np.int64)

    def _windows(self, t: Table, idx: np.ndarray, block: np.ndarray, admin1: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
        if len(idx) < 2:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        group = self._group_key(t, idx, block, admin1)
        _, dense = np.unique(group, return_inverse=True)
        key = dense.astype(np.int64) * _BIG + t.lo[idx]
        order = np.argsort(key, kind="stable")
        sorted_idx, sorted_key = idx[order], key[order]
        reach = dense[order].astype(np.int64) * _BIG + t.hi[sorted_idx] + self.window
        end = np.searchsorted(sorted_key, reach, side="right")
        start = np.arange(len(sorted_idx))
        counts = np.maximum(end - start - 1, 0)
        total = int(counts.sum())
        first = np.repeat(start, counts)
        offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        second = first + 1 + offsets
        return sorted_idx[first], sorted_idx[second]

    def _wild(self, t: Table, pool: np.ndarray, wild: np.ndarray, admin1: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
        """Pairs of each wildcard with everything in its group whose dates come near."""
        group = t.country[pool].astype(np.int64) * 100_003 + admin1[pool] + 1
        key = group * _BIG + t.lo[pool]
        order = np.argsort(key, kind="stable")
        sorted_idx, sorted_key = pool[order], key[order]
        wgroup = t.country[wild].astype(np.int64) * 100_003 + admin1[wild] + 1
        left = np.searchsorted(sorted_key, wgroup * _BIG + t.lo[wild] - self.window - self.max_interval, "left")
        right = np.searchsorted(sorted_key, wgroup * _BIG + t.hi[wild] + self.window, "right")
        counts = right - left
        firsts = np.repeat(wild, counts)
        seconds = sorted_idx[np.concatenate([np.arange(a, b) for a, b in zip(left, right, strict=True)])
                             ] if counts.sum() else np.empty(0, np.int64)
        # The left bound is generous (any interval length); keep only real overlaps.
        ok = (t.hi[seconds] + self.window >= t.lo[firsts]) & (t.lo[seconds] <= t.hi[firsts] + self.window)
        return firsts[ok], seconds[ok]

    # ------------------------------------------------------------ scoring

    def components(self, t: Table, a: np.ndarray, b: np.ndarray, with_text: bool = True) -> dict[str, np.ndarray]:
        c: dict[str, np.ndarray] = {}
        pa = [t.place[i] for i in a]
        pb = [t.place[i] for i in b]
        named = np.array([bool(x) for x in t.place], dtype=bool)
        known = named[a] & named[b]
        sim = process.cpdist(pa, pb, scorer=fuzz.ratio, workers=-1) / 100.0 if len(a) else np.empty(0)
        c["place"] = np.where(known, sim, 0.5)
        both = (t.admin1[a] >= 0) & (t.admin1[b] >= 0)
        c["admin1"] = np.where(both, (t.admin1[a] == t.admin1[b]).astype(float), 0.5)
        gap = np.maximum(0, np.maximum(t.lo[b] - t.hi[a], t.lo[a] - t.hi[b]))
        c["date"] = np.clip(1.0 - gap / (self.window + 1), 0.0, 1.0)
        sub_known = (t.sub_event[a] >= 0) & (t.sub_event[b] >= 0)
        c["event_type"] = np.where(
            sub_known, np.where(t.sub_event[a] == t.sub_event[b], 1.0,
                                np.where(t.event[a] == t.event[b], 0.5, 0.0)), 0.5)
        c["weapons"] = _overlap(t.weapons[a], t.weapons[b])
        c["damage"] = _overlap(t.damage[a], t.damage[b])
        c["casualties"] = _casualty_fit(t.killed[a], t.killed[b], t.wounded[a], t.wounded[b])
        if with_text:
            c["text"] = self._text(t, a, b)
        return c

    def _text(self, t: Table, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Similarity of the incidents' texts: the dearest component, so computed last."""
        if not len(a):
            return np.empty(0)
        ta = [t.inputs[i].text for i in a]
        tb = [t.inputs[i].text for i in b]
        sim: np.ndarray = process.cpdist(ta, tb, scorer=fuzz.token_set_ratio, workers=-1) / 100.0
        return sim

    def score(self, comps: dict[str, np.ndarray]) -> np.ndarray:
        total = sum(self.weights.values())
        weighted = sum(self.weights[k] * comps[k] for k in COMPONENTS)
        return np.asarray(weighted, dtype=float) / total

    def pairs(self, inputs: Sequence[MatchInput], min_score: float | None = None) -> list[Pair]:
        """Every candidate pair scoring at least ``min_score`` (default: the threshold)."""
        floor = self.threshold if min_score is None else min_score
        t = self.table(inputs)
        a, b = self.candidates(t)
        return self._scored(t, a, b, floor)

    def pairs_against(self, new: Sequence[MatchInput], existing: Sequence[MatchInput],
                      min_score: float | None = None) -> list[Pair]:
        """Incremental: new incidents against the store (and each other), never the store
        against itself."""
        floor = self.threshold if min_score is None else min_score
        t = self.table([*new, *existing])
        a, b = self.candidates(t)
        keep = (a < len(new)) | (b < len(new))
        return self._scored(t, a[keep], b[keep], floor)

    def _scored(self, t: Table, a: np.ndarray, b: np.ndarray, floor: float) -> list[Pair]:
        """Pairs scoring at least ``floor``, strongest first (ties in candidate order).

        Candidates are scored a chunk at a time: a batch with many incidents of unknown
        place has millions (3M for 2,000 reports), and their components and strings at
        once took most of a gigabyte."""
        kept: list[tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]] = []
        for start in range(0, len(a), _CHUNK):
            kept.append(self._chunk(t, a[start:start + _CHUNK], b[start:start + _CHUNK], floor))
        if not kept:
            return []
        a = np.concatenate([k[0] for k in kept])
        b = np.concatenate([k[1] for k in kept])
        scores = np.concatenate([k[2] for k in kept])
        names = list(kept[0][3])
        comps = {name: np.concatenate([k[3][name] for k in kept]) for name in names}
        order = np.argsort(-scores, kind="stable")
        ids = [m.id for m in t.inputs]
        # Plain floats (tolist) before rounding: numpy scalars make this loop 3x dearer.
        columns = [comps[name][order].tolist() for name in names]
        out = []
        for row, k in enumerate(order.tolist()):
            x, y = ids[a[k]], ids[b[k]]
            if x > y:
                x, y = y, x
            out.append(Pair(x, y, round(float(scores[k]), 4),
                            {name: round(column[row], 3) for name, column in zip(names, columns, strict=True)}))
        return out

    def _chunk(self, t: Table, a: np.ndarray, b: np.ndarray, floor: float
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """The candidates of one chunk that reach ``floor``: indexes, scores, components."""
        comps = self.components(t, a, b, with_text=False)
        # A pair that cannot reach the floor even with identical texts is dropped before
        # the text similarity, the dearest component, is computed.
        total = sum(self.weights.values())
        partial = sum(self.weights[k] * comps[k] for k in COMPONENTS if k != "text")
        # (A hair of slack: the text similarity is float32, its weighted value may round up.)
        reachable = np.flatnonzero((np.asarray(partial, dtype=float) + self.weights["text"]) / total >= floor - 1e-6)
        a, b = a[reachable], b[reachable]
        comps = {name: v[reachable] for name, v in comps.items()}
        comps["text"] = self._text(t, a, b)
        scores = self.score(comps)
        hits = np.flatnonzero(scores >= floor)
        return a[hits], b[hits], scores[hits], {name: v[hits] for name, v in comps.items()}

    # ------------------------------------------------------------ clusters

    def conflict(self, x: MatchInput, y: MatchInput) -> bool:
        """Two incidents that cannot be one event, however strong the chain between them."""
        if x.date and y.date and x.date_precision == "day" == y.date_precision \
                and abs((x.date - y.date).days) > self.max_day_gap:
            return True
        px, py = self.folder.fold(x.location), self.folder.fold(y.location)
        return bool(px and py and fuzz.ratio(px, py) / 100.0 < self.min_place_similarity)

    def clusters(self, pairs: Sequence[Pair], inputs: dict[str, MatchInput]) -> tuple[list[list[str]], list[Pair]]:
        """Join pairs strongest first; a pair whose join would put two conflicting
        incidents in one cluster is left out (returned as split)."""
        member: dict[str, list[str]] = {}
        split: list[Pair] = []
        for pair in sorted(pairs, key=lambda p: -p.score):
            ca = member.get(pair.a, [pair.a])
            cb = member.get(pair.b, [pair.b])
            if ca is cb:
                continue
            if any(self.conflict(inputs[x], inputs[y]) for x in ca for y in cb if x in inputs and y in inputs):
                split.append(pair)
                continue
            joined = ca + cb
            for m in joined:
                member[m] = joined
        seen: set[int] = set()
        out = []
        for group in member.values():
            if id(group) not in seen:
                seen.add(id(group))
                out.append(sorted(group))
        return sorted(out), split


def _mask(bits: _Codes, names: Any) -> int:
    mask = 0
    for name in names:
        code = bits(name)
        if 0 <= code < 64:
            mask |= 1 << code
    return mask


def _range(r: tuple[int | None, int | None]) -> tuple[int, int]:
    low, high = r
    if low is None and high is None:
        return -1, -1
    return (low if low is not None else 0), (high if high is not None else 1_000_000)


def _overlap(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Overlap coefficient of two bit sets; 0.5 when either side is empty (unknown)."""
    inter = np.bitwise_count(x & y).astype(float)
    smaller = np.minimum(np.bitwise_count(x), np.bitwise_count(y)).astype(float)
    return np.where(smaller > 0, inter / np.maximum(smaller, 1), 0.5)


def _casualty_fit(ka: np.ndarray, kb: np.ndarray, wa: np.ndarray, wb: np.ndarray) -> np.ndarray:
    """1 when the ranges overlap (2 vs "at least 2"), falling with the ratio of the counts
    (2 vs 3 is 0.67, 2 vs 40 is 0.05); 0.5 when unknown."""

    def fit(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        known = (a[:, 0] >= 0) & (b[:, 0] >= 0)
        overlap = (a[:, 0] <= b[:, 1]) & (b[:, 0] <= a[:, 1])
        below = (a[:, 1] + 1) / np.maximum(b[:, 0] + 1, 1)
        above = (b[:, 1] + 1) / np.maximum(a[:, 0] + 1, 1)
        near = np.where(a[:, 1] < b[:, 0], below, above)
        return np.where(overlap, 1.0, np.clip(near, 0.0, 1.0)), known

    k, k_known = fit(ka, kb)
    w, w_known = fit(wa, wb)
    n = k_known.astype(float) + w_known.astype(float)
    total = np.where(k_known, k, 0.0) + np.where(w_known, w, 0.0)
    return np.where(n > 0, total / np.maximum(n, 1), 0.5)
