"""Which dataset a file is, and its records: detection from the suffix, the JSON's shape
or the CSV header, with an error that says what it saw when nothing fits."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePath
from typing import Any, Final

from incident_review.core import datasets
from incident_review.core.dataset_formats import bellingcat, cir
from incident_review.core.dataset_formats.csv_text import CsvText, read_csv
from incident_review.core.dataset_formats.mapping import ColumnMapping
from incident_review.core.dataset_formats.mapping import incident as mapped_incident
from incident_review.core.dataset_formats.rows import Built, Context, Record
from incident_review.core.errors import InputError

JSON_SUFFIXES: Final = (".json", ".geojson")


@dataclass(frozen=True)
class Format:
    name: str  # as --format names it
    dataset: str  # the prefix of its source ids ("acled" in acled:UKR123)
    label: str  # how notes and messages name it
    kind: str  # "csv" or "json"
    build: Callable[[Record, Context], Built]
    required: tuple[str, ...] = ()  # CSV columns that must be in the header


FORMATS: Final = {
    f.name: f
    for f in (
        Format("acled-csv", "acled", "ACLED", "csv", datasets.acled_incident, datasets.ACLED_REQUIRED),
        Format("ucdp-csv", "ucdp", "UCDP GED", "csv", datasets.ucdp_incident, datasets.UCDP_REQUIRED),
        Format("ucdp-json", "ucdp", "UCDP GED", "json", datasets.ucdp_incident),
        Format("bellingcat-json", bellingcat.NAME, bellingcat.LABEL, "json", bellingcat.incident),
        Format("cir-csv", cir.NAME, cir.LABEL, "csv", cir.incident, cir.COLUMNS),
    )
}
MAPPED: Final = "csv"  # --format csv: any CSV through a column mapping


def mapped_format(mapping: ColumnMapping) -> Format:
    """Every column the mapping names must be in the header."""
    columns = tuple(dict.fromkeys(c for cols in mapping.columns.values() for c in cols))
    return Format(MAPPED, mapping.name, mapping.label, "csv", partial(mapped_incident, mapping), columns)


@dataclass
class Loaded:
    format: Format
    records: Iterable[Record]
    version: str | None = None  # the dataset's release, when the file or its name says
    notices: list[str] = field(default_factory=list)  # about the file as a whole
    partial: bool = False  # says it holds part of a longer result (one page of the API's)


def load(
    path: str,
    text: str,
    name: str | None = None,
    mapping: ColumnMapping | None = None,
    known_mappings: Sequence[ColumnMapping] = (),
) -> Loaded:
    """The file's format (``name``, else detected) and its records, not yet built."""
    fmt = FORMATS.get(name or "") or (mapped_format(mapping) if mapping else None)
    if name == MAPPED and mapping is None:
        raise InputError(path, None, "--format csv needs --mapping FILE (or the name of a mapping in config)")
    is_json = fmt.kind == "json" if fmt else PurePath(path).suffix.lower() in JSON_SUFFIXES
    if is_json:
        return _load_json(path, text, fmt)
    return _load_csv(path, text, fmt, known_mappings)


def _load_csv(path: str, text: str, fmt: Format | None, known: Sequence[ColumnMapping]) -> Loaded:
    csv = read_csv(path, text)
    fmt = fmt or _detect_csv(csv, known)
    missing = [c for c in fmt.required if c not in csv.header]
    if missing:
        raise InputError(
            path,
            f"line {csv.first_line}",
            f"missing column(s): {', '.join(missing)} for {fmt.label} ({csv.describe()})",
        )
    version = ucdp_version(path, None) if fmt.dataset == "ucdp" else None
    return Loaded(fmt, csv.records(), version)


def _detect_csv(csv: CsvText, known: Sequence[ColumnMapping]) -> Format:
    header = csv.header
    if "event_id_cnty" in header:
        return FORMATS["acled-csv"]
    if "where_prec" in header or "date_prec" in header:
        return FORMATS["ucdp-csv"]
    if cir.looks_like(header):
        return FORMATS["cir-csv"]
    for mapping in known:
        if mapping.matches(header):
            return mapped_format(mapping)
    raise InputError(
        csv.path,
        f"line {csv.first_line}",
        "not a dataset CSV this version knows (ACLED: event_id_cnty; UCDP GED: where_prec; CIR: entry and "
        f"violence level); {csv.describe()}; for another layout give --mapping FILE",
    )


