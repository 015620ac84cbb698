"""A report that tells its main event several times gives one incident for it."""

from __future__ import annotations

import datetime as dt

from incident_review.core.extract.consolidate import consolidate, same_event
from incident_review.core.model import Figure, Incident
from incident_review.services.extraction import extractor

PUBLISHED = dt.date(2024, 3, 9)


def _extract(text: str) -> list[Incident]:
    return extractor().extract(text, PUBLISHED, "R-test")


def test_a_strike_told_in_the_lead_and_again_by_a_regional_official_is_one_incident() -> None:
    text = (
        "A Russian missile struck an apartment block in Zhytomyr on Saturday, killing three people.\n\n"
        "The governor of Zhytomyr Oblast said on Saturday that 11 residents were also wounded."
    )
    incidents = _extract(text)
    assert len(incidents) == 1
    killed = {f.kind: f for f in incidents[0].figures}
    assert killed["killed"].best == 3
    assert killed["wounded"].best == 11


def test_a_regional_telling_stays_apart_when_two_towns_of_the_region_were_hit() -> None:
    text = (
        "A Russian missile struck an apartment block in Zhytomyr on Saturday, killing three people.\n\n"
        "On Saturday a drone also hit a school in Korosten.\n\n"
        "The governor of Zhytomyr Oblast said on Saturday that 11 residents were wounded."
    )
    assert len(_extract(text)) == 3


def test_two_towns_of_one_day_stay_two_incidents() -> None:
    text = (
        "A Russian missile struck an apartment block in Zhytomyr on Saturday, killing three people.\n\n"
        "On Saturday shelling also hit a school in Kherson, wounding two."
    )
    places = [i.location for i in _extract(text)]
    assert places == ["Zhytomyr", "Kherson"]


def _incident(**values: object) -> Incident:
    base: dict[str, object] = dict(
        id="",
        country="UA",
        admin1="Odesa Oblast",
        location="Odesa",
        date=dt.date(2024, 3, 2),
        date_precision="day",
        event_type="Explosions/Remote violence",
    )
    base.update(values)
    return Incident(**base)  # type: ignore[arg-type]


def test_another_day_or_another_kind_of_event_is_another_incident() -> None:
    first = _incident()
    assert not same_event(first, _incident(date=dt.date(2024, 3, 3)))
    assert not same_event(first, _incident(event_type="Battles"))
    assert not same_event(first, _incident(location="Izmail"))
    # A week that holds the day is the same telling; a month is too coarse to say so.
    assert same_event(first, _incident(date=dt.date(2024, 2, 26), date_end=dt.date(2024, 3, 3), date_precision="week"))
    assert not same_event(first, _incident(date=dt.date(2024, 3, 1), date_precision="month"))
    # A telling without a date of its own is the dated event of its place.
    assert same_event(first, _incident(date=None, date_precision="unknown"))


def test_joined_figures_keep_the_smaller_low_and_the_larger_best() -> None:
    early = _incident(figures=[Figure("killed", "all", 5, 5, 5, "R-test", 0, 1)])
    later = _incident(figures=[Figure("killed", "all", 8, 8, None, "R-test", 10, 11)], weapons=["drone"])
    (joined,) = consolidate([early, later])
    (killed,) = joined.figures
    assert (killed.low, killed.best, killed.high) == (5, 8, None)
    assert joined.weapons == ["drone"]
