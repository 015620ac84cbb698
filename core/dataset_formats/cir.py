"""The Centre for Information Resilience's Eyes on Russia map (with Bellingcat), as the
events CSV its map export gives: ``entry`` ("UW0067"), ``date``, ``event_group``,
``title``, ``brief description``, ``lat``, ``lon``, ``country``, ``province``,
``district``, ``town/city``, ``arms/munition``, ``violence level``, ``link``,
``geolocation``.

Its cells are typed by volunteers: "Belaurs", "ukrain", "Crimea" and "Kursk Oblast" in the
country column, "Charkov Oblast" in the province, empty ids and dates. A country read
only by its spelling or its region is a warning naming the row; an empty one comes from
the province when that is a region we know, else stays unknown (a warning too).
"""

from __future__ import annotations

from typing import Final

from incident_review.core.dataset_formats.rows import Built, Context, Record, Row
from incident_review.core.model import Incident, Source

NAME: Final = "cir"
LABEL: Final = "CIR Eyes on Russia"
OUTLET: Final = "Centre for Information Resilience"
COLUMNS: Final = ("entry", "date", "brief description", "lat", "lon", "country", "province", "town/city")
# The map's dates are day first ("24/02/2022", "24.02.2022"); its CSV export writes ISO.
DATES: Final = ("%d/%m/%Y", "%d.%m.%Y")


def looks_like(header: list[str]) -> bool:
    return "entry" in header and ("violence level" in header or "brief description" in header)


def incident(record: Record, ctx: Context) -> Built:
    r = Row(record, ctx)
    entry = r.required("entry")
    source_id = f"{NAME}:{entry}"
    date = r.date("date", DATES)
    province = r.text("province")
    region = ctx.places.admin1(province) if province else None
    country, named = _country(r, region)
    region = region or named
    description = r.first("brief description", "title")
    remarks = [
        f"CIR's {label}: {value}."
        for label, value in (
            ("event group", r.text("event_group")),
            ("arms/munition", r.text("arms/munition")),
            ("violence level", r.text("violence level")),
            ("geolocation", r.text("geolocation")),
        )
        if value
    ]
    latitude, longitude = r.number("lat", -90, 90), r.number("lon", -180, 180)
    inc = Incident(
        id=entry,
        date=date,
        date_precision="day",
        country=country,
        admin1=region[0] if region else (" ".join(province.split()) if province else None),
        admin2=r.text("district"),
        location=r.text("town/city"),
        latitude=latitude,
        longitude=longitude,
        # CIR geolocates each entry from its footage.
        geo_precision="point" if latitude is not None and longitude is not None else "unknown",
        summary=description,
        sources=[Source(source_id, OUTLET, r.text("link"), date, description)],
    )
    return Built(inc, None, remarks)


def _country(r: Row, region: tuple[str, str] | None) -> tuple[str | None, tuple[str, str] | None]:
    """(the country code, the region the country column named instead of a country)."""
    name = r.text("country")
    if name and name.lower().startswith("other"):  # the sheet's "Other (type name in cell)"
        name = None
    if name:
        named = r.ctx.places.admin1(name) if r.ctx.places.country(name) is None else None
        if named:  # "Crimea", "Kursk Oblast"
            r.warn("country", f"{name!r} is a region: read as {named[1]} ({named[0]})")
            return named[1], named
        return r.country("country"), None
    if region:
        r.warn("country", f"empty: read as {region[1]}, the country of province {region[0]!r}")
        return region[1], None
    r.warn("country", "empty, and no known province: the country is left unknown")
    return None, None
