"""What each file in config/ holds: one dataclass per file, its fields the file's top-level keys.

``incident_review.config`` reads a file (the shipped defaults, a user's override on top) and
checks it against its class here (``config/schema.py``): an unknown key, a missing one or a
value of the wrong type is one line naming the file and the key. The matcher and the
extraction rules take these objects, so a key is named once, here, and read as an attribute.

A new key goes into its file's class below (with a default when older overrides may lack it).
Rule data passed on to the extractor as it is (event rules, casualty words, place roles, the
gazetteer's records) are TypedDicts: checked key by key, but kept as the parsed dicts.

Kept free of heavy imports: the CLI checks the small files before opening the TUI.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, NotRequired, TypedDict

from incident_review.core.keys_settings import Keys as Keys  # (re-exported: see keys.yaml below)

# ------------------------------------------------------------ matching.yaml


@dataclass(frozen=True, kw_only=True)
class Undated:
    neighbours: int
    recent_days: int
    lookback_days: int
    unknown_credit: float


@dataclass(frozen=True, kw_only=True)
class PlaceDistances:
    near_km: float
    far_km: float
    region_credit: float


@dataclass(frozen=True, kw_only=True)
class CasualtyRatios:
    ratio_zero: float
    ratio_zero_rising: float


@dataclass(frozen=True, kw_only=True)
class Weights:
    """One weight per scored component, in the order pairs show them."""

    place: float
    admin1: float
    date: float
    date_unknown: float
    event_type: float
    weapons: float
    casualties: float
    damage: float
    text: float


# The matcher's scored components are the weights' names (one list, not two to keep in step).
COMPONENTS: tuple[str, ...] = tuple(f.name for f in fields(Weights))


@dataclass(frozen=True, kw_only=True)
class ClusterConflicts:
    max_day_gap: int
    min_place_similarity: float


@dataclass(frozen=True, kw_only=True)
class Matching:
    window_days: int
    max_interval_days: int
    undated: Undated
    places: PlaceDistances
    casualties: CasualtyRatios
    pair_within_dataset: bool
    one_per_report_margin: float | None = None  # None: every pair with a report is kept
    threshold: float
    weights: Weights
    cluster_conflicts: ClusterConflicts
    place_stopwords: list[str] = field(default_factory=list)
    transliteration: list[tuple[str, str]] = field(default_factory=list)
    # A damage name -> the one the matcher counts it as: the incident keeps the report's word
    # ("apartment block"), matching sees one object ("apartment building").
    damage_same: dict[str, str] = field(default_factory=dict)


# ------------------------------------------------------------ crosswalk.yaml


@dataclass(frozen=True, kw_only=True)
class Crosswalk:
    """The kinds of violence each dataset's type can be (core/crosswalk.py reads them):
    matching compares two incidents of different taxonomies through them."""

    shared_credit: float  # the type component when two incidents share a kind
    acled_event_types: dict[str, list[str]]
    acled_sub_event_types: dict[str, list[str]] = field(default_factory=dict)  # over the event type's
    civilian_targeting: list[str] = field(default_factory=list)  # ACLED's mark adds these
    ucdp_type_of_violence: dict[str, list[str]]
    bellingcat_filters: dict[str, list[str]] = field(default_factory=dict)  # an incident's tags


# ------------------------------------------------------------ keys.yaml


# (Keys, for keys.yaml, lives in core/keys_settings.py, re-exported here.)


# ------------------------------------------------------------ extraction.yaml


class Connectors(TypedDict):
    tail: list[str]
    lead: list[str]


class EventWhen(TypedDict):
    any: NotRequired[str]
    weapons_only: NotRequired[list[str]]
    weapons_any: NotRequired[list[str]]
    weapons_none: NotRequired[list[str]]


class EventRule(TypedDict):
    when: EventWhen
    event_type: str
    sub_event_type: str


class CasualtyWords(TypedDict):
    killed: list[str]
    wounded: list[str]
    missing: list[str]
    groups: dict[str, list[str]]
    all_words: list[str]
    zero: list[str]
    toll: list[str]
    toll_words: list[str]
    labels: list[str]
    largest_incident_count: NotRequired[int]
    cumulative: list[str]


class PlaceRole(TypedDict):
    before: NotRequired[list[str]]
    after: NotRequired[list[str]]
    both: NotRequired[bool]
    kinds: NotRequired[list[str]]


class DefaultEventType(TypedDict):
    event_type: str
    sub_event_type: str


class EventWordingLists(TypedDict):
    figures_of_speech: list[str]
    generic_triggers: list[str]
    habitual: list[str]
    policy: list[str]
    continuing: list[str]
    anaphoric: list[str]
    reactions: list[str]
    country_wide: list[str]
    damage_verbs: list[str]
    attack_words: list[str]


class PluralSingular(TypedDict):
    plural: list[str]
    singular: list[str]


class PersonTitles(TypedDict):
    capitalised: list[str]
    either_case: list[str]


class Speech(TypedDict):
    between: list[str]
    verbs: list[str]


class PlaceWordingLists(TypedDict):
    region_words: list[str]
    region_officials: list[str]
    region_words_naming_admin1: list[str]
    region_words_dropped: list[str]
    place_nouns: PluralSingular
    city_words: list[str]
    dateline_countries: list[str]
    country_adjectives: dict[str, str]
    unnamed_place_nouns: list[str]
    thing_after_name: list[str]
    words_after_a_place: list[str]
    person_titles: PersonTitles
    blame_verbs: list[str]
    speech: Speech
    state_words: list[str]
    state_verbs: list[str]
    descriptor_nouns: list[str]
    district_words: list[str]
    district_adjective_endings: list[str]
    village_before: list[str]
    village_after: list[str]


class AttributionWordingLists(TypedDict):
    attack_verbs: list[str]
    weapon_words: list[str]
    place_prepositions: list[str]
    fact_box_labels: list[str]
    speaker_words: list[str]
    statement_verbs: list[str]
    military_organs: list[str]


class CasualtyWording(TypedDict):
    not_counted_after_number: list[str]
    one_by_role: list[str]
    role_verbs: list[str]
    other_event_words: list[str]


@dataclass(frozen=True, kw_only=True)
class Extraction:
    triggers: list[str]
    other_event_connectors: Connectors
    event_types: list[EventRule]
    weapons: dict[str, list[str]]
    weapon_fallbacks: dict[str, list[str]] = field(default_factory=dict)
    weapon_types: dict[str, str]  # a missile or drone type's pattern -> the weapon it is
    damage: dict[str, list[str]]
    casualties: CasualtyWords
    vague_numbers: dict[str, int]
    incidents_need_region: bool = True
    place_roles: dict[str, PlaceRole] = field(default_factory=dict)
    # The rules' words (see core/extract/*_wording.py for the patterns they fill in).
    default_event_type: DefaultEventType
    event_wording: EventWordingLists
    place_wording: PlaceWordingLists
    attribution_wording: AttributionWordingLists
    casualty_wording: CasualtyWording


# ------------------------------------------------------------ actors.yaml


class ActorEntry(TypedDict):
    side: str
    patterns: list[str]


@dataclass(frozen=True, kw_only=True)
class Actors:
    actors: dict[str, ActorEntry]
    speakers: dict[str, list[str]]
    speaker_sides: dict[str, str] = field(default_factory=dict)
    local_officials: list[str]
    country_sides: dict[str, str]  # a country code -> the side its forces are
    sides_not_blamed_by_others: list[str]


# ------------------------------------------------------------ gazetteer.yaml


class Admin1(TypedDict):
    name: str
    country: str
    aliases: list[str]


class City(TypedDict):
    name: str
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    aliases: list[str]
    part_of: NotRequired[str]  # a district of this town, not a town of its own


@dataclass(frozen=True, kw_only=True)
class Gazetteer:
    note: str = ""
    countries: dict[str, list[str]]  # ISO code -> names
    admin1: list[Admin1]
    first_names: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    cities: list[City]  # most populous first
    villages: str = ""  # places under 15k, one per line (see scripts/build_gazetteer.py)


# ------------------------------------------------------------ datasets.yaml


@dataclass(frozen=True, kw_only=True)
class Datasets:
    """Column mappings for dataset CSVs without an importer of their own: name -> mapping.
    Each mapping's keys are checked by core/dataset_formats/mapping.py (``parse_mapping``),
    which names the file and the mapping."""

    mappings: dict[str, dict[str, Any]] = field(default_factory=dict)
