"""ACLED-shaped CSV exports for the import benchmark: ACLED's 31 columns in its order, values
as its export tool writes them (ISO dates, numeric iso codes, "; "-separated associated
actors and sources, Unix timestamps), varied from row to row: the event types with their
own sub-types and actors, places in Ukraine and Russia with their regions and coordinates,
NA and empty cells where ACLED leaves them, notes of 10-60 words with quotes and commas.
Seeded: the same ``n`` and ``seed`` give the same file."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from incident_review.core.datasets import ACLED_COLUMNS

# (location, admin1, admin2, latitude, longitude): ACLED's spellings of its admin1 names.
PLACES = {
    ("804", "Ukraine"): [
        ("Kharkiv", "Kharkiv", "Kharkivskyi", 49.9935, 36.2304),
        ("Kupiansk", "Kharkiv", "Kupianskyi", 49.7106, 37.6156),
        ("Dnipro", "Dnipropetrovsk", "Dniprovskyi", 48.4666, 35.0407),
        ("Nikopol", "Dnipropetrovsk", "Nikopolskyi", 47.5712, 34.3964),
        ("Kherson", "Kherson", "Khersonskyi", 46.6354, 32.6169),
        ("Zaporizhzhia", "Zaporizhia", "Zaporizkyi", 47.8388, 35.1396),
        ("Odesa", "Odesa", "Odeskyi", 46.4825, 30.7233),
        ("Kyiv", "Kyiv City", "Kyiv", 50.4501, 30.5234),
        ("Bakhmut", "Donetsk", "Bakhmutskyi", 48.5956, 38.0001),
        ("Avdiivka", "Donetsk", "Pokrovskyi", 48.1394, 37.7497),
        ("Sumy", "Sumy", "Sumskyi", 50.9077, 34.7981),
        ("Chernihiv", "Chernihiv", "Chernihivskyi", 51.4982, 31.2893),
        ("Mykolaiv", "Mykolaiv", "Mykolaivskyi", 46.9750, 31.9946),
        ("Lviv", "Lviv", "Lvivskyi", 49.8397, 24.0297),
    ],
    ("643", "Russia"): [
        ("Belgorod", "Belgorod", "Belgorodskiy", 50.5997, 36.5983),
        ("Grayvoron", "Belgorod", "Graivoronskiy", 50.4781, 35.6761),
        ("Kursk", "Kursk", "Kurskiy", 51.7304, 36.1926),
        ("Bryansk", "Bryansk", "Bryanskiy", 53.2521, 34.3717),
        ("Rostov-on-Don", "Rostov", "Rostovskiy", 47.2357, 39.7015),
        ("Voronezh", "Voronezh", "Voronezhskiy", 51.6720, 39.1843),
    ],
}
# (disorder_type, event_type, sub_event_types, inter1, inter2)
EVENTS = [
    (
        "Political violence",
        "Explosions/Remote violence",
        ["Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED"],
        "8",
        "7",
    ),
    ("Political violence", "Battles", ["Armed clash", "Government regains territory"], "8", "8"),
    ("Political violence", "Violence against civilians", ["Attack", "Abduction/forced disappearance"], "8", "7"),
    ("Demonstrations", "Protests", ["Peaceful protest", "Protest with intervention"], "6", ""),
    ("Strategic developments", "Strategic developments", ["Looting/property destruction", "Arrests"], "8", ""),
]
ACTORS = {
    "804": ["Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)"],
    "643": ["Military Forces of Ukraine (2019-)", "Military Forces of Russia (2000-)"],
}
CIVILIANS = {"804": "Civilians (Ukraine)", "643": "Civilians (Russia)"}
PROTESTERS = {"804": "Protesters (Ukraine)", "643": "Protesters (Russia)"}
ASSOCIATED = ["Wagner Group", "Akhmat Special Forces", "Police Forces of Ukraine (2019-)", "NA"]
SOURCES = ["Ukrinform", "Suspilne", "Kyiv Independent", "RIA Novosti", "TASS", "Belgorod Governor", "Ukrainska Pravda"]
SCALES = ["National", "Subnational", "National-International", "Other", "New media"]
PHRASES = (
    "forces shelled struck the outskirts of with artillery and drones, damaging houses a school power line",
    "according to the regional administration, one civilian was wounded; two others, reportedly, were killed",
    'in the attack on "residential" areas near the front line overnight while air defence intercepted missiles',
)
WORDS = [word for phrase in PHRASES for word in phrase.split()]
TAGS = ["", "", "", "local administrators", "women targeted: girls", "crowd size=no report"]


def _notes(rng: random.Random, day: dt.date, location: str) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 60)))
    return f"On {day.day} {day:%B %Y}, {words} in {location}."


def rows(n: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """``n`` ACLED rows as the CSV's cells, each id unique."""
    rng = random.Random(seed)
    first = dt.date(2022, 2, 24)
    countries = list(PLACES)
    for i in range(n):
        iso, country = countries[0] if rng.random() < 0.8 else countries[1]
        location, admin1, admin2, lat, lon = rng.choice(PLACES[(iso, country)])
        disorder, event_type, subs, inter1, inter2 = rng.choice(EVENTS)
        day = first + dt.timedelta(days=rng.randrange(900))
        actor1 = ACTORS[iso][0 if rng.random() < 0.85 else 1]
        if event_type == "Violence against civilians" or (event_type.startswith("Explosions") and rng.random() < 0.5):
            actor2 = CIVILIANS[iso]
        elif event_type == "Battles":
            actor2 = ACTORS[iso][1]
        elif event_type == "Protests":
            actor1, actor2 = PROTESTERS[iso], ""
        else:
            actor2 = rng.choice(["", "NA"])
        fatalities = rng.choice([0, 0, 0, 1, 2, 3, 5, 12]) if disorder == "Political violence" else 0
        sources = "; ".join(rng.sample(SOURCES, rng.randint(1, 3)))
        changed = dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=rng.randrange(30_000_000))
        yield {
            "event_id_cnty": f"{'UKR' if iso == '804' else 'RUS'}{100000 + i}",
            "event_date": day.isoformat(),
            "year": str(day.year),
            "time_precision": rng.choice(["1", "1", "1", "2", "3"]),
            "disorder_type": disorder,
            "event_type": event_type,
            "sub_event_type": rng.choice(subs),
            "actor1": actor1,
            "assoc_actor_1": rng.choice(["", "", "", *ASSOCIATED]),
            "inter1": inter1,
            "actor2": actor2,
            "assoc_actor_2": rng.choice(["", "", "NA"]),
            "inter2": inter2 if actor2 else "0",
            "interaction": f"{inter1}{inter2}" if actor2 else f"{inter1}0",
            "civilian_targeting": "Civilian targeting" if actor2.startswith("Civilians") else "",
            "iso": iso,
            "region": "Europe",
            "country": country,
            "admin1": admin1,
            "admin2": admin2,
            "admin3": rng.choice(["", "", location]),
            "location": location,
            "latitude": f"{lat + rng.uniform(-0.05, 0.05):.4f}",
            "longitude": f"{lon + rng.uniform(-0.05, 0.05):.4f}",
            "geo_precision": rng.choice(["1", "1", "2", "3"]),
            "source": sources,
            "source_scale": rng.choice(SCALES),
            "notes": _notes(rng, day, location),
            "fatalities": str(fatalities),
            "tags": rng.choice(TAGS),
            "timestamp": str(int(changed.timestamp())),
        }


def write(path: Path, n: int, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows(n, seed))
    return path
