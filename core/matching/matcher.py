"""Candidate pairs by blocking, then a weighted sum of named components per pair."""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from incident_review.core.collector import collector_paused
from incident_review.core.crosswalk import TypeCrosswalk
from incident_review.core.matching.clusters import ConflictRules, join
from incident_review.core.matching.inputs import MatchInput, PlaceFolder
from incident_review.core.settings import COMPONENTS, Matching

# Named in a pair's components to explain it, but not weighted: the kilometres between two
# incidents with coordinates (absent when either has none).
EXPLAINED = ("km",)
_BIG = 10_000_000  # separates blocks in one sorted key (more than any date ordinal)
_LAST = _BIG - 1  # the sort position of an undated incident without a published date: a block's newest
_EARTH_KM = 6371.0
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
    kinds: np.ndarray  # the crosswalk's kinds of the type as bits, 0 none known
    weapons: np.ndarray
    damage: np.ndarray
    killed: np.ndarray  # (n, 2), -1 unknown low, big for open high
    wounded: np.ndarray
    place: list[str]
    published: np.ndarray  # ordinal of the report's publication, -1 unknown
    lat: np.ndarray  # radians, NaN without precise coordinates
    lon: np.ndarray
    dataset: np.ndarray  # code of the dataset of an imported row, -1 for news reports
    extra: list[frozenset[str]]  # every report of the incident (merged ones have several)

    @property
    def dated(self) -> np.ndarray:
        return self.lo >= 0


