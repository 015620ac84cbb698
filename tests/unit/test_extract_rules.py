"""Each extraction rule on its own, in the phrasings reports use."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from incident_review.core.extract.attribution import find_claims
from incident_review.core.extract.casualties import CasualtyFinder
from incident_review.core.extract.dates import find_date
from incident_review.core.extract.text import sentences
from incident_review.services.extraction import extractor

FRIDAY = dt.date(2023, 5, 26)


@pytest.mark.parametrize(
    ("text", "date", "end", "precision"),
    [
        ("The strike happened yesterday.", "2023-05-25", None, "day"),
        ("Drones attacked overnight.", "2023-05-26", None, "day"),
        ("Shelling on Monday damaged homes.", "2023-05-22", None, "day"),
        ("Shelling last Friday damaged homes.", "2023-05-19", None, "day"),
        ("The raid occurred from Monday to Tuesday.", "2023-05-22", "2023-05-23", "range"),
        ("A raid earlier in the week.", "2023-05-22", "2023-05-26", "week"),
        ("Refinery hit on consecutive days earlier this month.", "2023-05-01", None, "month"),
        ("Attacks last month.", "2023-04-01", None, "month"),
        ("On May 3, a drone struck.", "2023-05-03", None, "day"),
        ("On 3 May 2022, a drone struck.", "2022-05-03", None, "day"),
        ("Shelling on December 30 was reported.", "2022-12-30", None, "day"),
        ("The attack on 2023-04-11 killed two.", "2023-04-11", None, "day"),
        ("Three days ago a missile hit.", "2023-05-23", None, "day"),
    ],
)
def test_dates_relative_to_publication(text: str, date: str, end: str | None, precision: str) -> None:
    found = find_date(text, FRIDAY)
    assert found is not None
    assert found.date == dt.date.fromisoformat(date)
    assert found.date_end == (dt.date.fromisoformat(end) if end else None)
    assert found.precision == precision


def test_relative_date_without_anchor_is_unknown() -> None:
    assert find_date("The strike happened yesterday.", None) is None
    assert find_date("A date that does not exist: February 30.", FRIDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "resulting in the death of a 69-year-old civilian and another passer-by.",
            {("killed", "all"): (2, 2, 2), ("killed", "civilians"): (2, 2, 2)},
        ),
        (
            "Over 20 people, including two children, were wounded in the attack.",
            {("wounded", "all"): (21, 21, None), ("wounded", "children"): (2, 2, 2)},
        ),
        (
            "At least five people were killed and dozens injured.",
            {("killed", "all"): (5, 5, None), ("wounded", "all"): (12, 12, None)},
        ),
        (
            "The strike killed three civilians and wounded 12 others.",
            {("killed", "civilians"): (3, 3, 3), ("killed", "all"): (3, 3, 3), ("wounded", "all"): (12, 12, 12)},
        ),
        ("Up to 8 people may have died.", {("killed", "all"): (None, 8, 8)}),
        ("Tens of people were injured.", {("wounded", "all"): (10, 10, None)}),
        ("Two soldiers were killed.", {("killed", "military"): (2, 2, 2), ("killed", "all"): (2, 2, 2)}),
        ("A 10-year-old boy was injured.", {("wounded", "children"): (1, 1, 1), ("wounded", "all"): (1, 1, 1)}),
        ("Three people are missing.", {("missing", "all"): (3, 3, 3)}),
        ("There were no casualties.", {("killed", "all"): (0, 0, 0), ("wounded", "all"): (0, 0, 0)}),
        ("No one was killed.", {("killed", "all"): (0, 0, 0)}),
        ("The town lies seven kilometres from the border.", {}),
        ("A 69-year-old man spoke to reporters.", {}),
    ],
)
def test_casualty_phrasings(rules, text: str, expected: dict[Any, Any]) -> None:  # type: ignore[no-untyped-def]
    found = {(f.kind, f.group): (f.count.low, f.count.best, f.count.high) for f in CasualtyFinder(rules).find(text)}
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russia blamed the Ukrainian armed forces for the attack, but two Russian groups claimed responsibility.",
            [("Ukrainian forces", "blamed", "Russia"), ("Russian volunteer groups", "claimed", "Russian groups")],
        ),
        ("The Kremlin’s forces launched an attack on a clinic.", [("Russian forces", "reported", None)]),
        ("A Russian S-300 missile struck a dam.", [("Russian forces", "reported", None)]),
        ("The village was shelled by Russian troops.", [("Russian forces", "reported", None)]),
        ("Kyiv denied involvement in the blast.", [("Ukrainian forces", "denied", "Kyiv")]),
        ("Ukraine accused Russia of striking the dam.", [("Russian forces", "blamed", "Ukraine")]),
        ("Russia's central bank raised rates.", []),
        # A named branch of the forces, a side's own army, aircraft, the owner of the weapon.
        ("The Ukrainian Ground Forces launched a rocket strike on a depot.", [("Ukrainian forces", "reported", None)]),
        ("Russian Aerospace Forces bombed the bridge at dawn.", [("Russian forces", "reported", None)]),
        ("Russia's army shelled the ferry crossing.", [("Russian forces", "reported", None)]),
        ("Russian warplanes dropped guided bombs on the plant.", [("Russian forces", "reported", None)]),
        ("The town came under fire from missiles of the Russian military.", [("Russian forces", "reported", None)]),
        ("The occupiers shelled the embankment with artillery.", [("Russian forces", "reported", None)]),
        ("The Kiev regime's militants shelled the border village.", [("Ukrainian forces", "reported", None)]),
        ("Ukrainian nationalists fired on a minibus.", [("Ukrainian forces", "reported", None)]),
        ("Two people were killed in Russian shelling of the town.", [("Russian forces", "reported", None)]),
        (
            "Ukraine's military intelligence claimed responsibility for the drone attack.",
            [("Ukrainian forces", "claimed", "Ukraine's military intelligence")],
        ),
        (
            "The Ukrainian army said on Sunday it had no involvement in the explosion.",
            [("Ukrainian forces", "denied", "Ukrainian army")],
        ),
        ("Kyiv said it had nothing to do with the blast.", [("Ukrainian forces", "denied", "Kyiv")]),
        (
            "The Russian military said it was not responsible for the strike.",
            [("Russian forces", "denied", "Russian military")],
        ),
        ("Residents fled from the Russian troops.", []),
        ("A missile was fired from Russia's Kursk region.", []),
        # "According to" names the speaker before what it says: blame by the other side.
        (
            "According to the Russian Defence Ministry, a Ukrainian drone hit the depot.",
            [("Ukrainian forces", "reported", None), ("Ukrainian forces", "blamed", "Russian Defence Ministry")],
        ),
        ("According to witnesses, Russian artillery hit the depot.", [("Russian forces", "reported", None)]),
    ],
)
def test_attribution_phrasings(rules, text: str, expected: list[Any]) -> None:  # type: ignore[no-untyped-def]
    assert [(c.actor, c.stance, c.by) for c in find_claims(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "location", "admin1", "country"),
    [
        ("Shelling hit Kharkov.", "Kharkiv", "Kharkiv Oblast", "UA"),
        ("Shelling hit Dnepropetrovsk.", "Dnipro", "Dnipropetrovsk Oblast", "UA"),
        # Russian spellings of cities: the city, not a hamlet of that spelling or the region.
        ("Shelling hit Nikolayev.", "Mykolayiv", "Mykolaiv Oblast", "UA"),
        ("Shelling hit Vinnitsa.", "Vinnytsya", "Vinnytsia Oblast", "UA"),
        ("Shelling hit Novaya Kakhovka.", "Nova Kakhovka", "Kherson Oblast", "UA"),
        ("Shelling hit Krasnoarmeysk.", "Pokrovsk", "Donetsk Oblast", "UA"),
        ("Drones struck Kiev.", "Kyiv", "Kyiv", "UA"),
        ("Shells hit Graivoron.", "Grayvoron", "Belgorod Oblast", "RU"),
        ("Drones targeted the Bilhorod region.", None, "Belgorod Oblast", "RU"),
        ("The village of Glotovo in the Belgorod region was shelled.", "Glotovo", "Belgorod Oblast", "RU"),
        ("A missile struck a dam in Ukraine’s eastern Donetsk province.", None, "Donetsk Oblast", "UA"),
    ],
)
def test_places_and_spelling_variants(text: str, location: str | None, admin1: str, country: str) -> None:
    [inc] = extractor().extract(text, FRIDAY, "R-1")
    assert (inc.location, inc.admin1, inc.country) == (location, admin1, country)


def test_person_names_and_datelines_are_not_places() -> None:
    incs = extractor().extract(
        "KYIV, March 14 - President Vladimir Putin said a missile struck the city of Kharkiv, killing two.",
        FRIDAY,
        "R-1",
    )
    assert [i.location for i in incs] == ["Kharkiv"]


def test_sentences_keep_offsets() -> None:
    text = "First one. Second, Mr. Smith said.\n\nThird!"
    found = sentences(text)
    assert [s.text for s in found] == ["First one.", "Second, Mr. Smith said.", "Third!"]
    assert all(text[s.start : s.end] == s.text for s in found)
    assert found[2].paragraph != found[0].paragraph


def _perpetrators(text: str) -> dict[str | None, list[tuple[str, str]]]:
    found = extractor().extract(text, dt.date(2025, 3, 4), "R-1")
    return {i.location: [(c.actor, c.stance) for c in i.attribution] for i in found}


def test_a_report_naming_one_attacker_attributes_the_places_it_lists() -> None:
    """The attacker said once, then the places hit without it: each place gets that side, as
    the report reports it, pointing at the words that say so."""
    text = (
        "Russian forces launched dozens of missiles at Ukrainian cities on Tuesday morning.\n\n"
        "In Odesa, a missile hit a warehouse, killing two workers.\n\n"
        "In Poltava, an explosion damaged a school and injured five people."
    )
    found = extractor().extract(text, dt.date(2025, 3, 4), "R-1")
    assert {i.location: [(c.actor, c.stance) for c in i.attribution] for i in found} == {
        "Odesa": [("Russian forces", "reported")],
        "Poltava": [("Russian forces", "reported")],
    }
    claim = found[-1].attribution[0]
    assert text[claim.start : claim.end] == "Russian forces"


def test_a_report_naming_two_sides_gives_a_place_the_one_that_could_have_struck_it() -> None:
    """Ukraine does not strike Poltava: the Ukrainian drones over Russia leave Russia the one
    side the report names that could have; in a third country either could, so neither."""
    text = (
        "Russian drones struck Kharkiv overnight, and Ukrainian drones attacked an airfield in Russia.\n\n"
        "In Poltava, an explosion damaged a school and injured five people."
    )
    assert _perpetrators(text)["Poltava"] == [("Russian forces", "reported")]
    abroad = text.replace("In Poltava,", "In the Polish village of Przewodow,")
    assert _perpetrators(abroad)["Przewodow"] == []


def test_a_wire_reports_closing_line_on_the_other_sides_drones_leaves_the_cities_their_attacker() -> None:
    text = (
        "Russian drones and missiles pounded Ukraine's energy grid overnight, officials said on Friday.\n\n"
        "In the western Lviv region, a drone hit a gas station near Stryi, killing a worker. In Vinnytsia, "
        "a missile damaged a power plant.\n\n"
        "Russia's Defense Ministry said its air defenses destroyed 17 Ukrainian drones over the Belgorod region."
    )
    found = _perpetrators(text)
    assert found["Stryi"] == [("Russian forces", "reported")]
    assert found["Vinnytsya"] == [("Russian forces", "reported")]


def test_a_side_is_not_given_a_blast_on_its_own_territory() -> None:
    text = (
        "Ukrainian drones attacked an oil depot in Bryansk on Tuesday.\n\n"
        "In Kharkiv, an explosion damaged a school and injured five people."
    )
    assert _perpetrators(text)["Kharkiv"] == []


@pytest.mark.parametrize(
    "occupied", ["In occupied Berdyansk", "In Russian-held Berdyansk", "In the occupied city of Berdyansk"]
)
def test_the_reports_attacker_is_not_given_a_strike_on_occupied_ground(occupied: str) -> None:
    text = (
        "Russian forces struck Kharkiv with glide bombs on Tuesday, injuring five people.\n\n"
        f"{occupied}, an explosion damaged a school and injured two people."
    )
    assert _perpetrators(text)["Berdyansk"] == []
    assert _perpetrators(text.replace(occupied, "In Zaporizhzhia"))["Zaporizhzhya"] != []


def test_a_report_placing_no_incident_keeps_the_one_it_tells_with_its_day_and_toll() -> None:
    """A speech given in a country that recalls "yesterday's" strike without naming the town:
    the strike is the report's news, in the country the report is about, to be placed by the
    analyst (or matched with a report that names the town)."""
    text = (
        "The foreign minister spoke to reporters in Ukraine on her second day in the country.\n\n"
        "Only yesterday we saw the shelling of a bus station, with nine people or more killed."
    )
    found = extractor().extract(text, dt.date(2025, 3, 4), "R-1")
    assert [(i.country, i.location, i.date, i.damage) for i in found] == [
        ("UA", None, dt.date(2025, 3, 3), ["bus station"])
    ]
    killed = next(f for f in found[0].figures if f.kind == "killed" and f.group == "all")
    assert (killed.low, killed.best, killed.high) == (9, 9, None)


def test_an_unplaced_event_is_left_out_when_the_report_places_others() -> None:
    text = (
        "On Tuesday the shelling of a market killed four people.\n\n"
        "A missile hit a school in Sumy on Monday, killing two teachers."
    )
    found = extractor().extract(text, dt.date(2025, 3, 5), "R-1")
    assert [i.location for i in found] == ["Sumy"]


def test_a_place_named_after_an_unplaced_event_locates_it() -> None:
    text = (
        "Yesterday's bombing of a market killed 16 people.\n\n"
        "The strike hit the town of Kostiantynivka in the Donetsk region."
    )
    found = extractor().extract(text, dt.date(2023, 9, 7), "R-1")
    assert [(i.location, i.admin1, i.date) for i in found] == [
        ("Kostyantynivka", "Donetsk Oblast", dt.date(2023, 9, 6))
    ]


def test_an_unplaced_event_in_no_named_country_is_not_kept() -> None:
    text = "Nobody has commented on the attack on the bridge on Monday, which killed two people."
    assert extractor().extract(text, dt.date(2025, 3, 5), "R-1") == []


def test_officials_in_one_city_telling_of_a_strike_on_another() -> None:
    text = "Officials in Kyiv said a Russian missile hit Odesa on Monday, killing 3."
    found = extractor().extract(text, dt.date(2025, 3, 10), "R-1")
    assert [(i.location, i.admin1) for i in found] == [("Odesa", "Odesa Oblast")]


def test_a_speech_with_war_wide_totals_and_no_dated_event_gives_no_incident() -> None:
    text = (
        "The minister spoke about the war in Ukraine.\n\n"
        "Russia has killed thousands of civilians since 2022, and attacks go on every day."
    )
    assert extractor().extract(text, dt.date(2025, 3, 4), "R-1") == []


def test_a_live_blog_item_on_falling_debris_is_its_own_incident() -> None:
    """Each timed item of a live blog tells its own event: debris of a downed drone is one,
    and the item's "no casualties" is that one's, not the shelling's before it."""
    text = (
        "10:45 Shelling kills two in Kharkiv region\n\n"
        "Two people were killed in Russian shelling of the village of Borova on Tuesday morning, "
        "the governor said.\n\n"
        "10:12 Drone debris falls on Kyiv\n\n"
        "Debris from a downed drone fell on a warehouse in Kyiv's Darnytskyi district, the mayor said. "
        "No casualties were reported."
    )
    found = extractor().extract(text, dt.date(2024, 3, 12), "R-1")
    killed = {i.location: sorted((f.kind, f.best) for f in i.figures if f.group == "all") for i in found}
    assert killed == {"Borova": [("killed", 2)], "Kyiv": [("killed", 0), ("wounded", 0)]}


