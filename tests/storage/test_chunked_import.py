"""A big import written in many chunks (issue #13: 100k ACLED rows) stores what one
transaction would: every row, one ``import`` audit entry each whose snapshot is the
incident as stored, and snapshots that leave out default-valued fields still restore it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from incident_review.core import snapshot
from incident_review.core.model import Claim, Figure, Incident, Note, Source
from incident_review.storage import staging
from incident_review.storage.store import Store


def _incidents(n: int) -> list[Incident]:
    return [
        Incident(
            f"ACL{i:05d}",
            date=dt.date(2024, 1, 1 + i % 28),
            country="UA",
            location="Kharkiv",
            summary=f"shelling {i}",
            sources=[Source(f"acled:ACL{i:05d}", "Suspilne", None, dt.date(2024, 1, 1), f"shelling {i}")],
            attribution=[Claim("Military Forces of Russia (2000-)", source=f"acled:ACL{i:05d}")],
            figures=[Figure("killed", best=i % 4, source=f"acled:ACL{i:05d}")] if i % 3 else [],
            notes=[Note("incident-review", "2026-12-02T00:00:00Z", f"Imported from ACLED: line {i + 2}.")],
        )
        for i in range(n)
    ]


def test_a_chunked_import_stores_every_row_with_one_audit_entry_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks of ~1 ms and a flip of 50 at once: dozens of stage and flip transactions.
    monkeypatch.setattr(staging, "CHUNK_SECONDS", 0.001)
    monkeypatch.setattr(staging, "FLIP_AT_ONCE", 50)
    incidents = _incidents(700)
    store = Store(tmp_path / "s.db")
    ids = store.import_incidents(incidents, "ana", "acled.csv")
    assert ids == [inc.id for inc in incidents]
    stored = store.get_many(ids)
    assert [inc.id for inc in stored] == ids
    for inc, mine in zip(stored, incidents, strict=True):
        assert (inc.summary, inc.figures, inc.attribution, inc.sources, inc.notes) == (
            mine.summary,
            mine.figures,
            mine.attribution,
            mine.sources,
            mine.notes,
        )
        assert (inc.version, inc.created_by, inc.merged_into) == (1, "ana", None)
    entries = store.audit_entries()
    assert len(entries) == len(ids)
    assert {e.action for e in entries} == {"import"}
    assert {e.analyst for e in entries} == {"ana"}
    assert [e.incident_id for e in entries] == ids
    assert all(e.before is None for e in entries)
    assert [e.after for e in entries] == stored  # the snapshot is the incident as stored
    assert store.stats()["audit_entries"] == len(ids)


def test_a_snapshot_leaves_out_defaults_and_restores_the_incident() -> None:
    inc = _incidents(2)[1]
    text = snapshot.to_json(inc)
    data = json.loads(text)
    assert "admin3" not in data and "weapons" not in data  # None and [] are the defaults
    assert data["figures"] == [{"kind": "killed", "best": 1, "source": "acled:ACL00001"}]
    assert snapshot.from_json(text) == inc


def test_a_snapshot_written_whole_by_an_earlier_version_still_reads() -> None:
    inc = _incidents(1)[0]
    full = json.loads(snapshot.to_json(inc))
    for name, value in vars(Incident("X")).items():
        full.setdefault(name, value if not isinstance(value, dict | list) else type(value)())
    full["attribution"] = [{**vars(Claim("x")), **c} for c in full["attribution"]]
    assert snapshot.from_json(json.dumps(full, sort_keys=True)) == inc
