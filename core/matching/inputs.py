"""What matching needs of an incident, and how place names are folded for comparison."""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
from typing import NamedTuple

from incident_review.core.model import Incident

# Geo precisions whose coordinates stand for the place itself (ACLED 1, UCDP 1-2, a gazetteer town).
PRECISE = frozenset({"point", "town"})
# Date precisions too vague to match on: such an incident is matched as undated.
VAGUE_PRECISIONS = frozenset({"unknown", "year"})


class MatchInput(NamedTuple):
    """What matching reads of one incident.

    A named tuple, not a frozen dataclass: a full rebuild builds one per active incident,
    and a tuple is made in one step where a frozen dataclass set each of its 23 fields
    through ``object.__setattr__`` (100k inputs: 0.74 -> 0.37 s CPU). As small as a slotted
    class, immutable and hashable alike."""

    id: str
    report: str  # the primary source report: incidents of one report are never paired
    country: str | None
    admin1: str | None
    location: str | None
    date: dt.date | None
    date_end: dt.date | None
    date_precision: str
    event_type: str | None
    sub_event_type: str | None
    weapons: tuple[str, ...] = ()
    damage: tuple[str, ...] = ()
    killed: tuple[int | None, int | None] = (None, None)  # low, high (None high = open)
    wounded: tuple[int | None, int | None] = (None, None)
    text: str = ""
    extra_reports: frozenset[str] = frozenset()
    # Coordinates count only at town precision or better: a region's centroid is not a place.
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: str = "unknown"
    # When the primary report was published: an undated incident happened on or before it.
    published: dt.date | None = None
    # What else says the type (config/crosswalk.yaml): UCDP's violence type, ACLED's
    # civilian targeting mark, the tags (Bellingcat's filters).
    type_of_violence: str | None = None
    civilian_targeting: str | None = None
    tags: str | None = None

    @property
    def dataset(self) -> str | None:
        """The dataset an imported row comes from (its report is ``acled:ID``, ``ucdp:ID``);
        None for an incident read from a news report."""
        prefix, colon, _ = self.report.partition(":")
        return prefix if colon else None

    def point(self) -> tuple[float, float] | None:
        """(lat, lon) when precise enough to measure a distance with."""
        if self.latitude is None or self.longitude is None or self.geo_precision not in PRECISE:
            return None
        return self.latitude, self.longitude

    @classmethod
    def from_incident(cls, inc: Incident) -> MatchInput:
        from incident_review.core.casualties import combine

        def bounds(kind: str) -> tuple[int | None, int | None]:
            r = combine(inc.figures, kind, how=inc.casualty_aggregation)
            low = r.low if r.low is not None else r.best
            return low, (r.high if r.high is not None else (r.best if r.low is None else None))

        reports = [s.report for s in inc.sources]
        published = inc.sources[0].published if inc.sources else None
        return cls(
            id=inc.id,
            report=reports[0] if reports else inc.id,
            country=inc.country,
            admin1=inc.admin1,
            location=inc.location,
            date=inc.date,
            date_end=inc.date_end,
            date_precision=inc.date_precision,
            event_type=inc.event_type,
            sub_event_type=inc.sub_event_type,
            weapons=tuple(inc.weapons),
            damage=tuple(inc.damage),
            killed=bounds("killed"),
            wounded=bounds("wounded"),
            text=(inc.sources[0].quote if inc.sources and inc.sources[0].quote else inc.summary) or "",
            extra_reports=frozenset(reports[1:]),
            latitude=inc.latitude,
            longitude=inc.longitude,
            geo_precision=inc.geo_precision,
            published=published,
            type_of_violence=inc.type_of_violence,
            civilian_targeting=inc.civilian_targeting,
            tags=inc.tags,
        )

    def interval(self, max_days: int) -> tuple[int, int] | None:
        """The days (ordinals) the date may mean, or None when too vague to match."""
        if self.date is None or self.date_precision in VAGUE_PRECISIONS:
            return None
        lo = self.date.toordinal()
        if self.date_precision == "month":
            last = calendar.monthrange(self.date.year, self.date.month)[1]
            hi = self.date.replace(day=last).toordinal()
        elif self.date_precision == "week":
            hi = (self.date_end or self.date + dt.timedelta(days=6)).toordinal()
        elif self.date_precision == "range" and self.date_end:
            hi = self.date_end.toordinal()
        else:
            hi = lo
        return (lo, hi) if hi - lo <= max_days else None


class PlaceFolder:
    """Canonical place names: gazetteer aliases first, then transliteration folding."""

    def __init__(self, aliases: dict[str, str], rules: list[tuple[str, str]], stopwords: frozenset[str]) -> None:
        self.aliases = aliases
        self.rules = rules
        self.stopwords = stopwords
        self._cache: dict[str, str] = {}

    def fold(self, name: str | None) -> str:
        if not name:
            return ""
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        key = " ".join(w for w in name.strip().lower().split() if w not in self.stopwords) or name.lower()
        canonical = self.aliases.get(key, key).lower()
        text = unicodedata.normalize("NFKD", canonical)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = "".join(c if c.isalnum() else " " for c in text)
        text = " ".join(text.split())
        for old, new in self.rules:
            text = text.replace(old, new)
        self._cache[name] = text
        return text