def _load_json(path: str, text: str, fmt: Format | None) -> Loaded:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"line {exc.lineno}", f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise InputError(path, None, "not valid JSON: nested too deeply") from None
    pages = _ucdp_pages(data)
    if (fmt is None and pages is not None) or (fmt is not None and fmt.name == "ucdp-json"):
        if pages is None:
            raise InputError(path, None, f'not a UCDP GED API response ({{"Result": [...]}}); {_shape(data)}')
        return _ucdp_loaded(path, pages)
    if fmt is None and not bellingcat.looks_like(data):
        raise InputError(
            path,
            None,
            'not a dataset JSON this version knows (UCDP GED API pages {"Result": [...]}, Bellingcat TimeMap '
            f"events [{{id, date, latitude, longitude, description, sources}}, ...]); {_shape(data)}",
        )
    fmt = fmt or FORMATS["bellingcat-json"]
    if fmt.kind != "json":
        raise InputError(path, None, f"--format {fmt.name} reads CSV, and this file is JSON")
    return Loaded(fmt, bellingcat.records(path, data))


def _ucdp_pages(data: Any) -> list[dict[str, Any]] | None:
    """The API's pages: one response object, or a list of them saved together."""
    if isinstance(data, dict) and isinstance(data.get("Result"), list):
        return [data]
    if isinstance(data, list) and data and all(isinstance(p, dict) and isinstance(p.get("Result"), list) for p in data):
        return data
    return None


def _ucdp_loaded(path: str, pages: list[dict[str, Any]]) -> Loaded:
    records: list[Record] = []
    for page in pages:
        for item in page["Result"]:
            where = f"record {len(records) + 1}"
            if not isinstance(item, dict):
                raise InputError(path, where, f"expected an event object, got {type(item).__name__}")
            if isinstance(item.get("id"), str | int):
                where += f" (id {item['id']})"
            records.append(Record(item, where))
    notices = []
    total = pages[-1].get("TotalCount")
    partial = isinstance(total, int) and total > len(records)
    if partial:
        notices.append(
            f"{path}: holds {len(records)} of the API's {total} events (one page each request): "
            "fetch the other pages (NextPageUrl) and import them too"
        )
    urls = " ".join(str(p.get(k) or "") for p in pages for k in ("NextPageUrl", "PreviousPageUrl"))
    return Loaded(FORMATS["ucdp-json"], records, ucdp_version(path, urls), notices, partial)


_API_VERSION = re.compile(r"/gedevents/(\d+(?:\.\d+)+)")
_FILE_VERSION = re.compile(r"v(\d{2})_(\d+)(?:_(\d+))?|ged(\d{2})(\d)(?!\d)", re.IGNORECASE)


def ucdp_version(path: str, urls: str | None) -> str | None:
    """UCDP's release ("24.1", the candidate "25.0.3") from the API's page URLs or the
    file's name ("GEDEvent_v24_1.csv", "ged241.csv")."""
    found = _API_VERSION.search(urls or "")
    if found:
        return f"release {found.group(1)}"
    m = _FILE_VERSION.search(PurePath(path).name)
    if not m:
        return None
    parts = [p for p in m.groups() if p is not None]
    return f"release {'.'.join(str(int(p)) for p in parts)}"


def _shape(data: Any) -> str:
    if isinstance(data, dict):
        return f"saw an object with keys {', '.join(map(repr, list(data)[:8])) or 'none'}"
    if isinstance(data, list):
        first = data[0] if data else None
        if isinstance(first, dict):
            return f"saw a list of {len(data)} objects, the first with keys {', '.join(map(repr, list(first)[:8]))}"
        return f"saw a list of {len(data)} {type(first).__name__ if data else 'items'}"
    return f"saw a {type(data).__name__}"
