"""ACLED and UCDP GED rows <-> incidents. Their ids are kept; their precision codes are
mapped to ours; every value an analyst may need later goes into claims, figures and the
source quote rather than being dropped. The export writes the values taken as they are
through the field table's ``acled`` columns (core/fields.py); the readers read each column
themselves (NA, dialects, codes), and tests/test_fields.py checks they read every mapped one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Final

from incident_review.core.casualties import combine, validate_figure
from incident_review.core.dataset_formats.rows import ISO_AND_NAMED, MISSING, Built, Context, Record, Row
from incident_review.core.model import FIELDS, Claim, Figure, Incident, Source

ACLED_COLUMNS: Final = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
ACLED_REQUIRED: Final = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
)
UCDP_REQUIRED: Final = (
    "id",
    "date_start",
    "date_end",
    "date_prec",
    "side_a",
    "side_b",
    "adm_1",
    "where_prec",
    "latitude",
    "longitude",
    "country",
    "best",
    "low",
    "high",
)
ACLED_TIME: Final = {"1": "day", "2": "week", "3": "month"}
ACLED_GEO: Final = {"1": "town", "2": "district", "3": "region"}
UCDP_DATE: Final = {"1": "day", "2": "range", "3": "week", "4": "month", "5": "range"}
UCDP_WHERE: Final = {
    "1": "point",
    "2": "town",
    "3": "district",
    "4": "region",
    "5": "region",
    "6": "country",
    "7": "unknown",
}
UCDP_TYPE: Final = {
    "1": ("Battles", "Armed clash"),
    "2": ("Battles", "Armed clash"),
    "3": ("Violence against civilians", "Attack"),
}


# ACLED's export tool writes ISO dates; its older files "15 March 2022" and "15-March-2022";
# a spreadsheet saving them writes day first (ACLED is not American: 03/04 is 3 April).
ACLED_DATES: Final = (*ISO_AND_NAMED, "%d/%m/%Y", "%d.%m.%Y")
# One-sided violence (UCDP's type 3): side_a is the perpetrator, side_b the civilians it
# killed. State-based (1) and non-state (2) conflict: two parties fighting, neither of them
# "the perpetrator".
UCDP_ONE_SIDED: Final = "3"
# UCDP's where_coordinates names the place and its kind: "Kharkiv city", "Dnipro town".
_UCDP_KIND = re.compile(r"\s+(?:city|town|village|settlement|hamlet)$", re.IGNORECASE)
# UCDP's where_prec: 1 exact, 2 within 25 km, 3 a second-order division; 4 and up: a
# region, a larger area, the country or international waters (admin1 holds those).
_UCDP_PLACE_PRECISIONS: Final = ("1", "2", "3")


def _actors(r: Row, *columns: str) -> list[str]:
    """The actors of ``columns``; ACLED's assoc_actor columns separate several by "; "."""
    names: list[str] = []
    for column in columns:
        value = r.text(column)
        if value:
            names.extend(n for n in (part.strip() for part in value.split(";")) if n and n not in MISSING)
    return list(dict.fromkeys(names))


def acled_incident(record: Record, ctx: Context) -> Built:
    r = Row(record, ctx)
    event_id = r.required("event_id_cnty")
    source_id = f"acled:{event_id}"
    outlet = r.text("source")
    # ACLED's codebook: actor1 and actor2 "do not imply directionality". In a battle they
    # are two parties; in remote violence and violence against civilians actor1 acts on actor2.
    first, second = ("party", "party") if r.text("event_type") == "Battles" else ("perpetrator", "target")
    claims = [Claim(a, first, "reported", outlet, source_id) for a in _actors(r, "actor1", "assoc_actor_1")]
    claims += [Claim(a, second, "reported", outlet, source_id) for a in _actors(r, "actor2", "assoc_actor_2")]
    fatalities = r.count("fatalities")
    figures = [Figure("killed", "all", None, fatalities, None, source_id)] if fatalities is not None else []
    # The numeric iso code first (804), its name when the code is missing or unknown.
    iso = r.text("iso")
    by_code = ctx.places.country(iso) if iso else None
    code = by_code[0] if by_code else r.country("country")
    if code is None:
        raise r.fail("country", "is empty, and so is iso")
    date = r.date("event_date", ACLED_DATES)
    notes = r.text("notes")
    incident = Incident(
        id=event_id,
        date=date,
        date_precision=r.code("time_precision", ACLED_TIME, unknown="unknown"),
        country=code,
        admin1=r.admin1(r.text("admin1")),
        admin2=r.text("admin2"),
        location=r.text("location"),
        latitude=r.number("latitude", -90, 90),
        longitude=r.number("longitude", -180, 180),
        geo_precision=r.code("geo_precision", ACLED_GEO, unknown="unknown"),
        event_type=r.text("event_type"),
        sub_event_type=r.text("sub_event_type"),
        summary=notes,
        attribution=claims,
        figures=figures,
        sources=[Source(source_id, outlet, None, date, notes)],
    )
    return Built(incident, _acled_version(r.text("timestamp")))


def _acled_version(stamp: str | None) -> str | None:
    """ACLED's timestamp (when the row was last changed, Unix seconds) with its day."""
    if not stamp:
        return None
    if stamp.isdigit() and len(stamp) <= 11:
        day = dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()
        return f"row timestamp {stamp}, {day.isoformat()}"
    return f"row timestamp {stamp}"


