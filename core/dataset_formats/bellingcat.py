"""Bellingcat's "Civilian Harm in Ukraine" TimeMap (ukraine.bellingcat.com) as JSON.

Two published shapes, both a list of events:

- the TimeMap's own data (its API endpoint ``timemap/api.json`` and ``events.json``):
  ``id`` ("CIV0001"), ``date`` (M/D/YYYY), ``time``, ``location``, ``latitude`` and
  ``longitude`` (strings), ``description``, ``graphic`` ("TRUE"/"FALSE"), ``sources`` and
  ``associations`` as ids into the TimeMap's sources.json and associations.json;
- the map's "Download: JSON" button: ``id``, ``date``, ``latitude``, ``longitude``,
  ``location``, ``description``, ``sources`` as ``{id, path, description}`` and
  ``filters`` as ``{key, value}`` ("Weapon System": "Cluster munitions").

Bellingcat geolocates every event (within 150 m, published slightly obscured: the
incidents' ``geolocation_accuracy``) and states no tolls or perpetrators: none are
invented here. Its filters are the incident's ``tags`` ("Weapon System=Cluster munitions;
Type of area affected=Residential": config/crosswalk.yaml reads the kind of violence from
them); those that name one of our weapon or damage terms become those too, and every
filter stays in the note. The TimeMap's ``time`` is the time of day, but its "00:00",
which stands for none.
"""

from __future__ import annotations

import re
from typing import Any, Final
from urllib.parse import urlparse

from incident_review.core.dataset_formats.rows import Built, Context, Record, Row
from incident_review.core.errors import InputError
from incident_review.core.model import Incident, Source

NAME: Final = "bellingcat"
LABEL: Final = "Bellingcat civilian harm in Ukraine"
OUTLET: Final = "Bellingcat"
DATES: Final = ("%m/%d/%Y", "%m/%d/%y")  # the TimeMap's DATE_FMT is M/D/YYYY
COUNTRY: Final = "UA"  # the map covers incidents in Ukraine only

# Bellingcat's "Weapon System" filter values -> our weapon terms (config/extraction.yaml).
WEAPONS: Final = {
    "he rocket artillery": "rocket",
    "he artillery inc mortars": "artillery",
    "cluster munitions": "cluster munition",
    "cruise missile": "missile",
    "ballistic missile": "missile",
    "small arms": "small arms",
    "land mines": "landmine",
}
# "Type of area affected" values that name one of our damage terms.
DAMAGE: Final = {"residential": "residential building", "school or childcare": "school"}
_HIDDEN: Final = frozenset({"", "hidden", "srchidden"})
GEOLOCATED: Final = "within 150 m, published slightly obscured"
NO_TIME: Final = "00:00"  # the TimeMap's time of an event whose time is not known


def looks_like(data: Any) -> bool:
    """A list of objects with Bellingcat's keys (the first one tells)."""
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        return False
    keys = set(data[0])
    return {"id", "date", "latitude", "longitude", "description"} <= keys and bool(
        keys & {"sources", "filters", "associations"}
    )


def records(path: str, data: Any) -> list[Record]:
    if not isinstance(data, list):
        raise InputError(path, None, f"expected a list of events, got a {type(data).__name__}")
    out = []
    for i, item in enumerate(data, start=1):
        where = f"record {i}"
        if not isinstance(item, dict):
            raise InputError(path, where, f"expected an event object, got {type(item).__name__}")
        if isinstance(item.get("id"), str | int):
            where += f" (id {item['id']})"
        out.append(Record(item, where))
    return out


