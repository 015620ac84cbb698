"""Files that appear whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from incident_review.core.errors import InputError
from incident_review.core.reports import read_bounded

MAX_IMPORT_BYTES = 4_000_000_000  # an import file (YAML, CSV) of a few million incidents


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