@pytest.mark.parametrize(
    ("text", "weapons"),
    [
        ("Drones attacked the city on Tuesday; five were shot down by air defence missiles.", ["drone"]),
        ("Two drones were intercepted by surface-to-air missiles over the city on Tuesday.", ["drone"]),
        # The defender's missile first, the attacker's after: the attacker's is kept.
        ("After the interceptor missiles missed, a cruise missile hit the plant on Tuesday.", ["cruise missile"]),
    ],
)
def test_the_defenders_weapons_are_not_the_attacks(text: str, weapons: list[str]) -> None:
    assert extractor().finders.weapons(text) == weapons


def _tolls(text: str) -> dict[str | None, list[tuple[str, int | None]]]:
    found = extractor().extract(text, dt.date(2024, 3, 12), "R-1")
    return {i.location: sorted((f.kind, f.best) for f in i.figures if f.group == "all") for i in found}


def test_a_toll_shared_out_by_town_gives_each_town_its_count() -> None:
    text = "Russian attacks killed four people on Monday: two in Kharkiv, one in Sumy and one in Kherson."
    assert _tolls(text) == {"Kharkiv": [("killed", 2)], "Sumy": [("killed", 1)], "Kherson": [("killed", 1)]}


def test_each_town_of_a_sentence_keeps_the_count_told_of_it() -> None:
    text = "On Monday a man was killed in Kherson, and two women were wounded in Beryslav."
    assert _tolls(text) == {"Kherson": [("killed", 1)], "Beryslav": [("wounded", 2)]}


