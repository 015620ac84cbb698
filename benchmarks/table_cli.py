"""The table's rows for the command line: each command a fresh process as from a shell
(wall, and CPU from wait4), on a copy of a benchmark store when it writes, beside an anchor
measured in the same run (``--version``; rapidfuzz's cpdist over the same candidate pairs;
a bare regex pass over the same reports; libyaml's CSafeLoader over the same file)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from benchmarks.common import bench_store
from benchmarks.extraction import make_reports
from benchmarks.table_result import Check, Context, Figure, Row, cpu_now, run_process, store_copy
from benchmarks.yaml_import import OLD_PARSE

ROOT = Path(__file__).resolve().parent.parent
# The least an extractor does with a report: read it, split it into sentences and find
# those that tell of people killed or wounded and give a number (no places, dates,
# weapons, attribution or storing): one pass of each regex, linear in the text.
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
TRIGGER = re.compile(r"\b(?:killed|wounded|injured|dead|died|struck|shelled|attack(?:ed|s)?)\b")
NUMBER = re.compile(r"\b\d+\b")
BUILD = "from benchmarks.common import bench_store; bench_store({n})"


def _incidents(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM incidents").fetchone()[0])
    finally:
        conn.close()


def _python_env(ctx: Context) -> dict[str, str]:
    """For a script of the benchmarks run by this python: the repository importable."""
    return {**ctx.env, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), ctx.env.get("PYTHONPATH")) if p)}


def warm_config_cache(ctx: Context) -> float:
    """One ``ingest`` and one ``duplicates --rebuild`` on a store of one report, untimed by
    the rows: they parse the shipped config and write it to the run's parsed-config cache,
    as a user's first run after installing does once. The CLI rows then time the runs a user
    has every day (a cold cache added ~2.5 s to whichever CLI row came first). Returns the
    first run's wall seconds, printed as a note."""
    db = ctx.tmp / "warm.db"
    path = ctx.tmp / "warm.jsonl"
    path.write_text(json.dumps(make_reports(1, seed=5)[0]) + "\n", encoding="utf-8")
    first = run_process([ctx.exe, "--db", str(db), "--analyst", "bench", "ingest", str(path)], ctx.env)
    run_process([ctx.exe, "--db", str(db), "duplicates", "--rebuild"], ctx.env)
    return first[0]


def one_report(ctx: Context) -> Row:
    """``incident-review ingest`` of one dense report (~15 incidents) into a copy of the
    big store, ``repeat`` reports, each beside ``--version`` in the same minute."""
    load = os.getloadavg()[0]
    db = store_copy(ctx, ctx.n)
    reports = make_reports(ctx.repeat + 1, seed=11)
    files = []
    for k, report in enumerate(reports):
        path = ctx.tmp / f"report-{k}.jsonl"
        path.write_text(json.dumps(report) + "\n", encoding="utf-8")
        files.append(path)
    ingest = [ctx.exe, "--db", str(db), "--analyst", "bench", "ingest"]
    first = run_process([*ingest, str(files[0])], ctx.env)  # writes the parsed-config cache, as a first run
    before = _incidents(db)
    runs, versions = [], []
    for path in files[1:]:
        versions.append(run_process([ctx.exe, "--version"], ctx.env))
        runs.append(run_process([*ingest, str(path)], ctx.env))
    per_report = (_incidents(db) - before) / len(runs)
    row = Row(
        "report",
        f"one {per_report:.0f}-incident report vs a {ctx.n:,} store, CLI",
        "< 0.5 s",
        load,
        anchor_what="incident-review --version",
    )
    row.project = Figure(statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), "s")
    row.anchor = Figure(statistics.median(v[0] for v in versions), statistics.median(v[1] for v in versions), "s")
    row.checks = [Check(row.project.wall, 0.5, "s")]
    row.note = (
        f"median of {len(runs)}: " + ", ".join(f"{r[0]:.2f}" for r in runs) + f" s; the first ingest "
        f"(writing the config cache, not counted) {first[0]:.2f} s; peak RSS {max(r[2] for r in runs):.0f} MB"
    )
    return row


def _core(db: Path) -> tuple[float, float, float, int]:
    """In-process on the store's inputs: the matcher's CPU seconds, and the wall and CPU
    seconds of rapidfuzz's cpdist over the texts of the same candidate pairs (the text
    similarity alone, in C: what no matcher can go below); the number of candidates."""
    from rapidfuzz import distance, process

    from incident_review.services.duplicates import matcher
    from incident_review.storage.store import Store

    store = Store(db)
    try:
        inputs = store.duplicates.inputs()
    finally:
        store.close()
    m = matcher()
    cpu = cpu_now()
    m.pairs(inputs)
    core = cpu_now() - cpu
    a, b = m.candidates(m.table(inputs))
    texts = [x.text for x in inputs]
    left, right = [texts[i] for i in a], [texts[j] for j in b]
    wall, cpu = time.perf_counter(), cpu_now()
    process.cpdist(left, right, scorer=distance.Indel.normalized_similarity)
    return core, time.perf_counter() - wall, cpu_now() - cpu, len(a)


