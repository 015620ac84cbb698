"""Typed config (issue #14): the shipped files load into their classes, a user override
replaces top-level keys, and a bad override is one line naming the file and the key, exit 2,
with nothing created or stored."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from incident_review import config
from incident_review.config import schema
from incident_review.core import settings
from incident_review.core.errors import InputError
from incident_review.services import duplicates as dup
from incident_review.services import extraction
from incident_review.storage.store import Store
from tests.conftest import ROOT, run_cli, stored_counts

STRIKE = "date: 2024-03-02\n\nKHARKIV - A missile strike on Kharkiv killed 3 people on Saturday.\n"


@pytest.fixture(autouse=True)
def fresh_config() -> Iterator[None]:
    """Config and what is built from it are read once per process: forget them around each
    test, so that this test's override is read and the next test does not inherit it."""
    caches = (config.cache_clear, dup.matcher.cache_clear, extraction.extractor.cache_clear)
    for clear in caches:
        clear()
    yield
    for clear in caches:
        clear()


def _override(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "config"  # $INCIDENT_REVIEW_CONFIG (conftest)
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _shipped(name: str) -> dict[str, object]:
    data = yaml.load((ROOT / "config" / f"{name}.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    assert isinstance(data, dict)
    return data


# ------------------------------------------------------------ the shipped files


def test_the_shipped_files_load_into_their_classes_with_every_key() -> None:
    loaded = {name: read() for name, read in config.FILES.items()}
    assert isinstance(loaded["matching"], settings.Matching)
    assert isinstance(loaded["keys"], settings.Keys)
    assert isinstance(loaded["extraction"], settings.Extraction)
    assert isinstance(loaded["actors"], settings.Actors)
    assert isinstance(loaded["gazetteer"], settings.Gazetteer)
    for name, value in loaded.items():
        raw = _shipped(name)
        for key in raw:  # every key of the file is read into the object, unchanged
            got = getattr(value, key)
            if name == "matching" and key in ("undated", "places", "casualties", "weights", "cluster_conflicts"):
                assert vars(got) == pytest.approx(raw[key]), key
            elif key == "transliteration":
                assert [list(pair) for pair in got] == raw[key]
            else:
                assert got == raw[key], (name, key)
    # Whole numbers where the matcher wants a number are numbers ("near_km: 5").
    assert isinstance(loaded["matching"].places.near_km, float)


# ------------------------------------------------------------ overrides


def test_an_override_of_one_key_replaces_it_and_keeps_the_others(tmp_path: Path) -> None:
    _override(tmp_path, "matching.yaml", "window_days: 10\n")
    m = config.matching()
    assert m.window_days == 10
    assert m.threshold == _shipped("matching")["threshold"]
    assert dup.matcher().window == 10


def test_a_nested_key_is_replaced_whole(tmp_path: Path) -> None:
    """A user override replaces a top-level key: a mapping under it must be complete."""
    path = _override(tmp_path, "matching.yaml", "undated: {neighbours: 5}\n")
    with pytest.raises(InputError) as err:
        config.matching()
    assert str(err.value) == f"{path}: undated: missing key 'recent_days'"


def test_the_matchers_reach_follows_max_interval_days(tmp_path: Path, store: Store) -> None:
    """A user who matches dates up to 62 days long gets the same pair from an ingest
    (incremental: the store is read around the new incident) as from a rebuild."""
    import datetime as dt

    from incident_review.core.model import Figure, Incident, Source

    _override(tmp_path, "matching.yaml", "max_interval_days: 62\n")

    def incident(number: int, report: str, date: dt.date, end: dt.date | None) -> Incident:
        return Incident(
            id=f"INC-{number:06d}",
            location="Izium",
            admin1="Kharkiv Oblast",
            country="UA",
            date=date,
            date_end=end,
            date_precision="range" if end else "day",
            event_type="Explosions/Remote violence",
            sub_event_type="Shelling/artillery/missile attack",
            weapons=["missile"],
            damage=["school"],
            figures=[Figure("killed", "all", 2, 2, 2, report)],
            sources=[Source(report, "Wire", quote="A missile hit a school in Izium.")],
        )

    # Fifty days long: too vague under the shipped 31, matched on under 62.
    store.import_incidents([incident(1, "R-a", dt.date(2024, 1, 1), dt.date(2024, 2, 20))], "ana", "test")
    store.import_incidents([incident(2, "R-b", dt.date(2024, 2, 20), None)], "ana", "test")
    incremental = [(p.a, p.b) for p in dup.match_new(store, ["INC-000002"])]
    assert incremental == [(p.a, p.b) for p in dup.rebuild(store).pairs] == [("INC-000001", "INC-000002")]


# ------------------------------------------------------------ bad overrides, through the CLI

BAD = [
    ("matching.yaml", "window_days: ten\n", "window_days: expected an integer, got 'ten'"),
    ("matching.yaml", "window_days: 3.5\n", "window_days: expected an integer, got 3.5"),
    ("matching.yaml", "windw_days: 3\n", "windw_days: unknown key (did you mean window_days?)"),
    ("matching.yaml", "pair_within_dataset: 'no'\n", "pair_within_dataset: expected true or false, got 'no'"),
    ("matching.yaml", "one_per_report_margin: lots\n", "one_per_report_margin: expected a number or null, got 'lots'"),
    (
        "matching.yaml",
        "undated: {neighbours: 40, recent_days: 3, lookback_days: many, unknown_credit: 0.5}\n",
        "undated.lookback_days: expected an integer, got 'many'",
    ),
    ("matching.yaml", "transliteration: [[kh, h], [zh]]\n", "transliteration[1]: expected a list of 2, got 1 item(s)"),
    ("matching.yaml", "- window_days\n- 3\n", "expected a mapping at the top level"),
    ("matching.yaml", "window_days: [3\n", "line 2: not valid YAML"),
    ("extraction.yaml", "triggers: attack\n", "triggers: expected a list, got 'attack'"),
    (
        "extraction.yaml",
        "vague_numbers: {a dozen: twelve}\n",
        "vague_numbers.a dozen: expected an integer, got 'twelve'",
    ),
    ("actors.yaml", "actors: {Wagner Group: {side: ru}}\n", "actors.Wagner Group: missing key 'patterns'"),
    ("gazetteer.yaml", "cities: [{name: Izium}]\n", "cities[0]: missing key 'country'"),
    ("keys.yaml", "keymap: {review.confirm: 3}\n", "keymap.review.confirm: expected a string, got 3"),
]


@pytest.mark.parametrize(("name", "text", "problem"), BAD)
def test_a_bad_override_is_one_line_naming_the_file_and_key(tmp_path: Path, name: str, text: str, problem: str) -> None:
    path = _override(tmp_path, name, text)
    report = tmp_path / "r.txt"
    report.write_text(STRIKE, encoding="utf-8")
    db = tmp_path / "store.db"
    result = run_cli("ingest", str(report), db=db)
    assert result.exit_code == 2, result.output
    assert result.output == f"error: {path}: {problem}\n"
    assert not db.exists() and stored_counts(db) == (0, 0)  # checked before the store is created


@pytest.mark.parametrize("command", [["duplicates"], ["import", "in.yaml"]])
def test_other_commands_that_read_config_check_it_first(tmp_path: Path, command: list[str]) -> None:
    path = _override(tmp_path, "matching.yaml", "threshold: high\n")
    result = run_cli(*command, db=tmp_path / "store.db")
    assert result.exit_code == 2
    assert result.output == f"error: {path}: threshold: expected a number, got 'high'\n"


def test_an_override_of_no_file_of_ours_is_ignored(tmp_path: Path) -> None:
    _override(tmp_path, "saved_filters.yaml", "anything: [goes\n")
    config.check_overrides()  # not a config file of config/: nothing to check


def test_the_tui_is_not_started_on_a_bad_override(tmp_path: Path) -> None:
    """The installed entry point, as an analyst runs it: stderr holds one line, exit 2,
    before the TUI (whose keymap it is) takes the terminal."""
    path = _override(tmp_path, "keys.yaml", "keymap: [c, y]\n")
    env = {"INCIDENT_REVIEW_CONFIG": str(path.parent), "INCIDENT_REVIEW_DB": str(tmp_path / "s.db"), "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-m", "incident_review", "review"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr == f"error: {path}: keymap: expected a mapping, got a list\n"
    assert done.stdout == ""


# ------------------------------------------------------------ the checker itself


def test_records_are_checked_without_being_copied() -> None:
    """The gazetteer's records (TypedDicts) are the parsed dicts, not copies, where nothing
    in them needs converting."""
    data = {"countries": {"UA": ["Ukraine"]}, "admin1": [{"name": "Kharkiv Oblast", "country": "UA", "aliases": []}]}
    data |= {"cities": []}
    g = schema.parse(settings.Gazetteer, data, "gazetteer.yaml", {})
    assert g.admin1[0] is data["admin1"][0]  # type: ignore[index]


def test_an_unknown_key_without_a_close_match_lists_the_known_ones() -> None:
    with pytest.raises(InputError) as err:
        schema.parse(settings.Keys, {"bindings": {}}, "keys.yaml", {})
    assert str(err.value) == "keys.yaml: bindings: unknown key (known: keymap, advance_after_review)"