def test_the_second_towns_share_without_a_verb_takes_the_first_towns_kind() -> None:
    text = "On Monday one person was killed in Kostiantynivka and two in Pokrovsk."
    assert _tolls(text) == {"Kostyantynivka": [("killed", 1)], "Pokrovsk": [("killed", 2)]}


def test_things_hit_in_two_towns_do_not_share_out_the_toll() -> None:
    text = "A missile hit a house in Kharkiv and a school in Sumy on Monday, killing three people."
    assert _tolls(text) == {"Kharkiv": [("killed", 3)]}


def test_clauses_of_one_sentence_each_tell_their_towns_event() -> None:
    text = "In Kharkiv, two people were injured on Monday; in Sumy, a man was killed on Monday."
    assert _tolls(text) == {"Kharkiv": [("wounded", 2)], "Sumy": [("killed", 1)]}


def test_a_count_that_names_its_town_is_only_that_towns() -> None:
    text = "Russian forces shelled Nikopol and Marhanets on Monday, wounding three people in Nikopol."
    assert _tolls(text) == {"Nikopol": [("wounded", 3)], "Marhanets": []}


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("The enemy attacked Nikopol with drones on Monday, injuring two men.", "Russian forces"),
        ("The enemy shelled Belgorod on Monday, injuring two.", "Ukrainian forces"),
        ("The aggressor country struck Kharkiv with a guided bomb on Monday.", "Russian forces"),
        ("On Monday the Russians dropped a guided bomb on Kupiansk.", "Russian forces"),
    ],
)
def test_the_enemy_is_the_side_whose_territory_was_not_hit(text: str, actor: str) -> None:
    found = extractor().extract(text, dt.date(2024, 3, 12), "R-1")
    assert [(c.actor, c.stance) for i in found for c in i.attribution] == [(actor, "reported")]


