"""Rules, lexicons, weights and paths.

The YAML files beside this module are the shipped defaults. An analyst can override any
top-level key of any of them with a file of the same name in the user config directory
(``incident-review paths`` prints it) or in ``$INCIDENT_REVIEW_CONFIG``.

Each file is read into its dataclass in ``core/settings.py`` (``matching()``, ``keys()``,
``extraction()``, ``actors()``, ``gazetteer()``, ``datasets()``, ``crosswalk()``); a bad override is an
InputError naming the file and the key (``config/schema.py``).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from incident_review.core.errors import InputError

if TYPE_CHECKING:
    from incident_review.core import settings

T = TypeVar("T")

APP_NAME = "incident-review"
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def user_config_dir() -> Path:
    override = os.environ.get("INCIDENT_REVIEW_CONFIG")
    if override:
        return Path(override)
    import platformdirs  # deferred: only needed when looking for overrides

    return Path(platformdirs.user_config_dir(APP_NAME))


def _read_yaml(text: str, origin: str) -> dict[str, Any]:
    try:
        # libyaml's C loader parses the 300 KB gazetteer ~8x faster than the pure-Python
        # one (every command pays it at start-up); same safe subset of YAML.
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(origin, f"line {mark.line + 1}" if mark else None, "not valid YAML") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(origin, None, "expected a mapping at the top level")
    return data


# (core/settings.py and config/schema.py are imported when a file is first read: building
# their dataclasses costs every command, ``--help`` and ``paths`` included, otherwise.)


def matching() -> settings.Matching:
    from incident_review.core.settings import Matching

    return load("matching", Matching)


def keys() -> settings.Keys:
    from incident_review.core.settings import Keys

    return load("keys", Keys)


def extraction() -> settings.Extraction:
    from incident_review.core.settings import Extraction

    return load("extraction", Extraction)


def actors() -> settings.Actors:
    from incident_review.core.settings import Actors

    return load("actors", Actors)


def gazetteer() -> settings.Gazetteer:
    from incident_review.core.settings import Gazetteer

    return load("gazetteer", Gazetteer)


def datasets() -> settings.Datasets:
    from incident_review.core.settings import Datasets

    return load("datasets", Datasets)


def crosswalk() -> settings.Crosswalk:
    from incident_review.core.settings import Crosswalk

    return load("crosswalk", Crosswalk)


# Every file, read by its function above.
FILES = {
    "matching": matching,
    "keys": keys,
    "extraction": extraction,
    "actors": actors,
    "gazetteer": gazetteer,
    "datasets": datasets,
    "crosswalk": crosswalk,
}


def check_overrides() -> None:
    """Read every file the user overrides (an InputError on the first bad one); the others
    are the shipped files, which the tests load. Costs a stat per file without overrides:
    a command can call it before it starts (the TUI, whose workers would fail mid-session)."""
    folder = user_config_dir()
    for name, read in FILES.items():
        if (folder / f"{name}.yaml").is_file():
            read()


def load(name: str, schema: type[T]) -> T:
    """The config file ``name``.yaml as ``schema``: shipped defaults with the user's top-level
    keys on top. Each key is checked where it came from: a bad one names the override.
    Read once per process (``cache_clear`` forgets)."""
    value = _loaded.get(name)
    if value is None:
        value = _loaded[name] = _load(name, schema)
    assert isinstance(value, schema)
    return value


_loaded: dict[str, object] = {}
cache_clear = _loaded.clear


def _load(name: str, schema: type[T]) -> T:
    from incident_review.config.schema import parse

    shipped = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    data = _read_yaml(shipped, f"{name}.yaml")
    origins: dict[str, str] = {}
    override = user_config_dir() / f"{name}.yaml"
    if override.is_file():
        try:
            text = override.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(str(override), None, f"cannot read ({getattr(exc, 'strerror', None) or exc})") from None
        user = _read_yaml(text, str(override))
        data.update(user)
        origins = {str(key): str(override) for key in user}
    return parse(schema, data, f"{name}.yaml", origins)
