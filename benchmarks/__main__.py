"""Benchmarks that print their figures (not timed tests).

    python -m benchmarks extraction [--reports 400] [--background 0.7]
    python -m benchmarks duplicates [--n 100000] [--incremental] [--cli]
    python -m benchmarks tui [--incidents 100000] [--pty-only] [--sizes 80x24,120x40] [--exe PATH]
    python -m benchmarks instructions [--reports 100] [--background 0.7]   (needs valgrind)
    python -m benchmarks quality [--verbose] [--heldout]   (the dev corpus in ../shared/eval, or ours)
    python -m benchmarks import [--n 100000] [--no-old]   (YAML export/import time and peak RSS)
    python -m benchmarks review-groups [--pairs 20000] [--shape clusters,dataset,chain]   (duplicate screen open)
    python -m benchmarks import --acled 100000   (an ACLED CSV of generated rows: time and peak RSS)
    python -m benchmarks startup [--n 100000] [--repeat 5]   (cold CLI and TUI start beside --version)
    python -m benchmarks table [--n 1000000] [--rows j,sort,...] [--exe PATH] [--skip-slow]   (issue #16's table)

Stores for the larger runs are built once and kept in $BENCH_DIR (default /tmp). The tui
benchmark drives the installed app in a pseudo-terminal with pyte (pip install -e '.[bench]').
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="which", required=True)
    ex = sub.add_parser("extraction", help="reports/s of ~700 words, end to end into the store")
    ex.add_argument("--reports", type=int, default=400)
    ex.add_argument(
        "--background",
        type=float,
        default=0.0,
        help="share of paragraphs without an incident (default 0: every paragraph tells of one)",
    )
    dup = sub.add_parser("duplicates", help="matching speed, memory and precision/recall on planted duplicates")
    dup.add_argument("--n", type=int, default=100_000)
    dup.add_argument(
        "--incremental", action="store_true", help="also time one new report's incidents against a store of N"
    )
    dup.add_argument("--incremental-only", action="store_true", help="only the incremental timing")
    dup.add_argument("--cli", action="store_true", help="the CLI end to end: rebuild, YAML listing, one-report ingest")
    ins = sub.add_parser("instructions", help="CPU instructions per report end to end (callgrind: noise-free)")
    ins.add_argument("--reports", type=int, default=100)
    ins.add_argument("--background", type=float, default=0.0, help="as for extraction")
    tui = sub.add_parser("tui", help="the review TUI through a real pty (what the analyst feels), and in-process")
    tui.add_argument("--incidents", "--n", dest="n", type=int, default=100_000, help="store size (default 100,000)")
    tui.add_argument("--pty-only", action="store_true", help="skip the in-process figures (Pilot, actions called)")
    tui.add_argument("--sizes", default="80x24,120x40", help="terminal sizes, COLSxLINES,...")
    tui.add_argument("--keys", type=int, default=30, help="presses of j each way (default 30)")
    tui.add_argument("--colds", type=int, default=3, help="cold opens per size (default 3)")
    tui.add_argument("--exe", help="the incident-review to drive (default: the one installed beside this python)")
    qual = sub.add_parser("quality", help="extraction and duplicate scores on the real dev corpus (../shared/eval)")
    qual.add_argument("--verbose", action="store_true", help="per report: matched, missed and extra incidents")
    qual.add_argument("--heldout", action="store_true", help="our own news-style reports (tests/data/heldout)")
    imp = sub.add_parser("import", help="YAML import of an export of N incidents: time and peak RSS, old parse vs new")
    imp.add_argument("--n", type=int, default=100_000)
    imp.add_argument("--no-old", action="store_true", help="skip the whole-file parse (4.6 GB at 100k)")
    imp.add_argument("--acled", type=int, metavar="N", help="instead: an ACLED CSV export of N generated rows")
    start = sub.add_parser("startup", help="cold start: stats, one-report ingest, the TUI's first screen (pty)")
    start.add_argument("--n", type=int, default=100_000, help="store size (default 100,000)")
    start.add_argument("--repeat", type=int, default=5, help="runs of each, median printed (default 5)")
    rg = sub.add_parser("review-groups", help="the duplicate review queue and screen on a store of N open pairs")
    rg.add_argument("--pairs", type=int, default=20_000)
    rg.add_argument("--shape", default="clusters,dataset,chain", help="comma-separated: clusters, dataset, chain")
    from benchmarks.table_rows import KEYS

    tab = sub.add_parser("table", help="issue #16's table: every row as felt, beside its anchor, target met or not")
    tab.add_argument("--n", type=int, default=1_000_000, help="size of the 1M rows (100k rows: min(100k, N))")
    tab.add_argument("--rows", default=",".join(KEYS), help=f"comma-separated, of {','.join(KEYS)}")
    tab.add_argument("--exe", help="the incident-review to drive (default: the one installed beside this python)")
    tab.add_argument("--skip-slow", action="store_true", help="print the slow rows (yaml, build) as skipped")
    tab.add_argument("--keys", type=int, default=30, help="presses of j (default 30)")
    tab.add_argument("--repeat", type=int, default=3, help="cold opens, reports, filter pairs, searches (default 3)")
    args = parser.parse_args(argv)
    if args.which == "table":
        from benchmarks.table import run as run_table

        keys = tuple(k.strip() for k in args.rows.split(",") if k.strip())
        return run_table(args.n, keys, args.exe, args.skip_slow, args.keys, args.repeat)
    if args.which == "review-groups":
        from benchmarks.review_groups import run as run_review_groups

        return run_review_groups(args.pairs, args.shape.split(","))
    if args.which == "startup":
        from benchmarks.startup import run as run_startup

        return run_startup(args.n, args.repeat)
    if args.which == "import" and args.acled:
        from benchmarks.yaml_import import run_acled

        return run_acled(args.acled)
    if args.which == "import":
        from benchmarks.yaml_import import run as run_import

        return run_import(args.n, not args.no_old)
    if args.which == "quality":
        from benchmarks.quality import run as run_quality

        return run_quality(args.verbose, args.heldout)
    if args.which == "extraction":
        from benchmarks.extraction import run as run_extraction

        return run_extraction(args.reports, args.background)
    if args.which == "instructions":
        from benchmarks.instructions import run as run_instructions

        return run_instructions(args.reports, args.background)
    if args.which == "duplicates":
        from benchmarks.duplicates import run as run_duplicates

        if args.cli:
            from benchmarks.duplicates_cli import run as run_duplicates_cli

            return run_duplicates_cli(args.n)
        return run_duplicates(args.n, args.incremental or args.incremental_only, not args.incremental_only)
    from benchmarks.tui import run as run_tui

    sizes = tuple((int(c), int(r)) for c, r in (s.split("x") for s in args.sizes.split(",")))
    return run_tui(args.n, sizes, args.keys, args.colds, args.exe, not args.pty_only)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
