"""Country names and codes for dataset files, and the ACLED and UCDP GED CSV exports
(imports: ``services/dataset_import.py``)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from incident_review.core import datasets
from incident_review.core.model import Incident
from incident_review.core.query import IncidentFilter
from incident_review.core.safe_text import csv_cell
from incident_review.services.files import atomic_text
from incident_review.storage.store import Store


@cache
def _countries() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(name, numeric or alpha code -> alpha-2; alpha-2 -> name; alpha-2 -> ISO 3166-1
    numeric as ACLED's iso column writes it, 804, 4) from pycountry."""
    import pycountry  # deferred: only CSV interop needs it

    lookup: dict[str, str] = {}
    names: dict[str, str] = {}
    numbers: dict[str, str] = {}
    for c in pycountry.countries:
        numbers[c.alpha_2] = str(int(c.numeric))
        for key in (
            c.alpha_2,
            c.alpha_3,
            c.numeric,
            c.name,
            getattr(c, "common_name", None),
            getattr(c, "official_name", None),
        ):
            if key:
                lookup[str(key).lower()] = c.alpha_2
        names[c.alpha_2] = getattr(c, "common_name", None) or c.name
    lookup.update({"russia": "RU", "russia (soviet union)": "RU", "ukraine": "UA", "iran": "IR", "syria": "SY"})
    names.update({"RU": "Russia"})
    return lookup, names, numbers


def country_code(value: str) -> str | None:
    value = value.strip().lower()
    if not value:
        return None
    lookup = _countries()[0]
    return lookup.get(value) or lookup.get(value.lstrip("0")) or lookup.get(value.split(" (")[0])


def country_name(code: str) -> str:
    return _countries()[1].get(code, code)


def country_number(code: str) -> str:
    """ISO 3166-1 numeric, without leading zeros (ACLED's iso); "" for a code it lacks."""
    return _countries()[2].get(code, "")


def country_names() -> dict[str, str]:
    """Every country's names (lowercase, no codes) -> alpha-2: what a misspelling is
    compared with."""
    lookup = _countries()[0]
    return {k: v for k, v in lookup.items() if len(k) > 3 and not k.isdigit()}


def write_acled_csv(
    store: Store, stream: TextIO, f: IncidentFilter, raw_cells: bool = False, for_terminal: bool = False
) -> int:
    """Incidents in ACLED's column order.

    A text cell starting with = + - @ tab or CR gets a leading single quote, so a
    spreadsheet shows it instead of running it (OWASP's CSV injection advice: an actor or a
    report's ``source:`` header can say ``=HYPERLINK(...)``); ``for_terminal`` (stdout) also
    makes control and format characters inert. ``raw_cells`` keeps every cell as stored."""
    return _write(store, stream, f, datasets.ACLED_COLUMNS, _acled, raw_cells, for_terminal)


def write_ucdp_csv(
    store: Store, stream: TextIO, f: IncidentFilter, raw_cells: bool = False, for_terminal: bool = False
) -> int:
    """Incidents in UCDP GED's 49 columns (the ones the store carries filled), cells as
    ``write_acled_csv`` writes them."""
    return _write(store, stream, f, datasets.UCDP_COLUMNS, _ucdp, raw_cells, for_terminal)


def _acled(inc: Incident) -> dict[str, Any]:
    return datasets.acled_row(inc, country_name, country_number)


def _ucdp(inc: Incident) -> dict[str, Any]:
    return datasets.ucdp_row(inc, country_name)


def _write(
    store: Store,
    stream: TextIO,
    f: IncidentFilter,
    columns: Sequence[str],
    to_row: Callable[[Incident], dict[str, Any]],
    raw_cells: bool,
    for_terminal: bool,
) -> int:
    writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    count = 0
    for inc in store.iter_incidents(f):
        row = to_row(inc)
        if not raw_cells:
            row = {k: csv_cell(v, for_terminal=for_terminal) for k, v in row.items()}
        writer.writerow(row)
        count += 1
    return count


FORMATS: dict[str, Callable[..., int]] = {"acled-csv": write_acled_csv, "ucdp-csv": write_ucdp_csv}


def export_csv_file(store: Store, path: Path, f: IncidentFilter, fmt: str, raw_cells: bool = False) -> int:
    """``fmt`` (acled-csv, ucdp-csv) to ``path``, never half a file (``atomic_text``)."""
    with atomic_text(path, newline="") as stream:
        return FORMATS[fmt](store, stream, f, raw_cells)
