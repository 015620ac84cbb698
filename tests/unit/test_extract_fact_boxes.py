"""A fact box ("Location: ...", "Date: ...", "Fatalities: 2") feeds the incident the article
tells; it opens no incident of its own at a place only it names. Texts written for the test."""

from __future__ import annotations

import datetime as dt

from incident_review.services.extraction import extractor

MONDAY = dt.date(2024, 5, 13)
LEAD = "On 12 May 2024, a Russian missile struck an apartment block in Dnipro, killing 12 people."


def _incidents(text: str) -> list[tuple[str | None, dt.date | None, list[tuple[str, int | None]]]]:
    return [
        (i.location, i.date, sorted((f.kind, f.best) for f in i.figures if f.group == "all"))
        for i in extractor().extract(text, MONDAY, "R-1")
    ]


def test_a_box_after_the_lead_feeds_its_incident() -> None:
    box = "Date: 12 May 2024\nLocation: Ukraine\nDeaths: 12\nInjuries: 30"
    text = f"{LEAD}\n\n{box}\n\nThe attack destroyed a section of the building."
    assert _incidents(text) == [("Dnipro", dt.date(2024, 5, 12), [("killed", 12), ("wounded", 30)])]


def test_a_box_above_the_lead_naming_a_place_the_prose_does_not_feeds_the_lead() -> None:
    # The box places the strike in Ukraine only; the lead names the town.
    box = (
        "Infobox\n- Title: Missile strike on an apartment block\n"
        "- Partof: Russian strikes against Ukrainian cities during the Russian invasion of Ukraine\n"
        "- Location: Apartment block, Ukraine\n- Date: 12 May 2024\n- Fatalities: 12\n- Injuries: 30"
    )
    text = f"{box}\n\n{LEAD}"
    assert _incidents(text) == [("Dnipro", dt.date(2024, 5, 12), [("killed", 12), ("wounded", 30)])]


def test_a_box_of_another_day_stays_apart() -> None:
    box = "Date: 2 March 2024\nLocation: Odesa, Ukraine\nDeaths: 3"
    text = f"{LEAD}\n\n{box}"
    assert [(loc, day) for loc, day, _ in _incidents(text)] == [
        ("Dnipro", dt.date(2024, 5, 12)),
        ("Odesa", dt.date(2024, 3, 2)),
    ]


def test_towns_of_the_box_the_prose_tells_each_stay() -> None:
    box = "Date: 12 May 2024\nLocation: Dnipro and Kharkiv, Ukraine\nDeaths: 14"
    text = f"{box}\n\n{LEAD} In Kharkiv, a drone killed two people on 12 May 2024."
    assert [(loc, figs) for loc, _, figs in _incidents(text)] == [
        ("Dnipro", [("killed", 12)]),
        ("Kharkiv", [("killed", 2)]),
    ]
