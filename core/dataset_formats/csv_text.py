"""Dataset CSV text -> header and records, whatever the delimiter.

ACLED's export tool writes commas; a spreadsheet saved in a European locale writes
semicolons (and Excel may put a ``sep=;`` line first); some tools write tabs. The
delimiter is sniffed from the header line alone: the rows' free text (ACLED's notes) holds
every candidate character, the header none but the delimiter."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from incident_review.core.dataset_formats.rows import Record
from incident_review.core.errors import InputError

DELIMITERS: Final = ",;\t|"
_NAMES: Final = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass(frozen=True)
class CsvText:
    path: str
    header: list[str]
    delimiter: str
    body: str  # the text after the header line(s)
    first_line: int  # the line number of the header (2 after a ``sep=`` line)

    def describe(self, limit: int = 8) -> str:
        """What the header looked like, for an error that says what it saw."""
        shown = ", ".join(repr(h) for h in self.header[:limit])
        more = f", … ({len(self.header)} in all)" if len(self.header) > limit else ""
        split = _NAMES.get(self.delimiter, repr(self.delimiter))
        return f"saw {len(self.header)} column(s) split on {split}: {shown}{more}"

    def records(self) -> Iterator[Record]:
        """Each row as a Record at the line it starts on (a quoted note may span lines)."""
        reader = csv.reader(io.StringIO(self.body), delimiter=self.delimiter)
        end = self.first_line
        try:
            for cells in reader:
                start, end = end + 1, self.first_line + reader.line_num
                if not any(c.strip() for c in cells):
                    continue  # a blank line (a spreadsheet's trailing rows)
                problem = None
                if len(cells) > len(self.header) and any(c.strip() for c in cells[len(self.header) :]):
                    problem = (
                        f"{len(cells)} cells for {len(self.header)} columns (a delimiter inside an unquoted value?)"
                    )
                yield Record(dict(zip(self.header, cells, strict=False)), f"line {start}", problem)
        except csv.Error as exc:
            raise InputError(self.path, f"line {self.first_line + reader.line_num}", f"not valid CSV ({exc})") from None


def read_csv(path: str, text: str) -> CsvText:
    """The header (names stripped) and the rest; a header naming a column twice is refused."""
    lines = text.split("\n", 2)
    first_line = 1
    delimiter = None
    if lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        delimiter = lines[0].strip()[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        first_line = 2
    head, _, body = text.partition("\n")
    if not head.strip():
        raise InputError(path, None, "empty file" if not body.strip() else f"line {first_line} (the header) is empty")
    delimiter = delimiter or sniff_delimiter(head)
    header = [h.strip() for h in next(csv.reader([head.rstrip("\r")], delimiter=delimiter))]
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:  # a dict keeps the last of two same-named columns: which one was meant?
        raise InputError(path, f"line {first_line}", f"column {twice[0]!r} appears twice in the header")
    return CsvText(path, header, delimiter, body, first_line)


def sniff_delimiter(head: str) -> str:
    try:
        return csv.Sniffer().sniff(head, delimiters=DELIMITERS).delimiter
    except csv.Error:  # one column, or no candidate: count them (a comma when none)
        counts = {d: head.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","
