"""ACLED and UCDP GED rows <-> incidents. Their ids are kept; their precision codes are
mapped to ours; every value an analyst may need later goes into a field, claims, figures
or the source quote rather than being dropped. The exports write the values taken as they
are through the field table's ``acled`` / ``ucdp`` columns (core/fields.py) and the coded
ones here (dates and their precision, places' precision, countries, actors, casualties,
sources); the readers read each column themselves (NA, dialects, codes), and
tests/unit/test_fields.py checks they read every mapped one. ACLED export -> import ->
export is byte-identical in every column, and so is UCDP's in every column it carries
(tests/system/test_dataset_export.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any, Final

from incident_review.core.casualties import Range, combine, validate_figure
from incident_review.core.dataset_formats.rows import ISO_AND_NAMED, MISSING, Built, Context, Record, Row
from incident_review.core.model import FIELDS, VIOLENCE_TYPES, Claim, Figure, Incident, Source

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
# UCDP GED's CSV as published (the 49-column layout of its releases); ``ucdp_row`` fills the
# columns the store carries, the rest stay empty.
UCDP_COLUMNS: Final = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
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
# type_of_violence: 1 state-based conflict, 2 non-state conflict, 3 one-sided violence. No
# ACLED event type is made up from it (a state-based event is a battle or a shelling):
# config/crosswalk.yaml says which each can be, and matching compares through it.
UCDP_VIOLENCE: Final = {str(i): name for i, name in enumerate(VIOLENCE_TYPES, start=1)}


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


def _names(value: str | None) -> list[str]:
    """ACLED's assoc_actor cells name several actors, "; " between them."""
    if not value:
        return []
    return list(dict.fromkeys(n for n in (part.strip() for part in value.split(";")) if n and n not in MISSING))


def _side(r: Row, actor: str, associated: str, role: str, outlet: str | None, source: str) -> list[Claim]:
    """One side of an ACLED event: its actor, then the actors associated with it (linked to
    it by ``associated_with``, so that the export writes them back to that side)."""
    principal = r.text(actor)
    others = [a for a in _names(r.text(associated)) if a != principal]
    if principal is None:  # associated with no one: each stands for the side
        return [Claim(a, role, "reported", outlet, source) for a in others]
    return [
        Claim(principal, role, "reported", outlet, source),
        *(Claim(a, role, "reported", outlet, source, associated_with=principal) for a in others),
    ]


def acled_incident(record: Record, ctx: Context) -> Built:
    r = Row(record, ctx)
    event_id = r.required("event_id_cnty")
    source_id = f"acled:{event_id}"
    outlet = r.text("source")
    # ACLED's codebook: actor1 and actor2 "do not imply directionality". In a battle they
    # are two parties; in remote violence and violence against civilians actor1 acts on actor2.
    first, second = ("party", "party") if r.text("event_type") == "Battles" else ("perpetrator", "target")
    claims = _side(r, "actor1", "assoc_actor_1", first, outlet, source_id)
    claims += _side(r, "actor2", "assoc_actor_2", second, outlet, source_id)
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
    stamp = r.text("timestamp")
    incident = Incident(
        id=event_id,
        date=date,
        date_precision=r.code("time_precision", ACLED_TIME, unknown="unknown"),
        country=code,
        region=r.text("region"),
        admin1=r.admin1(r.text("admin1")),
        admin2=r.text("admin2"),
        admin3=r.text("admin3"),
        location=r.text("location"),
        latitude=r.number("latitude", -90, 90),
        longitude=r.number("longitude", -180, 180),
        geo_precision=r.code("geo_precision", ACLED_GEO, unknown="unknown"),
        disorder_type=r.text("disorder_type"),
        event_type=r.text("event_type"),
        sub_event_type=r.text("sub_event_type"),
        civilian_targeting=r.text("civilian_targeting"),
        inter1=r.text("inter1"),
        inter2=r.text("inter2"),
        interaction=r.text("interaction"),
        summary=notes,
        attribution=claims,
        figures=figures,
        sources=[Source(source_id, outlet, None, date, notes)],
        source_scale=r.text("source_scale"),
        tags=r.text("tags"),
        row_timestamp=stamp,
    )
    return Built(incident, _acled_version(stamp))


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
    violence_type = r.code("type_of_violence", UCDP_VIOLENCE, unknown="") or None
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
        region=r.text("region"),
        where_coordinates=r.text("where_coordinates"),
        where_prec=r.count("where_prec"),
        type_of_violence=violence_type,
        conflict_id=r.text("conflict_new_id"),
        dyad_id=r.text("dyad_new_id"),
        summary=article,
        attribution=[
            Claim(actor, role, "reported", None, source_id)
            for actor, role in ((r.text("side_a"), roles[0]), (r.text("side_b"), roles[1]))
            if actor
        ],
        figures=figures,
        deaths_a=r.count("deaths_a"),
        deaths_b=r.count("deaths_b"),
        deaths_civilians=civilians,
        deaths_unknown=r.count("deaths_unknown"),
        sources=[Source(source_id, r.text("source_office"), None, start, article)],
        number_of_sources=r.count("number_of_sources"),
        event_clarity=r.count("event_clarity"),
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


