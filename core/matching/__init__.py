"""Duplicate detection across reports: blocking, scoring with named components, clusters.

Arrays (numpy) and rapidfuzz's ``cpdist`` do the per-pair work, so a million incidents
are matched in seconds rather than hours.
"""

from incident_review.core.matching.inputs import MatchInput
from incident_review.core.matching.matcher import Matcher, Pair

__all__ = ["MatchInput", "Matcher", "Pair"]
