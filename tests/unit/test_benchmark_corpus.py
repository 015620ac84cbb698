"""The extraction benchmark's corpus: what its figure is worth rests on these."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.extraction import _BACKGROUND, make_reports
from incident_review.core.extract.text import sentences
from incident_review.services.extraction import extractor

CONTEXT = _BACKGROUND.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("paragraph", CONTEXT, ids=range(len(CONTEXT)))
def test_context_paragraphs_tell_of_no_incident(paragraph: str) -> None:
    """Diplomacy, economy and analysis (places, dates and figures that are not casualties)
    give no incident: the benchmark's context share, and an analyst's false positives."""
    assert extractor().extract(paragraph, dt.date(2024, 5, 1), "r") == []


@pytest.mark.parametrize("background", [0.0, 0.7])
def test_no_report_repeats_a_sentence(background: float) -> None:
    """The extractor remembers the sentences of the report it reads; a repeated sentence
    would cost nothing and make the reports/s figure look better than it is."""
    for report in make_reports(60, background=background):
        # The extractor's own sentences: the ones its memo remembers.
        texts = [s.text for s in sentences(report["text"])]
        assert len(texts) == len(set(texts))
        assert 650 <= len(report["text"].split()) <= 900
