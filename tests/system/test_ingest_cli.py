"""Ingest from the command line: formats, duplicates, and bad input that changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from incident_review.core.query import IncidentFilter
from incident_review.storage.store import Store
from tests.conftest import SEED, run_cli


def _count(db: Path) -> tuple[int, int]:
    s = Store(db)
    try:
        return s.stats()["reports"], s.count(IncidentFilter())
    finally:
        s.close()


def test_seed_ingest_then_reingest_is_stored_once(db_path: Path) -> None:
    first = run_cli("ingest", str(SEED), db=db_path)
    assert first.exit_code == 0 and "1 new report(s)" in first.output
    again = run_cli("ingest", str(SEED), db=db_path)
    assert again.exit_code == 0 and "already in the store" in again.output
    assert _count(db_path)[0] == 1


def test_ingest_reads_headers_front_matter_and_jsonl(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "source: Wire\nurl: https://x.example/a\ndate: 2024-03-14\n\n"
        "A Russian missile struck the city of Kharkiv on Thursday, killing two people.\n"
    )
    (folder / "b.md").write_text(
        "---\noutlet: Local\npublished: 2024-03-15\ntitle: T\n---\n"
        "Drones attacked Odesa overnight, damaging a warehouse.\n"
    )
    (folder / "c.jsonl").write_text(
        json.dumps(
            {
                "outlet": "J",
                "url": "u",
                "published": "2024-03-16",
                "title": "t",
                "text": "Shelling hit Kherson yesterday, wounding three people.",
            }
        )
        + "\n"
    )
    result = run_cli("ingest", str(folder), db=db_path)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(run_cli("export", db=db_path).output)
    by_place = {i["location"]: i for i in data["incidents"]}
    assert by_place["Kharkiv"]["sources"][0]["outlet"] == "Wire"
    assert by_place["Kharkiv"]["date"].isoformat() == "2024-03-14"
    assert by_place["Odesa"]["sources"][0]["published"].isoformat() == "2024-03-15"
    assert by_place["Kherson"]["date"].isoformat() == "2024-03-15"
    assert by_place["Kherson"]["casualties"]["wounded"]["best"] == 3


def test_published_and_outlet_options_fill_missing_metadata(tmp_path: Path, db_path: Path) -> None:
    f = tmp_path / "plain.txt"
    f.write_text("Russian shelling hit the town of Vovchansk yesterday, killing one civilian.")
    assert run_cli("ingest", str(f), "--published", "2024-05-10", "--outlet", "Hromadske", db=db_path).exit_code == 0
    inc = yaml.safe_load(run_cli("export", db=db_path).output)["incidents"][0]
    assert inc["date"].isoformat() == "2024-05-09"
    assert inc["sources"][0]["outlet"] == "Hromadske"


BAD_INPUTS = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"   \n\n", "empty file"),
    ("binary.txt", b"\x00\x01\x02PNG\x00", "binary file"),
    ("latin1.txt", "line one\nCaf\u00e9 attacked".encode("latin-1"), "line 2: not UTF-8"),
    ("bad.jsonl", b'{"text": "ok report about shelling in Kharkiv"}\n{not json}\n', "line 2: not valid JSON"),
    ("notext.jsonl", b'{"outlet": "x"}\n', "line 1: missing 'text'"),
    ("baddate.txt", b"date: 2023-02-30\n\nShelling hit Kharkiv.", "not a date"),
    ("huge.txt", b"word " * 1_100_000, "larger than"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_file_is_named_and_nothing_is_stored(
    tmp_path: Path, db_path: Path, name: str, content: bytes, message: str
) -> None:
    good = tmp_path / "a_good.txt"
    good.write_text("Russian shelling hit Kharkiv yesterday.")
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run_cli("ingest", str(good), str(bad), "--published", "2024-01-01", db=db_path)
    assert result.exit_code == 2
    line = result.output.strip()
    assert line.count("\n") == 0 and str(bad) in line and message in line
    assert _count(db_path) == (0, 0)


def test_missing_file_is_an_error(tmp_path: Path, db_path: Path) -> None:
    result = run_cli("ingest", str(tmp_path / "nope.txt"), db=db_path)
    assert result.exit_code == 2 and "no such file" in result.output


def test_stats_and_paths(seeded: Store) -> None:
    out = run_cli("stats", db=Path(seeded.path)).output
    assert "reports:   1" in out and "unreviewed" in out
    assert "config:" in run_cli("paths").output


def test_demo_builds_store_from_seeds_through_ingest(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = run_cli("demo", "--no-tui", db=db)
    assert result.exit_code == 0
    reports, incidents = _count(db)
    assert reports >= 1 and incidents >= 6
