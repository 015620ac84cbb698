"""Ingest cost in CPU instructions per report, counted by valgrind's callgrind.

Wall-clock figures on a shared machine move by 30-40% between runs, more than most
changes gain; an instruction count is the same on every run. The count of an ingest of
N reports minus that of one report (imports, store creation and one report) leaves
N - 1 reports' extraction, storing and matching.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.extraction import make_reports

# Run under valgrind: ingest the reports of one JSONL file into a fresh store. Numpy,
# rapidfuzz and sqlite-utils are imported first, so both runs pay their imports.
_INGEST = """
import sys, tempfile
from pathlib import Path
import numpy, rapidfuzz.process, sqlite_utils
from incident_review.services import duplicates
from incident_review.services.ingest import ingest_paths
from incident_review.storage.store import Store
with tempfile.TemporaryDirectory() as tmp:
    store = Store(Path(tmp) / "b.db")
    duplicates.matcher()
    ingest_paths(store, [Path(sys.argv[1])], "bench")
"""


def _instructions(source: Path, workdir: Path) -> int:
    out = workdir / "callgrind.out"
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c", _INGEST, str(source)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no count: {done.stderr[-500:]}")
    return int(found.group(1))


def run(n: int, background: float = 0.0) -> int:
    if shutil.which("valgrind") is None:
        print("instructions: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    reports = make_reports(n, background=background)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        one, many = work / "one.jsonl", work / "many.jsonl"
        one.write_text(json.dumps(reports[0]), encoding="utf-8")
        many.write_text("\n".join(json.dumps(r) for r in reports), encoding="utf-8")
        base = _instructions(one, work)
        total = _instructions(many, work)
    per_report = (total - base) / (n - 1)
    print(
        f"instructions: {per_report / 1e6:.2f} M instructions per report of ~700 words, end to end, "
        f"background share {background:.2f} "
        f"(callgrind: {n} reports {total:,} - 1 report {base:,}, over {n - 1})"
    )
    return 0
