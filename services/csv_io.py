"""ACLED / UCDP GED CSV import and ACLED CSV export."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TextIO

from incident_review.core import datasets
from incident_review.core.errors import InputError
from incident_review.core.query import IncidentFilter
from incident_review.core.safe_text import csv_cell
from incident_review.services.duplicates import match_new, resume_matching
from incident_review.services.extraction import extractor
from incident_review.services.files import atomic_text, read_utf8
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


def detect_format(path: Path, header: list[str]) -> str:
    if "event_id_cnty" in header:
        return "acled-csv"
    if "where_prec" in header or "date_prec" in header:
        return "ucdp-csv"
    raise InputError(str(path), "line 1", "not an ACLED or UCDP GED CSV (no event_id_cnty or where_prec column)")


def import_csv(store: Store, path: Path, analyst: str, fmt: str | None = None) -> list[str]:
    """Validate every row, then insert all in one transaction (ids kept)."""
    text = read_utf8(path)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise InputError(str(path), None, "empty file")
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:  # DictReader keeps the last of two same-named columns: which one was meant?
        raise InputError(str(path), "line 1", f"column {twice[0]!r} appears twice in the header")
    fmt = fmt or detect_format(path, header)
    required = datasets.ACLED_REQUIRED if fmt == "acled-csv" else datasets.UCDP_REQUIRED
    missing = datasets.missing_columns(header, required)
    if missing:
        raise InputError(str(path), "line 1", f"missing column(s): {', '.join(missing)}")
    build = datasets.acled_incident if fmt == "acled-csv" else datasets.ucdp_incident
    gazetteer = extractor().rules.gazetteer
    incidents = []
    seen: set[str] = set()
    try:
        for row in reader:
            line = reader.line_num
            inc = build({k.strip(): v for k, v in row.items() if k}, str(path), line, country_code)
            # Their admin1 spellings ("Dnipropetrovsk oblast") become ours, so matching
            # against extracted incidents blocks them together.
            inc = replace(inc, admin1=gazetteer.admin1_name(inc.admin1))
            if inc.id in seen:
                raise InputError(str(path), f"line {line}", f"id {inc.id} appears twice in the file")
            seen.add(inc.id)
            incidents.append(inc)
    except csv.Error as exc:
        raise InputError(str(path), f"line {reader.line_num}", f"not valid CSV ({exc})") from None
    if not incidents:
        raise InputError(str(path), None, "no rows")
    ids = store.import_incidents(incidents, analyst, str(path), to_match=True)
    resume_matching(store)
    match_new(store, ids, store.last_batch)
    return ids


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
