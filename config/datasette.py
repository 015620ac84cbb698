"""The Datasette metadata shipped for a store (``datasette STORE -m metadata.yml``)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

METADATA_FILE = "datasette-metadata.yml"
# The one line naming the database under ``databases:``: the shipped file names the default
# store (incidents.db); Datasette names a database by its file's stem.
_DATABASE_LINE = re.compile(r"^  incidents:$", re.MULTILINE)
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def metadata_path() -> Path:
    """Where the shipped metadata file is (``incident-review paths`` prints it)."""
    return Path(str(resources.files("incident_review.config") / METADATA_FILE))


def metadata_text(database: str = "incidents") -> str:
    """The shipped metadata, its tables filed under ``database`` (the store file's stem)."""
    text = metadata_path().read_text(encoding="utf-8")
    # A JSON string is a YAML scalar: a stem with a colon, a quote or a space stays one name.
    key = database if _PLAIN_NAME.fullmatch(database) else json.dumps(database)
    return _DATABASE_LINE.sub(lambda _: f"  {key}:", text, count=1)
