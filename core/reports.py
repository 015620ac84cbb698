"""Read report files (plain text with a header, Markdown with front matter, JSONL).

Everything here is pure parsing: the caller decides what to store. Any problem raises
InputError naming the file and line, so an ingest can stop before writing anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Final

import yaml

from incident_review.core.contract import date_problem
from incident_review.core.errors import InputError
from incident_review.core.extract.dates import calendar_dates, date_only_line, dateline, full_date
from incident_review.core.yaml_read import InputLoader

MAX_REPORT_BYTES: Final = 2_000_000  # a news article is ~5-50 kB; more is a wrong file
MAX_JSONL_BYTES: Final = 2_000_000_000  # a JSONL batch holds many reports
REPORT_SUFFIXES: Final = (".txt", ".md", ".markdown", ".jsonl")
# A header line is "word: value" (a key of up to three words); a header block is the lines
# of the file before its first blank line, all of them header lines, at least one with a key
# we know. So "Note: translated from Ukrainian" opening a file without header stays text,
# and "licence: CC BY-SA" in a header is kept as metadata instead of turning the header into
# text.
_HEADER_LINE = re.compile(r"^([A-Za-z][\w-]*(?: [A-Za-z][\w-]*){0,2})\s*:\s*(.*)$")
_HEADER_KEYS: Final = {
    "source": "outlet",
    "outlet": "outlet",
    "publisher": "outlet",
    "url": "url",
    "link": "url",
    "date": "published",
    "published": "published",
    "pubdate": "published",
    "published at": "published",
    "publication date": "published",
    "date published": "published",
    "title": "title",
    "headline": "title",
}
# Keys of a later date than publication: used only when there is no publication date.
_UPDATED_KEYS: Final = ("updated", "last updated", "modified", "updated at", "date modified")
_DATE_FORMATS: Final = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d.%m.%Y")
# Where a publication date came from, from the most trusted down (see infer_published).
HEADER: Final = "header"
OPTION: Final = "--published"
INFERRED_FROM: Final = {
    "header-updated": "the header's updated: line",
    "url": "the URL",
    "byline": "a 'Published ...' line",
    "dated": "a 'Date: ...' line",
    "updated": "an 'Updated: ...' line",
    "dateline": "the dateline",
    "timestamp": "a timestamp line",
    "text": "the first full date in the text",
}
# A "Date:" line is as often an infobox's date of the event as a page's date.
ESTIMATES: Final = frozenset({"dated", "text"})


@dataclass
class ReportInput:
    text: str
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    origin: str = ""  # "path" or "path:line", for messages
    # "header", "--published", or a key of INFERRED_FROM: how far to trust ``published``.
    published_source: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # header keys we do not read ("licence")

    @property
    def published_inferred(self) -> bool:
        return self.published_source in INFERRED_FROM

    @property
    def published_estimated(self) -> bool:
        """Only a date the text writes, as often the event's as the publication's: kept
        with the report, not used to date its incidents (services/ingest.py)."""
        return self.published_source in ESTIMATES

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @property
    def report_id(self) -> str:
        return "R-" + self.content_hash[:16]


def normalise_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def parse_date(value: Any) -> dt.date | None:
    """A publication date from a header value; None when it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    # Any other common form with a time or zone: "May 23, 2023 14:00 GMT", "Tue, 23 May 2023 14:02:00 +0000".
    return full_date(text) if len(text) <= 80 else None


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw:  # anywhere: a NUL past the first 8 KB is as binary
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise InputError(str(path), f"line {line}", "binary file (contains NUL bytes), expected UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(str(path), f"line {line}", f"not UTF-8 (byte 0x{raw[exc.start]:02x})") from None


def _checked(report: ReportInput, where: str | None, path: str) -> ReportInput:
    report.text = normalise_text(report.text)
    if not report.text:
        raise InputError(path, where, "report has no text")
    if len(report.text.encode("utf-8")) > MAX_REPORT_BYTES:
        raise InputError(path, where, f"report text is larger than {MAX_REPORT_BYTES // 1_000_000} MB")
    return report


def _meta_date(value: Any, path: str, where: str | None) -> dt.date | None:
    if value in (None, ""):
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise InputError(path, where, f"publication date {value!r} is not a date (use YYYY-MM-DD)")
    problem = date_problem(parsed)
    if problem:
        raise InputError(path, where, f"publication {problem}")
    return parsed


def _header_block(lines: list[str]) -> tuple[dict[str, str], int] | None:
    """The header (keys lowercased) and the index of the body's first line, or None when
    the file does not open with a header block."""
    header: dict[str, str] = {}
    for i, line in enumerate(lines):
        if line.strip() == "":
            known = any(key in _HEADER_KEYS for key in header)
            return (header, i + 1) if known else None
        match = _HEADER_LINE.match(line.strip())
        if match is None:
            return None
        header.setdefault(match.group(1).lower(), match.group(2).strip())
    return None


def _split_meta(pairs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Known keys under their canonical names, and every other key kept as metadata."""
    meta: dict[str, Any] = {}
    extra: dict[str, str] = {}
    for key, value in pairs.items():
        name = str(key).lower()
        canonical = _HEADER_KEYS.get(name)
        if canonical:
            meta.setdefault(canonical, value)
        elif value not in (None, ""):
            extra[name] = str(value)
    return meta, extra


def parse_text(path: Path, text: str) -> ReportInput:
    """``.txt``/``.md``: YAML front matter, or a header block of ``key: value`` lines."""
    name = str(path)
    pairs: dict[str, Any] = {}
    body = text
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
        except StopIteration:
            raise InputError(name, "line 1", "front matter opened with '---' is never closed") from None
        try:
            loaded = yaml.load("\n".join(lines[1:end]), Loader=InputLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f"line {mark.line + 2}" if mark is not None else "line 1"
            problem = getattr(exc, "problem", None)
            detail = f": {problem}" if problem else ""
            raise InputError(name, line, f"front matter is not valid YAML{detail}") from None
        except RecursionError:
            raise InputError(name, "line 2", "front matter is nested too deeply") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise InputError(name, "line 2", "front matter must be a mapping of key: value")
        pairs = loaded or {}
        body = "\n".join(lines[end + 1 :])
    else:
        block = _header_block(lines)
        if block is not None:
            pairs, first = block
            body = "\n".join(lines[first:])
    meta, extra = _split_meta(pairs)
    where = None
    published = _meta_date(meta.get("published"), name, where)
    return _checked(
        ReportInput(
            text=body,
            outlet=str(meta["outlet"]) if meta.get("outlet") else None,
            url=str(meta["url"]) if meta.get("url") else None,
            published=published,
            title=str(meta["title"]) if meta.get("title") else None,
            origin=name,
            published_source=HEADER if published else None,
            meta=extra,
        ),
        where,
        name,
    )


def _json_record(line: str, path: str, where: str) -> dict[str, Any]:
    """One JSONL line as an object whose top-level text is valid Unicode, else InputError:
    100k-deep arrays (RecursionError), a 5,000-digit number (over Python's int-string limit)
    and a lone surrogate escape ("\\ud800", which no UTF-8 store can hold) included."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(path, where, f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise InputError(path, where, "not valid JSON (nested too deeply)") from None
    except ValueError as exc:  # int-string conversion limit
        raise InputError(path, where, f"not valid JSON ({str(exc).split(';')[0]})") from None
    if not isinstance(record, dict):
        raise InputError(path, where, "expected a JSON object")
    for key, value in record.items():
        for text in (key, value) if isinstance(value, str) else (key,):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                problem = f"a lone surrogate (U+{ord(text[exc.start]):04X}) in {key[:40]!r}"
                raise InputError(path, where, f"not valid Unicode text: {problem}") from None
    return record


def parse_jsonl(path: Path, text: str) -> list[ReportInput]:
    reports = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        record = _json_record(line, str(path), where)
        text_value = record.get("text")
        if not isinstance(text_value, str):
            raise InputError(str(path), where, "missing 'text' (a string)")
        fields = {}
        for key in ("outlet", "url", "title"):
            value = record.get(key)
            if value is not None and not isinstance(value, str):
                raise InputError(str(path), where, f"'{key}' must be a string")
            fields[key] = value or None
        published = _meta_date(record.get("published"), str(path), where)
        extra = {
            str(k).lower(): str(v)
            for k, v in record.items()
            if k not in ("text", "outlet", "url", "title", "published")
            and v not in (None, "")
            and not isinstance(v, (dict, list))
        }
        reports.append(
            _checked(
                ReportInput(
                    text=text_value,
                    published=published,
                    origin=f"{path}:{number}",
                    published_source=HEADER if published else None,
                    meta=extra,
                    **fields,
                ),
                where,
                str(path),
            )
        )
    if not reports:
        raise InputError(str(path), None, "no reports in file (empty)")
    return reports


def open_regular(path: Path, limit: int) -> BinaryIO:
    """``path`` open for reading if it is a regular file of at most ``limit`` bytes, else
    InputError naming it.

    A FIFO, a device (/dev/zero) or a socket is refused before a byte is read: st_size is 0
    for them, so a size check alone hung on a FIFO or read /dev/zero until MemoryError. The
    file is opened non-blocking (opening a FIFO for reading blocks until a writer comes)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "folder" if stat.S_ISDIR(st.st_mode) else "FIFO" if stat.S_ISFIFO(st.st_mode) else "device or socket"
            raise InputError(str(path), None, f"not a regular file (a {kind}); give a file")
        if st.st_size > limit:  # refuse before reading a 100 MB mistake into memory
            raise InputError(str(path), None, f"file is larger than {limit // 1_000_000} MB")
        return os.fdopen(fd, "rb")
    except OSError as exc:
        os.close(fd)
        raise InputError(str(path), None, f"cannot read ({exc.strerror or exc})") from None
    except BaseException:
        os.close(fd)
        raise


def read_bounded(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit``, else InputError naming it (see
    ``open_regular``); the read itself stops past ``limit``, should the file grow meanwhile."""
    with open_regular(path, limit) as stream:
        try:
            raw = stream.read(limit + 1)
        except OSError as exc:
            raise InputError(str(path), None, f"cannot read ({exc.strerror or exc})") from None
    if len(raw) > limit:
        raise InputError(str(path), None, f"file is larger than {limit // 1_000_000} MB")
    return raw


def read_report_file(path: Path) -> list[ReportInput]:
    limit = MAX_JSONL_BYTES if path.suffix.lower() == ".jsonl" else MAX_REPORT_BYTES * 2
    raw = read_bounded(path, limit)
    if not raw.strip():
        raise InputError(str(path), None, "empty file")
    text = _decode(path, raw)
    reports = parse_jsonl(path, text) if path.suffix.lower() == ".jsonl" else [parse_text(path, text)]
    for report in reports:
        infer_published(report)
    return reports


MAX_FOLDER_DEPTH: Final = 64  # a report archive is a few levels deep; 1,500 is a trap


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, folders expanded to their report files in sorted order.

    The walk keeps its own stack (rglob recursed: 1,500 nested folders were a
    RecursionError), follows no symlinked folder (no loops), and a folder that cannot be
    listed -- unreadable, or deleted while listed -- is an InputError naming it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(_walk(path)))
        else:
            files.append(path)
    return files


def _walk(top: Path) -> Iterator[Path]:
    stack = [(top, 0)]
    while stack:
        folder, depth = stack.pop()
        if depth > MAX_FOLDER_DEPTH:
            raise InputError(str(top), None, f"folders nested deeper than {MAX_FOLDER_DEPTH} levels")
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((Path(entry.path), depth + 1))
                    elif entry.is_file() and Path(entry.name).suffix.lower() in REPORT_SUFFIXES:
                        yield Path(entry.path)
        except OSError as exc:
            raise InputError(str(folder), None, f"cannot list folder ({exc.strerror or exc})") from None


def apply_defaults(report: ReportInput, published: dt.date | None, outlet: str | None) -> ReportInput:
    """``--published``/``--outlet`` fill in metadata that a file lacks. The analyst's
    ``--published`` is trusted over a date only inferred from the report's words."""
    if published is not None and (report.published is None or report.published_inferred):
        report.published, report.published_source = published, OPTION
    if report.outlet is None:
        report.outlet = outlet
    return report


# ------------------------------------------------------------ inferred publication dates

# 2023/05/23, 2023-05-23, 20230523, and 202305231402(00) with the time after it.
_URL_DATE = re.compile(
    r"(?<![\dA-Za-z])((?:19|20)\d{2})([/_.-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])"
    r"(?=\D|$|\d{4}(?!\d)|\d{6}(?!\d))"
)
_URL_DATE_NAMED = re.compile(r"/((?:19|20)\d{2})/([a-z]{3})[a-z]*/(\d{1,2})(?:/|$)", re.I)
_URL_YEAR = re.compile(r"(?<![\dA-Za-z])((?:19|20)\d{2})(?!\d)")
_STAMP = re.compile(
    r"^[\W_]{0,3}(first published|published|posted|released|issued|dated?|"
    r"last updated|updated|modified)(?:\s+(?:on|at))?\s*[:\-–—|]?\s*(.{6,80})$",
    re.I,
)
_STAMP_LINES = 60  # a page's byline sits near its top, under the navigation
_DATELINE_CHARS = 4000  # and the dateline opens the story
_RECENT_DAYS = 31


def _sane(d: dt.date | None) -> dt.date | None:
    """A publication date is neither before the web nor after tomorrow."""
    if d is None or d.year < 1990 or d > dt.date.today() + dt.timedelta(days=1):
        return None
    return d


def _from_url(url: str | None) -> dt.date | None:
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)  # not the host name
    for m in _URL_DATE.finditer(path):
        d = _sane(_safe(int(m[1]), int(m[3]), int(m[4])))
        if d:
            return d
    named = _URL_DATE_NAMED.search(path)
    if named and named[2].lower() in _MONTH_ABBREVIATIONS:
        return _sane(_safe(int(named[1]), _MONTH_ABBREVIATIONS.index(named[2].lower()) + 1, int(named[3])))
    # A slug that spells the date: "...-press-briefing-march-9-2022", "...-23-may-2023-...".
    words = re.sub(r"[-_/+.]+", " ", re.sub(r"\?.*$", "", path)).title()
    return _sane(full_date(words))


_MONTH_ABBREVIATIONS: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_stamp_lines(text: str) -> tuple[dt.date, str] | None:
    """A "Published 23 May 2023" line, else an "Updated: ..." one, else a line that is
    only a date, else (an estimate) a "Date: ..." line."""
    found: dict[str, dt.date] = {}
    for line in text.split("\n")[:_STAMP_LINES]:
        line = line.strip()
        m = _STAMP.match(line)
        if m:
            d = _sane(full_date(m[2]))
            label = m[1].lower()
            kind = (
                "updated"
                if label.endswith(("updated", "modified"))
                else "dated"
                if label.startswith("date")
                else "byline"
            )
            if d:
                found.setdefault(kind, d)
        elif (d := _sane(date_only_line(line))) is not None:
            found.setdefault("timestamp", d)
        if "byline" in found:
            break
    return next(((found[kind], kind) for kind in ("byline", "updated", "timestamp", "dated") if kind in found), None)


def _year_hint(report: ReportInput) -> int | None:
    """The year a dateline without one is in: the URL's, else the latest year the text
    writes in a full date."""
    if report.url:
        years = [int(y) for y in _URL_YEAR.findall(re.sub(r"^[a-z]+://[^/]+", "", report.url, flags=re.I))]
        years = [y for y in years if 1990 <= y <= dt.date.today().year]
        if years:
            return years[0]
    dates = [c.date.year for c in calendar_dates(report.text, None)]
    return max(dates) if dates else None


def infer_published(report: ReportInput) -> ReportInput:
    """Fill in a missing publication date from the report itself, most trusted first: the
    header's updated: line, the URL (/2023/05/23/, 2023-05-23, 20230523), a byline or
    timestamp line ("Published 23 May 2023", "Updated: 2023-05-23 14:02", a line that is
    only a date), a wire dateline ("KYIV, May 23 (Reuters) -"), and last the first full
    date the text writes that can be an event's. ``published_source`` says which."""
    if report.published is None:
        found = next(((d, source) for d, source in _inferences(report) if d is not None), None)
        if found is not None:
            report.published, report.published_source = found
    return report


def _inferences(report: ReportInput) -> Iterator[tuple[dt.date | None, str]]:
    """Each way of dating a report, in order of trust; each tried only if those before fail."""
    yield _sane(next((parse_date(report.meta[k]) for k in _UPDATED_KEYS if k in report.meta), None)), "header-updated"
    yield _from_url(report.url), "url"
    stamp = _from_stamp_lines(report.text)
    if stamp is not None and stamp[1] not in ESTIMATES:
        yield stamp
    yield _sane(dateline(report.text[:_DATELINE_CHARS], _year_hint(report))), "dateline"
    if stamp is not None:
        yield stamp  # a "Date:" line: an estimate, after every real publication date
    yield _first_recent_date(report.text), "text"


def _first_recent_date(text: str) -> dt.date | None:
    """The first full date the text writes that can be an event's and is within a month of
    the latest one: the lead's date, not a background date before it ("the invasion
    launched on 24 February 2022 ... on 14 January 2023 a missile ...")."""
    found = [c.date for c in calendar_dates(text, None) if _sane(c.date)]
    if not found:
        return None
    latest = max(found)
    return next(d for d in found if (latest - d).days <= _RECENT_DAYS)


def inferred_note(report: ReportInput) -> str | None:
    """One line for the analyst when the publication date was inferred, else None."""
    if not report.published_inferred or report.published is None or report.published_source is None:
        return None
    return (
        f"{report.report_id}: publication date {report.published.isoformat()} inferred from "
        f"{INFERRED_FROM[report.published_source]}"
        + (" (an estimate: incidents are dated only by their own words)" if report.published_estimated else "")
    )
