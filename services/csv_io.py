"""Country names and codes for dataset files, and the ACLED CSV export (imports:
``services/dataset_import.py``)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import TextIO

from incident_review.core import datasets
from incident_review.core.query import IncidentFilter
from incident_review.core.safe_text import csv_cell
from incident_review.services.files import atomic_text
from incident_review.storage.store import Store


@cache
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """(name, numeric or alpha code -> alpha-2; alpha-2 -> name) from pycountry."""
    import pycountry  # deferred: only CSV interop needs it

    lookup: dict[str, str] = {}
    names: dict[str, str] = {}
    for c in pycountry.countries:
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
    return lookup, names


def country_code(value: str) -> str | None:
    value = value.strip().lower()
    if not value:
        return None
    lookup, _ = _countries()
    return lookup.get(value) or lookup.get(value.lstrip("0")) or lookup.get(value.split(" (")[0])


def country_name(code: str) -> str:
    return _countries()[1].get(code, code)


def country_names() -> dict[str, str]:
    """Every country's names (lowercase, no codes) -> alpha-2: what a misspelling is
    compared with."""
    lookup, _ = _countries()
    return {k: v for k, v in lookup.items() if len(k) > 3 and not k.isdigit()}


def write_acled_csv(
    store: Store, stream: TextIO, f: IncidentFilter, raw_cells: bool = False, for_terminal: bool = False
) -> int:
    """Incidents in ACLED's column order.

    A text cell starting with = + - @ tab or CR gets a leading single quote, so a
    spreadsheet shows it instead of running it (OWASP's CSV injection advice: an actor or a
    report's ``source:`` header can say ``=HYPERLINK(...)``); ``for_terminal`` (stdout) also
    makes control and format characters inert. ``raw_cells`` keeps every cell as stored."""
    writer = csv.DictWriter(stream, fieldnames=datasets.ACLED_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    count = 0
    for inc in store.iter_incidents(f):
        row = datasets.acled_row(inc, country_name)
        if not raw_cells:
            row = {k: csv_cell(v, for_terminal=for_terminal) for k, v in row.items()}
        writer.writerow(row)
        count += 1
    return count


def export_acled_csv_file(store: Store, path: Path, f: IncidentFilter, raw_cells: bool = False) -> int:
    with atomic_text(path, newline="") as stream:
        return write_acled_csv(store, stream, f, raw_cells)
