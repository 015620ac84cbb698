"""Rules for what a sentence adds to the incident being told, on sentences of our own."""

from __future__ import annotations

import datetime as dt

from incident_review.core.model import Incident
from incident_review.services.extraction import extractor

TUESDAY = dt.date(2025, 6, 10)


def _extract(text: str) -> list[Incident]:
    return extractor().extract(text, TUESDAY, "R-test")


def _killed(incident: Incident) -> int | None:
    return next((f.best for f in incident.figures if f.kind == "killed" and f.group == "all"), None)


def test_no_one_hurt_is_no_one_killed_or_wounded() -> None:
    (incident,) = _extract("Russian shelling damaged a house in Nikopol on Tuesday. No one was hurt.")
    assert {(f.kind, f.best) for f in incident.figures} == {("killed", 0), ("wounded", 0)}


def test_no_one_killed_says_nothing_of_the_wounded() -> None:
    (incident,) = _extract("A drone hit a house in Sumy on Tuesday; no one was killed.")
    assert {(f.kind, f.best) for f in incident.figures} == {("killed", 0)}


def test_a_risen_toll_with_a_date_inside_the_phrase() -> None:
    text = "The number of people killed in the strike on a market in Kherson on 8 June has risen to seven."
    (incident,) = _extract(text)
    assert _killed(incident) == 7


def test_a_recollection_of_another_month_lends_no_figures() -> None:
    text = (
        "A Russian missile struck the centre of Poltava on Tuesday, killing three people.\n\n"
        "A missile strike on the city in April killed more than 50 people."
    )
    (incident,) = _extract(text)
    assert (incident.location, _killed(incident)) == ("Poltava", 3)


def test_another_day_at_the_same_place_is_another_incident() -> None:
    text = (
        "On 1 June 2025 a Russian missile hit the regional administration building in Chernihiv.\n\n"
        "On 6 June 2025, Russian forces attacked the building again with two missiles fired from Bryansk Oblast."
    )
    assert [(i.location, i.date) for i in _extract(text)] == [
        ("Chernihiv", dt.date(2025, 6, 1)),
        ("Chernihiv", dt.date(2025, 6, 6)),
    ]


def test_troops_that_dropped_bombs_are_the_perpetrator() -> None:
    (incident,) = _extract("Russian troops dropped guided aerial bombs on Kharkiv on Tuesday.")
    assert [(c.actor, c.stance) for c in incident.attribution] == [("Russian forces", "reported")]


def test_a_ministry_telling_its_own_forces_strike_claims_it() -> None:
    text = "Russian forces struck a workshop in Zaporizhzhia on Tuesday, the Russian Defence Ministry said."
    (incident,) = _extract(text)
    assert ("Russian forces", "claimed") in {(c.actor, c.stance) for c in incident.attribution}