def _duplicates(ctx: Context, key: str, n: int, target: float) -> Row:
    load = os.getloadavg()[0]
    db = store_copy(ctx, n)
    row = Row(
        key,
        f"duplicates --rebuild, {n:,}, CLI",
        f"< {target:.0f} s",
        load,
        anchor_what="rapidfuzz cpdist, same pairs",
    )
    wall, cpu, peak = run_process([ctx.exe, "--db", str(db), "duplicates", "--rebuild"], ctx.env)
    core, anchor_wall, anchor_cpu, candidates = _core(db)
    row.project = Figure(wall, cpu, "s")
    row.anchor = Figure(anchor_wall, anchor_cpu, "s")
    row.checks = [Check(wall, target, "s")]
    row.note = (
        f"{candidates:,} candidate pairs; the matcher in-process (the `duplicates` benchmark's figure) "
        f"{core:.1f} s CPU = {core / max(anchor_cpu, 1e-9):.1f}x the anchor; CLI peak RSS {peak:,.0f} MB"
    )
    return row


def duplicates_100k(ctx: Context) -> Row:
    return _duplicates(ctx, "dup100k", ctx.n_100k, 5)


def duplicates_1m(ctx: Context) -> Row:
    return _duplicates(ctx, "dup1m", ctx.n, 30)


def ingest(ctx: Context) -> Row:
    """``incident-review ingest`` of a batch of ~700-word reports at article density
    (70% of paragraphs context, no incident) into an empty store; reports per second of
    the whole command, beside a bare regex pass over the same file in this process."""
    load = os.getloadavg()[0]
    k = 1000 if ctx.n >= 100_000 else max(20, ctx.n // 100)
    reports = make_reports(k, background=0.7)
    path = ctx.tmp / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in reports), encoding="utf-8")
    db = ctx.tmp / "ingest.db"
    wall, cpu, peak = run_process([ctx.exe, "--db", str(db), "--analyst", "bench", "ingest", str(path)], ctx.env)
    added = _incidents(db)
    started, cpu_at = time.perf_counter(), cpu_now()
    found = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            found += sum(1 for m in SENTENCE.finditer(text) if TRIGGER.search(m[0]) and NUMBER.search(m[0]))
    bare_wall, bare_cpu = time.perf_counter() - started, cpu_now() - cpu_at
    row = Row(
        "ingest",
        f"ingest end to end, article density, {k:,} reports, CLI",
        ">= 200 reports/s",
        load,
        anchor_what="bare regex pass, same file",
    )
    row.project = Figure(k / wall, None, "reports/s")
    row.anchor = Figure(k / bare_wall, None, "reports/s")
    row.checks = [Check(k / wall, 200, "reports/s", at_least=True)]
    row.note = (
        f"{k:,} reports in {wall:.1f} s wall ({cpu:.1f} s CPU = {k / cpu:.0f} reports/s of CPU), "
        f"{added / k:.1f} incidents a report, peak RSS {peak:.0f} MB; the regex pass {bare_wall:.2f} s "
        f"({bare_cpu:.2f} s CPU, {found:,} sentences)"
    )
    return row


def yaml_import(ctx: Context) -> Row:
    """``incident-review import`` of the project's own export of the store of 100k into an
    empty store (the export made first, not timed), beside the whole file parsed by libyaml's
    CSafeLoader into Python objects (what import did before it streamed), each in a process
    of its own for its peak RSS."""
    load = os.getloadavg()[0]
    n = ctx.n_100k
    path = ctx.tmp / f"export-{n}.yaml"
    exported = run_process([ctx.exe, "--db", str(bench_store(n)), "export", "--no-timestamp", "-o", str(path)], ctx.env)
    wall, cpu, peak = run_process([ctx.exe, "--db", str(ctx.tmp / "import.db"), "import", str(path)], ctx.env)
    parse = run_process([sys.executable, "-c", OLD_PARSE, str(path)], _python_env(ctx))
    row = Row("yaml", f"import {n:,} YAML, CLI", "< 60 s, < 1 GB", load, anchor_what="CSafeLoader parse alone")
    row.project = Figure(wall, cpu, "s")
    row.anchor = Figure(parse[0], parse[1], "s")
    row.checks = [Check(wall, 60, "s"), Check(peak, 1024, "MB")]
    row.note = (
        f"import peak RSS {peak:,.0f} MB (the parse: {parse[2]:,.0f} MB); the file "
        f"{path.stat().st_size / 1e6:,.0f} MB, exported in {exported[0]:.0f} s wall ({exported[1]:.0f} s CPU)"
    )
    return row


def build(ctx: Context) -> Row:
    """``bench_store(n)`` from nothing in a process of its own (generation, imports, report
    text and its index): what every big row above needs first."""
    load = os.getloadavg()[0]
    folder = ctx.tmp / "build"
    folder.mkdir(exist_ok=True)
    env = {**_python_env(ctx), "BENCH_DIR": str(folder)}
    wall, cpu, peak = run_process([sys.executable, "-c", BUILD.format(n=ctx.n)], env)
    size = sum(p.stat().st_size for p in folder.iterdir()) / 1e9
    shutil.rmtree(folder)
    # README gave ~7 min for a 1M store when the issue was filed: the build's CPU, not its
    # wall here. It gives ~10 min since 12-03 (600 s measured): the row checks that figure.
    limit = 10 * 60 * ctx.n / 1e6
    shown = f"{limit / 60:.1f} min" if limit >= 120 else f"{limit:.0f} s"
    row = Row("build", f"build a {ctx.n:,} store", f"< {shown} (README's ~10 min at 1M; ~7 min before 12-03)", load)
    row.project = Figure(wall, cpu, "s")
    row.checks = [Check(wall, limit, "s")]
    row.note = f"peak RSS {peak:,.0f} MB, the store {size:.2f} GB; no anchor in the issue"
    return row