class Matcher:
    def __init__(self, settings: Matching, aliases: dict[str, str], crosswalk: TypeCrosswalk | None = None) -> None:
        # Without a crosswalk, types of different taxonomies are unknown to each other (0.5).
        self.crosswalk = crosswalk
        self.window = settings.window_days
        self.max_interval = settings.max_interval_days
        self.threshold = settings.threshold
        self.weights = {k: float(getattr(settings.weights, k)) for k in COMPONENTS}
        # Penalties have negative weights: the score is out of the positive ones.
        self.total = sum(w for w in self.weights.values() if w > 0)
        undated = settings.undated
        self.neighbours = undated.neighbours
        self.recent_days = undated.recent_days
        self.lookback_days = undated.lookback_days
        self.unknown_date_credit = undated.unknown_credit
        places = settings.places
        self.near_km = places.near_km
        self.far_km = places.far_km
        self.region_credit = places.region_credit
        self.ratio_zero = settings.casualties.ratio_zero
        self.ratio_zero_rising = settings.casualties.ratio_zero_rising
        self.within_dataset = settings.pair_within_dataset
        self.one_per_report = settings.one_per_report_margin
        conflicts = settings.cluster_conflicts
        self.max_day_gap = conflicts.max_day_gap
        self.min_place_similarity = conflicts.min_place_similarity
        self.folder = PlaceFolder(aliases, list(settings.transliteration), frozenset(settings.place_stopwords))
        self.damage_same = dict(settings.damage_same)

    def with_options(self, within_dataset: bool | None = None) -> Matcher:
        """A copy with settings changed for one run (``within_dataset``: pair the rows of
        one imported dataset too)."""
        other = copy.copy(self)
        if within_dataset is not None:
            other.within_dataset = within_dataset
        return other

    # ------------------------------------------------------------ arrays

    def table(self, inputs: Sequence[MatchInput]) -> Table:
        with collector_paused():
            return self._table(inputs)

    def _table(self, inputs: Sequence[MatchInput]) -> Table:
        """The inputs as columns. (A list comprehension per column: a million inputs go
        through here, and a loop appending to many lists cost twice as much.)"""
        n = len(inputs)
        intervals = [m.interval(self.max_interval) or (-1, -1) for m in inputs]
        bounds = np.array(intervals, dtype=np.int64).reshape(n, 2)
        fold = self.folder.fold
        place = [fold(m.location) for m in inputs]
        bits = _Codes()
        # Masks and ranges are memoised by value: most incidents share a handful of weapon,
        # damage and casualty tuples, and the per-name loop was most of this method.
        weapon_masks: dict[tuple[str, ...], int] = {(): 0}
        damage_masks: dict[tuple[str, ...], int] = {(): 0}

        def weapon_mask(names: tuple[str, ...]) -> int:
            mask = weapon_masks.get(names)
            if mask is None:
                mask = weapon_masks[names] = _mask(bits, (w.split()[-1] for w in names))
            return mask

        def damage_mask(names: tuple[str, ...]) -> int:
            mask = damage_masks.get(names)
            if mask is None:
                same = self.damage_same
                mask = damage_masks[names] = _mask(bits, (same.get(n, n) for n in names))
            return mask

        weapons = np.fromiter(map(weapon_mask, (m.weapons for m in inputs)), dtype=np.uint64, count=n)
        damage = np.fromiter(map(damage_mask, (m.damage for m in inputs)), dtype=np.uint64, count=n)
        ranges: dict[tuple[int | None, int | None], tuple[int, int]] = {}

        def memo_range(r: tuple[int | None, int | None]) -> tuple[int, int]:
            got = ranges.get(r)
            if got is None:
                got = ranges[r] = _range(r)
            return got

        killed = np.array([memo_range(m.killed) for m in inputs], dtype=np.int64).reshape(n, 2)
        wounded = np.array([memo_range(m.wounded) for m in inputs], dtype=np.int64).reshape(n, 2)
        published = np.array([m.published.toordinal() if m.published else -1 for m in inputs], dtype=np.int64)
        points = [m.point() or (np.nan, np.nan) for m in inputs]
        coords = np.radians(np.array(points, dtype=float).reshape(n, 2))
        # (Only an imported row's report id has a colon: "acled:ID", "ucdp:ID".)
        dataset = _encode([m.dataset if ":" in m.report else None for m in inputs])
        extra = [m.extra_reports | {m.report} if m.extra_reports else frozenset() for m in inputs]
        return Table(
            inputs,
            bounds[:, 0].copy(),
            bounds[:, 1].copy(),
            _encode([m.country for m in inputs]),
            _encode([m.admin1 for m in inputs]),
            _encode([p[:3] for p in place]),
            _encode([m.report for m in inputs]),
            _encode([m.event_type for m in inputs]),
            _encode([m.sub_event_type for m in inputs]),
            self._kinds(inputs),
            weapons,
            damage,
            killed,
            wounded,
            place,
            published,
            coords[:, 0].copy(),
            coords[:, 1].copy(),
            dataset,
            extra,
        )

    def _kinds(self, inputs: Sequence[MatchInput]) -> np.ndarray:
        walk = self.crosswalk
        if walk is None:
            return np.zeros(len(inputs), dtype=np.uint64)
        # Few distinct combinations recur over a store: each is looked up once.
        masks: dict[tuple[str | None, ...], int] = {}
        out = []
        for m in inputs:
            key = (m.event_type, m.sub_event_type, m.type_of_violence, m.civilian_targeting, m.tags)
            mask = masks.get(key)
            if mask is None:
                mask = masks[key] = walk.mask(walk.kinds(*key))
            out.append(mask)
        return np.array(out, dtype=np.uint64)

    # ------------------------------------------------------------ candidates

    def candidates(self, t: Table) -> tuple[np.ndarray, np.ndarray]:
        """Index pairs (i < j) worth scoring: same country, same or unknown admin1, dates
        within the window, different reports (and datasets), places not too far apart.

        An undated incident is not left out: it meets its block (country, admin1 and
        place) whatever the dates, bounded to the ``neighbours`` nearest by date (its
        report's publication standing in for its own date)."""
        known = t.country >= 0
        usable = np.flatnonzero(t.dated & known)
        pairs = [self._windows(t, usable[t.block[usable] >= 0], t.block, t.admin1)]
        # Wildcards: an unknown place meets every place of its admin1, an unknown admin1
        # every admin1 of its country.
        wild_place = usable[(t.block[usable] < 0) & (t.admin1[usable] >= 0)]
        if len(wild_place):
            pairs.append(self._wild(t, usable[t.admin1[usable] >= 0], wild_place, t.admin1))
        wild_admin = usable[t.admin1[usable] < 0]
        if len(wild_admin):
            pairs.append(self._wild(t, usable, wild_admin, np.zeros_like(t.admin1)))
        undated = np.flatnonzero(~t.dated & known)
        if len(undated):
            pairs.extend(self._undated(t, np.flatnonzero(known), undated, wild_admin))
        i = np.concatenate([p[0] for p in pairs])
        j = np.concatenate([p[1] for p in pairs])
        a, b = np.minimum(i, j), np.maximum(i, j)
        keep = (a != b) & (t.report[a] != t.report[b]) & (t.country[a] == t.country[b])
        keep &= (t.admin1[a] == t.admin1[b]) | (t.admin1[a] < 0) | (t.admin1[b] < 0)
        if not self.within_dataset:
            # One dataset's rows are its own distinct events (UCDP GED: one row per event).
            keep &= (t.dataset[a] < 0) | (t.dataset[a] != t.dataset[b])
        # An undated incident happened on or before its report's publication (a day of slack
        # for time zones): not an event dated after it.
        keep &= ~self._after(t, a, b) & ~self._after(t, b, a)
        a, b = a[keep], b[keep]
        # Coordinates further apart than far_km are two places, whatever their names say.
        km = _km(t, a, b)
        a, b = a[~(km > self.far_km)], b[~(km > self.far_km)]
        if len(a):
            code = _unique(a.astype(np.int64) * len(t.lo) + b)
            a, b = code // len(t.lo), code % len(t.lo)
        return self._apart(t, a, b)

    @staticmethod
    def _after(t: Table, undated: np.ndarray, other: np.ndarray) -> np.ndarray:
        """``other`` is dated after ``undated``'s report came out."""
        return np.asarray(
            ~t.dated[undated] & (t.published[undated] >= 0) & t.dated[other] & (t.lo[other] > t.published[undated] + 1)
        )

    def _apart(self, t: Table, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs without a report in common (a merged incident has several reports; no
        two incidents of one report are one event)."""
        merged = np.array([bool(x) for x in t.extra], dtype=bool)
        check = np.flatnonzero(merged[a] | merged[b]) if len(a) else np.empty(0, np.int64)
        if not len(check):
            return a, b
        inputs = t.inputs

        def reports(i: int) -> frozenset[str]:
            return t.extra[i] or frozenset((inputs[i].report,))

        shared = [k for k in check.tolist() if reports(int(a[k])) & reports(int(b[k]))]
        ok = np.ones(len(a), dtype=bool)
        ok[shared] = False
        return a[ok], b[ok]

    def _ref(self, t: Table) -> np.ndarray:
        """The day an incident sorts by: its date, else its report's publication, else last."""
        return np.where(t.dated, t.lo, np.where(t.published >= 0, t.published, _LAST))

    def _undated(
        self, t: Table, known: np.ndarray, undated: np.ndarray, dated_wild_admin: np.ndarray
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Candidates of undated incidents: each meets the nearest ``neighbours`` (by date)
        of its place block and of its admin1's placeless incidents; one without a place
        meets its admin1, one without an admin1 its country (and the dated admin1-less
        incidents meet the country's undated ones)."""
        k = self.neighbours
        out = []
        with_admin = known[t.admin1[known] >= 0]
        named = undated[(t.block[undated] >= 0) & (t.admin1[undated] >= 0)]
        if len(named):
            by_place = self._key(t, with_admin, block=True)
            out.append(self._nearest(t, with_admin, by_place, named, self._key(t, named, block=True), k))
            placeless = self._key(t, named, block=True, placeless=True)
            out.append(self._nearest(t, with_admin, by_place, named, placeless, k))
        region = undated[(t.block[undated] < 0) & (t.admin1[undated] >= 0)]
        if len(region):
            out.append(self._nearest(t, with_admin, self._key(t, with_admin), region, self._key(t, region), k))
        for wild, pool in ((undated[t.admin1[undated] < 0], known), (dated_wild_admin, undated)):
            if len(wild) and len(pool):
                out.append(
                    self._nearest(t, pool, t.country[pool].astype(np.int64), wild, t.country[wild].astype(np.int64), k)
                )
        return out

    def _key(self, t: Table, idx: np.ndarray, block: bool = False, placeless: bool = False) -> np.ndarray:
        """Group key of country and admin1 (and place block; ``placeless``: the block of no place)."""
        key = t.country[idx].astype(np.int64) * 100_003 + t.admin1[idx] + 1
        if block:
            key = key * 1_000_003 + (0 if placeless else t.block[idx] + 1)
        return np.asarray(key, dtype=np.int64)

    def _nearest(
        self, t: Table, pool: np.ndarray, pool_key: np.ndarray, wild: np.ndarray, wild_key: np.ndarray, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each of ``wild`` with the ``k`` members of its group in ``pool`` nearest by date."""
        group = _dense_codes(np.concatenate([pool_key, wild_key]))  # (int64 already)
        ref = self._ref(t)
        key = group[: len(pool)] * _BIG + ref[pool]
        order = np.argsort(key, kind="stable")
        sorted_idx, sorted_key = pool[order], key[order]
        wgroup = group[len(pool) :]
        first = np.searchsorted(sorted_key, wgroup * _BIG, "left")
        last = np.searchsorted(sorted_key, (wgroup + 1) * _BIG, "left")
        at = np.searchsorted(sorted_key, wgroup * _BIG + ref[wild], "left")
        right = np.minimum(last, np.maximum(at - k // 2, first) + k)
        left = np.maximum(first, right - k)
        return _expand(wild, sorted_idx, left, right)

    def _group_key(self, t: Table, idx: np.ndarray, block: np.ndarray, admin1: np.ndarray) -> np.ndarray:
        group = (t.country[idx].astype(np.int64) * 100_003 + admin1[idx] + 1) * 1_000_003 + block[idx] + 1
        return np.asarray(group, dtype=np.int64)

    def _windows(
        self, t: Table, idx: np.ndarray, block: np.ndarray, admin1: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        if len(idx) < 2:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        group = self._group_key(t, idx, block, admin1)
        dense = _dense_codes(group)
        key = dense * _BIG + t.lo[idx]  # (int64 already)
        order = np.argsort(key, kind="stable")
        sorted_idx, sorted_key = idx[order], key[order]
        reach = dense[order] * _BIG + t.hi[sorted_idx] + self.window
        end = np.searchsorted(sorted_key, reach, side="right")
        start = np.arange(len(sorted_idx))
        counts = np.maximum(end - start - 1, 0)
        total = int(counts.sum())
        first = np.repeat(start, counts)
        offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        second = first + 1 + offsets
        return sorted_idx[first], sorted_idx[second]

    def _wild(self, t: Table, pool: np.ndarray, wild: np.ndarray, admin1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs of each wildcard with everything in its group whose dates come near."""
        group = t.country[pool].astype(np.int64) * 100_003 + admin1[pool] + 1
        key = group * _BIG + t.lo[pool]
        order = np.argsort(key, kind="stable")
        sorted_idx, sorted_key = pool[order], key[order]
        wgroup = t.country[wild].astype(np.int64) * 100_003 + admin1[wild] + 1
        left = np.searchsorted(sorted_key, wgroup * _BIG + t.lo[wild] - self.window - self.max_interval, "left")
        right = np.searchsorted(sorted_key, wgroup * _BIG + t.hi[wild] + self.window, "right")
        firsts, seconds = _expand(wild, sorted_idx, left, right)
        # The left bound is generous (any interval length); keep only real overlaps.
        ok = (t.hi[seconds] + self.window >= t.lo[firsts]) & (t.lo[seconds] <= t.hi[firsts] + self.window)
        return firsts[ok], seconds[ok]

    # ------------------------------------------------------------ scoring

    def components(self, t: Table, a: np.ndarray, b: np.ndarray, with_text: bool = True) -> dict[str, np.ndarray]:
        c: dict[str, np.ndarray] = {}
        km = _km(t, a, b)
        c["place"] = self._place(t, a, b, km)
        both = (t.admin1[a] >= 0) & (t.admin1[b] >= 0)
        c["admin1"] = np.where(both, (t.admin1[a] == t.admin1[b]).astype(float), 0.5)
        c["date"], c["date_unknown"] = self._date(t, a, b)
        c["event_type"] = self._type(t, a, b)
        c["weapons"] = _overlap(t.weapons[a], t.weapons[b])
        c["damage"] = _overlap(t.damage[a], t.damage[b])
        c["casualties"] = self._casualties(t, a, b)
        c["km"] = km
        if with_text:
            c["text"] = self._text(t, a, b)
        return c

    def _type(self, t: Table, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Both in ACLED's taxonomy (sub-event types known): the same sub-event type 1, the
        same event type 0.5, else 0. Otherwise through the crosswalk's kinds (a UCDP row, a
        Bellingcat one, against anything): sharing one ``shared_credit``, none 0; 0.5 when
        either's type is unknown."""
        sub_known = (t.sub_event[a] >= 0) & (t.sub_event[b] >= 0)
        same_taxonomy = np.where(t.sub_event[a] == t.sub_event[b], 1.0, np.where(t.event[a] == t.event[b], 0.5, 0.0))
        ka, kb = t.kinds[a], t.kinds[b]
        both_kinds = (ka != 0) & (kb != 0)
        credit = self.crosswalk.shared_credit if self.crosswalk is not None else 0.5
        crossed = np.where((ka & kb) != 0, credit, 0.0)
        return np.where(sub_known, same_taxonomy, np.where(both_kinds, crossed, 0.5))

    def _place(self, t: Table, a: np.ndarray, b: np.ndarray, km: np.ndarray) -> np.ndarray:
        """Where both sides have coordinates, the distance: 1 within near_km (MELTT's
        spatial window: one gazetteer point is one place however each report spells it),
        falling to 0 at far_km. Else the folded names: 1 the same, else their similarity.
        A placeless incident against a town (or another placeless one) of its own admin1
        ``region_credit``; 0.5 unknown."""
        pa = [t.place[i] for i in a]
        pb = [t.place[i] for i in b]
        named = np.array([bool(x) for x in t.place], dtype=bool)
        known = named[a] & named[b]
        sim = process.cpdist(pa, pb, scorer=fuzz.ratio, workers=-1) / 100.0 if len(a) else np.empty(0)
        near = np.clip((self.far_km - km) / (self.far_km - self.near_km), 0.0, 1.0)
        sim = np.where(np.isnan(km), sim, near)
        same_admin1 = (t.admin1[a] >= 0) & (t.admin1[a] == t.admin1[b])
        # Neither named but the same admin1: as near as a town and its own region.
        return np.where(known | ~np.isnan(km), sim, np.where(same_admin1, self.region_credit, 0.5))

    def _casualties(self, t: Table, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Casualty fit, gentler where the higher count is the later report's (tolls rise)."""
        ref = np.where(t.published >= 0, t.published, t.hi)
        later = np.sign(ref[b] - ref[a])  # 1: b reported later, -1: a later, 0: not known apart
        later = np.where((ref[a] < 0) | (ref[b] < 0), 0, later)
        return _casualty_fit(
            t.killed[a], t.killed[b], t.wounded[a], t.wounded[b], later, self.ratio_zero, self.ratio_zero_rising
        )

    def _date(self, t: Table, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The date credit and the unknown-date penalty.

        Two dates: 1 on the same day, falling to 0 at window_days + 1. An undated side
        stands on its report's publication: the event happened on or before it, most
        likely within recent_days, so the other's date then earns full credit, falling
        to none at lookback_days, and none when it is after the publication (a day of
        slack for time zones). An undated side without a publication earns
        unknown_credit. Every pair with an undated side carries the penalty."""
        gap = np.maximum(0, np.maximum(t.lo[b] - t.hi[a], t.lo[a] - t.hi[b]))
        both = t.dated[a] & t.dated[b]
        dated_credit = np.clip(1.0 - gap / (self.window + 1), 0.0, 1.0)
        pub_a, pub_b = t.published[a], t.published[b]
        # Days from the dated side's event to the undated side's publication (both undated:
        # between their publications).
        age = np.where(t.dated[a], pub_b - t.hi[a], np.where(t.dated[b], pub_a - t.hi[b], np.abs(pub_a - pub_b)))
        span = max(self.lookback_days - self.recent_days, 1)
        fit = np.clip(1.0 - (np.maximum(age, 0) - self.recent_days) / span, 0.0, 1.0)
        # (An event dated after the undated side's publication is no candidate: see _after.)
        fit = np.where(self._after(t, a, b) | self._after(t, b, a), 0.0, fit)
        has_pub = np.where(t.dated[a], True, pub_a >= 0) & np.where(t.dated[b], True, pub_b >= 0)
        undated_credit = np.where(has_pub, fit, self.unknown_date_credit)
        return np.where(both, dated_credit, undated_credit), (~both).astype(float)

    def _text(self, t: Table, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Similarity of the incidents' texts: the dearest component, so computed last."""
        if not len(a):
            return np.empty(0)
        ta = [t.inputs[i].text for i in a]
        tb = [t.inputs[i].text for i in b]
        sim: np.ndarray = process.cpdist(ta, tb, scorer=fuzz.token_set_ratio, workers=-1) / 100.0
        return sim

    def score(self, comps: dict[str, np.ndarray]) -> np.ndarray:
        """The weighted components out of the positive weights (a penalty subtracts), in 0..1."""
        weighted = sum(self.weights[k] * comps[k] for k in COMPONENTS)
        return np.clip(np.asarray(weighted, dtype=float) / self.total, 0.0, 1.0)

    def pairs(self, inputs: Sequence[MatchInput], min_score: float | None = None) -> list[Pair]:
        """Every candidate pair scoring at least ``min_score`` (default: the threshold)."""
        floor = self.threshold if min_score is None else min_score
        t = self.table(inputs)
        a, b = self.candidates(t)
        return self._scored(t, a, b, floor)

    def pairs_against(
        self, new: Sequence[MatchInput], existing: Sequence[MatchInput], min_score: float | None = None
    ) -> list[Pair]:
        """Incremental: new incidents against the store (and each other), never the store
        against itself."""
        floor = self.threshold if min_score is None else min_score
        t = self.table([*new, *existing])
        a, b = self.candidates(t)
        keep = (a < len(new)) | (b < len(new))
        return self._scored(t, a[keep], b[keep], floor)

    def _scored(self, t: Table, a: np.ndarray, b: np.ndarray, floor: float) -> list[Pair]:
        with collector_paused():
            return self._scored_pairs(t, a, b, floor)

    def _scored_pairs(self, t: Table, a: np.ndarray, b: np.ndarray, floor: float) -> list[Pair]:
        """Pairs scoring at least ``floor``, strongest first (ties in candidate order).

        Candidates are scored a chunk at a time: a batch with many incidents of unknown
        place has millions (3M for 2,000 reports), and their components and strings at
        once took most of a gigabyte."""
        kept: list[tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]] = []
        for start in range(0, len(a), _CHUNK):
            kept.append(self._chunk(t, a[start : start + _CHUNK], b[start : start + _CHUNK], floor))
        if not kept:
            return []
        a = np.concatenate([k[0] for k in kept])
        b = np.concatenate([k[1] for k in kept])
        scores = np.concatenate([k[2] for k in kept])
        names = list(kept[0][3])
        comps = {name: np.concatenate([k[3][name] for k in kept]) for name in names}
        order = np.argsort(-scores, kind="stable")
        ids = [m.id for m in t.inputs]
        reports = [m.report for m in t.inputs]
        # Rounded by numpy, then plain floats (tolist): numpy scalars or a round() per value
        # make this loop several times dearer.
        weighted = [name for name in names if name not in EXPLAINED]
        # (float64 first: the text similarity is float32, whose 0.193 prints as 0.19300000369548798.)
        rows = zip(*[np.round(comps[name][order].astype(float), 3).tolist() for name in weighted], strict=True)
        kms = np.round(comps["km"][order], 1).tolist() if "km" in comps else [math.nan] * len(order)
        margin = self.one_per_report
        best: dict[tuple[int, str], float] = {}  # (incident, other report): its best pair's score
        out = []
        for i, j, score, shown, row, km in zip(
            a[order].tolist(),
            b[order].tolist(),
            scores[order].tolist(),
            np.round(scores[order], 4).tolist(),
            rows,
            kms,
            strict=True,
        ):
            if margin is not None:
                # One report's incidents are distinct events: an incident is the duplicate
                # of one of them at most (as MELTT matches one to one), so a pair clearly
                # weaker than the incident's best with that report is left out (an undated
                # echo of a dated incident). Near ties are kept: extraction may have split
                # one event into two incidents, and which one is the event is not known.
                ki, kj = (i, reports[j]), (j, reports[i])
                if best.get(ki, score) - score >= margin or best.get(kj, score) - score >= margin:
                    continue
                best.setdefault(ki, score)
                best.setdefault(kj, score)
            x, y = ids[i], ids[j]
            if x > y:
                x, y = y, x
            explained = dict(zip(weighted, row, strict=True))
            if km == km:  # (NaN: no coordinates on one side, no distance to show)
                explained["km"] = km
            out.append(Pair(x, y, shown, explained))
        return out

    def _chunk(
        self, t: Table, a: np.ndarray, b: np.ndarray, floor: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """The candidates of one chunk that reach ``floor``: indexes, scores, components."""
        comps = self.components(t, a, b, with_text=False)
        # A pair that cannot reach the floor even with identical texts is dropped before
        # the text similarity, the dearest component, is computed.
        partial = sum(self.weights[k] * comps[k] for k in COMPONENTS if k != "text")
        # (A hair of slack: the text similarity is float32, its weighted value may round up.)
        best = (np.asarray(partial, dtype=float) + self.weights["text"]) / self.total
        reachable = np.flatnonzero(best >= floor - 1e-6)
        a, b = a[reachable], b[reachable]
        comps = {name: v[reachable] for name, v in comps.items()}
        comps["text"] = self._text(t, a, b)
        scores = self.score(comps)
        hits = np.flatnonzero(scores >= floor)
        return a[hits], b[hits], scores[hits], {name: v[hits] for name, v in comps.items()}

    # ------------------------------------------------------------ clusters

    def conflict(self, x: MatchInput, y: MatchInput) -> bool:
        """Two incidents that cannot be one event, however strong the chain between them:
        two rows of one dataset, day dates too far apart, places too unlike or too far
        apart, an undated report published before the other's date. (Two incidents of one
        report may be joined: extraction sometimes splits one event in two.)"""
        if not self.within_dataset and x.dataset is not None and x.dataset == y.dataset:
            return True
        if (
            x.date
            and y.date
            and x.date_precision == "day" == y.date_precision
            and abs((x.date - y.date).days) > self.max_day_gap
        ):
            return True
        for undated, other in ((x, y), (y, x)):
            if (
                undated.interval(self.max_interval) is None
                and undated.published
                and other.date
                and other.interval(self.max_interval)
                and (other.date - undated.published).days > 1
            ):
                return True
        px, py = x.point(), y.point()
        if px and py:
            return _km_between(px, py) > self.far_km
        fx, fy = self.folder.fold(x.location), self.folder.fold(y.location)
        return bool(fx and fy and fuzz.ratio(fx, fy) / 100.0 < self.min_place_similarity)

    def clusters(self, pairs: Sequence[Pair], inputs: dict[str, MatchInput]) -> tuple[list[list[str]], list[Pair]]:
        """Join pairs strongest first; a pair whose join would put two conflicting
        incidents (``conflict``) in one cluster is left out (returned as split)."""
        rules = ConflictRules(
            self.within_dataset,
            self.max_day_gap,
            self.max_interval,
            self.folder.fold,
            self._places_conflict,
            self.conflict,
        )
        groups, split = join([(p.a, p.b, p.score) for p in pairs], inputs, rules)
        return groups, [pairs[k] for k in split]

    def _places_conflict(
        self, x: tuple[tuple[float, float] | None, str], y: tuple[tuple[float, float] | None, str]
    ) -> bool:
        """``conflict``'s place rule on (point, folded name): coordinates first, else names."""
        (px, fx), (py, fy) = x, y
        if px and py:
            return _km_between(px, py) > self.far_km
        return bool(fx and fy and fuzz.ratio(fx, fy) / 100.0 < self.min_place_similarity)


def _expand(
    wild: np.ndarray, sorted_idx: np.ndarray, left: np.ndarray, right: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each ``wild[n]`` paired with ``sorted_idx[left[n]:right[n]]`` (without a Python loop)."""
    counts = np.maximum(right - left, 0)
    total = int(counts.sum())
    if not total:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    starts = np.repeat(left - (np.cumsum(counts) - counts), counts)
    return np.repeat(wild, counts), sorted_idx[starts + np.arange(total)]


def _km(t: Table, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Great-circle kilometres between the pairs' coordinates; NaN where either has none."""
    dlat = t.lat[b] - t.lat[a]
    dlon = t.lon[b] - t.lon[a]
    h = np.sin(dlat / 2) ** 2 + np.cos(t.lat[a]) * np.cos(t.lat[b]) * np.sin(dlon / 2) ** 2
    return np.asarray(2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), dtype=float)


def _km_between(p: tuple[float, float], q: tuple[float, float]) -> float:
    """Great-circle kilometres between two (lat, lon) points in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*p, *q))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * math.asin(math.sqrt(min(h, 1.0)))


def _encode(values: list[str | None]) -> np.ndarray:
    """Small ints for strings (first seen first), -1 for none or empty."""
    # dict.fromkeys keeps first-seen order; the lookups then run in C through map.
    codes: dict[str | None, int] = {v: k for k, v in enumerate(v for v in dict.fromkeys(values) if v)}
    codes[None] = codes[""] = -1
    return np.fromiter(map(codes.__getitem__, values), dtype=np.int64, count=len(values))


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


def _casualty_fit(
    ka: np.ndarray,
    kb: np.ndarray,
    wa: np.ndarray,
    wb: np.ndarray,
    later: np.ndarray,
    ratio_zero: float,
    ratio_zero_rising: float,
) -> np.ndarray:
    """1 when the ranges overlap (2 vs "at least 2"); else falling with the log of the
    counts' ratio (of count + 1), to 0 at ``ratio_zero``, or at ``ratio_zero_rising`` when
    the higher count is in the later report (``later`` 1: b's, -1: a's): tolls rise
    between reports of one strike (2 killed early, 5 later), while 2 vs 40 cannot be one
    event; 0.5 unknown."""

    def fit(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        known = (a[:, 0] >= 0) & (b[:, 0] >= 0)
        overlap = (a[:, 0] <= b[:, 1]) & (b[:, 0] <= a[:, 1])
        b_higher = a[:, 1] < b[:, 0]
        below = (b[:, 0] + 1) / np.maximum(a[:, 1] + 1, 1)
        above = (a[:, 0] + 1) / np.maximum(b[:, 1] + 1, 1)
        ratio = np.maximum(np.where(b_higher, below, above), 1.0)
        # (From none to some is no rising toll: "nobody was hurt" is a claim of its own.)
        rising = np.where(b_higher, later > 0, later < 0) & (np.where(b_higher, a[:, 1], b[:, 1]) > 0)
        zero = np.where(rising, ratio_zero_rising, ratio_zero)
        near = 1.0 - np.log(ratio) / np.log(zero)
        return np.where(overlap, 1.0, np.clip(near, 0.0, 1.0)), known

    k, k_known = fit(ka, kb)
    w, w_known = fit(wa, wb)
    n = k_known.astype(float) + w_known.astype(float)
    total = np.where(k_known, k, 0.0) + np.where(w_known, w, 0.0)
    return np.where(n > 0, total / np.maximum(n, 1), 0.5)


# np.unique would do for these two, but its first call imports numpy.ma (11-23 ms of a
# one-report ingest's start-up); a sort does the same work without it.
def _unique(values: np.ndarray) -> np.ndarray:
    """The distinct ``values``, sorted (``np.unique(values)``)."""
    ordered = np.sort(values)
    distinct: np.ndarray = ordered[_starts(ordered)]
    return distinct


def _dense_codes(values: np.ndarray) -> np.ndarray:
    """Each value's rank among the distinct ``values`` (``np.unique``'s inverse)."""
    order = np.argsort(values, kind="stable")
    codes = np.empty(len(values), np.int64)
    codes[order] = np.cumsum(_starts(values[order])) - 1
    return codes


def _starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values begins in the sorted ``ordered``."""
    start = np.ones(len(ordered), bool)
    start[1:] = ordered[1:] != ordered[:-1]
    return start
