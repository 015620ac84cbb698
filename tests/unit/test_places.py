"""Places, attribution, damage and event type: each rule in sentences of our own."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from incident_review import config
from incident_review.core.extract.attribution import blaming_official, find_claims
from incident_review.core.extract.places import Gazetteer
from incident_review.services.extraction import extractor

SATURDAY = dt.date(2024, 3, 2)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return extractor().rules.gazetteer


def towns(gazetteer: Gazetteer, text: str) -> list[tuple[str | None, str | None]]:
    return [(p.location, p.admin1) for p in gazetteer.find(text) if p.kind == "town"]


# ------------------------------------------------------------ the gazetteer's names


def test_no_name_is_two_countries_unless_listed_ambiguous(gazetteer: Gazetteer) -> None:
    """A name shared by places in Ukraine and Russia is a real homonym the build lists,
    never a historical name or transliteration leaking across the border."""
    ambiguous = set(config.gazetteer().ambiguous)
    clashes = {name for name, entries in gazetteer.towns.items() if len({e["country"] for e in entries}) > 1}
    assert clashes <= ambiguous, sorted(clashes - ambiguous)
    assert len(ambiguous) < 60  # homonyms are few; many would mean the pruning broke


@pytest.mark.parametrize(
    ("name", "place", "admin1"),
    [
        ("pokrovsk", "Pokrovsk", "Donetsk Oblast"),  # not Engels (RU), once Pokrovsk
        ("samar", "Samar", "Dnipropetrovsk Oblast"),  # not Samara (RU)
        ("bilhorod-dnistrovskyi", "Bilhorod-Dnistrovskyi", "Odesa Oblast"),  # not Belgorod (RU)
        ("kharkov", "Kharkiv", "Kharkiv Oblast"),
        ("dnepr", "Dnipro", "Dnipropetrovsk Oblast"),
        ("dnipropetrovsk", "Dnipro", "Dnipropetrovsk Oblast"),
        ("kiev", "Kyiv", "Kyiv"),
        ("zaporizhzhia", "Zaporizhzhya", "Zaporizhzhia Oblast"),  # the city, not a hamlet of that name
    ],
)
def test_well_known_names_resolve_to_their_town(gazetteer: Gazetteer, name: str, place: str, admin1: str) -> None:
    first = gazetteer.towns[name][0]
    assert (first["name"], first["admin1"]) == (place, admin1)


def test_villages_are_loaded_and_city_districts_belong_to_their_city(gazetteer: Gazetteer) -> None:
    assert sum(1 for entries in gazetteer.towns.values() for e in entries if e.get("village")) > 4000
    assert gazetteer.towns["holosiivskyi"][0]["part_of"] == "Kyiv"


# ------------------------------------------------------------ people and states are not places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Governor Vyacheslav Gladkov said a drone hit Belgorod on Saturday.", [("Belgorod", "Belgorod Oblast")]),
        ("Spokesman Oleksandr Shevchenko said the shelling went on all night.", []),
        ("Mr. Bakhmut told reporters the shelling went on all night.", []),
        ("Roman Kupiansk said nothing about the shelling.", []),
        ("Kyiv said its drones had hit Kursk.", [("Kursk", "Kursk Oblast")]),
        ("Moscow denies targeting civilians in Sumy.", [("Sumy", "Sumy Oblast")]),
        ("The Kiev regime shelled Horlivka overnight.", [("Horlivka", "Donetsk Oblast")]),
        ("Kyiv's forces shelled Horlivka overnight.", [("Horlivka", "Donetsk Oblast")]),
        ("Moscow blamed Kyiv for the strike on Bryansk.", [("Bryansk", "Bryansk Oblast")]),
        ("Kyiv has not commented on the strike on Belgorod.", [("Belgorod", "Belgorod Oblast")]),
        ("Moscow's full-scale invasion has killed thousands in Mariupol.", [("Mariupol", "Donetsk Oblast")]),
        ("Kyiv's mayor said two people were killed.", [("Kyiv", "Kyiv")]),  # the city's own official
    ],
)
def test_people_and_capitals_as_actors_are_not_places(
    gazetteer: Gazetteer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert towns(gazetteer, text) == expected


def test_country_possessive_before_a_descriptor_is_not_a_place(gazetteer: Gazetteer) -> None:
    places = gazetteer.find("Ukraine's second-largest city Kharkiv was hit by missiles.")
    assert [(p.kind, p.location) for p in places] == [("town", "Kharkiv")]


@pytest.mark.parametrize(
    "text", ["A drone hit Belgorod Saturday.", "Drones hit the city of Belgorod Saturday morning."]
)
def test_weekday_after_a_place(gazetteer: Gazetteer, text: str) -> None:
    assert towns(gazetteer, text) == [("Belgorod", "Belgorod Oblast")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A missile hit the Kyivskyi district of Kharkiv.", [("Kharkiv", "Kharkiv Oblast")]),
        ("A missile hit the Shevchenkivskyi district of Kyiv.", [("Kyiv", "Kyiv")]),
        ("Debris fell in the Holosiivskyi district.", [("Kyiv", "Kyiv")]),
        ("A missile hit Kharkiv's Kyivskyi district.", [("Kharkiv", "Kharkiv Oblast")]),
        ("Oleksandr Holosiivskyi was hurt.", []),  # a district name alone is a surname's or an adjective
    ],
)
def test_a_city_district_belongs_to_its_city(gazetteer: Gazetteer, text: str, expected: list[Any]) -> None:
    assert towns(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling hit Kozacha Lopan on Monday.", [("Kozacha Lopan", "Kharkiv Oblast")]),
        ("Two residents of Velyka Pysarivka were hurt.", [("Velyka Pysarivka", "Sumy Oblast")]),
        ("Kozacha Lopan residents were evacuated.", []),  # a village needs "in", "of", "village" ...
    ],
)
def test_villages_need_context(gazetteer: Gazetteer, text: str, expected: list[Any]) -> None:
    assert towns(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        ("A strike hit the village of Olenivka in the Donetsk region.", "Donetsk Oblast"),
        ("A strike hit the village of Olenivka in the Poltava region.", "Poltava Oblast"),
        ("A strike hit the village of Olenivka.", "Donetsk Oblast"),  # the most populous of the name
    ],
)
def test_homonyms_follow_the_region_named(gazetteer: Gazetteer, text: str, admin1: str) -> None:
    assert towns(gazetteer, text) == [("Olenivka", admin1)]


# ------------------------------------------------------------ attribution


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Russian Ministry of Defence said its forces struck a command post near Kupiansk.",
            {("Russian forces", "claimed")},
        ),
        ("Ukraine's military said it hit an ammunition depot in Crimea.", {("Ukrainian forces", "claimed")}),
        ("Moscow denies targeting civilians.", {("Russian forces", "denied")}),
        ("The Kremlin rejected accusations that it had struck the hospital.", {("Russian forces", "denied")}),
        ("Russia's foreign ministry has repeatedly denied striking residential areas.", {("Russian forces", "denied")}),
        ("Ukrainian officials said the strike killed five.", set()),
        ("The death toll was confirmed by Ukrainian officials.", set()),
        (
            "Ukrainian officials said Russian missiles hit the city.",
            {("Russian forces", "reported"), ("Russian forces", "blamed")},
        ),
        (
            "The defence minister claimed Ukraine had used eight drones.",
            {("Ukrainian forces", "reported"), ("Ukrainian forces", "blamed")},
        ),
        ("A UN coordinator stated Russia was responsible for the strike.", {("Russian forces", "blamed")}),
        (
            "Moscow accuses Kyiv of launching the strike; Kyiv denies the attack.",
            {("Ukrainian forces", "blamed"), ("Ukrainian forces", "denied")},
        ),
        # a side's name as a place ("strikes in Kyiv struck ...") is no perpetrator
        ("Russian strikes in Kyiv struck the television tower.", {("Russian forces", "reported")}),
        ("Drones launched from Ukraine hit Moscow.", {("Ukrainian forces", "reported")}),
        ("- Perpetrator: Russia", {("Russian forces", "reported")}),  # a fact box's line
        # who intercepts is not who struck; a typed weapon keeps its side
        (
            "Debris of a Ukrainian ATACMS missile destroyed by Russian air defences fell on a beach.",
            {("Ukrainian forces", "reported")},
        ),
        # an interception is not a strike of one's own
        (
            "Russia's defence ministry said it had destroyed two Ukrainian drones.",
            {("Ukrainian forces", "reported"), ("Ukrainian forces", "blamed")},
        ),
    ],
)
def test_attribution_stances(text: str, expected: set[tuple[str, str]]) -> None:
    assert {(c.actor, c.stance) for c in find_claims(extractor().rules, text)} == expected


def test_an_official_confirming_damage_blames_no_one() -> None:
    rules = extractor().rules
    assert blaming_official(rules, "Governor Ivan Petrenko confirmed the extent of the destruction.") is None
    assert blaming_official(rules, "Governor Ivan Petrenko said the shelling came from across the border.")


# ------------------------------------------------------------ damage and event type


def incident(text: str):  # type: ignore[no-untyped-def]
    found = extractor().extract(text, SATURDAY, "t")
    assert len(found) == 1, [(i.location, i.summary) for i in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "damage"),
    [
        ("A missile struck a supermarket and a restaurant in Kherson on Friday.", {"supermarket", "restaurant"}),
        ("Drones damaged a hypermarket and an office building in Odesa on Friday.", {"supermarket", "office building"}),
        ("Shelling damaged a railway station and a hotel in Kherson on Friday.", {"railway station", "hotel"}),
        ("A strike destroyed fuel tanks and several vehicles in Bryansk on Friday.", {"oil depot", "vehicle"}),
        # The report's word is kept: an apartment block, a kindergarten, a bus stop are not merged.
        ("A drone hit an apartment block and a kindergarten in Sumy on Friday.", {"apartment block", "kindergarten"}),
        ("A missile hit a bus stop and a pharmacy in Kherson on Friday.", {"bus stop", "pharmacy"}),
        ("A missile hit a dormitory and a church in Kharkiv on Friday.", {"dormitory", "church"}),
        ("A missile hit a shopping centre and a substation in Dnipro on Friday.", {"shopping mall", "substation"}),
        ("A missile hit a residential building in Dnipro on Friday.", {"residential building"}),
        ("Russian forces bombed a theatre in Mariupol on Friday.", {"theatre"}),
        ("The shelling of a bus station in Kherson on Friday killed two.", {"bus station"}),
        ("Drones struck an ammunition depot near Bryansk on Friday.", {"ammunition depot"}),
        ("Drones attacked Odesa on Friday; a fire broke out in a warehouse.", {"warehouse"}),
        (
            "Missiles struck the television and radio tower and a memorial in Kyiv on Friday.",
            {"television tower", "memorial"},
        ),
    ],
)
def test_damage_targets(text: str, damage: set[str]) -> None:
    assert damage <= set(incident(text).damage)


@pytest.mark.parametrize(
    "text",
    [
        "A guided aerial bomb hit Kupiansk on Friday, killing two.",
        "Russian forces dropped KAB glide bombs on Kupiansk on Friday, killing two.",
        "A FAB-500 bomb and a missile struck Kupiansk on Friday, killing two.",
    ],
)
def test_aerial_bombs_are_air_strikes(text: str) -> None:
    assert incident(text).sub_event_type == "Air/drone strike"


def test_an_air_raid_is_no_battle() -> None:
    inc = incident("People hid in an air raid shelter as missiles hit Kharkiv on Friday.")
    assert (inc.event_type, inc.sub_event_type) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")


def test_a_list_of_villages_names_each_in_the_region_named(gazetteer: Gazetteer) -> None:
    text = "Shelling hit the villages of Zarechnoye-Ivanovo and Krasnaya Polyanka-Mala in the Kursk region."
    assert towns(gazetteer, text) == [
        ("Zarechnoye-Ivanovo", "Kursk Oblast"),
        ("Krasnaya Polyanka-Mala", "Kursk Oblast"),
    ]
    # after a singular "the city of", only a known place joins the first one
    assert towns(gazetteer, "Shelling hit the city of Kharkiv and Russia's border regions.") == [
        ("Kharkiv", "Kharkiv Oblast")
    ]


def test_a_small_place_of_another_region_is_the_one_in_the_region_named(gazetteer: Gazetteer) -> None:
    """ "X near Y, Donetsk Oblast": an X we know only elsewhere is another X, in Donetsk Oblast."""
    text = "Shelling hit a prison in Molodizhne near Olenivka, Donetsk Oblast, on Friday."
    assert towns(gazetteer, text) == [("Molodizhne", "Donetsk Oblast"), ("Olenivka", "Donetsk Oblast")]
    # a big town keeps its own region when a sentence names several
    assert towns(gazetteer, "Shelling hit Kharkiv and towns of the Donetsk region.")[0] == ("Kharkiv", "Kharkiv Oblast")


def test_the_village_of_a_city_s_name_in_the_region_named_is_that_region_s(gazetteer: Gazetteer) -> None:
    """ "the village of Murom" in "Russia's Belgorod region": not the city of Murom elsewhere."""
    text = "In Russia's Belgorod region, a drone hit a car in the village of Murom, the governor said."
    assert towns(gazetteer, text) == [("Murom", "Belgorod Oblast")]
    assert towns(gazetteer, "A drone hit a car in Murom, Vladimir Oblast.") == [("Murom", "Vladimir Oblast")]


def test_a_region_named_by_a_word_that_is_also_a_first_name(gazetteer: Gazetteer) -> None:
    """ "Vladimir region" is Vladimir Oblast (whose name alone is a first name, no alias),
    not a second incident in the city of Vladimir."""
    assert towns(gazetteer, "A drone hit a plant in Kovrov, Vladimir region, on Monday.") == [
        ("Kovrov", "Vladimir Oblast")
    ]


def test_a_shared_town_name_follows_the_region_of_the_report_s_other_incidents() -> None:
    """A Kharkiv report's "Zolochiv" is Kharkiv Oblast's, not Lviv Oblast's (the most
    populous); a report that names Lviv keeps Lviv's."""
    kharkiv = (
        "Russian forces struck Kharkiv with glide bombs on Saturday, injuring five people.\n\n"
        "On Sunday morning Russian forces also shelled Zolochiv, damaging a private house."
    )
    found = extractor().extract(kharkiv, dt.date(2025, 3, 23), "R-1")
    assert [(i.location, i.admin1) for i in found] == [("Kharkiv", "Kharkiv Oblast"), ("Zolochiv", "Kharkiv Oblast")]
    lviv = kharkiv + "\n\nThe Lviv regional governor said the house was hit by a drone."
    found = extractor().extract(lviv, dt.date(2025, 3, 23), "R-1")
    assert ("Zolochiv", "Lviv Oblast") in [(i.location, i.admin1) for i in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KYIV, Ukraine (AP) — Russian missiles struck Odesa on Friday.", [("Odesa", "Odesa Oblast")]),
        ("MOSCOW, Jan 5 (Reuters) - Russian forces struck airfields overnight, the ministry said.", []),
        ("KYIV, March 14 - Missiles struck the capital overnight.", [("Kyiv", "Kyiv")]),  # it points at it
        ("Kyiv, Ukraine – A Russian strike on Sumy killed two.", [("Sumy", "Sumy Oblast")]),
        ("KYIV, Ukraine, June 3 -- A Russian strike on Sumy killed two.", [("Sumy", "Sumy Oblast")]),
        (
            "KYIV (Reuters) - A missile attack on the city of Kryvyi Rih killed 18.",
            [("Kryvyy Rih", "Dnipropetrovsk Oblast")],
        ),
        ("ODESA - Drones hit the port of Izmail overnight.", [("Izmayil", "Odesa Oblast")]),
        ("A missile hit Kharkiv's Saltivskyi district overnight.", [("Kharkiv", "Kharkiv Oblast")]),
        ("KYIV (Reuters) - Missiles struck the capital on Friday.", [("Kyiv", "Kyiv")]),
    ],
)
def test_a_dateline_is_where_the_reporter_files_from(gazetteer: Gazetteer, text: str, expected: list[Any]) -> None:
    assert towns(gazetteer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russia launched a massive attack overnight.",
        "Russia's forces shelled the border.",
        "Moscow blamed Ukraine for it.",
    ],
)
def test_a_country_acting_is_not_a_place(gazetteer: Gazetteer, text: str) -> None:
    assert [p.country for p in gazetteer.find(text) if p.kind == "country" and p.country == "RU"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Leaders met in Paris after the strike.", []),  # once a village's name in geonames
        ("Protesters gathered on Maidan in Kyiv.", [("Kyiv", "Kyiv")]),  # a square, not the village
    ],
)
def test_a_village_keeps_only_its_own_names(gazetteer: Gazetteer, text: str, expected: list[Any]) -> None:
    assert towns(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Tu-22M3 aircraft fired Kh-22 missiles at Kremenchuk on Friday.", "Shelling/artillery/missile attack"),
        (
            "The Sumy airstrike on Friday was carried out with two ballistic missiles.",
            "Shelling/artillery/missile attack",
        ),
        ("Russian forces bombed a theatre in Mariupol on Friday.", "Air/drone strike"),
    ],
)
def test_missiles_from_aircraft_and_bombing(text: str, sub_event_type: str) -> None:
    assert incident(text).sub_event_type == sub_event_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A missile hit a building on Kyivska Street in Sumy.", [("Sumy", "Sumy Oblast")]),
        ("At 10:20 Kyiv time, a missile hit Sumy.", [("Sumy", "Sumy Oblast")]),
        ("Shelling hit Kherson overnight, the Kyiv Independent reported.", [("Kherson", "Kherson Oblast")]),
    ],
)
def test_a_place_name_inside_another_name(gazetteer: Gazetteer, text: str, expected: list[Any]) -> None:
    assert [(p.location, p.admin1) for p in gazetteer.find(text) if p.kind != "country"] == expected


