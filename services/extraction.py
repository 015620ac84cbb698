"""The extractor built from the configured rules (built once per process)."""

from __future__ import annotations

from functools import cache

from incident_review import config
from incident_review.core.extract.pipeline import Extractor
from incident_review.core.extract.rules import Rules


@cache
def extractor() -> Extractor:
    return Extractor(Rules(config.extraction(), config.actors(), config.gazetteer()))
