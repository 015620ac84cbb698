"""Any dataset CSV, read through a column mapping (YAML: ``--mapping FILE`` or a named
mapping under ``mappings:`` in config/datasets.yaml)::

    name: mydata              # source ids are mydata:ID; required
    label: My dataset         # how notes name it (default: the name)
    date_formats: ["%d/%m/%Y"]  # tried after ISO dates (strptime codes)
    detect: [event, day]      # header columns that identify the layout, for `import` without --mapping
    columns:                  # our field: its column (a list: the first with a value;
      id: event               #   for actors, every one of them)
      date: day
      location: town
      perpetrator: [actor1, assoc_actor1]
      killed: deaths
    values:                   # fixed values for fields no column holds
      country: UA
      geo_precision: point

Columns not named in the mapping go into the incident's note ("column: value"), so
nothing the file says is lost.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Final

from incident_review.core.casualties import validate_figure
from incident_review.core.dataset_formats.rows import ISO_AND_NAMED, Built, Context, Record, Row
from incident_review.core.errors import InputError
from incident_review.core.model import DATE_PRECISIONS, GEO_PRECISIONS, Claim, Figure, Incident, Source
from incident_review.core.model import FIELDS as MODEL_FIELDS

# The incident's other text fields, taken as they are: time_of_day and the datasets' own
# (region, admin3, tags, geolocation_accuracy, belligerent_assessment...).
PLAIN_TEXT: Final = tuple(f.name for f in MODEL_FIELDS if f.kind == "text" and f.since >= 9)
TEXT_FIELDS: Final = (
    "id",
    "date",
    "date_end",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "summary",
    "event_type",
    "sub_event_type",
    "date_precision",
    "geo_precision",
    "url",
    "outlet",
    "version",
    *PLAIN_TEXT,
)
ACTOR_FIELDS: Final = ("perpetrator", "target", "party")
FIGURE_FIELDS: Final = {
    "killed": ("killed", "all", "best"),
    "killed_low": ("killed", "all", "low"),
    "killed_high": ("killed", "all", "high"),
    "wounded": ("wounded", "all", "best"),
    "wounded_low": ("wounded", "all", "low"),
    "wounded_high": ("wounded", "all", "high"),
    "civilians_killed": ("killed", "civilians", "best"),
    "children_killed": ("killed", "children", "best"),
    "missing": ("missing", "all", "best"),
}
FIELDS: Final = (*TEXT_FIELDS, *ACTOR_FIELDS, *FIGURE_FIELDS)
_KEYS: Final = ("name", "label", "date_formats", "detect", "columns", "values")
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
# Several links in one cell ("https://a, https://b"): split before each scheme.
_LINKS = re.compile(r"[\s,;]+(?=https?://)")


@dataclass(frozen=True)
class ColumnMapping:
    name: str
    label: str
    columns: dict[str, tuple[str, ...]]
    values: dict[str, str] = field(default_factory=dict)
    date_formats: tuple[str, ...] = ISO_AND_NAMED
    detect: tuple[str, ...] = ()

    def matches(self, header: list[str]) -> bool:
        return bool(self.detect) and set(self.detect) <= set(header)


def parse_mapping(data: Any, origin: str) -> ColumnMapping:
    """A mapping from its YAML, every problem one line naming ``origin`` and the key."""
    if not isinstance(data, dict):
        raise InputError(origin, None, f"a column mapping is a YAML mapping, got {type(data).__name__}")
    unknown = sorted(set(map(str, data)) - set(_KEYS))
    if unknown:
        raise InputError(origin, f"key '{unknown[0]}'", f"is not a mapping key ({', '.join(_KEYS)})")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise InputError(origin, "key 'name'", f"{name!r} is not a dataset name (lowercase letters, digits, - or _)")
    columns = _columns(data.get("columns"), origin)
    for needed in ("id", "date"):
        if needed not in columns:
            raise InputError(origin, f"key 'columns.{needed}'", "is required")
    values = data.get("values") or {}
    if not isinstance(values, dict):
        raise InputError(origin, "key 'values'", f"expected a mapping, got {type(values).__name__}")
    fixed: dict[str, str] = {}
    for key, value in values.items():
        if key not in TEXT_FIELDS or key == "id":
            raise InputError(origin, f"key 'values.{key}'", "is not a field a fixed value can fill")
        fixed[str(key)] = str(value)
    for key, allowed in (("date_precision", DATE_PRECISIONS), ("geo_precision", GEO_PRECISIONS)):
        if key in fixed and fixed[key] not in allowed:
            raise InputError(origin, f"key 'values.{key}'", f"{fixed[key]!r} is not one of {', '.join(allowed)}")
    formats = data.get("date_formats") or []
    if not isinstance(formats, list) or not all(isinstance(f, str) and "%" in f for f in formats):
        raise InputError(origin, "key 'date_formats'", "expected a list of strptime formats (like '%d/%m/%Y')")
    detect = data.get("detect") or []
    if not isinstance(detect, list) or not all(isinstance(c, str) for c in detect):
        raise InputError(origin, "key 'detect'", "expected a list of column names")
    label = data.get("label") or name
    return ColumnMapping(name, str(label), columns, fixed, (*formats, *ISO_AND_NAMED), tuple(detect))


def _columns(value: Any, origin: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise InputError(origin, "key 'columns'", "expected a mapping of field: column")
    out: dict[str, tuple[str, ...]] = {}
    for key, cols in value.items():
        if key not in FIELDS:
            raise InputError(origin, f"key 'columns.{key}'", f"is not a field ({', '.join(FIELDS)})")
        names = cols if isinstance(cols, list) else [cols]
        if not names or not all(isinstance(c, str) and c.strip() for c in names):
            raise InputError(origin, f"key 'columns.{key}'", "expected a column name or a list of them")
        out[str(key)] = tuple(c.strip() for c in names)
    return out


class _Fields:
    """One record's values by our field names: from the mapped columns (the first with a
    value), else from the mapping's fixed values. Errors name the column (or the key)."""

    def __init__(self, mapping: ColumnMapping, r: Row) -> None:
        self.mapping, self.r = mapping, r

    def column(self, key: str) -> str:
        """The column a value of ``key`` comes from (the first when none has one)."""
        for c in self.mapping.columns.get(key, ()):
            if self.r.text(c) is not None:
                return c
        return self.mapping.columns[key][0] if key in self.mapping.columns else f"values.{key}"

    def row(self, key: str) -> tuple[Row, str]:
        """A row to read ``key`` from, and the column name to read."""
        if key in self.mapping.columns:
            return self.r, self.column(key)
        fixed = Record({f"values.{key}": self.mapping.values.get(key)}, self.r.where)
        return Row(fixed, self.r.ctx), f"values.{key}"

    def text(self, key: str) -> str | None:
        row, column = self.row(key)
        return row.text(column)

    def date(self, key: str) -> dt.date | None:
        row, column = self.row(key)
        return row.optional_date(column, self.mapping.date_formats)

    def number(self, key: str, lo: float, hi: float) -> float | None:
        row, column = self.row(key)
        return row.number(column, lo, hi)

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.text(key)
        if value is None:
            return default
        if value not in allowed:
            raise self.r.fail(self.column(key), f"{value!r} is not one of {', '.join(allowed)}")
        return value