def test_a_peoples_republic_is_its_oblast(gazetteer: Gazetteer) -> None:
    places = gazetteer.find("Shelling hit a market in the Luhansk People's Republic on Friday.")
    assert [(p.kind, p.admin1) for p in places] == [("admin1", "Luhansk Oblast")]


def test_a_city_is_not_moved_to_a_hamlet_of_its_name_in_the_reports_region() -> None:
    text = (
        "Russian forces struck Kharkiv with glide bombs on Saturday, injuring five people.\n\n"
        "On Sunday morning Russian forces also shelled Nikopol, damaging a private house."
    )
    found = extractor().extract(text, dt.date(2025, 3, 23), "R-1")
    assert ("Nikopol", "Dnipropetrovsk Oblast") in [(i.location, i.admin1) for i in found]


def test_a_place_on_the_outskirts_of_a_city_is_that_citys_incident() -> None:
    text = (
        "A missile struck the centre of Sevastopol on Sunday.\n\n"
        "Fragments fell on a beach in Lyubimovka, on the northern outskirts of Sevastopol, killing four."
    )
    found = extractor().extract(text, dt.date(2024, 6, 23), "R-1")
    assert [(i.location, sorted((f.kind, f.best) for f in i.figures if f.group == "all")) for i in found] == [
        ("Sevastopol", [("killed", 4)])
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Where the victims were going is not where they were hit.
        ("A missile hit a convoy in Orikhiv on Friday as it was heading to the checkpoint at Vasylivka.", ["Orikhiv"]),
        ("A missile hit a train bound for Lviv near Kovel on Friday.", ["Kovel"]),
        ("A missile hit cars queuing at the checkpoint in Vasylivka on Friday.", ["Vasylivka"]),
    ],
)
def test_a_destination_is_not_the_place_hit(text: str, expected: list[str]) -> None:
    assert [i.location for i in extractor().extract(text, dt.date(2024, 3, 10), "R-1")] == expected


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        ("A drone attack on the Russian border region of Belgorod killed a woman.", "Belgorod Oblast"),
        ("Shelling in the region of Kherson wounded two people.", "Kherson Oblast"),
        ("A missile hit the Donetsk Oblast town of Kramatorsk.", "Donetsk Oblast"),
    ],
)
def test_the_region_of_a_name_is_the_region(gazetteer: Gazetteer, text: str, admin1: str) -> None:
    found = [(p.kind, p.admin1) for p in gazetteer.find(text)]
    assert ("admin1", admin1) in found
    assert not any(kind == "town" and p_admin1 == admin1 and "region of" in text for kind, p_admin1 in found)
