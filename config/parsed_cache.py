"""The config files as parsed YAML, kept between processes in the user's cache folder.

libyaml takes ~0.3 s for the 740 KB gazetteer, which a one-report ingest paid on every run
(more than all its other work). What is kept is the YAML's data, the shipped file's keys
with the user override's on top, written with ``marshal``: it holds only dicts, lists,
strings and numbers, and loading it runs no code (unlike pickle), so a tampered file could
at worst change a setting, and ``config/schema.py`` still checks every value on each run
(a bad override is refused every time, not only when first read).

An entry is used only when its key matches: this package's version, both files' paths, and
each file's size and CRC-32 (an edited, replaced or reinstalled file misses, as does an
override added or removed; reading and summing the files costs ~1 ms, and unlike an mtime it
cannot miss two edits within one tick of the file system's clock). Each install keeps its
entries in a folder of its own (``folder``). Anything wrong with the cache (missing, corrupt, a
folder that is not ours, a full disk) makes it read the YAML as before, silently: the cache
only ever saves time. A file or folder writable by anyone but this user, or owned by
another (a shared or group-writable cache folder), is neither read nor written.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import tempfile
import zlib
from pathlib import Path
from typing import Any

from incident_review import __version__

FORMAT = 1  # bump when what an entry holds changes
Stamp = tuple[int, int] | None  # size, CRC-32; None: no such file
Key = tuple[Any, ...]


# The installed package this process runs: each install keeps its entries in a folder of
# its own. One folder for all (an entry per file, keyed by the install's paths) had two
# installs used in turn (a venv per project, a release and a checkout) replace each
# other's entries, and so parse the YAML again (~2.5 s) on every other run.
INSTALL = Path(__file__).resolve().parent.parent


def folder(install: Path | None = None) -> Path:
    import platformdirs  # (already imported to find the user's config folder)

    from incident_review.config import APP_NAME

    where = str(install or INSTALL)
    mark = f"{__version__}-{zlib.crc32(where.encode('utf-8', 'surrogateescape')):08x}"
    return Path(platformdirs.user_cache_dir(APP_NAME)) / "parsed-config" / mark


def stamp(path: Path) -> Stamp:
    """The file's content, summed; None when there is no such file (another OSError, an
    unreadable override say, is raised: the caller reads the file and names the problem)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return (-1, 0)  # not a file: read as none (``is_file``), and cached as such
    return (len(data), zlib.crc32(data))


def key(shipped: Path, override: Path) -> Key:
    return (FORMAT, __version__, str(shipped), stamp(shipped), str(override), stamp(override))


def _ours(st: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    return st.st_uid == os.geteuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _safe_folder(path: Path) -> bool:
    try:
        st = path.lstat()  # a symlink is not followed: it would not be ours to trust
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and _ours(st)


def read(name: str, wanted: Key) -> tuple[dict[str, Any], list[str]] | None:
    """(data, the top-level keys the override set) as written for ``wanted``; None when
    there is no usable entry."""
    entry = load(name)
    if not (isinstance(entry, tuple) and len(entry) == 3 and entry[0] == wanted):
        return None
    data, user_keys = entry[1], entry[2]
    if not isinstance(data, dict) or not isinstance(user_keys, list):
        return None
    return data, user_keys


def write(name: str, wanted: Key, data: dict[str, Any], user_keys: list[str]) -> None:
    """Keep ``data`` for the next process; never fails (the cache is only a shortcut)."""
    store(name, (wanted, data, user_keys))


def load(name: str) -> object:
    """The value kept as ``name``, None when there is none usable (the caller checks its
    shape: a file of ours, but of an older version of this program maybe)."""
    where = folder()
    if not _safe_folder(where):
        return None
    try:
        fd = os.open(where / f"{name}.marshal", os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        if not _ours(os.fstat(fd)):
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            return marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None  # unreadable or corrupt: do without
    finally:
        os.close(fd)


def store(name: str, value: Any) -> None:
    """Keep ``value`` as ``name`` (replacing it whole); never fails: a value marshal cannot
    hold (a YAML date, say), a full disk or a folder not ours leaves the cache as it was."""
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return
    where = folder()
    tmp: str | None = None
    try:
        where.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        where.mkdir(mode=0o700, exist_ok=True)
        if not _safe_folder(where):
            return
        fd, tmp = tempfile.mkstemp(dir=where, prefix=f".{name}.", suffix=".tmp")  # mode 0600
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.replace(tmp, where / f"{name}.marshal")  # readers see the old entry or the new, whole
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
