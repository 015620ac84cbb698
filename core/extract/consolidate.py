"""One incident per place, day and kind of event within a report.

A report often tells its main event more than once: a lead, a fact box, an official's
statement, a paragraph on the victims. Each can name the place and the day again, and
segmentation opens an incident for each. ACLED codes one event per location, date and
event type, so incidents of one report that agree on all three are one incident: their
values, figures, claims and spans are joined onto the first telling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from incident_review.core.extract.dates import PRECISION_RANK
from incident_review.core.model import Claim, Figure, Incident


def consolidate(incidents: list[Incident]) -> list[Incident]:
    """``incidents`` of one report, those telling the same event joined, in reading order."""
    kept: list[Incident] = []
    for incident in incidents:
        same = next((k for k in kept if same_event(k, incident)), None)
        if same is None:
            kept.append(incident)
        else:
            join_into(same, incident)
    return _regions_into_towns(kept)


def _regions_into_towns(incidents: list[Incident]) -> list[Incident]:
    """A region-level telling ("the governor of X Oblast said seven were dead") joins the
    town-level incident of that region and day, when the report has exactly one: with two
    towns hit in the region it could be either, and stays apart for the analyst."""
    out = list(incidents)
    for region in [i for i in incidents if i.location is None and i.admin1]:
        towns = [
            t
            for t in out
            if t is not region
            and t.location
            and t.admin1 == region.admin1
            and t.country == region.country
            and t.event_type == region.event_type
            and _dates_agree(t, region)
        ]
        # "Attacks on the region killed two over the day; in Ochakiv a drone killed one":
        # the region's tally is more than the town's strike, and stays apart.
        if len(towns) == 1 and not _tolls_differ(towns[0], region):
            join_into(towns[0], region)
            out.remove(region)
    return out


def _tolls_differ(a: Incident, b: Incident) -> bool:
    """Both state the victims' total of one kind, and not the same."""
    totals = {f.kind: f.best for f in a.figures if f.group == "all"}
    return any(f.group == "all" and f.kind in totals and totals[f.kind] != f.best for f in b.figures)


def _place_key(incident: Incident) -> tuple[str, str] | None:
    """The place two tellings must share: the town, else the region (never the country alone:
    country-level incidents are aggregates or unplaced, and two of them are rarely one event)."""
    if incident.location:
        return ("town", incident.location.casefold())
    if incident.admin1:
        return ("admin1", incident.admin1.casefold())
    return None


def _span_of(incident: Incident) -> tuple[dt.date, dt.date] | None:
    if incident.date is None or incident.date_precision == "unknown":
        return None
    return incident.date, incident.date_end or incident.date


def _dates_agree(a: Incident, b: Incident) -> bool:
    """The same day, or one date is a period (range, week) that holds the other's day; a
    telling with no date of its own ("the governor said seven were dead") agrees with any:
    another event at the same place would have been told with its own time."""
    sa, sb = _span_of(a), _span_of(b)
    if sa is None or sb is None:
        return True
    if a.date_precision == b.date_precision == "day":
        return sa == sb
    if a.date_precision in ("month", "year") or b.date_precision in ("month", "year"):
        # A month or a year is too coarse to say two tellings are one day's event.
        return False
    return sa[0] <= sb[1] and sb[0] <= sa[1]


def same_event(a: Incident, b: Incident) -> bool:
    if a.country != b.country or a.event_type != b.event_type:
        return False
    key_a, key_b = _place_key(a), _place_key(b)
    if key_a is None or key_a != key_b:
        return False
    return _dates_agree(a, b)


def _union(into: list[str], more: Iterable[str]) -> None:
    for value in more:
        if value not in into:
            into.append(value)


def _join_figure(old: Figure, new: Figure) -> Figure:
    """Two figures of one count in one report (an update, two officials): the smaller low,
    the larger best and high (gold rules: low = the smaller, high = the larger; the later
    figure is usually the risen toll). An unbounded high stays unbounded."""
    lows = [v for v in (old.low, new.low) if v is not None]
    bests = [v for v in (old.best, new.best) if v is not None]
    high = None if old.high is None or new.high is None else max(old.high, new.high)
    keep = new if (new.best or 0) > (old.best or 0) else old
    best = max(bests) if bests else None
    if high is not None and best is not None and high < best:
        high = best
    return Figure(old.kind, old.group, min(lows) if lows else None, best, high, keep.source, keep.start, keep.end)


def join_into(base: Incident, other: Incident) -> None:
    """Fold ``other`` (a later telling of the same event in the same report) into ``base``."""
    if PRECISION_RANK.get(other.date_precision, 5) < PRECISION_RANK.get(base.date_precision, 5):
        base.date, base.date_end, base.date_precision = other.date, other.date_end, other.date_precision
        if "date" in other.spans:
            base.spans["date"] = other.spans["date"]
    if base.latitude is None and other.latitude is not None:
        base.latitude, base.longitude, base.geo_precision = other.latitude, other.longitude, other.geo_precision
    _union(base.weapons, other.weapons)
    _union(base.damage, other.damage)
    # A generic type on the first telling gives way to the specific one a later telling has.
    if base.sub_event_type != other.sub_event_type and other.weapons and not base.weapons:
        base.sub_event_type = other.sub_event_type
    for claim in other.attribution:
        if not any(_same_claim(claim, c) for c in base.attribution):
            base.attribution.append(claim)
    by_key = {(f.kind, f.group): i for i, f in enumerate(base.figures)}
    for figure in other.figures:
        at = by_key.get((figure.kind, figure.group))
        if at is None:
            by_key[(figure.kind, figure.group)] = len(base.figures)
            base.figures.append(figure)
        else:
            base.figures[at] = _join_figure(base.figures[at], figure)
    for key, span in other.spans.items():
        base.spans.setdefault(key, span)


def _same_claim(a: Claim, b: Claim) -> bool:
    return a.actor == b.actor and a.stance == b.stance and a.role == b.role
