"""What the quick paths import (issue #16, start-up): ``stats`` and the review TUI's start
(its modules, the store, the key map) load none of the heavy modules they do not use: yaml
(the config is read from the parsed-config cache), numpy and rapidfuzz (matching),
sqlite-utils, the extraction rules and the other config files' classes. Each of them cost
the first screen 20-300 ms."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from incident_review.storage.store import Store

HEAVY = (
    "yaml",
    "numpy",
    "rapidfuzz",
    "sqlite_utils",
    "incident_review.core.extract.pipeline",
    "incident_review.core.extract.rules",
    "incident_review.core.settings",
)

PROBE = """
import sys
from incident_review.cli.main import cli
{body}
print("LOADED", " ".join(m for m in {heavy!r} if m in sys.modules))
"""


def _loaded(body: str, db: Path) -> list[str]:
    code = PROBE.format(body=body.format(db=str(db)), heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ})
    assert out.returncode == 0, out.stderr
    return out.stdout.split("LOADED", 1)[1].split()


def _store(tmp_path: Path) -> Path:
    db = tmp_path / "s.db"
    Store(db).close()
    return db


def test_stats_imports_nothing_heavy(tmp_path: Path) -> None:
    db = _store(tmp_path)
    body = "cli(['--db', {db!r}, 'stats'], standalone_mode=False)"
    assert _loaded(body, db) == []


def test_the_review_tuis_start_imports_nothing_heavy(tmp_path: Path) -> None:
    db = _store(tmp_path)
    body = """
from incident_review import config
from incident_review.cli.common import check_config
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
import incident_review.tui.app
check_config()
config.keys()
browse = Browse(Store({db!r}))
browse.close()
"""
    first = _loaded(body, db)  # parses keys.yaml and writes the cache, as a user's first run does
    assert first == ["yaml"]
    assert _loaded(body, db) == []


def test_the_review_tuis_start_leaves_the_frequency_views_table_unloaded(tmp_path: Path) -> None:
    """Textual's DataTable (the frequency view's, ~10 ms to import) loads on the first F."""
    db = _store(tmp_path)
    code = f"""
import sys
import incident_review.cli.main, incident_review.tui.app
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
Browse(Store({str(db)!r})).close()
print("LOADED", "textual.widgets._data_table" in sys.modules, "incident_review.tui.frequency" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("LOADED", 1)[1].split() == ["False", "False"]
