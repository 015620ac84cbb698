"""The incident model shared by every layer.

Values are plain dataclasses so that storage can persist them, the YAML contract can
serialise them and the TUI can show them without any of them knowing about the others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final

STATUSES: Final = ("unreviewed", "confirmed", "rejected", "needs_follow_up")
GRADES: Final = ("confirmed", "fair", "weak", "contested", "discounted")
DATE_PRECISIONS: Final = ("day", "week", "month", "year", "range", "unknown")
GEO_PRECISIONS: Final = ("point", "town", "district", "region", "country", "unknown")
# A party is one side of a fight (a battle's two armies: UCDP's state-based and non-state
# conflict, ACLED's battles), neither of them "the perpetrator".
ROLES: Final = ("perpetrator", "target", "party")
STANCES: Final = ("reported", "blamed", "claimed", "denied", "confirmed")
CASUALTY_KINDS: Final = ("killed", "wounded", "missing")
CASUALTY_GROUPS: Final = ("all", "civilians", "children", "military")


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) into one report's text."""

    report: str
    start: int
    end: int


@dataclass
class Report:
    id: str
    text: str
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    ingested_at: str | None = None
    ingested_by: str | None = None


@dataclass
class Source:
    """A report that supports an incident, with the quoted passage."""

    report: str
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    quote: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Claim:
    """One attribution claim: who is said (by whom, in which report) to have done it."""

    actor: str
    role: str = "perpetrator"
    stance: str = "reported"
    by: str | None = None
    source: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Figure:
    """A casualty figure for one kind and group, from one report (or from the analyst
    when ``source`` is None)."""

    kind: str
    group: str = "all"
    low: int | None = None
    best: int | None = None
    high: int | None = None
    source: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Note:
    by: str
    at: str
    text: str


@dataclass
class Incident:
    id: str
    status: str = "unreviewed"
    grade: str | None = None
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str = "unknown"
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: str = "unknown"
    event_type: str | None = None
    sub_event_type: str | None = None
    summary: str | None = None
    weapons: list[str] = field(default_factory=list)
    damage: list[str] = field(default_factory=list)
    attribution: list[Claim] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    merged_from: list[str] = field(default_factory=list)
    merged_into: str | None = None
    notes: list[Note] = field(default_factory=list)
    # How the incident's casualty figure is drawn from its sources' (core.casualties.combine).
    casualty_aggregation: str = "best"
    # Provenance of scalar and list values: field name (``weapons:drone`` for list items)
    # to the span of report text it was read from.
    spans: dict[str, Span] = field(default_factory=dict)
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    version: int = 0
    created_at: str | None = None
    created_by: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None

    @property
    def place(self) -> str:
        """The most specific place name known, for one-line displays."""
        return self.location or self.admin2 or self.admin1 or self.country or ""

    @property
    def contested(self) -> bool:
        """Claims name more than one perpetrator, or someone denies."""
        perpetrators = {c.actor for c in self.attribution if c.role == "perpetrator" and c.stance != "denied"}
        denied = any(c.stance == "denied" for c in self.attribution)
        return len(perpetrators) > 1 or denied


def incident_number(incident_id: str) -> int | None:
    """The number in an ``INC-000123`` id, or None for ids from other datasets."""
    if incident_id.startswith("INC-") and incident_id[4:].isdigit():
        return int(incident_id[4:])
    return None


def format_incident_id(number: int) -> str:
    return f"INC-{number:06d}"
