"""A big ingest extracted by worker processes stores what one process would, in order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incident_review.services import extract_workers
from tests.conftest import ROOT, run_cli, stored_counts

pytestmark = pytest.mark.skipif(not extract_workers.can_fork(), reason="workers need fork")


def _batch(path: Path, n: int) -> Path:
    """``n`` distinct reports made of the seed reports (a line apiece), for the workers' threshold."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    lines = [
        json.dumps({"text": f"{seeds[k % len(seeds)]}\n\nUpdate {k}.", "published": f"2024-03-{k % 28 + 1:02d}"})
        for k in range(n)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _export(db: Path, out: Path) -> bytes:
    result = run_cli("export", "--no-timestamp", "-o", str(out), db=db)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_workers_store_the_incidents_one_process_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    batch = _batch(tmp_path / "batch.jsonl", extract_workers.PARALLEL_AT + 6)
    used: list[int] = []
    original = extract_workers.extract_in_workers

    def spy(reports: Any, workers: int) -> Any:
        used.append(workers)
        return original(reports, workers)

    monkeypatch.setattr("incident_review.services.ingest.extract_in_workers", spy)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert run_cli("ingest", "--jobs", "1", str(batch), db=one).exit_code == 0
    assert used == []
    result = run_cli("ingest", "--jobs", "2", str(batch), db=two)
    assert result.exit_code == 0, result.output
    assert used == [2]
    assert stored_counts(two)[1] > 0
    assert _export(two, tmp_path / "two.yaml") == _export(one, tmp_path / "one.yaml")


def test_a_date_out_of_range_in_a_worker_names_its_line_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from incident_review.services.extraction import extractor

    extract = type(extractor()).extract

    def overflows(self: Any, text: str, *args: Any, **kwargs: Any) -> Any:
        if "Update 40." in text:
            raise OverflowError("date value out of range")  # as "yesterday" at 0001-01-01 did
        return extract(self, text, *args, **kwargs)

    monkeypatch.setattr(type(extractor()), "extract", overflows)  # the forked workers inherit it
    batch = _batch(tmp_path / "batch.jsonl", extract_workers.PARALLEL_AT + 6)
    db = tmp_path / "s.db"
    result = run_cli("ingest", "--jobs", "2", str(batch), db=db)
    assert result.exit_code == 2, result.output
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("error: ") and f"{batch}:41" in line and "out of range" in line, line
    assert stored_counts(db) == (0, 0)
