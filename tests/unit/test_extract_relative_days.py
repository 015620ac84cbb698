"""An earlier event told relative to the one being told ("It came two days after a strike
on X"): its day is counted back from this one's, not the report's. Sentences written for
the test."""

from __future__ import annotations

import datetime as dt

import pytest

from incident_review.services.extraction import extractor

MONDAY = dt.date(2024, 6, 10)


def _days(text: str) -> dict[str | None, dt.date | None]:
    return {i.location: i.date for i in extractor().extract(text, MONDAY, "R-1")}


@pytest.mark.parametrize(
    ("later", "days_back"),
    [
        ("It comes a day after a missile strike on Odesa killed five people.", 1),
        ("The attack came two days after a drone strike on Odesa killed five.", 2),
        ("The strike came just a week after Russian missiles hit Odesa.", 7),
        ("The attack came hours after a drone attack on Odesa killed five.", 0),
        ("A day earlier, a drone strike on Odesa killed five.", 1),
        ("The day before, a Russian missile hit Odesa.", 1),
        ("Three days earlier, a drone strike on Odesa killed five.", 3),
    ],
)
def test_an_earlier_event_is_dated_back_from_the_event_told(later: str, days_back: int) -> None:
    sunday = dt.date(2024, 6, 9)
    text = f"Russian drones hit Kharkiv on Sunday, killing two people. {later}"
    assert _days(text) == {"Kharkiv": sunday, "Odesa": sunday - dt.timedelta(days=days_back)}


def test_an_undated_lead_counts_back_from_the_report() -> None:
    text = "A Russian missile struck Kharkiv, killing two. The attack came two days after a drone strike on Odesa."
    assert _days(text) == {"Kharkiv": MONDAY, "Odesa": dt.date(2024, 6, 8)}


def test_a_day_the_other_event_names_itself_wins() -> None:
    text = "Russian forces shelled Kharkiv on Sunday. The strike came a day after an attack on Odesa on Thursday."
    assert _days(text) == {"Kharkiv": dt.date(2024, 6, 9), "Odesa": dt.date(2024, 6, 6)}


def test_the_first_event_of_a_sentence_joined_by_a_day_after_is_kept() -> None:
    # Both events are the sentence's: the first at its place and day, the other a day before.
    text = "Russian missiles hit Odesa on Sunday, a day after a drone strike on Kharkiv killed two."
    assert _days(text) == {"Odesa": dt.date(2024, 6, 9), "Kharkiv": dt.date(2024, 6, 8)}


def test_a_day_after_counts_back_from_the_day_its_own_clause_gives() -> None:
    # "died on Monday, a day after the missile hit Odesa": Sunday's strike, the one told.
    text = (
        "A Russian missile strike on Odesa on Sunday killed four. "
        "Two people died in hospital on Monday, a day after the missile hit Odesa."
    )
    assert _days(text) == {"Odesa": dt.date(2024, 6, 9)}


def _spans(text: str) -> dict[str | None, tuple[dt.date | None, dt.date | None, str]]:
    return {i.location: (i.date, i.date_end, i.date_precision) for i in extractor().extract(text, MONDAY, "R-1")}


@pytest.mark.parametrize(
    ("later", "first", "last"),
    [
        # "days" are two to ten of them (reports say "just days" of nine); "weeks" two to six.
        (
            "The attack came days after a missile strike on Odesa killed five.",
            dt.date(2024, 5, 30),
            dt.date(2024, 6, 7),
        ),
        ("It comes just days after a drone strike on Odesa.", dt.date(2024, 5, 30), dt.date(2024, 6, 7)),
        ("It comes weeks after Russian missiles hit Odesa.", dt.date(2024, 4, 28), dt.date(2024, 5, 26)),
        ("It came a few days after a drone strike on Odesa.", dt.date(2024, 5, 30), dt.date(2024, 6, 7)),
        ("Days earlier, a missile strike on Odesa killed five.", dt.date(2024, 5, 30), dt.date(2024, 6, 7)),
        ("Several weeks earlier, Russian missiles hit Odesa.", dt.date(2024, 4, 28), dt.date(2024, 5, 26)),
        # "months" are two months to a year; a count of months is that many of 28 to 31 days.
        ("It came months after a missile strike on Odesa killed five.", dt.date(2023, 6, 10), dt.date(2024, 4, 14)),
        ("The attack came two months after a drone strike on Odesa.", dt.date(2024, 4, 8), dt.date(2024, 4, 14)),
        ("It comes a month after Russian missiles hit Odesa.", dt.date(2024, 5, 9), dt.date(2024, 5, 12)),
        ("Two months earlier, a missile strike on Odesa killed five.", dt.date(2024, 4, 8), dt.date(2024, 4, 14)),
    ],
)
def test_an_earlier_event_days_weeks_or_months_before_spans_them(later: str, first: dt.date, last: dt.date) -> None:
    text = f"Russian drones hit Kharkiv on Sunday, killing two people. {later}"
    assert _spans(text) == {"Kharkiv": (dt.date(2024, 6, 9), None, "day"), "Odesa": (first, last, "range")}


def test_days_after_in_the_same_sentence_is_another_event() -> None:
    text = "Russian drones hit Kharkiv on Sunday, killing two people, days after a missile strike on Odesa killed five."
    assert _spans(text) == {
        "Kharkiv": (dt.date(2024, 6, 9), None, "day"),
        "Odesa": (dt.date(2024, 5, 30), dt.date(2024, 6, 7), "range"),
    }


def test_an_event_that_follows_another_gets_no_span() -> None:
    # "follows" tells no time between the events: the other one keeps no invented span.
    text = "Russian drones hit Kharkiv on Sunday. The attack follows a missile strike on Odesa."
    assert _spans(text)["Odesa"][2] == "day"


def test_months_after_of_no_event_connects_nothing() -> None:
    # "came back months after fleeing": people returning, no other event to date.
    text = "Russian drones hit Kharkiv on Sunday, killing two people. Residents came back months after fleeing."
    assert _spans(text) == {"Kharkiv": (dt.date(2024, 6, 9), None, "day")}