def incident(record: Record, ctx: Context) -> Built:
    r = Row(record, ctx)
    event_id = r.required("id")
    source_id = f"{NAME}:{event_id}"
    date = r.date("date", DATES)
    description = r.text("description")
    where_text = r.text("location")
    latitude, longitude = r.number("latitude", -90, 90), r.number("longitude", -180, 180)
    located = latitude is not None and longitude is not None
    place, admin1 = _place(r, where_text)
    remarks = [f"Bellingcat's location: {where_text}."] if where_text and where_text != place else []
    sources = [Source(source_id, OUTLET, None, date, description)]
    unlinked: list[str] = []
    for i, src in enumerate(_items(r, "sources"), start=1):
        if isinstance(src, dict):
            url = str(src.get("path") or "").strip()
            src_id = str(src.get("id") or i)
            link = None if url.lower() in _HIDDEN else url
            sources.append(Source(f"{source_id}/{src_id}", _host(link), link, None, _text(src.get("description"))))
        elif isinstance(src, str) and src.strip():
            unlinked.append(src.strip())
    if unlinked:  # the TimeMap's own data names its sources by id (sources.json has the links)
        remarks.append(f"TimeMap source ids: {', '.join(unlinked)}.")
    weapons, damage, filters, tags = _filters(r)
    remarks += filters
    time = r.text("time")
    if r.text("graphic") in ("TRUE", "true"):
        remarks.append("Bellingcat marks its footage graphic.")
    inc = Incident(
        id=event_id,
        date=date,
        date_precision="day",
        country=COUNTRY,
        admin1=admin1,
        location=place,
        time_of_day=time if time and time != NO_TIME else None,
        latitude=latitude,
        longitude=longitude,
        geo_precision="point" if located else "unknown",
        geolocation_accuracy=GEOLOCATED if located else None,
        summary=description,
        weapons=weapons,
        damage=damage,
        sources=sources,
        tags="; ".join(tags) or None,
    )
    return Built(inc, None, remarks)


def _items(r: Row, key: str) -> list[Any]:
    value = r.raw(key)
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        raise r.fail(key, f"expected a list, got {type(value).__name__}")
    return value


def _filters(r: Row) -> tuple[list[str], list[str], list[str], list[str]]:
    """(weapons, damage, what to note, tags) from ``filters`` ({key, value}) or
    ``associations`` (the TimeMap's {filter_paths}, or ids into its associations.json)."""
    weapons: list[str] = []
    damage: list[str] = []
    shown: list[str] = []
    tags: list[str] = []
    ids: list[str] = []
    for item in [*_items(r, "filters"), *_items(r, "associations")]:
        if not isinstance(item, dict):
            if _text(item):
                ids.append(str(_text(item)))
            continue
        paths = item.get("filter_paths")
        key, value = (
            (paths[0], paths[-1]) if isinstance(paths, list) and paths else (item.get("key"), item.get("value"))
        )
        key, value = _text(key), _text(value)
        if not value:
            continue
        shown.append(f"{key}: {value}" if key else value)
        tag = f"{key}={value}" if key else value
        if tag not in tags:
            tags.append(tag)
        lowered = value.lower()
        if lowered in WEAPONS and WEAPONS[lowered] not in weapons:
            weapons.append(WEAPONS[lowered])
        if lowered in DAMAGE and DAMAGE[lowered] not in damage:
            damage.append(DAMAGE[lowered])
    notes = [f"Bellingcat's filters: {'; '.join(shown)}."] if shown else []
    if ids:
        notes.append(f"TimeMap association ids (its associations.json names them): {', '.join(ids)}.")
    return weapons, damage, notes, tags


def _place(r: Row, text: str | None) -> tuple[str | None, str | None]:
    """(the town, the admin1) of a location as Bellingcat writes it: "Akhtyrka, Sumy Oblast",
    "Bucha, Kyiv vicinity", "Mariupol (микрорайон Восточный)", "Kievsky district of
    Donetsk", "Unknown". The town is what matching blocks on; the full text stays in the note."""
    if not text or text.lower() in ("unknown", "n/a"):
        return None, None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    admin1 = None
    for part in parts[1:]:
        found = r.ctx.places.admin1(part)
        if found:
            admin1 = found[0]
            break
    town = re.sub(r"\s*\(.*?\)\s*", " ", parts[0]).strip() if parts else ""
    of = re.search(r"\b(?:district|area|outskirts|suburb|vicinity|centre|center)\s+of\s+(.+)$", town, re.IGNORECASE)
    if of:
        town = of.group(1).strip()
    return (town or None), admin1


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).netloc.lower()
    return host.removeprefix("www.") or None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None
