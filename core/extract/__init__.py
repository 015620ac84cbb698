"""Rule-based incident extraction: pure functions over report text and metadata.

Rules and lexicons come from config/ as the objects of ``core/settings.py`` (see
``Rules``), so this package reads no files and touches no store.
"""

from incident_review.core.extract.pipeline import Extractor
from incident_review.core.extract.rules import Rules

__all__ = ["Extractor", "Rules"]
