"""The incident model shared by every layer.

Values are plain dataclasses so that storage can persist them, the YAML contract can
serialise them and the TUI can show them without any of them knowing about the others.
Each attribute of ``Incident`` carries its row of the field table (core/fields.py), which
says how each of them treats it: adding a field is one annotated attribute here (and the
migration adding its column).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any, Final

from incident_review.core.fields import Field, Kind, Listed, table

STATUSES: Final = ("unreviewed", "confirmed", "rejected", "needs_follow_up")
GRADES: Final = ("confirmed", "fair", "weak", "contested", "discounted")
DATE_PRECISIONS: Final = ("day", "week", "month", "year", "range", "unknown")
GEO_PRECISIONS: Final = ("point", "town", "district", "region", "country", "unknown")
# A party is one side of a fight (a battle's two armies: UCDP's state-based and non-state
# conflict, ACLED's battles), neither of them "the perpetrator".
ROLES: Final = ("perpetrator", "target", "party")
STANCES: Final = ("reported", "blamed", "claimed", "denied", "confirmed")
CASUALTY_KINDS: Final = ("killed", "wounded", "missing")
CASUALTY_GROUPS: Final = ("all", "civilians", "children", "military")
# UCDP GED's type_of_violence (1, 2, 3), by the names its codebook gives them.
VIOLENCE_TYPES: Final = ("state-based", "non-state", "one-sided")


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) into one report's text."""

    report: str
    start: int
    end: int


@dataclass
class Report:
    id: str
    text: str
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    ingested_at: str | None = None
    ingested_by: str | None = None


@dataclass
class Source:
    """A report that supports an incident, with the quoted passage."""

    report: str
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    quote: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Claim:
    """One attribution claim: who is said (by whom, in which report) to have done it."""

    actor: str
    role: str = "perpetrator"
    stance: str = "reported"
    by: str | None = None
    source: str | None = None
    start: int | None = None
    end: int | None = None
    # The actor this one is associated with in the event (ACLED's assoc_actor_1/2: "Health
    # workers (Ukraine)" with "Civilians (Ukraine)"): same side and role, not a principal.
    associated_with: str | None = None


@dataclass
class Figure:
    """A casualty figure for one kind and group, from one report (or from the analyst
    when ``source`` is None)."""

    kind: str
    group: str = "all"
    low: int | None = None
    best: int | None = None
    high: int | None = None
    source: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Note:
    by: str
    at: str
    text: str


def _dataset(
    kind: Kind, label: str, acled: str | None = None, ucdp: str | None = None, compare: int | None = None, **more: Any
) -> Field:
    """A field of the datasets (issue #13, migration 11, contract /2): written and shown only
    when set, so files and exports of incidents without it are unchanged but for the version."""
    return Field(
        kind,
        sparse=True,
        contract=2,
        since=11,
        merge="choose",
        detail=True,
        label=label,
        acled=acled,
        ucdp=ucdp,
        compare=compare,
        **more,
    )


