"""A seeded, deterministic generator of incidents as several outlets report them.

Each event is reported by one to three outlets (a known share of duplicates), each with
its own spelling of the place, a date a day off now and then, an updated count, and its
own wording. ``truth`` holds the pairs that report the same event.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, combinations
from typing import Any

from rapidfuzz import fuzz

from incident_review import config
from incident_review.core.model import Claim, Figure, Incident, Source

START = dt.date(2000, 1, 1)
# About 70 events a day, the density of ACLED's busiest conflicts: a bigger store spans
# more days rather than packing more events into each (which no real dataset does).
EVENTS_PER_DAY = 70
TYPES = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", ["artillery", "missile", "rocket"]),
    ("Explosions/Remote violence", "Air/drone strike", ["drone", "glide bomb"]),
    ("Battles", "Armed clash", ["small arms"]),
]
DAMAGE = [
    "house",
    "apartment building",
    "school",
    "power line",
    "car",
    "market",
    "warehouse",
    "hospital",
    "railway",
    "bridge",
    "substation",
    "church",
    "administrative building",
    "shop",
    "farm",
    "oil depot",
]
# Details that make one event's reports alike and two events' reports different.
STREETS = [
    "Shevchenko",
    "Sobornyi",
    "Peremohy",
    "Lenina",
    "Sadova",
    "Zavodska",
    "Tsentralna",
    "Myru",
    "Shkilna",
    "Vokzalna",
    "Naberezhna",
    "Kyivska",
    "Lisova",
    "Pushkina",
    "Hoholia",
    "Franka",
    "Nova",
    "Ozerna",
]
TIMES = ["early morning", "before dawn", "around noon", "in the afternoon", "in the evening", "late at night"]
WORDING = [
    "{w} struck {p} {t}, hitting a {d} on {s} street; {k} killed and {i} wounded, officials said.",
    "Local authorities in {p} reported a {w} attack {t} near {s} street that left {k} dead.",
    "{k} people were killed when a {w} hit a {d} in {p} {t}; {i} more were injured on {s} street.",
    "A {w} attack on {p} damaged a {d} on {s} street {t}, according to the regional governor.",
]


@dataclass(frozen=True)
class Synthetic:
    incidents: list[Any]  # Incidents, or whatever ``convert`` made of them
    truth: set[frozenset[str]]


@cache
def _places() -> list[tuple[str, str, str, list[str]]]:
    out = []
    for c in config.gazetteer().cities:
        if c["admin1"]:
            # Spellings a newsroom would plausibly use: close to the name, Latin letters.
            variants = [
                a
                for a in c["aliases"]
                if a.isascii() and a[0].isupper() and len(a) > 3 and fuzz.ratio(a.lower(), c["name"].lower()) >= 70
            ][:3]
            out.append((c["name"], c["country"], c["admin1"], variants))
    return out


def generate(
    n: int, seed: int = 7, region_share: float = 0.03, convert: Callable[[Incident], Any] | None = None
) -> Synthetic:
    """Exactly ``n`` incidents with duplicates planted between reports; ``convert``
    turns each into something smaller as it is made (a million Incidents take GBs)."""
    rng = random.Random(seed)
    places = _places()
    # Fighting concentrates: a few hundred places carry most events.
    cumulative = list(accumulate(1.0 / (rank + 20) for rank in range(len(places))))
    days = max(30, n // EVENTS_PER_DAY)
    incidents: list[Any] = []
    truth: set[frozenset[str]] = set()
    event = 0
    while len(incidents) < n:
        event += 1
        name, country, admin1, variants = rng.choices(places, cum_weights=cumulative)[0]
        day = START + dt.timedelta(days=rng.randrange(days))
        event_type, sub, weapons = rng.choice(TYPES)
        weapon = rng.choice(weapons)
        killed = min(int(rng.expovariate(0.25)), 200)
        wounded = min(int(rng.expovariate(0.12)), 400)
        damage = rng.sample(DAMAGE, rng.randrange(1, 3))
        street, time_of_day = rng.choice(STREETS), rng.choice(TIMES)
        regional = rng.random() < region_share
        outlets = rng.choices([1, 2, 3], [0.8, 0.15, 0.05])[0]
        ids = []
        for k in range(min(outlets, n - len(incidents))):
            number = len(incidents) + 1
            inc_id = f"INC-{number:07d}"
            spelled = rng.choice(variants) if variants and rng.random() < 0.3 else name
            when = day + dt.timedelta(days=rng.choice([0, 0, 0, 1])) if k else day
            count = killed + (rng.choice([0, 0, 1, 2]) if k else 0)
            text = rng.choice(WORDING).format(
                w=weapon, p=spelled, k=count, i=wounded, d=damage[0], s=street, t=time_of_day
            )
            report = f"R-{event:08d}-{k}"
            made = Incident(
                id=inc_id,
                date=when,
                date_precision="day",
                country=country,
                admin1=admin1,
                location=None if regional else spelled,
                geo_precision="region" if regional else "town",
                event_type=event_type,
                sub_event_type=sub,
                summary=text,
                weapons=[weapon],
                damage=list(damage),
                attribution=[Claim("Russian forces" if country == "UA" else "Ukrainian forces", source=report)],
                figures=[
                    Figure("killed", "all", count, count, count, report),
                    Figure("wounded", "all", wounded, wounded, wounded, report),
                ],
                sources=[Source(report, f"Outlet {k}", None, when, text)],
            )
            incidents.append(convert(made) if convert else made)
            ids.append(inc_id)
        truth.update(frozenset(p) for p in combinations(ids, 2))
    return Synthetic(incidents, truth)


def batches(items: list[Incident], size: int) -> Iterator[list[Incident]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
