"""A living dataset's revised row against the incident it was imported as (issue #13).

Three states of one incident: ``base``, the row as the dataset last gave it; ``mine``, the
incident as stored now (the analyst's edits, merges); ``theirs``, the row in the newer
export. A field upstream changed (theirs != base) is taken only while the analyst has not
touched it (mine == base) and has not reviewed the incident (status and grade as
imported: confirming an incident vouches for every field as it stood). Otherwise the
analyst's value stays and the difference is a conflict for them to see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from incident_review.core.model import Claim, Figure, Incident, Source

# The fields a dataset row sets; the rest (status, grade, the belligerent's assessment,
# notes, merges, aggregation, spans, stamps) are the analyst's or the store's and never
# come from a row.
DATA_FIELDS: Final = (
    "date",
    "date_end",
    "date_precision",
    "time_of_day",
    "country",
    "region",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "where_coordinates",
    "where_prec",
    "geolocation_accuracy",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "type_of_violence",
    "civilian_targeting",
    "inter1",
    "inter2",
    "interaction",
    "conflict_id",
    "dyad_id",
    "summary",
    "weapons",
    "damage",
    "attribution",
    "figures",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "sources",
    "number_of_sources",
    "source_scale",
    "event_clarity",
    "tags",
)
# Which version of the row it is (ACLED's timestamp): taken with any revision of the row,
# never a change or a conflict of its own (the provenance note says the same).
VERSION_FIELDS: Final = ("row_timestamp",)
# As the export and the TUI name them.
LABELS: Final = {"figures": "casualties", "sources": "source"}
SHOWN_CHARS: Final = 60


@dataclass(frozen=True)
class Conflict:
    field: str
    upstream_before: Any
    upstream: Any
    yours: Any
    reviewed: bool  # the analyst reviewed the incident (status or grade), not only this field

    def describe(self, label: str, version: str | None) -> str:
        """``ACLED revised casualties killed 3 -> killed 5 (row timestamp ...); your value killed 4 kept``."""
        name = LABELS.get(self.field, self.field)
        when = f" ({version})" if version else ""
        yours = "your reviewed value" if self.reviewed and self.yours == self.upstream_before else "your value"
        return (
            f"{label} revised {name} {show(self.upstream_before)} -> {show(self.upstream)}{when}; "
            f"{yours} {show(self.yours)} kept"
        )


@dataclass
class Revision:
    incident: Incident  # mine with the fields taken from theirs
    applied: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def data_of(inc: Incident) -> tuple[Any, ...]:
    return tuple(getattr(inc, name) for name in DATA_FIELDS)


def reviewed(base: Incident, mine: Incident) -> bool:
    return mine.status != base.status or mine.grade != base.grade


def revise(base: Incident, mine: Incident, theirs: Incident) -> Revision:
    is_reviewed = reviewed(base, mine)
    taken: dict[str, Any] = {}
    conflicts = []
    for name in DATA_FIELDS:
        old, cur, new = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        if new in (cur, old):  # nothing to take, or only the analyst changed it
            continue
        if cur == old and not is_reviewed:
            taken[name] = new
        else:
            conflicts.append(Conflict(name, old, new, cur, is_reviewed))
    applied = list(taken)
    if applied or conflicts:
        taken.update({name: getattr(theirs, name) for name in VERSION_FIELDS})
    return Revision(replace(mine, **taken) if taken else mine, applied, conflicts)


def show(value: Any) -> str:
    """A field's value in one short line, for notes and the import summary."""
    if value is None or value == []:
        return "none"
    if isinstance(value, list):
        return "; ".join(_item(v) for v in value)
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _item(value: Any) -> str:
    if isinstance(value, Figure):
        group = "" if value.group == "all" else f" {value.group}"
        bounds = f" ({_n(value.low)}-{_n(value.high)})" if value.low is not None or value.high is not None else ""
        return f"{value.kind}{group} {_n(value.best)}{bounds}"
    if isinstance(value, Claim):
        return f"{value.actor} ({value.role})"
    if isinstance(value, Source):
        return show(value.quote) if value.quote else (value.outlet or value.report)
    return show(value)


def _n(value: int | None) -> str:
    return "?" if value is None else str(value)


def names(fields: Sequence[str]) -> str:
    return ", ".join(LABELS.get(f, f) for f in fields)
