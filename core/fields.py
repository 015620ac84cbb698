"""The incident's field table: how each layer treats each attribute of an incident.

The table's rows are the attributes of ``core.model.Incident`` themselves: each is
annotated ``Annotated[<python type>, Field(...)]``, and ``model.FIELDS`` is the table
read back from the class (name, type and default from the dataclass, the rest from the
``Field``), in attribute order. Adding a scalar field is one annotated attribute there,
plus the migration that adds its column (``since``; storage/schema.py ``added_columns``).

What each consumer derives from the table:

- the YAML contract (core/contract.py): the keys and their order (``yaml``), how each is
  written and read back (``kind``, ``choices``, ``bounds``, ``required``), and the keys
  written only when set (``sparse``: a new field's key is absent from files that never
  had it, so existing exports stay byte-identical but for the version line, and /1 files
  still read), and the contract version that added it (``contract``: a /1 file holding a
  /2 key is refused, as it was before /2);
- the incidents row (storage/incident_rows.py): one column per field with ``sql``,
  encoded and decoded by ``kind``; the audit snapshots (core/snapshot.py) by ``kind``;
- a new migration's columns (storage/schema.py ``added_columns``): ``sql`` of the fields
  with that ``since`` (migrations 1-7 predate the table and stay as they shipped);
- merging (core/merge.py): ``merge``;
- the compare view (tui/compare.py): ``compare`` (row order) and ``label``; the detail
  pane (tui/detail.py) shows ``detail`` fields as one line each, under ``label``;
- the list (core/query.py, core/filter_text.py, storage/listing.py, tui/columns.py):
  ``filter`` (the filter bar's keys for it: the first is its name, the others aliases),
  ``sort``, ``listed`` (column title, width, priority, position);
- ACLED / UCDP CSV (core/datasets.py): ``acled`` / ``ucdp``, the column a plain value is
  read from and written to (``export --format acled-csv`` / ``ucdp-csv``).

Still special-cased, by name, in their consumer (``kind="nested"`` rows, and values
that are not one field's):

- the nested structures ``attribution``, ``figures``, ``sources``, ``notes`` (child
  tables; YAML lists, ``figures`` as the ``casualties`` mapping together with
  ``casualty_aggregation``) and ``spans`` (value_spans; not in the contract);
- the stored columns computed from them (``DERIVED`` below: casualty bounds, source
  count, contested, duplicate score), which incident_rows.py computes;
- checks across fields (date_end not before date, the country code's form: contract.py);
- coded or composite CSV values: dates, date and place precision codes, country names and
  numbers, UCDP's violence type, admin names, actors and associated actors (claims), the
  casualty columns (figures), sources (datasets.py);
- the filter language's semantics (core/filter_text.py: ``status:a,b`` lists and the words the
  list shows, date and count comparisons, ``type`` at either taxonomy level, ``place`` over
  location and admin1, ``actor`` and ``outlet`` over claims and sources, ``dup``/
  ``contested``) and every index (query planning).
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from typing import Any, Final, Literal

# How a value is typed on the wire (YAML, SQL, CSV): text, one of ``choices``, a date
# (ISO text in SQL), a number within ``bounds``, a non-negative whole number, a list of
# texts (JSON text in SQL), or a nested structure its consumers handle by name.
Kind = Literal["text", "choice", "date", "number", "count", "texts", "nested"]
# How a merge (core/merge.py) sets it: the analyst chooses whose value ("choose": by
# default the survivor's, or the first other's when the survivor has none), every
# incident's items are kept ("union"), the survivor's stays ("keep"), or merge.py has a
# rule of its own for it ("own").
Merge = Literal["choose", "union", "keep", "own"]

_SQL_TYPES: Final[dict[str, str]] = {"number": "REAL", "count": "INTEGER"}


@dataclass(frozen=True)
class Listed:
    """A column of the incident list."""

    title: str
    width: int
    # Which columns a narrow terminal drops first: the highest number first; 0 is never
    # dropped (the id, the place and the flags an analyst must always see: status, dup).
    priority: int
    rank: int  # position among the list's columns, left to right


@dataclass(frozen=True)
class Field:
    """One row of the table. ``name``, ``type`` and ``default`` are the attribute's (filled
    in by ``table``); the rest says how each layer treats it."""

    kind: Kind
    choices: tuple[str, ...] = ()  # choice: the allowed values
    bounds: tuple[float, float] | None = None  # number: the allowed range
    required: bool = False  # text: empty is refused
    # text: a YAML number is refused rather than taken as its text. YAML 1.1 reads an
    # unquoted 14:30 as the number 870 (base 60): for values such as times of day.
    text_only: bool = False
    yaml: str | None = ""  # the contract's key ("": the name; None: not in the contract)
    sparse: bool = False  # contract: written only when set; displays: shown only when set
    contract: int = 1  # the contract version that added the key (incident-review/N); older files lack it
    sql: str | None = ""  # the column's type ("": by kind; None: no column of incidents)
    since: int = 1  # the migration that added the column
    merge: Merge = "keep"
    compare: int | None = None  # position among the compare view's rows (None: not a row)
    label: str = ""  # compare and detail label ("": the name)
    detail: bool = False  # a line of its own in the detail pane
    filter: tuple[str, ...] = ()  # the filter bar's keys that test it
    sort: bool = False  # the list can be sorted by it (needs ``listed``)
    listed: Listed | None = None
    acled: str | None = None  # ACLED column of a plain value
    ucdp: str | None = None  # UCDP GED column of a plain value
    name: str = ""
    type: Any = None
    default: Any = None

    @property
    def key(self) -> str | None:
        """The YAML key, or None when the contract does not carry the field."""
        return self.name if self.yaml == "" else self.yaml

    @property
    def column(self) -> str | None:
        """The incidents column (named as the field), or None."""
        return None if self.sql_type is None else self.name

    @property
    def sql_type(self) -> str | None:
        if self.sql is None or self.kind == "nested":
            return None
        return self.sql or _SQL_TYPES.get(self.kind, "TEXT")

    @property
    def title(self) -> str:
        return self.label or self.name

    def unset(self, value: Any) -> bool:
        """Whether ``value`` is the field's default (a sparse key is then left out)."""
        return bool(value == self.default)


