"""The parsed-config cache (config/parsed_cache.py): a later process reads the config files'
YAML from the user's cache folder, and only while neither file changed; an edited or added
override is read at once, a bad one is refused every time, and a corrupt, foreign or shared
cache is ignored without a word."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from incident_review import config
from incident_review.config import parsed_cache
from incident_review.core.errors import InputError

SHIPPED_GRADE = "matching"  # a small file; the gazetteer goes the same way


@pytest.fixture(autouse=True)
def fresh_config() -> Iterator[None]:
    config.cache_clear()  # the in-process cache: each read below is a new "process"
    yield
    config.cache_clear()


@pytest.fixture
def yaml_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose YAML was parsed (not served from the cache)."""
    seen: list[str] = []
    real = config._read_yaml

    def counting(text: str, origin: str) -> dict[str, object]:
        seen.append(Path(origin).name)
        return real(text, origin)

    monkeypatch.setattr(config, "_read_yaml", counting)
    return seen


def _override(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "config"  # $INCIDENT_REVIEW_CONFIG (conftest)
    folder.mkdir(exist_ok=True)
    path = folder / "matching.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _read_again() -> float:
    config.cache_clear()
    return config.matching().threshold


def test_a_second_process_reads_the_cache_not_the_yaml(yaml_reads: list[str]) -> None:
    first = config.matching()
    assert yaml_reads == ["matching.yaml"]
    assert (parsed_cache.folder() / "matching.marshal").is_file()
    config.cache_clear()
    assert config.matching() == first
    assert yaml_reads == ["matching.yaml"]  # not parsed again


def test_the_cache_is_private_to_the_user(tmp_path: Path) -> None:
    config.matching()
    entry = parsed_cache.folder() / "matching.marshal"
    assert entry.stat().st_mode & 0o077 == 0
    assert parsed_cache.folder().stat().st_mode & 0o077 == 0


def test_an_edited_override_is_read_at_once(tmp_path: Path, yaml_reads: list[str]) -> None:
    path = _override(tmp_path, "threshold: 0.61\n")
    assert _read_again() == 0.61
    # Same size, within one tick of the file system's clock: the content's sum differs.
    path.write_text("threshold: 0.62\n", encoding="utf-8")
    assert _read_again() == 0.62
    path.unlink()
    shipped = _read_again()
    assert shipped != 0.62
    _override(tmp_path, "threshold: 0.63\n")  # an override added after the cache was written
    assert _read_again() == 0.63
    # Each of the four reads parsed (the shipped file and, but for the third, the override).
    assert len(yaml_reads) == 2 + 2 + 1 + 2
    config.cache_clear()
    assert config.matching().threshold == 0.63
    assert len(yaml_reads) == 7  # and now served from the cache


def test_a_bad_override_is_refused_every_time_cached_or_not(tmp_path: Path) -> None:
    _override(tmp_path, "threshold: high\n")
    for _ in range(2):
        config.cache_clear()
        with pytest.raises(InputError, match=r"matching\.yaml.*threshold"):
            config.matching()


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01 not marshal", b"\xe9" * 3])
def test_a_corrupt_cache_is_read_past_and_rewritten(garbage: bytes, yaml_reads: list[str]) -> None:
    expected = config.matching()
    entry = parsed_cache.folder() / "matching.marshal"
    entry.write_bytes(garbage)
    assert _read_again() == expected.threshold
    assert yaml_reads == ["matching.yaml", "matching.yaml"]
    config.cache_clear()
    config.matching()
    assert yaml_reads == ["matching.yaml", "matching.yaml"]  # the rewritten entry serves again


def test_an_entry_of_another_shape_is_read_past(yaml_reads: list[str]) -> None:
    import marshal

    expected = config.matching()
    entry = parsed_cache.folder() / "matching.marshal"
    entry.write_bytes(marshal.dumps(("not", "an", "entry")))
    assert _read_again() == expected.threshold
    assert len(yaml_reads) == 2


def test_a_group_writable_cache_folder_is_neither_read_nor_written(yaml_reads: list[str]) -> None:
    config.matching()
    folder = parsed_cache.folder()
    folder.chmod(0o770)  # a shared or group-writable folder: another user could plant entries
    (folder / "matching.marshal").unlink()
    _read_again()
    _read_again()
    assert yaml_reads == ["matching.yaml"] * 3
    assert not (folder / "matching.marshal").exists()


def test_a_group_writable_entry_is_not_read(yaml_reads: list[str]) -> None:
    config.matching()
    (parsed_cache.folder() / "matching.marshal").chmod(0o664)
    _read_again()
    assert yaml_reads == ["matching.yaml"] * 2


def test_a_symlinked_entry_is_not_followed(tmp_path: Path, yaml_reads: list[str]) -> None:
    config.matching()
    entry = parsed_cache.folder() / "matching.marshal"
    planted = tmp_path / "planted.marshal"
    planted.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(planted)
    _read_again()
    assert yaml_reads == ["matching.yaml"] * 2


def test_an_unwritable_cache_folder_costs_nothing_but_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert config.matching().threshold == _read_again()


def test_the_cli_in_fresh_processes_reads_the_cache(tmp_path: Path) -> None:
    """Two real processes: the second parses no YAML (yaml is never even imported) and
    still sees the override; the first wrote the entries."""
    _override(tmp_path, "threshold: 0.64\n")
    probe = (
        "import sys; from incident_review import config; "
        "print(config.matching().threshold, config.gazetteer().countries['UA'][0], 'yaml' in sys.modules)"
    )
    env = {**os.environ}
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    assert first.stdout.split() == ["0.64", "Ukraine", "True"]
    assert second.stdout.split() == ["0.64", "Ukraine", "False"]


def test_two_installs_used_in_turn_keep_their_own_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yaml_reads: list[str]
) -> None:
    """A venv per project, or a release beside a checkout: each install's entries stay
    when the other runs, so neither parses the YAML again on alternate runs."""
    config.matching()  # this install
    assert yaml_reads == ["matching.yaml"]
    other = tmp_path / "other-install" / "incident_review" / "config"
    other.mkdir(parents=True)
    (other / "matching.yaml").write_bytes(Path(config.__file__).with_name("matching.yaml").read_bytes())
    here_file, here_install = config.__file__, parsed_cache.INSTALL
    monkeypatch.setattr(config, "__file__", str(other / "__init__.py"))
    monkeypatch.setattr(parsed_cache, "INSTALL", other.parent)
    assert _read_again() == config.matching().threshold
    assert yaml_reads == ["matching.yaml", "matching.yaml"]  # the other install's first run
    monkeypatch.setattr(config, "__file__", here_file)
    monkeypatch.setattr(parsed_cache, "INSTALL", here_install)
    _read_again()
    monkeypatch.setattr(config, "__file__", str(other / "__init__.py"))
    monkeypatch.setattr(parsed_cache, "INSTALL", other.parent)
    _read_again()
    assert yaml_reads == ["matching.yaml", "matching.yaml"]  # each served from its own entry
