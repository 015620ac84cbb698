"""Saved filters: named filter-bar texts in filters.yaml in the user config directory."""

from __future__ import annotations

from pathlib import Path

import yaml

from incident_review.config import user_config_dir
from incident_review.services.files import atomic_text


def _path() -> Path:
    return user_config_dir() / "filters.yaml"


def load() -> dict[str, str]:
    path = _path()
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def save(name: str, text: str) -> None:
    filters = load()
    filters[name] = text
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_text(path) as out:
        yaml.safe_dump(filters, out, allow_unicode=True, sort_keys=True)
