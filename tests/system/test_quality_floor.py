"""The dev corpus score can only go up: floors a little under what the project reaches.

Runs the shared scorer's whole loop (ingest 34 real reports with the installed CLI,
export, duplicates, score), as ``python -m benchmarks quality`` does. CI has ``../shared``
beside the checkout; elsewhere the test says why it cannot run.
"""

from __future__ import annotations

import pytest

from benchmarks.quality import HELDOUT, corpus_script, score_corpus, summary_figures

# Raise these when the score rises; never lower them to make a change pass.
FLOORS = {"extraction_f1": 0.93, "field_accuracy": 0.92, "duplicates_f1": 0.95}
HELDOUT_FLOORS = {"extraction_f1": 0.92, "field_accuracy": 0.92, "duplicates_f1": 0.95}


def test_summary_line_is_read() -> None:
    line = (
        "corpus: extraction precision=0.56 recall=0.70 f1=0.62 field_accuracy=0.78 | "
        "duplicates precision=0.62 recall=0.71 f1=0.67 (7 true report pairs)"
    )
    figures = summary_figures(line)
    assert figures["extraction_f1"] == 0.62
    assert figures["field_accuracy"] == 0.78
    assert figures["duplicates_f1"] == 0.67
    assert figures["duplicates_recall"] == 0.71


@pytest.mark.skipif(not corpus_script().exists(), reason="../shared/eval is not beside this checkout")
def test_dev_corpus_score_holds_its_floor() -> None:
    output, figures = score_corpus()
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, f"{name} {figures[name]} < floor {floor}\n{output}"


@pytest.mark.skipif(not corpus_script().exists(), reason="../shared/eval (the scorer) is not beside this checkout")
def test_heldout_corpus_score_holds_its_floor() -> None:
    output, figures = score_corpus(HELDOUT / "texts", HELDOUT / "gold")
    for name, floor in HELDOUT_FLOORS.items():
        assert figures[name] >= floor, f"{name} {figures[name]} < floor {floor}\n{output}"