def test_an_air_force_statement_on_drones_launched_by_russia_opens_no_incident() -> None:
    """ "Ukraine's Air Force said", "launched by Russia": a state acting, not a place; the
    sentences after it stay with the incident being told."""
    text = (
        "Russian drones struck Odesa Oblast overnight, injuring four people in the Izmail district.\n\n"
        "Ukraine's Air Force said it shot down 10 of 12 drones launched by Russia overnight.\n\n"
        "A fire broke out at a warehouse, the governor said."
    )
    found = extractor().extract(text, dt.date(2024, 3, 12), "R-1")
    assert [(i.location, i.damage) for i in found] == [("Izmayil", ["warehouse"])]


def test_state_media_shelling_report_by_the_ukrainian_armed_forces() -> None:
    """A TASS-style report: the abbreviation after the actor, a victim's birth year, the
    defence ministry's daily summary of "118 areas" (no incident's), and the office that
    speaks (no damage)."""
    text = (
        "DONETSK, March 11. /TASS/. The Ukrainian Armed Forces (AFU) fired 14 artillery shells at Gorlovka "
        "on Monday, the DPR office at the JCCC said. A woman born in 1961 was wounded.\n\n"
        "Missile troops and artillery of Russian battlegroups struck manpower and hardware of the "
        "Ukrainian army in 118 areas over the past day, the Defense Ministry said."
    )
    found = extractor().extract(text, dt.date(2024, 3, 12), "R-1")
    assert [(i.location, i.weapons, i.damage) for i in found] == [("Horlivka", ["artillery"], [])]
    assert [(c.actor, c.stance) for c in found[0].attribution] == [("Ukrainian forces", "reported")]
    assert [(f.kind, f.best) for f in found[0].figures if f.group == "all"] == [("wounded", 1)]


