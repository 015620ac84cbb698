"""One dataset record with typed access: errors and warnings name the file, the record and
the column; R's ``NA`` and Excel's ``#N/A`` are unknown, like an empty cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from incident_review.core.contract import MAX_COUNT, date_problem
from incident_review.core.errors import InputError
from incident_review.core.model import Incident

# What exports write for "no value": R (write.csv), pandas, Excel, SQL dumps. An actor
# named "NA" or a toll of 0 read from one of them would be invented data.
MISSING: Final = frozenset({"", "NA", "N/A", "n/a", "#N/A", "NaN", "nan", "NULL", "null"})

# ISO first; then the forms the datasets write: ACLED's "15 March 2022" (and the older
# "15-March-2022"), UCDP's "2023-05-26 00:00:00.000" (fromisoformat reads it).
ISO_AND_NAMED: Final = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y")


@dataclass(frozen=True)
class Record:
    """One row (CSV) or object (JSON) of a dataset file."""

    values: Mapping[str, Any]
    where: str  # "line 17" (CSV: the line the row starts on) or "record 12"
    problem: str | None = None  # the record could not be read at all (too many cells)


@dataclass(frozen=True)
class RowWarning:
    path: str
    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.where}: {self.problem}"


class Places(Protocol):
    """Country and region names as datasets spell them -> ours (services give the data)."""

    def country(self, value: str) -> tuple[str, str | None] | None:
        """(ISO alpha-2, a note when the name was only read as that country: a misspelling
        or a region), or None when unknown."""
        ...

    def admin1(self, value: str) -> tuple[str, str] | None:
        """(our admin1 name, its country) for a region name in any spelling we know."""
        ...


@dataclass
class Context:
    """What every record of one file shares."""

    path: str  # as given, for messages
    places: Places
    version: str | None = None  # the dataset's release (UCDP "24.1"), when the file says
    warnings: list[RowWarning] = field(default_factory=list)


@dataclass
class Built:
    """An incident and what its provenance note says about the record."""

    incident: Incident
    version: str | None = None  # this record's own version (ACLED's timestamp)
    remarks: list[str] = field(default_factory=list)  # decisions the analyst should see


class Row:
    """Typed access to one record's values."""

    def __init__(self, record: Record, ctx: Context) -> None:
        self.values, self.where, self.ctx = record.values, record.where, ctx

    def fail(self, column: str, problem: str) -> InputError:
        return InputError(self.ctx.path, f"{self.where}, column '{column}'", problem)

    def warn(self, column: str, problem: str) -> None:
        self.ctx.warnings.append(RowWarning(self.ctx.path, f"{self.where}, column '{column}'", problem))

    def raw(self, column: str) -> Any:
        return self.values.get(column)

    def text(self, column: str) -> str | None:
        value = self.values.get(column)
        if type(value) is str:  # a CSV cell (the common case: ~30 calls a row)
            value = value.strip()
            return None if value in MISSING else value
        if value is None:
            return None
        if isinstance(value, bool):  # JSON true/false
            return str(value).lower()
        if isinstance(value, list | dict):
            raise self.fail(column, f"expected a value, got a {'list' if isinstance(value, list) else 'mapping'}")
        text = str(value).strip()
        return None if text in MISSING else text

    def key(self, column: str) -> str:
        """A code column's value as a key ("3"; a spreadsheet's "3.0" too), "" when missing."""
        return _code_key(self.text(column) or "")

    def first(self, *columns: str) -> str | None:
        """The first of ``columns`` with a value."""
        for column in columns:
            value = self.text(column)
            if value is not None:
                return value
        return None

    def required(self, column: str) -> str:
        value = self.text(column)
        if value is None:
            raise self.fail(column, "is empty")
        return value

    def date(self, column: str, formats: Sequence[str] = ISO_AND_NAMED) -> dt.date:
        value = self.optional_date(column, formats)
        if value is None:
            raise self.fail(column, "is empty")
        return value

    def optional_date(self, column: str, formats: Sequence[str] = ISO_AND_NAMED) -> dt.date | None:
        value = self.text(column)
        if value is None:
            return None
        parsed = parse_date(value, formats)
        if parsed is None:
            shown = ", ".join(["YYYY-MM-DD", *(_example(f) for f in formats)])
            raise self.fail(column, f"{value!r} is not a date (read as {shown})")
        problem = date_problem(parsed)
        if problem:
            raise self.fail(column, problem)
        return parsed

    def number(self, column: str, lo: float, hi: float) -> float | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            raise self.fail(column, f"{value!r} is not a number") from None
        if not lo <= number <= hi:  # NaN and inf fail this too
            raise self.fail(column, f"{value} is out of range [{lo:g}, {hi:g}]")
        return number

    def count(self, column: str) -> int | None:
        value = self.number(column, 0, MAX_COUNT)
        if value is None:
            return None
        if value != int(value):
            raise self.fail(column, f"{value:g} is not a whole number")
        return int(value)

    def code(self, column: str, table: Mapping[str, str], unknown: str | None = None) -> str:
        """``table``'s value for the column's code; a missing code is ``unknown`` when given."""
        value = self.text(column)
        if value is None and unknown is not None:
            return unknown
        key = self.key(column)
        if key not in table:
            raise self.fail(column, f"{value!r} is not one of {', '.join(table)}")
        return table[key]

    def country(self, column: str, value: str | None = None) -> str | None:
        """The ISO code of the column's country (or of ``value``); a name only read as a
        country (a misspelling, a region) is a warning; an unknown one is an error."""
        name = value if value is not None else self.text(column)
        if name is None:
            return None
        found = self.ctx.places.country(name)
        if found is None:
            raise self.fail(column, f"{name!r} is not a known country")
        code, note = found
        if note:
            self.warn(column, note)
        return code

    def admin1(self, name: str | None) -> str | None:
        """Our name for a region as the dataset spells it ("Kiev Special Republican city"
        -> "Kyiv"), so matching blocks it with extracted incidents; unchanged when unknown."""
        if not name:
            return None
        found = self.ctx.places.admin1(name)
        return found[0] if found else " ".join(name.split())


def parse_date(value: str, formats: Sequence[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:  # "2023-05-26 00:00:00.000", "2002-03-01T00:00:00", with or without a zone
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in formats:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _example(fmt: str) -> str:
    return (
        fmt.replace("%d", "DD")
        .replace("%m", "MM")
        .replace("%Y", "YYYY")
        .replace("%B", "Month")
        .replace("%b", "Mon")
        .replace("%H:%M", "HH:MM")
    )


def _code_key(value: str) -> str:
    """JSON numbers and spreadsheets' "1.0" are the code "1"."""
    if value.endswith(".0") and value[:-2].isdigit():
        return value[:-2]
    return value


def provenance(label: str, file_name: str, where: str, version: str | None, remarks: Sequence[str]) -> str:
    """The note every imported incident carries: which dataset, release, file and record."""
    text = f"Imported from {label}: {file_name}, {where}"
    if version:
        text += f" ({version})"
    text += "."
    return " ".join([text, *remarks])
