"""Fixtures the unit tests share."""

from __future__ import annotations

import pytest

from incident_review.core.extract.rules import Rules
from incident_review.services.extraction import extractor


@pytest.fixture(scope="module")
def rules() -> Rules:
    """The shipped extraction rules, as ingest loads them."""
    return extractor().rules