def test_a_clause_without_a_date_takes_its_sentences() -> None:
    text = "On Monday, in Kharkiv, two people were injured; in Sumy, a man was killed, the authorities said."
    found = extractor().extract(text, dt.date(2024, 3, 13), "R-1")
    assert [(i.location, i.date) for i in found] == [("Kharkiv", dt.date(2024, 3, 11)), ("Sumy", dt.date(2024, 3, 11))]
    sumy = found[1].spans["date"]
    assert text[sumy.start : sumy.end] == "Monday"  # the span points at the words, from the other clause


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, the president said Russia had launched more than 1,000 drones at Ukraine this month.",
        "The Pentagon announced on Tuesday a $300 million aid package for Ukraine, including missiles.",
        "Ukraine's prosecutor general said on Friday that 500 children have been killed since the invasion began.",
        "Russia's foreign ministry on Wednesday condemned what it called a terrorist attack by Kyiv.",
    ],
)
def test_statements_with_dates_and_numbers_open_no_incident(text: str) -> None:
    assert extractor().extract(text, dt.date(2024, 3, 13), "R-1") == []


def test_a_placed_strike_with_its_own_toll_does_not_take_an_unplaced_summarys() -> None:
    text = "Russian strikes killed 12 people on Monday.\n\nIn Kharkiv, a missile hit a school on Monday, killing 3."
    assert _tolls(text) == {"Kharkiv": [("killed", 3)]}


