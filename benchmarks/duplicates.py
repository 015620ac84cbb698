"""Duplicate matching at scale on synthetic incidents with planted duplicates."""

from __future__ import annotations

import gc
import time
from dataclasses import replace

from benchmarks.common import bench_store, peak_rss_mb
from benchmarks.synthetic import generate
from incident_review.core.matching import Matcher, MatchInput
from incident_review.services.duplicates import match_new, matcher
from incident_review.storage.store import Store


def run(n: int, incremental: bool, full: bool = True) -> int:
    m = matcher()
    if full:
        _full(m, n)
    if incremental:
        _incremental(n)
    return 0


def _full(m: Matcher, n: int) -> None:
    synthetic = generate(n, convert=MatchInput.from_incident)
    inputs, truth = synthetic.incidents, synthetic.truth
    gc.collect()
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    table = m.table(inputs)
    t_table = time.perf_counter()
    a, b = m.candidates(table)
    t_candidates = time.perf_counter()
    pairs = m._scored(table, a, b, m.threshold)
    t_scored = time.perf_counter()
    flagged = {frozenset((p.a, p.b)) for p in pairs}
    tp = len(flagged & truth)
    precision = tp / len(flagged) if flagged else 0.0
    recall = tp / len(truth) if truth else 1.0
    total = t_scored - started
    print(
        f"duplicates n={n:,}: {len(a):,} candidate pairs scored in {total:.2f} s "
        f"({len(a) / max(total, 1e-9):,.0f} pairs/s; arrays {t_table - started:.2f} s, "
        f"blocking {t_candidates - t_table:.2f} s, scoring {t_scored - t_candidates:.2f} s)"
    )
    print(
        f"  flagged {len(flagged):,} pairs, planted {len(truth):,}: precision={precision:.3f} "
        f"recall={recall:.3f}; peak RSS {peak_rss_mb():,.0f} MB (generator and inputs alone: {rss_before:,.0f} MB)"
    )


def _incremental(n: int) -> None:
    path = bench_store(n)
    store = Store(path)
    new = generate(60, seed=99).incidents[:6]
    fresh = [replace(inc, id=f"NEW-{k:04d}") for k, inc in enumerate(new)]
    store.import_incidents(fresh, "bench", "bench")  # (import itself runs match_new once)
    runs = []
    for _ in range(3):  # the first run reads cold pages of a multi-GB file
        started = time.perf_counter()
        found = match_new(store, [i.id for i in fresh])
        runs.append(time.perf_counter() - started)
    print(
        f"  one report's {len(fresh)} incidents against a store of {n:,}: "
        f"{', '.join(f'{r * 1000:.0f}' for r in runs)} ms (cold, then warm), {len(found)} pair(s)"
    )
    with store.database.write() as conn:  # leave the cached store as it was
        for inc in fresh:
            conn.execute("DELETE FROM incidents WHERE id = ?", (inc.id,))
            conn.execute("DELETE FROM audit WHERE incident_id = ?", (inc.id,))
    store.close()
