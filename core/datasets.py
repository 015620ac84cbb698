"""ACLED and UCDP GED rows <-> incidents. Their ids are kept; their precision codes are
mapped to ours; every value an analyst may need later goes into claims, figures and the
source quote rather than being dropped. Values taken as they are map through the field
table's ``acled`` / ``ucdp`` columns (core/fields.py); coded and composite ones are here."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Final

from incident_review.core.casualties import combine, validate_figure
from incident_review.core.contract import date_problem
from incident_review.core.errors import InputError
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


def missing_columns(header: list[str], required: tuple[str, ...]) -> list[str]:
    present = {h.strip() for h in header}
    return [c for c in required if c not in present]


class _Row:
    """Typed access to one CSV row with errors naming the file, line and column."""

    def __init__(self, row: dict[str, str], path: str, line: int) -> None:
        self.row, self.path, self.line = row, path, line

    def fail(self, column: str, problem: str) -> InputError:
        return InputError(self.path, f"line {self.line}, column '{column}'", problem)

    def text(self, column: str) -> str | None:
        value = (self.row.get(column) or "").strip()
        return value or None

    def date(self, column: str) -> dt.date:
        value = self.text(column)
        if value is None:
            raise self.fail(column, "is empty")
        for parse in (
            dt.date.fromisoformat,
            lambda v: dt.datetime.strptime(v, "%d %B %Y").date(),
            lambda v: dt.datetime.strptime(v, "%Y-%m-%d %H:%M:%S.%f").date(),
        ):
            try:
                parsed = parse(value)
            except ValueError:
                continue
            problem = date_problem(parsed)
            if problem:
                raise self.fail(column, problem)
            return parsed
        raise self.fail(column, f"{value!r} is not a date")

    def number(self, column: str, lo: float, hi: float) -> float | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            raise self.fail(column, f"{value!r} is not a number") from None
        if not lo <= number <= hi:
            raise self.fail(column, f"{number} is out of range [{lo:g}, {hi:g}]")
        return number

    def count(self, column: str) -> int | None:
        value = self.number(column, 0, 10_000_000)
        if value is None:
            return None
        if value != int(value):
            raise self.fail(column, f"{value} is not a whole number")
        return int(value)

    def code(self, column: str, table: dict[str, str]) -> str:
        value = self.text(column) or ""
        if value not in table:
            raise self.fail(column, f"{value!r} is not one of {', '.join(table)}")
        return table[value]


def acled_incident(row: dict[str, str], path: str, line: int, country_code: Callable[[str], str | None]) -> Incident:
    r = _Row(row, path, line)
    event_id = r.text("event_id_cnty")
    if not event_id:
        raise r.fail("event_id_cnty", "is empty")
    source_id = f"acled:{event_id}"
    claims = [
        Claim(actor, "perpetrator", "reported", r.text("source"), source_id)
        for actor in (r.text("actor1"), r.text("assoc_actor_1"))
        if actor
    ]
    claims += [
        Claim(actor, "target", "reported", r.text("source"), source_id)
        for actor in (r.text("actor2"), r.text("assoc_actor_2"))
        if actor
    ]
    fatalities = r.count("fatalities")
    figures = [Figure("killed", "all", None, fatalities, None, source_id)] if fatalities is not None else []
    country = country_code(r.text("iso") or "") or country_code(r.text("country") or "")
    if country is None:
        raise r.fail("country", f"{r.text('country')!r} is not a known country")
    date = r.date("event_date")
    date_precision = r.code("time_precision", ACLED_TIME)
    plain = _plain(r, "acled")
    return Incident(
        **plain,
        date=date,
        date_precision=date_precision,
        country=country,
        geo_precision=r.code("geo_precision", ACLED_GEO),
        attribution=claims,
        figures=figures,
        sources=[Source(source_id, r.text("source"), None, date, r.text("notes"))],
    )


def ucdp_incident(row: dict[str, str], path: str, line: int, country_code: Callable[[str], str | None]) -> Incident:
    r = _Row(row, path, line)
    event_id = r.text("id")
    if not event_id:
        raise r.fail("id", "is empty")
    source_id = f"ucdp:{event_id}"
    start, end = r.date("date_start"), r.date("date_end")
    if end < start:
        raise r.fail("date_end", f"{end} is before date_start {start}")
    low, best, high = r.count("low"), r.count("best"), r.count("high")
    figures = [Figure("killed", "all", low, best, high, source_id)]
    # Any two of them out of order (low 5, best 3, high empty included) is refused for the
    # row: silently reordered, the analyst would never learn which figure was the typo.
    problem = validate_figure(figures[0])
    if problem:
        raise r.fail("best", problem)
    civilians = r.count("deaths_civilians") if "deaths_civilians" in row else None
    if civilians is not None:
        figures.append(Figure("killed", "civilians", None, civilians, None, source_id))
    country = country_code(r.text("country") or "")
    if country is None:
        raise r.fail("country", f"{r.text('country')!r} is not a known country")
    event_type, sub_event_type = UCDP_TYPE.get(r.text("type_of_violence") or "", (None, None))
    precision = r.code("date_prec", UCDP_DATE)
    if precision == "day" and end != start:
        precision = "range"
    article = r.text("source_article")
    plain = _plain(r, "ucdp")
    return Incident(
        **plain,
        date=start,
        date_end=end if end != start else None,
        date_precision=precision,
        country=country,
        admin1=_strip_admin(r.text("adm_1")),
        admin2=_strip_admin(r.text("adm_2")),
        geo_precision=r.code("where_prec", UCDP_WHERE),
        event_type=event_type,
        sub_event_type=sub_event_type,
        attribution=[
            Claim(a, role, "reported", None, source_id)
            for a, role in ((r.text("side_a"), "perpetrator"), (r.text("side_b"), "target"))
            if a
        ],
        figures=figures,
        sources=[Source(source_id, r.text("source_office"), None, start, article)],
    )


def _plain(r: _Row, dataset: str) -> dict[str, Any]:
    """The fields the field table maps to one of ``dataset``'s columns (``acled``/``ucdp``,
    core/fields.py), read as their kind says; coded and composite values are the callers'."""
    values: dict[str, Any] = {}
    for f in FIELDS:
        column = f.acled if dataset == "acled" else f.ucdp
        if column is None:
            continue
        if f.kind == "text":
            value = r.text(column)
            if value is None and f.required:
                raise r.fail(column, "is empty")
            values[f.name] = value
        elif f.kind == "number":
            values[f.name] = r.number(column, *(f.bounds or (-float("inf"), float("inf"))))
        elif f.kind == "count":
            values[f.name] = r.count(column)
        else:
            raise TypeError(f"{f.name}: a {f.kind} field has no plain {dataset} column")
    return values


def _strip_admin(value: str | None) -> str | None:
    """UCDP writes "Donetsk oblast" and "Kharkiv district"; keep the name as given."""
    return re.sub(r"\s+", " ", value).strip() if value else None


def acled_row(inc: Incident, country_name: Callable[[str], str]) -> dict[str, Any]:
    """An incident in ACLED's columns (the subset we hold; the rest empty)."""
    perpetrators = list(dict.fromkeys(c.actor for c in inc.attribution if c.role == "perpetrator"))
    targets = list(dict.fromkeys(c.actor for c in inc.attribution if c.role == "target"))
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
