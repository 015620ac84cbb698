"""``python -m benchmarks table`` (issue #16's done-when): each row it prints carries the
project's figure, the target and the anchor measured beside it. Run on a tiny store for
three cheap rows: the CLI (a one-report ingest beside ``--version``, a duplicates rebuild
beside cpdist) and the review TUI through a pty (a country filter under killed↓ beside its
raw SQL page). It checks the table is whole, not how fast anything is."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyte")

ROOT = Path(__file__).resolve().parents[2]
FIGURE = re.compile(r"^\d[\d,]*(?:\.\d+)? (?:ms|s|reports/s)\b")
ANCHORED = re.compile(r"^[^:]+: \d[\d,]*(?:\.\d+)? (?:ms|s|reports/s)\b")


def _rows(out: str) -> dict[str, list[str]]:
    """The table's data rows (a Markdown table), by their first cell."""
    lines = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| what ")]
    return {cells[0]: cells for cells in ([c.strip() for c in line.strip("|").split("|")] for line in lines)}


def test_the_table_prints_each_row_with_its_figure_target_and_anchor(tmp_path: Path) -> None:
    env = {**os.environ, "BENCH_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "table", "--n", "300", "--rows", "report,dup100k,sort", "--repeat", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    rows = _rows(out.stdout)
    whats = list(rows)
    assert len(rows) == 3, out.stdout
    assert any(w.startswith("duplicates --rebuild, 300") for w in whats)
    assert any(re.match(r"one \d+-incident report vs a 300 store", w) for w in whats)
    assert "country filter sorted by killed, 300" in whats
    for what, (_, target, measured, anchor, load, verdict) in rows.items():
        assert re.match(r"^(?:<|>=) \d", target), what
        assert FIGURE.match(measured), f"{what}: {measured!r}"
        assert ANCHORED.match(anchor), f"{what}: {anchor!r}"
        float(load)
        assert verdict in ("met", "NOT MET"), what
    # Each row's note says what it measured
    assert re.search(r"^- sort: .*USING (?:COVERING )?INDEX", out.stdout, re.M), out.stdout
    assert re.search(r"^- dup100k: [\d,]+ candidate pairs", out.stdout, re.M), out.stdout


def test_the_warm_up_leaves_the_cli_rows_a_cache_they_do_not_write(tmp_path: Path) -> None:
    """The CLI rows time what a user runs every day: after the run's untimed first ingest
    and rebuild, neither an ingest nor a rebuild parses a config file again."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.table_cli import warm_config_cache
    from benchmarks.table_result import Context, child_env, run_process

    exe = str(Path(sys.executable).with_name("incident-review"))
    ctx = Context(300, exe, tmp_path, 1, 1, child_env(tmp_path / "cache"))
    assert warm_config_cache(ctx) > 0
    written = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("*") if p.is_file()}
    assert written, "the warm-up wrote no parsed-config cache"
    report = tmp_path / "other.jsonl"
    report.write_text((tmp_path / "warm.jsonl").read_text(encoding="utf-8").replace("https://", "https://x."))
    run_process([exe, "--db", str(tmp_path / "other.db"), "--analyst", "t", "ingest", str(report)], ctx.env)
    run_process([exe, "--db", str(tmp_path / "other.db"), "duplicates", "--rebuild"], ctx.env)
    after = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("*") if p.is_file()}
    assert after == written