def ucdp_incident(record: Record, ctx: Context) -> Built:
    r = Row(record, ctx)
    event_id = r.required("id")
    source_id = f"ucdp:{event_id}"
    start = r.date("date_start")
    end = r.optional_date("date_end") or start
    if end < start:
        raise r.fail("date_end", f"{end} is before date_start {start}")
    remarks: list[str] = []
    figure, remark = _ucdp_figure(r.count("low"), r.count("best"), r.count("high"), source_id)
    if remark:
        # UCDP's own data has such rows (12 in 2,861 of one release): the row stays, the
        # figure keeps what is consistent with best, and the analyst is told both ways.
        r.warn("best", remark)
        remarks.append(f"UCDP's {remark}.")
    figures = [figure] if figure else []
    civilians = r.count("deaths_civilians")
    if civilians is not None:
        figures.append(Figure("killed", "civilians", None, civilians, None, source_id))
    code = r.country("country")
    if code is None:
        raise r.fail("country", "is empty")
    violence = r.key("type_of_violence")
    event_type, sub_event_type = UCDP_TYPE.get(violence, (None, None))
    precision = r.code("date_prec", UCDP_DATE, unknown="unknown")
    if precision == "day" and end != start:
        precision = "range"
    where = r.key("where_prec")
    admin1, admin2 = _strip_admin(r.text("adm_1")), _strip_admin(r.text("adm_2"))
    location = None
    if where in _UCDP_PLACE_PRECISIONS:
        location = _ucdp_place(r.text("where_coordinates")) or admin2 or admin1
    described = r.text("where_description")
    if described and not described.lower().startswith("no geoinfo"):
        remarks.append(f"UCDP's place description: {described}.")
    roles = ("perpetrator", "target") if violence == UCDP_ONE_SIDED else ("party", "party")
    article = r.text("source_article")
    incident = Incident(
        id=event_id,
        date=start,
        date_end=end if end != start else None,
        date_precision=precision,
        country=code,
        admin1=r.admin1(admin1),
        admin2=admin2,
        location=location,
        latitude=r.number("latitude", -90, 90),
        longitude=r.number("longitude", -180, 180),
        geo_precision=r.code("where_prec", UCDP_WHERE, unknown="unknown"),
        event_type=event_type,
        sub_event_type=sub_event_type,
        summary=article,
        attribution=[
            Claim(actor, role, "reported", None, source_id)
            for actor, role in ((r.text("side_a"), roles[0]), (r.text("side_b"), roles[1]))
            if actor
        ],
        figures=figures,
        sources=[Source(source_id, r.text("source_office"), None, start, article)],
    )
    return Built(incident, None, remarks)


def _ucdp_figure(low: int | None, best: int | None, high: int | None, source: str) -> tuple[Figure | None, str | None]:
    """The killed figure, and what was dropped when low/best/high are out of order: the
    bounds that contradict best go (best is UCDP's estimate; which bound is the typo
    cannot be told), both when best is missing and low exceeds high."""
    fig = Figure("killed", "all", low, best, high, source)
    if validate_figure(fig) is None:
        return (fig if low is not None or best is not None or high is not None else None), None
    given = "/".join("-" if v is None else str(v) for v in (low, best, high))
    if best is None:
        return None, f"low/best/high {given} are out of order: none kept"
    kept_low = low if low is not None and low <= best else None
    kept_high = high if high is not None and high >= best else None
    dropped = [name for name, value, kept in (("low", low, kept_low), ("high", high, kept_high)) if value != kept]
    return (
        Figure("killed", "all", kept_low, best, kept_high, source),
        f"low/best/high {given} are out of order: kept best {best}, dropped the {' and '.join(dropped)}",
    )


def _ucdp_place(value: str | None) -> str | None:
    if not value or value.lower().startswith("no geoinfo"):
        return None
    return _UCDP_KIND.sub("", " ".join(value.split())) or None


def _strip_admin(value: str | None) -> str | None:
    """UCDP writes "Donetsk oblast" and "Kharkiv district"; keep the name as given."""
    return re.sub(r"\s+", " ", value).strip() if value else None


def acled_row(inc: Incident, country_name: Callable[[str], str]) -> dict[str, Any]:
    """An incident in ACLED's columns (the subset we hold; the rest empty)."""
    perpetrators = list(dict.fromkeys(c.actor for c in inc.attribution if c.role == "perpetrator"))
    targets = list(dict.fromkeys(c.actor for c in inc.attribution if c.role == "target"))
    parties = list(dict.fromkeys(c.actor for c in inc.attribution if c.role == "party"))
    if parties and not perpetrators and not targets:  # a battle: ACLED's actor1 and actor2
        perpetrators, targets = parties[:1], parties[1:]
    killed = combine(inc.figures, "killed", how=inc.casualty_aggregation)
    row: dict[str, Any] = {
        "event_date": inc.date.isoformat() if inc.date else "",
        "year": inc.date.year if inc.date else "",
        "time_precision": {"day": 1, "week": 2, "month": 3}.get(inc.date_precision, 3),
        "actor1": perpetrators[0] if perpetrators else "",
        "assoc_actor_1": "; ".join(perpetrators[1:]),
        "actor2": targets[0] if targets else "",
        "assoc_actor_2": "; ".join(targets[1:]),
        "iso": "",
        "country": country_name(inc.country) if inc.country else "",
        "geo_precision": {"point": 1, "town": 1, "district": 2}.get(inc.geo_precision, 3),
        "source": "; ".join(sorted({s.outlet for s in inc.sources if s.outlet})),
        "fatalities": killed.best if killed.best is not None else 0,
    }
    for column, name in _ACLED_PLAIN:
        value = getattr(inc, name)
        row[column] = "" if value is None else value
    return row


# (ACLED column, field) of the values the field table maps to ACLED as they are.
_ACLED_PLAIN: Final = tuple((f.acled, f.name) for f in FIELDS if f.acled is not None)
