"""A sentence that lists several towns hit gives one incident per town (ACLED: one event per place)."""

from __future__ import annotations

import datetime as dt

from incident_review.services.extraction import extractor

MONDAY = dt.date(2024, 7, 8)


def _places(text: str) -> list[str | None]:
    return [i.location for i in extractor().extract(text, MONDAY, "R-test")]


def test_a_list_of_towns_is_one_incident_each() -> None:
    text = "On Monday, Sumy, Chernihiv and Poltava came under fire from Russian drones."
    assert _places(text) == ["Sumy", "Chernihiv", "Poltava"]


def test_each_listed_town_keeps_the_sentence_date() -> None:
    text = "On 6 July 2024 Russian missiles struck Zhytomyr, Uman, and Kremenchuk."
    incidents = extractor().extract(text, MONDAY, "R-test")
    assert [(i.location, i.date) for i in incidents] == [
        ("Zhytomyr", dt.date(2024, 7, 6)),
        ("Uman", dt.date(2024, 7, 6)),
        ("Kremenchuk", dt.date(2024, 7, 6)),
    ]


def test_a_town_near_another_is_one_place() -> None:
    assert _places("Shells hit Molodizhne near Olenivka on Monday.") == ["Molodizhne"]


def test_a_town_described_after_a_comma_is_one_place() -> None:
    assert _places("A missile struck Kharkiv, Ukraine's second-largest city, on Monday.") == ["Kharkiv"]