@dataclass
class Incident:
    """An incident, and its row of the field table (core/fields.py) on each attribute."""

    id: Annotated[
        str,
        Field(
            "text",
            required=True,
            filter=("id",),
            sort=True,
            listed=Listed("id", 11, 0, 0),
            acled="event_id_cnty",
            ucdp="id",
        ),
    ]
    status: Annotated[
        str, Field("choice", choices=STATUSES, filter=("status",), sort=True, listed=Listed("status", 9, 0, 6))
    ] = "unreviewed"
    grade: Annotated[
        str | None,
        Field("choice", choices=GRADES, merge="choose", compare=80, filter=("grade",), listed=Listed("grade", 9, 5, 7)),
    ] = None
    # What the belligerent itself says of the incident (Airwars' "belligerent assessment":
    # "credible", "non-credible", "not yet assessed", a denial...), as stated: never the
    # analyst's grade, which stays theirs.
    belligerent_assessment: Annotated[str | None, _dataset("text", "belligerent", compare=85)] = None
    date: Annotated[
        dt.date | None,
        Field(
            "date",
            merge="choose",
            compare=10,
            filter=("date", "from", "to"),
            sort=True,
            listed=Listed("date", 10, 1, 1),
        ),
    ] = None
    date_end: Annotated[dt.date | None, Field("date", merge="choose")] = None  # for ranges
    date_precision: Annotated[str, Field("choice", choices=DATE_PRECISIONS, merge="choose", compare=20)] = "unknown"
    # "night", "morning", "14:30": as the reports say it. Sparse: /1 files and exports
    # without it stay byte-identical.
    time_of_day: Annotated[
        str | None,
        Field(
            "text", text_only=True, sparse=True, since=9, merge="choose", compare=15, label="time of day", detail=True
        ),
    ] = None
    country: Annotated[str | None, Field("text", merge="choose", compare=30, filter=("country",))] = None  # ISO alpha-2
    # The dataset's region of the country ("Europe", ACLED's "Eastern Africa"), as it names it.
    region: Annotated[str | None, _dataset("text", "region", acled="region", ucdp="region")] = None
    admin1: Annotated[
        str | None,
        Field(
            "text",
            merge="choose",
            compare=40,
            filter=("admin1",),
            sort=True,
            listed=Listed("admin1", 16, 4, 3),
            acled="admin1",
        ),
    ] = None
    admin2: Annotated[str | None, Field("text", merge="choose", acled="admin2")] = None
    admin3: Annotated[str | None, _dataset("text", "admin3", acled="admin3")] = None
    location: Annotated[
        str | None,
        Field(
            "text",
            merge="choose",
            compare=50,
            filter=("place", "location"),  # location or admin1 (the column shows admin1 when there is no location)
            sort=True,
            listed=Listed("place", 15, 0, 2),
            acled="location",
        ),
    ] = None
    latitude: Annotated[
        float | None, Field("number", bounds=(-90, 90), merge="choose", acled="latitude", ucdp="latitude")
    ] = None
    longitude: Annotated[
        float | None, Field("number", bounds=(-180, 180), merge="choose", acled="longitude", ucdp="longitude")
    ] = None
    geo_precision: Annotated[str, Field("choice", choices=GEO_PRECISIONS, merge="choose")] = "unknown"
    # UCDP's place as it names it ("Dnipro town"; location is the name: Dnipro) and its
    # where_prec code (1 exact ... 7 international waters; geo_precision is ours).
    where_coordinates: Annotated[str | None, _dataset("text", "UCDP place", ucdp="where_coordinates")] = None
    where_prec: Annotated[int | None, _dataset("count", "where prec", ucdp="where_prec")] = None
    # How well the point was located, as the geolocator says ("within 150 m", CIR's
    # "Geolocated", Airwars' "Exact location"); geo_precision is the kind of place.
    geolocation_accuracy: Annotated[str | None, _dataset("text", "geolocated", compare=55)] = None
    disorder_type: Annotated[str | None, _dataset("text", "disorder", acled="disorder_type")] = None
    event_type: Annotated[
        str | None, Field("text", merge="choose", compare=60, filter=("type",), acled="event_type")
    ] = None
    sub_event_type: Annotated[
        str | None,
        Field(
            "text",
            merge="choose",
            compare=70,
            filter=("type",),
            sort=True,
            listed=Listed("type", 9, 2, 4),
            acled="sub_event_type",
        ),
    ] = None
    # UCDP GED's type of violence (its codes 1-3 by name); config/crosswalk.yaml says which
    # ACLED types each can be, for matching.
    type_of_violence: Annotated[str | None, _dataset("choice", "violence", compare=75, choices=VIOLENCE_TYPES)] = None
    # ACLED's "Civilian targeting" mark, its actor type codes and their interaction code
    # (numbers in older exports, "State forces" in newer ones), as written.
    civilian_targeting: Annotated[str | None, _dataset("text", "targeting", acled="civilian_targeting")] = None
    inter1: Annotated[str | None, _dataset("text", "inter1", acled="inter1")] = None
    inter2: Annotated[str | None, _dataset("text", "inter2", acled="inter2")] = None
    interaction: Annotated[str | None, _dataset("text", "interaction", acled="interaction")] = None
    # UCDP's conflict and dyad (conflict_new_id, dyad_new_id).
    conflict_id: Annotated[str | None, _dataset("text", "UCDP conflict", ucdp="conflict_new_id")] = None
    dyad_id: Annotated[str | None, _dataset("text", "UCDP dyad", ucdp="dyad_new_id")] = None
    summary: Annotated[str | None, Field("text", merge="choose", compare=90, acled="notes", ucdp="source_article")] = (
        None
    )
    weapons: Annotated[list[str], Field("texts", merge="union", compare=100)] = field(default_factory=list)
    damage: Annotated[list[str], Field("texts", merge="union", compare=110)] = field(default_factory=list)
    attribution: Annotated[list[Claim], Field("nested", merge="union", filter=("actor",))] = field(default_factory=list)
    figures: Annotated[list[Figure], Field("nested", yaml="casualties", merge="union")] = field(default_factory=list)
    # UCDP's deaths by side, as it gives them (its best estimate split; the killed figures,
    # civilians too, are what review works on).
    deaths_a: Annotated[int | None, _dataset("count", "deaths A", ucdp="deaths_a")] = None
    deaths_b: Annotated[int | None, _dataset("count", "deaths B", ucdp="deaths_b")] = None
    deaths_civilians: Annotated[int | None, _dataset("count", "deaths civilians", ucdp="deaths_civilians")] = None
    deaths_unknown: Annotated[int | None, _dataset("count", "deaths unknown", ucdp="deaths_unknown")] = None
    sources: Annotated[list[Source], Field("nested", merge="union", filter=("outlet",))] = field(default_factory=list)
    number_of_sources: Annotated[int | None, _dataset("count", "UCDP sources", ucdp="number_of_sources")] = None
    source_scale: Annotated[str | None, _dataset("text", "source scale", acled="source_scale")] = None
    # UCDP's event clarity: 1 high, 2 lower.
    event_clarity: Annotated[int | None, _dataset("count", "clarity", ucdp="event_clarity")] = None
    # ACLED's tags ("crowd size=no report"), Bellingcat's filters ("Weapon System=Cluster
    # munitions; Type of area affected=Residential"): "; " between them.
    tags: Annotated[str | None, _dataset("text", "tags", acled="tags")] = None
    # ACLED's timestamp: when it last changed the row (Unix seconds, as written).
    row_timestamp: Annotated[str | None, _dataset("text", "row timestamp", acled="timestamp")] = None
    # Ids merged into this one (a merge adds the others' and theirs).
    merged_from: Annotated[list[str], Field("texts", merge="own")] = field(default_factory=list)
    merged_into: Annotated[str | None, Field("text", yaml=None)] = None
    notes: Annotated[list[Note], Field("nested", merge="union")] = field(default_factory=list)
    # How the incident's casualty figure is drawn from its sources' (core.casualties.combine);
    # in the contract, the ``casualties`` mapping's ``aggregation``.
    casualty_aggregation: Annotated[str, Field("text", yaml=None, since=6)] = "best"
    # Provenance of scalar and list values: field name (``weapons:drone`` for list items)
    # to the span of report text it was read from.
    spans: Annotated[dict[str, Span], Field("nested", yaml=None, sql=None, merge="own")] = field(default_factory=dict)
    reviewed_by: Annotated[str | None, Field("text")] = None
    reviewed_at: Annotated[str | None, Field("text")] = None
    version: Annotated[int, Field("count", yaml=None)] = 0
    created_at: Annotated[str | None, Field("text", yaml=None)] = None
    created_by: Annotated[str | None, Field("text", yaml=None)] = None
    updated_at: Annotated[str | None, Field("text", yaml=None)] = None
    updated_by: Annotated[str | None, Field("text", yaml=None)] = None

    @property
    def place(self) -> str:
        """The most specific place name known, for one-line displays."""
        return self.location or self.admin2 or self.admin1 or self.country or ""

    @property
    def contested(self) -> bool:
        """Claims name more than one perpetrator (an actor associated with another, ACLED's
        assoc_actor, is that one's side, not a rival), or someone denies."""
        perpetrators = {
            c.actor
            for c in self.attribution
            if c.role == "perpetrator" and c.stance != "denied" and c.associated_with is None
        }
        denied = any(c.stance == "denied" for c in self.attribution)
        return len(perpetrators) > 1 or denied


def incident_number(incident_id: str) -> int | None:
    """The number in an ``INC-000123`` id, or None for ids from other datasets."""
    if incident_id.startswith("INC-") and incident_id[4:].isdigit():
        return int(incident_id[4:])
    return None


def format_incident_id(number: int) -> str:
    return f"INC-{number:06d}"


# The field table: every attribute of Incident with its Field, in attribute order.
FIELDS: Final = table(Incident)
