"""A full rebuild stores what the matcher itself finds: the same pairs, scores and score
components, and each incident's dup flag the best of its open pairs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from incident_review.core.matching import MatchInput
from incident_review.core.model import Figure, Incident, Source
from incident_review.services import duplicates as dup
from incident_review.storage import duplicates as storage_duplicates
from incident_review.storage.store import Store

PLACES = [("Dnipro", "Dnipropetrovsk Oblast"), ("Kharkiv", "Kharkiv Oblast"), ("Odesa", "Odesa Oblast")]


def _incidents() -> list[Incident]:
    """Each place struck once and told by four reports, with differing days and tolls."""
    out: list[Incident] = []
    for p, (place, admin1) in enumerate(PLACES):
        for r in range(4):
            n = len(out) + 1
            out.append(
                Incident(
                    f"INC-{n:06d}",
                    location=place,
                    admin1=admin1,
                    country="UA",
                    date=dt.date(2024, 3, 10 + p) + dt.timedelta(days=r % 2),
                    date_precision="day",
                    event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack",
                    weapons=["missile"],
                    figures=[Figure("killed", "all", 2 + r, 2 + r, 2 + r, f"R-{r}")],
                    sources=[
                        Source(
                            f"R-{r}",
                            f"Outlet {r}",
                            quote=f"a missile hit {place} overnight, {2 + r} killed",
                            published=dt.date(2024, 3, 12 + p),
                        )
                    ],
                )
            )
    # Struck once, told once, far from the rest: it pairs with none.
    lonely = Incident("INC-000013", location="Gdansk", country="PL", date=dt.date(2024, 3, 10), date_precision="day")
    return [*out, lonely]


@pytest.mark.parametrize("by_id", [True, False], ids=["flags-by-id", "flags-update-from"])
def test_rebuild_stores_the_matchers_own_pairs_and_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by_id: bool
) -> None:
    # (Few changed flags are written by id, many through a temporary table: both ways.)
    monkeypatch.setattr(storage_duplicates, "_FLAGS_BY_ID", 1_000_000 if by_id else 0)
    store = Store(tmp_path / "r.db")
    store.import_incidents(_incidents(), "ana", "test")
    first = dup.rebuild(store)
    # A merge (the survivor then has two reports), a pair told apart, and a stale flag on
    # an incident that will have no pair: the rebuild must honour all three.
    merged = next(p for p in first.pairs if p.a == "INC-000001")
    dup.merge_incidents(store, merged.a, [merged.b], "ana")
    apart = next(p for p in first.pairs if merged.a not in (p.a, p.b) and merged.b not in (p.a, p.b))
    dup.not_duplicate(store, apart.a, apart.b, "ana")
    lonely = "INC-000013"
    with store.database.write() as conn:
        conn.execute("UPDATE incidents SET dup_score = 0.99 WHERE id = ?", (lonely,))

    temp_store = store.database.conn.execute("PRAGMA temp_store").fetchone()
    cache = store.database.conn.execute("PRAGMA cache_size").fetchone()
    secure = store.database.conn.execute("PRAGMA secure_delete").fetchone()
    rebuilt = dup.rebuild(store)
    # (The rebuild's write keeps its temporary table in memory, takes a larger page cache
    # and does not zero the old pairs' pages, then puts the settings back: the TUI's
    # connection lives on after a rebuild.)
    assert store.database.conn.execute("PRAGMA temp_store").fetchone() == temp_store
    assert store.database.conn.execute("PRAGMA cache_size").fetchone() == cache
    assert store.database.conn.execute("PRAGMA secure_delete").fetchone() == secure

    active = [i for i in store.get_many([x.id for x in _incidents()]) if not i.merged_into and i.status != "rejected"]
    expected = [
        p
        for p in dup.matcher().pairs([MatchInput.from_incident(i) for i in active])
        if (p.a, p.b) != (apart.a, apart.b)
    ]
    assert expected, "the store's reports of one strike pair"
    assert any(merged.a in (p.a, p.b) for p in expected), "the merged survivor still pairs"
    with store.database.read() as conn:
        stored = conn.execute("SELECT a, b, score, components FROM duplicate_pairs").fetchall()
        flags = dict(conn.execute("SELECT id, dup_score FROM incidents").fetchall())
    assert sorted((a, b, s, json.loads(c)) for a, b, s, c in stored) == sorted(
        (p.a, p.b, p.score, p.components) for p in expected
    )
    assert sorted(rebuilt.pairs, key=lambda p: (p.a, p.b)) == sorted(expected, key=lambda p: (p.a, p.b))
    best: dict[str, float] = {}
    for p in expected:
        for x in (p.a, p.b):
            best[x] = max(best.get(x, p.score), p.score)
    assert flags == {i.id: best.get(i.id) for i in _incidents()}
    assert flags[merged.b] is None and flags[lonely] is None
    store.close()


def test_a_rebuild_keeps_the_pairs_indexes_as_the_schema_has_them(tmp_path: Path) -> None:
    # (A full replacement drops the pairs' secondary indexes and builds them again.)
    store = Store(tmp_path / "r.db")
    store.import_incidents(_incidents(), "ana", "test")
    sql = "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'duplicate_pairs' ORDER BY name"
    before = store.database.conn.execute(sql).fetchall()
    dup.rebuild(store)
    dup.rebuild(store)
    assert store.database.conn.execute(sql).fetchall() == before
    plan = store.database.conn.execute("EXPLAIN QUERY PLAN SELECT * FROM duplicate_pairs WHERE b = 'x'").fetchall()
    assert "duplicate_pairs_b" in str(plan)


def test_the_dup_flag_is_in_no_walked_sort_index(tmp_path: Path) -> None:
    """A full rebuild rewrites the flag on about half the rows: only the row and the small
    "dup" index take it, not the four wide sort indexes a page walks (schema migration 15)."""
    store = Store(tmp_path / "s.db")
    conn = store.database.conn
    holding = {
        name
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incidents'")
        if "dup_score" in {r[2] for r in conn.execute(f"PRAGMA index_info('{name}')")}
    }
    assert holding == {"incidents_live_dup"}
    store.close()
