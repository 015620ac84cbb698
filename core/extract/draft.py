"""An incident while segmentation is still reading: the sentences told of it so far, and
where and when they say it happened. Assembly turns each into an ``Incident``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from incident_review.core.extract.dates import PRECISION_RANK, DateInfo, refines
from incident_review.core.extract.places import Place
from incident_review.core.extract.text import Sentence


@dataclass(frozen=True)
class Share:
    """One town's part of a toll a sentence shares out: its kind when the words say it
    ("two women were wounded in X"), its count, and its span in the sentence."""

    kind: str | None
    count: int
    start: int
    end: int


@dataclass
class Draft:
    anchor: Sentence
    place: Place | None
    country: str | None
    admin1: str | None
    location: str | None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: str = "unknown"
    date: DateInfo | None = None
    date_sentence: Sentence | None = None
    undated: bool = False
    parent: Draft | None = None
    place_sentence: Sentence | None = None
    # Opened by an event told with no place (``segment._Reading._unplaced_event``).
    unplaced: bool = False
    # A sentence that shares a toll out by town gives this incident its own count (by the
    # sentence's start: "two in Kharkiv, one in Sumy"), not the sentence's total.
    shares: dict[int, Share] = field(default_factory=dict)
    # Sentences (by start) that name this incident's town in a list of towns ("four were
    # injured in attacks on X and Y"): their toll is the list's, no one town's, unless
    # its words place it ("wounding three in X").
    listed: set[int] = field(default_factory=set)
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def unlocated(self) -> bool:
        """Opened by an event told with no place, and never located since."""
        return self.unplaced and self.place is None

    def date_key(self, published: dt.date | None) -> tuple[dt.date | None, str]:
        if self.date:
            return self.date.date, self.date.precision
        return (published, "day") if published and not self.undated else (None, "unknown")

    def set_place(self, place: Place, admin1: str | None, country: str | None, unit: Sentence) -> None:
        """Locate the incident at ``place``, as ``unit`` names it."""
        self.place = place
        self.location = place.location
        self.admin1 = admin1
        self.country = country
        self.latitude, self.longitude = place.latitude, place.longitude
        self.geo_precision = place.geo_precision
        self.place_sentence = unit

    def dates_agree(self, date: DateInfo | None, published: dt.date | None) -> bool:
        """Whether ``date`` (of a sentence) may be this incident's date."""
        if date is None:
            return True
        if self.undated:
            return False
        old, precision = self.date_key(published)
        if old is None:
            return True
        if date.date == old and date.precision == precision:
            return True
        return refines(date, old, self.date.date_end if self.date else None, precision)

    def attach(self, unit: Sentence, date: DateInfo | None) -> None:
        """Add ``unit`` to the incident; its ``date`` replaces the incident's when it is more
        precise within it ("on Tuesday" then "at 3 am on Tuesday")."""
        self.sentences.append(unit)
        if date is None:
            return
        if self.date is None or (
            refines(date, self.date.date, self.date.date_end, self.date.precision)
            and PRECISION_RANK[date.precision] < PRECISION_RANK[self.date.precision]
        ):
            self.date, self.date_sentence = date, unit
            self.undated = False


def opened(drafts: list[Draft], draft: Draft, unit: Sentence) -> Draft:
    """``draft`` opened by ``unit``: its first sentence, appended to ``drafts``."""
    draft.sentences.append(unit)
    drafts.append(draft)
    return draft
