"""Where the store lives: ``--db``, else ``$INCIDENT_REVIEW_DB``, else the user data dir."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from incident_review.config import APP_NAME


def user_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME))


def default_db_path() -> Path:
    env = os.environ.get("INCIDENT_REVIEW_DB")
    if env:
        return Path(env)
    return user_data_dir() / "incidents.db"


def demo_db_path() -> Path:
    return user_data_dir() / "demo.db"


def current_analyst() -> str:
    """``$INCIDENT_REVIEW_ANALYST``, else the login name."""
    name = os.environ.get("INCIDENT_REVIEW_ANALYST")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
