"""Casualty figures, cumulative statistics, several figures for one count, page chrome and
policy statements: each rule with sentences written for the test."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from incident_review.core.casualties import combine
from incident_review.core.extract.numbers import word_value
from incident_review.core.extract.text import is_chrome, sentences
from incident_review.services.extraction import extractor

SUNDAY = dt.date(2024, 3, 10)


@pytest.fixture(scope="module")
def finder():  # type: ignore[no-untyped-def]
    return extractor().casualties


def _figures(finder, text: str) -> dict[Any, Any]:  # type: ignore[no-untyped-def]
    return {(f.kind, f.group): (f.count.low, f.count.best, f.count.high) for f in finder.find(text)}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("two hundred and fifty", 250),
        ("one thousand", 1000),
        ("twenty-five", 25),
        ("1,000", 1000),
        ("1.5 thousand", 1500),
        ("a hundred", 100),
        ("seventeen", 17),
        ("3", 3),
    ],
)
def test_number_words(written: str, value: int) -> None:
    assert word_value(written) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two hundred and fifty people were hurt in the blast.", {("wounded", "all"): (250, 250, 250)}),
        ("About three hundred people were injured.", {("wounded", "all"): (300, 300, 300)}),
        ("A dozen people were hurt.", {("wounded", "all"): (12, 12, None)}),
        (
            "Scores of passengers were injured.",
            {("wounded", "civilians"): (20, 20, None), ("wounded", "all"): (20, 20, None)},
        ),
        ("The death toll has risen to four, the mayor said.", {("killed", "all"): (4, 4, 4)}),
        ("The toll from the bombing of the depot rose to 12 overnight.", {("killed", "all"): (12, 12, 12)}),
        ("The death toll reached 9.", {("killed", "all"): (9, 9, 9)}),
        ("At least 10 wounded after the shelling.", {("wounded", "all"): (10, 10, None)}),
        ("Up to 30 people were injured.", {("wounded", "all"): (None, 30, 30)}),
        ("Six people were hospitalised with shrapnel wounds.", {("wounded", "all"): (6, 6, 6)}),
        ("Three people were taken to hospital.", {("wounded", "all"): (3, 3, 3)}),
        ("Eleven people sought medical help.", {("wounded", "all"): (11, 11, 11)}),
        ("The rocket hit a bus stop, killing four.", {("killed", "all"): (4, 4, 4)}),
        ("The blast left 5 dead and 17 injured.", {("killed", "all"): (5, 5, 5), ("wounded", "all"): (17, 17, 17)}),
        (
            "2 dead and 9 injured after the drone fell on a garage.",
            {("killed", "all"): (2, 2, 2), ("wounded", "all"): (9, 9, 9)},
        ),
        ("The regional police counted 3 fatalities.", {("killed", "all"): (3, 3, 3)}),
        ("The explosion claimed 8 lives.", {("killed", "all"): (8, 8, 8)}),
        (
            "The shelling killed at least 14 and injured at least 40.",
            {("killed", "all"): (14, 14, None), ("wounded", "all"): (40, 40, None)},
        ),
        ("Between 20 and 30 people were killed.", {("killed", "all"): (20, 20, 30)}),
        ("The strike killed 12 to 15 people.", {("killed", "all"): (12, 12, 15)}),
        ("Three people suffered light injuries.", {("wounded", "all"): (3, 3, 3)}),
        ("At 07:15 two people were injured.", {("wounded", "all"): (2, 2, 2)}),
        ("Deaths: 4", {("killed", "all"): (4, 4, 4)}),
        ("One adult was killed.", {("killed", "all"): (1, 1, 1)}),
        ("The number of people injured in the blast has risen to 31.", {("wounded", "all"): (31, 31, 31)}),
        ("The bodies of two people were pulled from the rubble.", {("killed", "all"): (2, 2, 2)}),
        (
            "The shelling wounded an elderly man and his wife.",
            {("wounded", "all"): (2, 2, 2), ("wounded", "civilians"): (2, 2, 2)},
        ),
        ("Shelling hit the square, 17 people or more killed.", {("killed", "all"): (17, 17, None)}),
        (
            "The missile hit a house, killing a family of four.",
            {("killed", "civilians"): (4, 4, 4), ("killed", "all"): (4, 4, 4)},
        ),
        (
            "A drone hit a car, injuring a 56-year-old man, the regional military administration said.",
            {("wounded", "all"): (1, 1, 1), ("wounded", "civilians"): (1, 1, 1)},
        ),
        (
            "Shelling killed one person and wounded six over the past day.",
            {("killed", "all"): (1, 1, 1), ("wounded", "all"): (6, 6, 6)},
        ),
        (
            "Russian missile strike on Odesa kills 4, injures 12",  # a headline's verbs
            {("killed", "all"): (4, 4, 4), ("wounded", "all"): (12, 12, 12)},
        ),
        ("Eight or more people were wounded in the blast.", {("wounded", "all"): (8, 8, None)}),
        (
            "The drone hit a bus, killing 6 or more passengers.",
            {("killed", "civilians"): (6, 6, None), ("killed", "all"): (6, 6, None)},
        ),
        (
            "A missile hit the school, killing two teachers.",
            {("killed", "civilians"): (2, 2, 2), ("killed", "all"): (2, 2, 2)},
        ),
        (
            "Three people were killed, bringing the number of civilians killed in the province since 2022 to 930.",
            {("killed", "all"): (3, 3, 3)},
        ),
    ],
)
def test_casualty_phrasings(finder, text: str, expected: dict[Any, Any]) -> None:  # type: ignore[no-untyped-def]
    assert _figures(finder, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "More than 500 children have been killed since the invasion began, the prosecutors said.",
        "The UN has recorded 11,000 civilian deaths since February 2022.",
        "Over 40,000 soldiers have been killed so far this year, the ministry claimed.",
        "In total, 90 people have been killed in the province, officials said.",
        "Some 1,200 residents have died in shelling of the region since the start of the war.",
        "The army said 300 servicemen were killed in the war.",
        "In total, 53 people were killed in strikes across the country.",
        "Since the beginning of the special military operation, 200 civilians have been killed in the region.",
        "Russian strikes across Ukraine killed at least 11 people overall, officials said.",
        "Ukraine says 1,240 Russian soldiers were killed in the past day.",
    ],
)
def test_cumulative_statistics_are_not_incident_figures(finder, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _figures(finder, text) == {}


def test_cumulative_clause_leaves_the_incident_figure(finder) -> None:  # type: ignore[no-untyped-def]
    # A total of one incident's victims is its count.
    assert _figures(finder, "In all, 14 people were hurt in the attack, officials said.") == {
        ("wounded", "all"): (14, 14, 14)
    }
    text = "Four people were killed on Sunday; more than 900 civilians have died in the city since 2022."
    assert _figures(finder, text) == {("killed", "all"): (4, 4, 4)}
    assert _figures(finder, "Two soldiers were killed in the war-torn village on Sunday.")[("killed", "all")] == (
        2,
        2,
        2,
    )
    # A superlative compares the incident with the war; it is still this incident's count.
    assert _figures(finder, "The strike killed 19 people, the deadliest attack since the invasion began.") == {
        ("killed", "all"): (19, 19, 19)
    }


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("Six people were killed, three of them children.", (6, 6, 6)),
        ("Nine people were injured, including two children.", (9, 9, 9)),
        ("Among the dead were 5 police officers.", None),
        ("Two of the dead were children.", None),
    ],
)
def test_subgroup_counts_are_not_totals(finder, text: str, total) -> None:  # type: ignore[no-untyped-def]
    kind = "wounded" if "injured" in text else "killed"
    assert _figures(finder, text).get((kind, "all")) == total


def _killed(text: str):  # type: ignore[no-untyped-def]
    incs = extractor().extract(text, SUNDAY, "R-1")
    assert len(incs) == 1, [i.summary for i in incs]
    return next((f.low, f.best, f.high) for f in incs[0].figures if (f.kind, f.group) == ("killed", "all"))


def test_several_figures_for_one_count() -> None:
    # An update: best = the revised toll; low and high the smaller and the larger.
    assert _killed("A missile struck Odesa on Sunday, killing three people. Later the death toll rose to five.") == (
        3,
        5,
        5,
    )
    # Two officials: best the larger (tolls rise), the range covers both.
    assert _killed(
        "A missile struck Odesa on Sunday, killing three people. The governor said four people were killed."
    ) == (3, 4, 4)
    # An open-ended figure keeps the high bound open.
    assert _killed(
        "A missile struck Odesa on Sunday, killing three people. At least six people were killed, the mayor said."
    ) == (3, 6, None)


def test_a_stated_total_outranks_a_group_count() -> None:
    incs = extractor().extract(
        "A drone hit a house in Kherson on Sunday, killing two children. In all, five people were killed.",
        SUNDAY,
        "R-1",
    )
    assert combine(incs[0].figures, "killed").best == 5


@pytest.mark.parametrize(
    "line",
    [
        "Russian drone attack on Odesa kills two",
        "Read more: Missiles hit Lviv overnight.",
        "Related: Strikes on the energy grid",
        "14:32 Ukrainian soldiers killed in the war",
        "Photo: Regional administration",
        "We use cookies to give you the best experience.",
        "Sign up for our daily newsletter.",
        "== Aftermath ==",
        "Most read",
        "Shelling hits Kherson market, two dead…",
    ],
)
def test_page_chrome(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Two people were killed when a missile hit a house in Kharkiv, the governor said.",
        "He said: “We will rebuild.”",
        "More than 20 people were injured in the attack on the port.",
    ],
)
def test_prose_is_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_chrome_opens_no_incident() -> None:
    text = (
        "Missile strike on Zaporizhzhia\n"
        "A Russian missile hit an apartment block in Zaporizhzhia on Sunday, killing two people.\n"
        "Read more:\n"
        "Drones attack Kharkiv, one injured\n"
        "Mykolaiv: shelling damages school\n"
        "A woman walks past a damaged building in Kherson on Friday.\n"
        "Photo: Reuters\n"
    )
    incs = extractor().extract(text, SUNDAY, "R-1")
    assert len(incs) == 1 and (incs[0].location or "").startswith("Zaporizh")
    flags = [s.chrome for s in sentences(text)]
    assert flags[1] is False and all(flags[2:])


@pytest.mark.parametrize(
    "text",
    [
        "The minister spoke today with his Ukrainian counterpart to condemn Russia's attacks on Ukrainian cities.",
        "The package includes air defense systems to help Ukraine protect its cities from Russian strikes.",
        "What strikes me the most is the courage of the people of Kharkiv.",
        "Russia continues to attack civilian sites in the Kharkiv region, including hospitals and schools.",
        "In recent weeks Russian forces have stepped up strikes on Zaporizhzhia.",
        "Since the start of the war, Russian shelling has killed 1,200 civilians in the Kharkiv region.",
    ],
)
def test_no_incident_statements(text: str) -> None:
    assert extractor().extract(text, SUNDAY, "R-1") == []


def test_a_condemned_attack_with_a_count_is_an_incident() -> None:
    incs = extractor().extract(
        "The minister condemned the strike on Kharkiv on Sunday that killed three people.", SUNDAY, "R-1"
    )
    assert [i.location for i in incs] == ["Kharkiv"]


def test_a_related_list_ends_where_the_article_resumes() -> None:
    text = (
        "Related stories\n"
        "Drones hit Sumy overnight\n"
        "Two injured in Kherson shelling\n"
        "The governor said rescuers were still searching the rubble of the building on Sunday evening.\n"
        "Read more: Kyiv under attack again\n"
        "Officials said the city's air defences were working.\n"
    )
    flags = [s.chrome for s in sentences(text)]
    assert flags == [True, True, True, False, True, False]


def test_blocks_of_headlines_are_chrome_and_fact_boxes_are_not() -> None:
    text = (
        "Most popular\n\n"
        "Explosions reported in Odesa\nMissile debris falls on Kyiv suburb\nBlackouts across the east\n\n"
        "- Date: 4 March 2024\n- Location: Odesa, Ukraine\n- Fatalities: 12\n\n"
        "A Russian drone hit an apartment block in Odesa,\nkilling 12 people, the governor said.\n"
    )
    flags = {s.text.split()[0]: s.chrome for s in sentences(text)}
    assert flags["Most"] and flags["Explosions"]
    assert not flags["-"] and not flags["A"]


def test_the_headline_gives_the_place_its_article_omits() -> None:
    text = (
        "Drone attack on Kherson\n"
        "Two people were injured when a drone dropped explosives on a bus stop on Sunday morning.\n"
    )
    incs = extractor().extract(text, SUNDAY, "R-1")
    assert [i.location for i in incs] == ["Kherson"]
    assert combine(incs[0].figures, "wounded").best == 2


def test_a_caption_below_its_credit_is_chrome() -> None:
    text = (
        "A missile hit a warehouse in Dnipro on Tuesday, injuring three workers, the governor said.\n"
        "Photo: State Emergency Service\n"
        "Rescuers clear debris after a drone attack in Kharkiv on Sunday.\n"
        "The governor said the warehouse stored humanitarian aid.\n"
    )
    flags = [s.chrome for s in sentences(text)]
    assert flags == [False, True, True, False]
    assert [i.location for i in extractor().extract(text, SUNDAY, "R-1")] == ["Dnipro"]


def test_a_comparison_or_a_back_reference_opens_no_second_incident() -> None:
    text = (
        "A Russian missile hit a school in Kramatorsk on Sunday, killing four people. "
        "It was the deadliest attack in Donetsk Oblast this month. "
        "Villages of Donetsk Oblast had been evacuated before this strike. "
        "On Monday, Kramatorsk declared a day of mourning for those killed in the missile strike."
    )
    incs = extractor().extract(text, SUNDAY, "R-1")
    assert [i.location for i in incs] == ["Kramatorsk"]


def test_a_report_that_is_only_a_headline_is_read() -> None:
    incs = extractor().extract("Russian drone hits Kherson bus stop on Sunday, two injured", SUNDAY, "R-1")
    assert [i.location for i in incs] == ["Kherson"]


def test_a_navigation_headline_gives_no_place() -> None:
    text = (
        "Trending: Drone attack on Kursk\n"
        "Two people were injured when a drone dropped explosives on a bus stop on Sunday morning.\n"
    )
    assert extractor().extract(text, SUNDAY, "R-1") == []


def test_a_fact_box_value_is_its_first_number(finder) -> None:  # type: ignore[no-untyped-def]
    assert _figures(finder, "- Injuries: 2 (a man, 45, and a woman, 67)") == {("wounded", "all"): (2, 2, 2)}


def test_wire_datelines_are_not_chrome() -> None:
    for line in (
        "BELGOROD, May 14. /TASS/. Ukrainian forces shelled a village in the region, injuring three civilians, "
        "the governor said.",
        "KYIV, March 3 (Reuters) - Russian drones hit Kyiv overnight, officials said.",
        "Residents received notifications of an air raid alert minutes before the missile hit.",
        "At 05:30, a missile hit the port.",
        "Two people were killed.[3]",
        "Rescuers pulled two people from the rubble. The search for survivors in the building on Franko",
    ):
        assert not is_chrome(line), line
    assert is_chrome("A woman walks past a destroyed building. REUTERS/Gleb Garanich")


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Emergency workers clear rubble after a missile strike in Dnipro on Jan. 14, 2023.", True),
        ("Residents are seen near a burnt-out car in Kherson on Friday.", True),
        ("Russian forces shelled Kherson on Friday, killing two.", False),
        ("Rescuers search for survivors after a strike in Dnipro on Saturday, officials said.", False),
    ],
)
def test_photo_captions_in_the_present_tense(line: str, caption: bool) -> None:
    text = line + "\nA missile hit Lviv on Monday, the mayor said.\n"
    assert [s.chrome for s in sentences(text)] == [caption, False]


def test_naming_a_told_town_brings_its_incident_back_into_focus() -> None:
    text = (
        "On Sunday, drones attacked the villages of Bilopillia and Vorozhba in Sumy Oblast. "
        "Officials said an armed group had entered the village of Bilopillia. "
        "They fired at a car, killing one man."
    )
    incs = {i.location: i for i in extractor().extract(text, SUNDAY, "R-1")}
    assert combine(incs["Bilopillia"].figures, "killed").best == 1
    assert not incs["Vorozhba"].figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On June 3, 12 people were killed in Sumy.", {("killed", "all"): (12, 12, 12)}),
        ("On 3 May 12 people were wounded in Odesa.", {("wounded", "all"): (12, 12, 12)}),
        ("Since May 20 killed civilians have been counted in the city.", {}),
        ("The 12 May attack killed three people.", {("killed", "all"): (3, 3, 3)}),
        ("Shelling on Sept. 14 killed 5 people.", {("killed", "all"): (5, 5, 5)}),
    ],
)
def test_a_day_of_the_month_is_no_count(finder, text: str, expected: dict[Any, Any]) -> None:  # type: ignore[no-untyped-def]
    assert _figures(finder, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling of Kherson killed 15-20 people.", (15, 15, 20)),
        ("Shelling killed 2–3 people.", (2, 2, 3)),
        ("A drone strike killed 3 - Ukrainian officials gave no other figure.", (3, 3, 3)),
    ],
)
def test_a_dash_between_numbers_is_a_range_and_before_a_capital_ends_the_clause(  # type: ignore[no-untyped-def]
    finder, text: str, expected: tuple[int, int, int]
) -> None:
    assert _figures(finder, text)[("killed", "all")] == expected


@pytest.mark.parametrize(
    ("text", "group", "count"),
    [
        ("The strike killed three people, including a child.", "children", 1),
        ("A strike killed three people, among them a 12-year-old girl.", "children", 1),
        ("At least three people, including a 12-year-old boy, have been killed in Kharkiv.", "children", 1),
    ],
)
def test_one_victim_after_including_is_part_of_the_toll(finder, text: str, group: str, count: int) -> None:  # type: ignore[no-untyped-def]
    found = {(f.group, f.subgroup): f.count.best for f in finder.find(text) if f.kind == "killed"}
    assert found[("all", False)] == 3
    assert found[(group, True)] == count
