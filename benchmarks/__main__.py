"""Benchmarks that print their figures (not timed tests).

    python -m benchmarks extraction [--reports 400] [--background 0.7]
    python -m benchmarks duplicates [--n 100000] [--incremental] [--cli]
    python -m benchmarks tui [--incidents 100000] [--pty-only] [--sizes 80x24,120x40] [--exe PATH]
    python -m benchmarks instructions [--reports 100] [--background 0.7]   (needs valgrind)
    python -m benchmarks quality [--verbose] [--heldout]   (the dev corpus in ../shared/eval, or ours)
    python -m benchmarks import [--n 100000] [--no-old]   (YAML export/import time and peak RSS)
    python -m benchmarks review-groups [--pairs 20000] [--shape clusters,dataset,chain]   (duplicate screen open)

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
    rg = sub.add_parser("review-groups", help="the duplicate review queue and screen on a store of N open pairs")
    rg.add_argument("--pairs", type=int, default=20_000)
    rg.add_argument("--shape", default="clusters,dataset,chain", help="comma-separated: clusters, dataset, chain")
    args = parser.parse_args(argv)
    if args.which == "review-groups":
        from benchmarks.review_groups import run as run_review_groups

        return run_review_groups(args.pairs, args.shape.split(","))
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