def sides(claims: Sequence[Claim]) -> tuple[tuple[str, list[str]], tuple[str, list[str]]]:
    """The two sides of an event as ACLED (actor1, assoc_actor_1; actor2, assoc_actor_2) and
    UCDP (side_a, side_b) write them: the first perpetrator, else the first of two parties,
    with the actors associated with it and the other perpetrators; the first target, else the
    second party, likewise. An associated claim belongs to the nearest claim before it of
    the actor it names; claims of one actor from several reports are one."""
    groups: list[tuple[Claim, list[str]]] = []
    for c in claims:
        owner = next((g for g in reversed(groups) if c.associated_with and g[0].actor == c.associated_with), None)
        if owner is not None:
            owner[1].append(c.actor)
        else:
            groups.append((c, []))
    by_role: dict[str, list[tuple[Claim, list[str]]]] = {"perpetrator": [], "target": [], "party": []}
    for claim, associated in groups:
        kept = by_role[claim.role]
        same = next((g for g in kept if g[0].actor == claim.actor), None)
        # One actor is one side, but for two parties of the same name in one row (a clash
        # within an armed group: ACLED writes it as actor1 and actor2 alike).
        if same is not None and not (claim.role == "party" and same[0].source == claim.source):
            same[1].extend(associated)
        else:
            kept.append((claim, list(associated)))
    first, second = by_role["perpetrator"], by_role["target"]
    if not first and not second:  # a battle: its parties are the two sides
        first, second = by_role["party"][:1], by_role["party"][1:]
    return _one_side(first), _one_side(second)


def _one_side(groups: list[tuple[Claim, list[str]]]) -> tuple[str, list[str]]:
    if not groups:
        return "", []
    actor = groups[0][0].actor
    others = [*groups[0][1], *(name for claim, associated in groups[1:] for name in (claim.actor, *associated))]
    return actor, [name for name in dict.fromkeys(others) if name != actor]


def _outlets(inc: Incident) -> str:
    return "; ".join(sorted({s.outlet for s in inc.sources if s.outlet}))


def _killed(inc: Incident) -> Range:
    return combine(inc.figures, "killed", how=inc.casualty_aggregation)


def _acled_time(inc: Incident) -> int | str:
    """ACLED's time_precision: 1 the day, 2 within a week (a range of up to 7 days, UCDP's
    2-6 days), 3 within a month or vaguer; empty when unknown (import reads it back so)."""
    if inc.date is None or inc.date_precision == "unknown":
        return ""
    if inc.date_precision == "range":
        return 2 if _span_days(inc) <= 6 else 3
    return {"day": 1, "week": 2}.get(inc.date_precision, 3)


def _span_days(inc: Incident) -> int:
    return (inc.date_end - inc.date).days if inc.date and inc.date_end else 0


