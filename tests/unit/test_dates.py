"""Event dates: only a date that can be the event's counts, full dates first, ranges and nights."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incident_review.core.extract import dates
from incident_review.core.extract.dates import date_only_line, dateline, find_date, full_date

FRIDAY = dt.date(2023, 5, 26)
MONDAY_JAN = dt.date(2023, 1, 16)


def _found(text: str, published: dt.date | None) -> tuple[str, str | None, str] | None:
    info = find_date(text, published)
    if info is None:
        return None
    return (
        info.date.isoformat() if info.date else "",
        info.date_end.isoformat() if info.date_end else None,
        info.precision,
    )


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A birth year, a building's age, a founding, a period's start: not the event's date.
        ("A teenager born in 2008 was among those killed in the shelling.", FRIDAY, None),
        ("The school, built in 1995, was hit on Saturday.", FRIDAY, ("2023-05-20", None, "day")),
        ("The plant, founded in May 2010, was struck yesterday.", FRIDAY, ("2023-05-25", None, "day")),
        ("A girl born on 3 March 2012 was wounded on 24 May.", FRIDAY, ("2023-05-24", None, "day")),
        ("Shelling has continued since October 10.", FRIDAY, None),
        ("It was the deadliest strike since the full-scale invasion began in February 2022.", FRIDAY, None),
        (
            "Fighting has gone on since Monday, and on Wednesday a drone hit the depot.",
            FRIDAY,
            ("2023-05-24", None, "day"),
        ),
        ("By 17 March, officials estimated that most of the city was destroyed.", FRIDAY, None),
        ("The school was damaged by Monday's shelling.", FRIDAY, ("2023-05-22", None, "day")),
        ("As of 20 May, 40 people had been killed in the shelling.", FRIDAY, None),
        # A year long before the report is background; a recent one is a year-precision date.
        ("The town was first shelled in 2014.", FRIDAY, None),
        ("The town was shelled repeatedly in 2022.", FRIDAY, ("2022-01-01", None, "year")),
        # A date after the publication day is a plan, not an event.
        ("Talks on the strike are planned for 30 June 2023.", FRIDAY, None),
        # The full date wins over a partial one, wherever each stands.
        (
            "A drone hit the depot on October 10, and on 14 January 2023 a missile hit it.",
            MONDAY_JAN,
            ("2023-01-14", None, "day"),
        ),
        (
            "On 14 January 2023 a missile hit Dnipro, the worst attack since October 10.",
            MONDAY_JAN,
            ("2023-01-14", None, "day"),
        ),
        # Numeric forms: day first, month first only when the day cannot be a month.
        ("Shelling on 23/05/2023 hit the port.", FRIDAY, ("2023-05-23", None, "day")),
        ("Shelling on 23.05.2023 hit the port.", FRIDAY, ("2023-05-23", None, "day")),
        ("Shelling on 5/23/2023 hit the port.", FRIDAY, ("2023-05-23", None, "day")),
        ("Shelling on 04/05/2023 hit the port.", FRIDAY, ("2023-05-04", None, "day")),
        ("Shelling on 04/05/2023 hit the port.", dt.date(2023, 4, 6), ("2023-04-05", None, "day")),
        ("Posted 2023-05-23T14:02:00+03:00 after the raid.", FRIDAY, ("2023-05-23", None, "day")),
        # Weekday with the date.
        ("On Saturday, 14 January, a missile hit the block.", MONDAY_JAN, ("2023-01-14", None, "day")),
        ("On Saturday, January 14, a missile hit the block.", MONDAY_JAN, ("2023-01-14", None, "day")),
        ("On Saturday 14th of January a missile hit the block.", MONDAY_JAN, ("2023-01-14", None, "day")),
        # Ranges of days, and nights named by their days (from the day they began).
        ("Drones attacked the region on 13-14 January.", MONDAY_JAN, ("2023-01-13", "2023-01-14", "range")),
        ("Drones attacked the region from 13 to 14 January.", MONDAY_JAN, ("2023-01-13", "2023-01-14", "range")),
        ("Drones attacked during the night of 13 to 14 January.", MONDAY_JAN, ("2023-01-13", "2023-01-14", "range")),
        ("Drones attacked on January 13-14, 2023.", FRIDAY, ("2023-01-13", "2023-01-14", "range")),
        (
            "Rockets hit during the night of 31 December 2022/1 January 2023.",
            MONDAY_JAN,
            ("2022-12-31", "2023-01-01", "range"),
        ),
        ("Rockets hit overnight from 31 December to 1 January.", MONDAY_JAN, ("2022-12-31", "2023-01-01", "range")),
        ("Drones attacked the city overnight into Tuesday.", FRIDAY, ("2023-05-22", "2023-05-23", "range")),
        ("Drones attacked during the night of Monday to Tuesday.", FRIDAY, ("2023-05-22", "2023-05-23", "range")),
        # "2 and 24 April" are two days, not a range: the first is this sentence's date.
        ("Earlier attacks took place on 2 and 24 April.", FRIDAY, ("2023-04-02", None, "day")),
        ("Drones hit the depot on 2 April and 12 May.", FRIDAY, ("2023-04-02", None, "day")),
        # Bare nights: "overnight" is the publication day, "last night" the evening before.
        ("Drones attacked the port overnight.", FRIDAY, ("2023-05-26", None, "day")),
        ("Drones attacked the port last night.", FRIDAY, ("2023-05-25", None, "day")),
        ("Explosions were heard yesterday evening.", FRIDAY, ("2023-05-25", None, "day")),
        ("Shelling on Sunday night damaged homes.", FRIDAY, ("2023-05-21", None, "day")),
        ("Drones attacked in the early hours of Tuesday.", FRIDAY, ("2023-05-23", None, "day")),
        ("Drones attacked overnight on Tuesday.", FRIDAY, ("2023-05-23", None, "day")),
        ("Drones attacked overnight on Monday to Tuesday.", FRIDAY, ("2023-05-22", "2023-05-23", "range")),
        ("A raid earlier this week.", FRIDAY, ("2023-05-22", "2023-05-26", "week")),
    ],
)
def test_event_dates(text: str, published: dt.date, expected: tuple[str, str | None, str] | None) -> None:
    assert _found(text, published) == expected


def test_partial_dates_need_a_publication_date() -> None:
    assert find_date("Drones attacked on 13-14 January.", None) is None
    assert _found("Drones attacked on 13-14 January 2023.", None) == ("2023-01-13", "2023-01-14", "range")
    assert find_date("Drones attacked overnight into Tuesday.", None) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-23T14:02:00+03:00", "2023-05-23"),
        ("23 May 2023", "2023-05-23"),
        ("May 23, 2023 14:00 GMT", "2023-05-23"),
        ("Tue, 23 May 2023 14:02:00 +0000", "2023-05-23"),
        ("23/05/2023", "2023-05-23"),
        ("Updated 23 May", None),  # no year: not a full date
    ],
)
def test_full_date(value: str, expected: str | None) -> None:
    found = full_date(value)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("23 May 2023, 14:02 BST", "2023-05-23"),
        ("Tuesday 23 May 2023 10.45 BST", "2023-05-23"),
        ("May 23, 2023 | 2:14 PM", "2023-05-23"),
        ("The attack on 23 May 2023 killed two", None),  # a sentence, not a timestamp
    ],
)
def test_date_only_line(line: str, expected: str | None) -> None:
    found = date_only_line(line)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("KYIV, May 23 (Reuters) - Russia launched drones.", 2023, "2023-05-23"),
        ("Kyiv, Ukraine, 23 May (AFP) — Russia launched drones.", 2023, "2023-05-23"),
        ("LONDON, May 23, 2022 (AP) - Officials said.", 2023, "2022-05-23"),
        ("KHARKIV, Ukraine, May 21 — Shelling hit the city.", 2024, "2024-05-21"),
        ("DONETSK, November 2. /TASS/. Shelling hit the city.", 2023, "2023-11-02"),
        ("KYIV, May 23 (Reuters) - Russia launched drones.", None, None),  # no year known: no date
        ("Russia, May 23 was a quiet day.", 2023, None),
    ],
)
def test_dateline(text: str, hint: int | None, expected: str | None) -> None:
    found = dateline(text, hint)
    assert (found.isoformat() if found else None) == expected


date_words = st.sampled_from(
    [
        "born in 2008",
        "built in",
        "since",
        "since October 10",
        "in February 2022",
        "in 2014",
        "13-14 January",
        "13 to 14 January",
        "the night of",
        "night of 13 to 14 January",
        "overnight into Tuesday",
        "last night",
        "yesterday evening",
        "23/05/2023",
        "5/23/2023",
        "23.05.2023",
        "2023-05-23T14:02",
        "Saturday, 14 January",
        "January 13-14, 2023",
        "31 December 2022/1 January 2023",
        "2 and 24 April",
        "on Monday",
        "Sunday night",
        "last evening",
        "late yesterday",
        "overnight",
        "in March",
        "May",
        "2023",
        "night",
        "to",
        "-",
        "early hours of Tuesday",
        "overnight on",
        "by",
        "as of",
        "Monday's",
    ]
)
date_texts = st.lists(st.one_of(date_words, st.text(max_size=4), st.just(" ")), max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(date_texts, st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))))
def test_date_gates_never_skip_a_finder_that_would_answer(text: str, published: dt.date | None) -> None:
    ungated = next((found for finder, _, _ in dates._FINDERS if (found := finder(text, published))), None)
    assert find_date(text, published) == ungated