def incident(mapping: ColumnMapping, record: Record, ctx: Context) -> Built:
    r = Row(record, ctx)
    f = _Fields(mapping, r)
    event_id = f.text("id")
    if not event_id:
        raise r.fail(f.column("id"), "is empty")
    source_id = f"{mapping.name}:{event_id}"
    date = f.date("date")
    if date is None:
        raise r.fail(f.column("date"), "is empty")
    end = f.date("date_end")
    if end is not None and end < date:
        raise r.fail(f.column("date_end"), f"{end} is before date {date}")
    country_name = f.text("country")
    country = r.country(f.column("country"), country_name) if country_name else None
    outlet = f.text("outlet")
    links = [u.strip() for u in _LINKS.split(f.text("url") or "") if u.strip()]
    summary = f.text("summary")
    claims = [
        Claim(actor, role, "reported", outlet, source_id)
        for role in ACTOR_FIELDS
        for actor in dict.fromkeys(r.text(c) or "" for c in mapping.columns.get(role, ()))
        if actor
    ]
    sources = [Source(source_id, outlet, links[0] if links else None, date, summary)]
    sources += [Source(f"{source_id}/{i}", None, link, None, None) for i, link in enumerate(links[1:], start=2)]
    plain: dict[str, Any] = {name: f.text(name) for name in PLAIN_TEXT}
    inc = Incident(
        id=event_id,
        date=date,
        date_end=end if end != date else None,
        date_precision=f.choice("date_precision", DATE_PRECISIONS, "range" if end and end != date else "day"),
        country=country,
        admin1=r.admin1(f.text("admin1")),
        admin2=f.text("admin2"),
        location=f.text("location"),
        latitude=f.number("latitude", -90, 90),
        longitude=f.number("longitude", -180, 180),
        geo_precision=f.choice("geo_precision", GEO_PRECISIONS, "unknown"),
        event_type=f.text("event_type"),
        sub_event_type=f.text("sub_event_type"),
        summary=summary,
        attribution=claims,
        figures=_figures(f, source_id),
        sources=sources,
        **plain,
    )
    mapped = {c for cs in mapping.columns.values() for c in cs}
    rest = [f"{k}: {r.text(k)}" for k in record.values if k and k not in mapped and r.text(k) is not None]
    remarks = [f"Other columns: {'; '.join(rest)}."] if rest else []
    version = f.text("version")
    return Built(inc, f"version {version}" if version else None, remarks)


def _figures(f: _Fields, source_id: str) -> list[Figure]:
    slots: dict[tuple[str, str], dict[str, int]] = {}
    first: dict[tuple[str, str], str] = {}
    for key, (kind, group, slot) in FIGURE_FIELDS.items():
        if key not in f.mapping.columns:
            continue
        column = f.column(key)
        value = f.r.count(column)
        if value is not None:
            slots.setdefault((kind, group), {})[slot] = value
            first.setdefault((kind, group), column)
    figures = []
    for (kind, group), found in slots.items():
        fig = Figure(kind, group, found.get("low"), found.get("best"), found.get("high"), source_id)
        problem = validate_figure(fig)
        if problem:
            raise f.r.fail(first[(kind, group)], problem)
        figures.append(fig)
    return figures
