"""Read report files (plain text with a header, Markdown with front matter, JSONL).

Everything here is pure parsing: the caller decides what to store. Any problem raises
InputError naming the file and line, so an ingest can stop before writing anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

from incident_review.core.errors import InputError

MAX_REPORT_BYTES: Final = 2_000_000  # a news article is ~5-50 kB; more is a wrong file
MAX_JSONL_BYTES: Final = 2_000_000_000  # a JSONL batch holds many reports
REPORT_SUFFIXES: Final = (".txt", ".md", ".markdown", ".jsonl")
_HEADER_LINE = re.compile(r"^(source|outlet|url|date|published|title)\s*:\s*(.*)$", re.IGNORECASE)
_HEADER_KEYS: Final = {"source": "outlet", "outlet": "outlet", "url": "url", "date": "published",
                       "published": "published", "title": "title"}
_DATE_FORMATS: Final = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d.%m.%Y")


@dataclass
class ReportInput:
    text: str
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    origin: str = ""  # "path" or "path:line", for messages

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
    return None


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise InputError(str(path), None, "binary file (contains NUL bytes), expected UTF-8 text")
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
    return parsed


def parse_text(path: Path, text: str) -> ReportInput:
    """``.txt``/``.md``: YAML front matter, or a header block of ``key: value`` lines."""
    name = str(path)
    meta: dict[str, Any] = {}
    body = text
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
        except StopIteration:
            raise InputError(name, "line 1", "front matter opened with '---' is never closed") from None
        try:
            loaded = yaml.safe_load("\n".join(lines[1:end]))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f"line {mark.line + 2}" if mark is not None else "line 1"
            raise InputError(name, line, "front matter is not valid YAML") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise InputError(name, "line 2", "front matter must be a mapping of key: value")
        for key, value in (loaded or {}).items():
            canonical = _HEADER_KEYS.get(str(key).lower())
            if canonical:
                meta[canonical] = value
        body = "\n".join(lines[end + 1:])
    else:
        header: dict[str, Any] = {}
        for i, line in enumerate(lines):
            match = _HEADER_LINE.match(line.strip())
            if match:
                header[_HEADER_KEYS[match.group(1).lower()]] = match.group(2).strip()
                continue
            if line.strip() == "" and header:
                meta = header
                body = "\n".join(lines[i + 1:])
            break
    where = None
    return _checked(ReportInput(
        text=body,
        outlet=str(meta["outlet"]) if meta.get("outlet") else None,
        url=str(meta["url"]) if meta.get("url") else None,
        published=_meta_date(meta.get("published"), name, where),
        title=str(meta["title"]) if meta.get("title") else None,
        origin=name,
    ), where, name)


def parse_jsonl(path: Path, text: str) -> list[ReportInput]:
    reports = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(str(path), where, f"not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise InputError(str(path), where, "expected a JSON object")
        text_value = record.get("text")
        if not isinstance(text_value, str):
            raise InputError(str(path), where, "missing 'text' (a string)")
        fields = {}
        for key in ("outlet", "url", "title"):
            value = record.get(key)
            if value is not None and not isinstance(value, str):
                raise InputError(str(path), where, f"'{key}' must be a string")
            fields[key] = value or None
        reports.append(_checked(ReportInput(
            text=text_value, published=_meta_date(record.get("published"), str(path), where),
            origin=f"{path}:{number}", **fields,
        ), where, str(path)))
    if not reports:
        raise InputError(str(path), None, "no reports in file (empty)")
    return reports


def read_report_file(path: Path) -> list[ReportInput]:
    try:
        size = path.stat().st_size
        limit = MAX_JSONL_BYTES if path.suffix.lower() == ".jsonl" else MAX_REPORT_BYTES * 2
        if size > limit:  # refuse before reading a 100 MB mistake into memory
            raise InputError(str(path), None, f"file is larger than {limit // 1_000_000} MB")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise InputError(str(path), None, "empty file")
    text = _decode(path, raw)
    if path.suffix.lower() == ".jsonl":
        return parse_jsonl(path, text)
    return [parse_text(path, text)]


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, folders expanded to their report files in sorted order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES))
        else:
            files.append(path)
    return files


def apply_defaults(report: ReportInput, published: dt.date | None, outlet: str | None) -> ReportInput:
    """``--published``/``--outlet`` fill in metadata that a file lacks."""
    if report.published is None:
        report.published = published
    if report.outlet is None:
        report.outlet = outlet
    return report