def acled_row(
    inc: Incident, country_name: Callable[[str], str], country_number: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """An incident in ACLED's 31 columns: unknown values empty (a toll never known is no 0)."""
    (actor1, assoc1), (actor2, assoc2) = sides(inc.attribution)
    killed = _killed(inc)
    fatalities = killed.best if killed.best is not None else killed.low
    row: dict[str, Any] = {
        "event_date": inc.date.isoformat() if inc.date else "",
        "year": inc.date.year if inc.date else "",
        "time_precision": _acled_time(inc),
        "actor1": actor1,
        "assoc_actor_1": "; ".join(assoc1),
        "actor2": actor2,
        "assoc_actor_2": "; ".join(assoc2),
        "iso": (country_number(inc.country) if country_number else "") if inc.country else "",
        "country": country_name(inc.country) if inc.country else "",
        "geo_precision": {"point": 1, "town": 1, "district": 2, "region": 3, "country": 3}.get(inc.geo_precision, ""),
        "source": _outlets(inc),
        "fatalities": "" if fatalities is None else fatalities,
    }
    for column, name in _ACLED_PLAIN:
        row[column] = _blank(getattr(inc, name))
    return row


# (ACLED column, field) of the values the field table maps to ACLED as they are.
_ACLED_PLAIN: Final = tuple((f.acled, f.name) for f in FIELDS if f.acled is not None)
# (UCDP column, field), likewise.
_UCDP_PLAIN: Final = tuple((f.ucdp, f.name) for f in FIELDS if f.ucdp is not None)
_UCDP_CODES: Final = {name: code for code, name in UCDP_VIOLENCE.items()}
# Our geo precision as UCDP's where_prec, for incidents not read from UCDP (which keep theirs).
_UCDP_WHERE_OF: Final = {"point": 1, "town": 2, "district": 3, "region": 4, "country": 6}
UCDP_TIME: Final = " 00:00:00.000"  # GED's CSV writes its dates with a time of day


def _ucdp_date_prec(inc: Incident) -> int | str:
    """UCDP's date_prec: 1 the day, 2 a range of 2-6 days, 3 the week, 4 a month (8-30
    days), 5 longer; empty when unknown."""
    if inc.date is None or inc.date_precision == "unknown":
        return ""
    if inc.date_precision == "range":
        span = _span_days(inc)
        return 2 if span <= 6 else (4 if span <= 30 else 5)
    return {"day": 1, "week": 3, "month": 4}.get(inc.date_precision, 5)


def ucdp_row(inc: Incident, country_name: Callable[[str], str]) -> dict[str, Any]:
    """An incident in UCDP GED's columns: the values the store carries (its dates as a range
    with their precision, low/best/high, deaths by side, ids, codes); the rest empty."""
    (side_a, _), (side_b, _) = sides(inc.attribution)
    killed = _killed(inc)
    end = inc.date_end or inc.date
    row: dict[str, Any] = {column: _blank(getattr(inc, name)) for column, name in _UCDP_PLAIN}
    row.update(
        {
            "year": inc.date.year if inc.date else "",
            "type_of_violence": _UCDP_CODES.get(inc.type_of_violence or "", ""),
            "side_a": side_a,
            "side_b": side_b,
            "source_office": _outlets(inc),
            "adm_1": inc.admin1 or "",
            "adm_2": inc.admin2 or "",
            "country": country_name(inc.country) if inc.country else "",
            "date_prec": _ucdp_date_prec(inc),
            "date_start": f"{inc.date.isoformat()}{UCDP_TIME}" if inc.date else "",
            "date_end": f"{end.isoformat()}{UCDP_TIME}" if end else "",
            "low": _blank(killed.low),
            "best": _blank(killed.best),
            "high": _blank(killed.high),
        }
    )
    if inc.latitude is not None and inc.longitude is not None:
        row["geom_wkt"] = f"POINT ({inc.longitude} {inc.latitude})"
    if inc.where_prec is None:
        row["where_prec"] = _UCDP_WHERE_OF.get(inc.geo_precision, "")
    if inc.where_coordinates is None:
        row["where_coordinates"] = inc.location or ""
    return row


def _blank(value: Any) -> Any:
    return "" if value is None else value