def _told(text: str, published: dt.date = dt.date(2024, 6, 5)) -> list[tuple[Any, ...]]:
    """(location, admin1, {(kind, group): best}) of each incident of ``text``."""
    return [
        (i.location, i.admin1, {(f.kind, f.group): f.best for f in i.figures})
        for i in extractor().extract(text, published, "R-1")
    ]


def test_a_regions_daily_tally_is_not_its_towns_strike() -> None:
    text = (
        "Russian attacks on Mykolaiv Oblast killed two people and injured seven over the past day, "
        "Governor Vitalii Kim said.\n\n"
        "In Ochakiv, a Russian drone killed one man and injured three people, Kim said."
    )
    told = _told(text)
    assert [(loc, admin1) for loc, admin1, _ in told] == [(None, "Mykolaiv Oblast"), ("Ochakiv", "Mykolaiv Oblast")]
    assert told[0][2][("killed", "all")] == 2 and told[0][2][("wounded", "all")] == 7
    assert told[1][2][("killed", "all")] == 1 and told[1][2][("wounded", "all")] == 3


def test_a_region_telling_its_one_towns_toll_is_that_towns_incident() -> None:
    text = (
        "A Russian drone struck Ochakiv on Tuesday, killing a man and wounding three people.\n\n"
        "Russian attacks on the Mykolaiv region on Tuesday killed one person and wounded three, "
        "the regional governor said."
    )
    told = _told(text)
    assert [(loc, admin1) for loc, admin1, _ in told] == [("Ochakiv", "Mykolaiv Oblast")]
    assert told[0][2][("killed", "all")] == 1 and told[0][2][("wounded", "all")] == 3