@dataclass(frozen=True)
class Derived:
    """A column of incidents computed from other values (storage/incident_rows.py computes
    them, duplicate detection ``dup_score``): stored so the list can filter, sort and show
    them without loading the incident."""

    name: str
    sql: str
    listed: Listed | None = None
    sort: bool = False
    filter: tuple[str, ...] = ()  # the filter bar's keys that test it (a count: killed>0)


DERIVED: Final = (
    # the killed figure's best
    Derived("killed", "INTEGER", Listed("k/w", 7, 1, 5), sort=True, filter=("killed", "k")),
    Derived("wounded", "INTEGER", filter=("wounded", "w")),  # shown in the k/w column
    Derived("n_sources", "INTEGER", Listed("src", 3, 3, 8), filter=("sources", "src")),
    Derived("contested", "INTEGER"),  # the ``contested`` filter
    Derived("dup_score", "REAL", Listed("dup", 3, 0, 9)),  # the ``dup`` filter
    Derived("killed_low", "INTEGER"),  # casualty bounds, for duplicate matching
    Derived("killed_high", "INTEGER"),
    Derived("wounded_low", "INTEGER"),
    Derived("wounded_high", "INTEGER"),
)


def table(cls: type) -> tuple[Field, ...]:
    """Every attribute of dataclass ``cls`` with its ``Field``, in attribute order."""
    hints = typing.get_type_hints(cls, include_extras=True)
    rows: list[Field] = []
    for attr in dataclasses.fields(cls):
        hint = hints[attr.name]
        specs = [m for m in getattr(hint, "__metadata__", ()) if isinstance(m, Field)]
        if len(specs) != 1:
            raise TypeError(f"{cls.__name__}.{attr.name} needs one Field annotation (core/fields.py)")
        if attr.default is not dataclasses.MISSING:
            default: Any = attr.default
        elif attr.default_factory is not dataclasses.MISSING:
            default = attr.default_factory()
        else:
            default = None  # required (the id)
        row = dataclasses.replace(specs[0], name=attr.name, type=typing.get_args(hint)[0], default=default)
        if row.sort and row.listed is None:
            raise TypeError(f"{cls.__name__}.{attr.name}: a sortable field is a list column (listed=...)")
        rows.append(row)
    return tuple(rows)
