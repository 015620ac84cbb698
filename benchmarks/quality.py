"""Extraction and duplicate quality on real reports: runs the shared scorer's whole loop.

The development corpus and its scorer live beside the project (``../shared/eval``), not
in it: their texts are for evaluation only. This runs ``corpus.py`` with the installed
``incident-review`` (ingest, export, duplicates, score) and prints its per-field counts
and summary, then the figures the issue's targets are stated in.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
_FIGURE = re.compile(r"(\w+)=([\d.]+)")


def corpus_script(eval_dir: Path = EVAL) -> Path:
    return eval_dir / "corpus.py"


def cli_path() -> str:
    """The ``incident-review`` of this interpreter's environment (the installed project)."""
    beside = Path(sys.executable).with_name("incident-review")
    return str(beside) if beside.exists() else (shutil.which("incident-review") or "incident-review")


def summary_figures(summary: str) -> dict[str, float]:
    """``extraction_f1``, ``field_accuracy``, ``duplicates_f1`` ... from corpus.py's last line."""
    extraction, _, duplicates = summary.partition("|")
    figures = {f"extraction_{k}": float(v) for k, v in _FIGURE.findall(extraction) if k != "field_accuracy"}
    figures.update({f"duplicates_{k}": float(v) for k, v in _FIGURE.findall(duplicates)})
    accuracy = re.search(r"field_accuracy=([\d.]+)", extraction)
    if accuracy:
        figures["field_accuracy"] = float(accuracy.group(1))
    return figures


def score_corpus(
    texts: Path | None = None, gold: Path | None = None, verbose: bool = False
) -> tuple[str, dict[str, float]]:
    """Run corpus.py; its whole output and the summary figures."""
    script = corpus_script()
    if not script.exists():
        raise FileNotFoundError(f"{script}: the shared evaluation corpus is not beside the project")
    cmd = [sys.executable, str(script), "--cli", cli_path()]
    if texts is not None:
        cmd += ["--texts", str(texts)]
    if gold is not None:
        cmd += ["--gold", str(gold)]
    if verbose:
        cmd.append("--verbose")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    summary = next((line for line in reversed(done.stdout.splitlines()) if line.startswith("corpus:")), "")
    if done.returncode != 0 or not summary:
        raise RuntimeError(f"corpus.py failed (exit {done.returncode}):\n{output[-2000:]}")
    return output, summary_figures(summary)


HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "heldout"


def run(verbose: bool = False, heldout: bool = False) -> int:
    texts, gold = (HELDOUT / "texts", HELDOUT / "gold") if heldout else (None, None)
    output, figures = score_corpus(texts, gold, verbose=verbose)
    print(output.rstrip())
    targets = {"extraction_f1": 0.85, "field_accuracy": 0.85, "duplicates_f1": 0.85}
    for name, target in targets.items():
        value = figures.get(name, 0.0)
        print(f"{name:16} {value:.2f}  target >= {target:.2f}  {'met' if value >= target else 'NOT met'}")
    return 0