@pytest.mark.parametrize(
    ("text", "location", "admin1"),
    [
        ("A Russian strike killed two people on Monday, the Donetsk governor said.", None, "Donetsk Oblast"),
        (
            "The Zaporizhzhia governor said a Russian drone struck a car near Vasylivka, killing a motorist.",
            "Vasylivka",
            "Zaporizhzhia Oblast",
        ),
        (
            "Shelling wounded two people on Monday, the Kherson regional military administration said.",
            None,
            "Kherson Oblast",
        ),
    ],
)
def test_a_regions_officials_name_the_region_not_its_city(text: str, location: str | None, admin1: str) -> None:
    assert [(loc, a1) for loc, a1, _ in _told(text)] == [(location, admin1)]


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("Russian shelling of Nikopol wounded a fisherman and a tractor driver on Tuesday.", None, 2),
        ("A Russian drone hit a car near Vasylivka on Tuesday, killing a motorist.", 1, None),
        ("In Marhanets, Russian artillery killed a shopkeeper and a security guard on Tuesday.", 2, None),
    ],
)
def test_victims_named_by_their_trade_are_civilians(text: str, killed: int | None, wounded: int | None) -> None:
    (told,) = _told(text)
    figures = told[2]
    assert figures.get(("killed", "civilians")) == killed
    assert figures.get(("wounded", "civilians")) == wounded


@pytest.mark.parametrize(
    "later",
    [
        "Another 28 people were wounded in Sunday's attack, Kharkiv Governor Oleh Syniehubov said.",
        "The attack on Sunday also wounded 28 people, the Kharkiv governor said.",
        "Another 28 people were wounded in Sunday's glide bomb strike on the city.",
        "The strike hit several residential buildings on Sunday evening and wounded 28 people.",
    ],
)
def test_a_lead_without_a_day_takes_the_day_a_later_sentence_gives_its_event(later: str) -> None:
    text = (
        "At least three people have been killed in a Russian glide bomb attack on an apartment building "
        f"in Kharkiv, officials say.\n\n{later}"
    )
    found = extractor().extract(text, dt.date(2024, 6, 10), "R-1")  # a Monday
    assert [(i.location, i.date) for i in found] == [("Kharkiv", dt.date(2024, 6, 9))]
    assert {(f.kind, f.group): f.best for f in found[0].figures}[("wounded", "all")] == 28


def test_a_new_strike_told_with_its_day_is_its_own_incident() -> None:
    text = (
        "At least three people have been killed in a Russian glide bomb attack on Kharkiv, officials say.\n\n"
        "On Sunday, a Russian drone struck Kharkiv, wounding 28 people."
    )
    found = extractor().extract(text, dt.date(2024, 6, 10), "R-1")
    assert [(i.location, i.date) for i in found] == [
        ("Kharkiv", dt.date(2024, 6, 10)),
        ("Kharkiv", dt.date(2024, 6, 9)),
    ]


@pytest.mark.parametrize(
    "joiner", [", while in Kharkiv", ", and in the northeastern city of Kharkiv", ", whereas in Kharkiv"]
)
def test_a_clause_opening_with_its_own_place_tells_that_places_event(joiner: str) -> None:
    text = (
        f"In Odesa, a strike on an energy facility killed one worker{joiner} a drone hit a supermarket, injuring four."
    )
    found = {i.location: {(f.kind, f.group): f.best for f in i.figures} for i in extractor().extract(text, FRIDAY, "R")}
    assert found["Odesa"][("killed", "all")] == 1 and ("wounded", "all") not in found["Odesa"]
    assert found["Kharkiv"][("wounded", "all")] == 4 and ("killed", "all") not in found["Kharkiv"]
