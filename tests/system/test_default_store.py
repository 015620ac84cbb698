"""The default store does not trap a newcomer (issue #12 item 2): after ``demo`` a bare
command says which store it read and where the demo's is; every command names its store.
(Also tested, in tests/storage/test_shared_server.py: ``demo`` again over a reviewed store
refuses without --force, read-only commands create no store or folder.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from incident_review.cli.main import cli
from incident_review.storage.store import Store
from tests.conftest import SEED, run_cli


def _demo(tmp_path: Path) -> Path:
    result = run_cli("demo", "--no-tui")
    assert result.exit_code == 0, result.output
    demo = tmp_path / "data" / "incident-review" / "demo.db"
    assert demo.is_file()
    return demo


@pytest.mark.parametrize("args", [["export"], ["stats"], ["duplicates"]])
def test_after_demo_a_bare_read_of_the_missing_default_store_names_it_and_the_demo_store(
    tmp_path: Path, args: list[str]
) -> None:
    demo = _demo(tmp_path)
    result = run_cli(*args)  # the default store: $INCIDENT_REVIEW_DB of the test, never created
    default = tmp_path / "default.db"
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and str(default) in line and "no store here" in line
    assert f"--db {demo}" in line  # where the demo's incidents are
    assert not default.exists()


def test_after_demo_an_export_of_an_empty_default_store_says_it_is_empty(tmp_path: Path) -> None:
    demo = _demo(tmp_path)
    default = tmp_path / "default.db"
    Store(default).close()  # made empty (as a bare `incident-review` does)
    result = CliRunner().invoke(cli, ["export"], catch_exceptions=False)
    assert result.exit_code == 0
    assert f"# store: {default} (no incidents; the demo store is {demo}: --db {demo})" in result.stderr
    assert "incidents: []" in result.stdout  # stdout: the (empty) YAML, clean
    full = CliRunner().invoke(cli, ["--db", str(demo), "export"], catch_exceptions=False)
    assert f"# store: {demo}\n" in full.stderr  # a store with incidents: just its name


def test_every_command_names_its_store(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    copy = tmp_path / "copy.db"
    exported = tmp_path / "out.yaml"
    runner = CliRunner()

    def output(*args: str) -> str:
        result = runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout + result.stderr

    named = {
        "ingest": output("ingest", str(SEED), "--published", "2024-01-01"),
        "stats": output("stats"),
        "paths": output("paths"),
        "export": output("export", "-o", str(exported)),
        "duplicates": output("duplicates"),
        "backup": output("backup", str(copy)),
        "datasette-metadata": output("datasette-metadata"),
    }
    ids = [i.id for i in Store(db).get_many(["INC-000001", "INC-000002"])]
    assert len(ids) == 2
    named["merge"] = output("merge", *ids)
    named["unmerge"] = output("unmerge", ids[0])
    named["not-duplicate"] = output("not-duplicate", *ids)
    Store(tmp_path / "other.db").close()
    other = runner.invoke(cli, ["--db", str(tmp_path / "other.db"), "import", str(exported)], catch_exceptions=False)
    named["import"] = other.stdout + other.stderr
    assert other.exit_code == 0, other.output
    for command, text in named.items():
        target = tmp_path / "other.db" if command == "import" else db
        assert str(target) in text or target.name in text, (command, text)
