"""Files that appear whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from incident_review.core.errors import InputError
from incident_review.core.reports import open_regular, read_bounded

MAX_IMPORT_BYTES = 4_000_000_000  # an import file (YAML, CSV) of a few million incidents
BOM = b"\xef\xbb\xbf"


def read_utf8(path: Path) -> str:
    """A whole input file as text, or InputError naming the file (and the byte)."""
    raw = read_bounded(path, MAX_IMPORT_BYTES)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise InputError(str(path), f"line {line}", "binary file (contains NUL bytes), expected UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"byte {exc.start}", "not UTF-8") from None


class Utf8Reader:
    """A regular file read in chunks (by a streaming parser), checked as ``read_utf8``
    checks a whole file: at most MAX_IMPORT_BYTES, no NUL byte, UTF-8, a leading BOM
    dropped. ``read`` hands out checked bytes only, so a parser never sees a bad byte."""

    CHUNK = 1 << 20

    def __init__(self, path: Path, limit: int = MAX_IMPORT_BYTES) -> None:
        self.path = path
        self._blank = True  # every character checked so far is whitespace
        self._limit = limit
        self._file = open_regular(path, limit)
        self._size = 0  # bytes read from the file
        self._checked = b""  # checked bytes not yet handed out, from _at
        self._at = 0
        self._tail = b""  # the first bytes of a character cut by the chunk's end
        self._offset = 0  # where _tail starts (after a BOM, as read_utf8 counts)
        self._lines = 0  # newlines before _tail
        self._started = False

    def __enter__(self) -> Utf8Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def rewind(self) -> Utf8Reader:
        """The file again from its start (for a parser that reads it a second time)."""
        self._file.seek(0)
        self._blank, self._size, self._checked, self._at = True, 0, b"", 0
        self._tail, self._offset, self._lines, self._started = b"", 0, 0, False
        return self

    def read(self, size: int, /) -> bytes:
        if self._at >= len(self._checked) and not self._fill():
            return b""
        out = self._checked[self._at : self._at + size]
        self._at += len(out)
        return out

    def blank(self) -> bool:
        """Whether the whole file is whitespace (read_utf8's "empty file"): reads on past
        what the parser took while it is, so it stops at the first other character."""
        while self._blank and self._fill():
            self._at = len(self._checked)
        return self._blank

    def _fill(self) -> bool:
        """The next checked bytes into ``_checked``; False at the end of the file."""
        path = str(self.path)
        while True:
            try:
                raw = self._file.read(self.CHUNK)
            except OSError as exc:
                raise InputError(path, None, f"cannot read ({exc.strerror or exc})") from None
            self._size += len(raw)
            if self._size > self._limit:  # the file grew past the limit after it was opened
                raise InputError(path, None, f"file is larger than {self._limit // 1_000_000} MB")
            final = not raw
            data = self._tail + raw
            if not self._started:
                if len(data) < len(BOM) and not final:
                    self._tail = data
                    continue
                self._started = True
                data = data.removeprefix(BOM)
            nul = data.find(b"\x00")
            if nul >= 0:
                line = self._lines + data.count(b"\n", 0, nul) + 1
                raise InputError(path, f"line {line}", "binary file (contains NUL bytes), expected UTF-8 text")
            try:
                text = data.decode("utf-8")
                good, self._tail = data, b""
            except UnicodeDecodeError as exc:
                if final or exc.reason != "unexpected end of data":
                    raise InputError(path, f"byte {self._offset + exc.start}", "not UTF-8") from None
                good, self._tail = data[: exc.start], data[exc.start :]
                text = good.decode("utf-8")
            self._offset += len(good)
            self._lines += good.count(b"\n")
            if self._blank:
                self._blank = not text.strip()
            if good or final:
                self._checked, self._at = good, 0
                return bool(good)


@contextmanager
def atomic_text(path: Path, newline: str | None = None) -> Iterator[TextIO]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    A crash or an error leaves the old file (or none), never half of the new one. The file
    gets the mode a plain open() would give (0666 less the umask; mkstemp's is 0600), so
    group-shared directories work as documented.
    """
    path = path.resolve()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
