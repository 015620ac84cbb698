"""Bulk writes and undo in the store and the services: one batch for a selection (one undo
reverts it), another analyst's change skipped and named, never overwritten; an undo says
what it undoes and where, and never reverts another analyst's batch."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from incident_review.core.errors import ConflictError
from incident_review.core.model import Figure, Incident
from incident_review.core.query import IncidentFilter, Sort
from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.services.selection import MAX_SELECTED, Selection, Span, filter_ids, span_ids
from incident_review.services.undo import Step, UndoHistory, describe
from incident_review.storage.store import Change, Store

# When the rows were selected: EARLY, before every change below (any other analyst's
# change counts as made since); LATE, after them all (none does).
EARLY = "2000-01-01T00:00:00Z"
LATE = "2999-01-01T00:00:00Z"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "bulk.db")
    s.import_incidents(
        [Incident(id=f"INC-{i:06d}", summary=f"s{i}", figures=[Figure("killed", best=i % 7)]) for i in range(1, 31)],
        "importer",
        "test",
    )
    return s


def _status(store: Store, incident_id: str) -> str:
    inc = store.get(incident_id)
    assert inc is not None
    return inc.status


def _ids(n: int, first: int = 1) -> list[str]:
    return [f"INC-{i:06d}" for i in range(first, first + n)]


def test_a_bulk_status_is_one_batch_that_one_undo_reverts(store: Store) -> None:
    selected = dict.fromkeys(_ids(20), LATE)
    result = review.set_status_many(store, selected, "confirmed", "ana")
    assert result.batch is not None and sorted(result.saved) == _ids(20) and result.skipped == []
    assert {_status(store, i) for i in _ids(20)} == {"confirmed"} and _status(store, "INC-000021") == "unreviewed"
    entries = store.batch_entries(result.batch)
    assert len(entries) == 20 and {e.batch for e in entries} == {result.batch}
    review.undo(store, result.batch, "ana")
    assert {_status(store, i) for i in _ids(20)} == {"unreviewed"}
    assert result.describe("confirmed") == "confirmed 20 of 20"


def test_rows_already_so_are_left_alone_and_counted(store: Store) -> None:
    inc = store.get("INC-000002")
    assert inc is not None
    review.set_status(store, inc, "confirmed", "ana")
    result = review.set_status_many(store, dict.fromkeys(_ids(3), LATE), "confirmed", "ana")
    assert result.unchanged == ["INC-000002"] and sorted(result.saved) == ["INC-000001", "INC-000003"]
    assert result.describe("confirmed") == "confirmed 2 of 3 (1 already so)"
    assert store.get("INC-000002").version == inc.version + 1  # type: ignore[union-attr]  # not written again


def test_another_analysts_change_since_selecting_is_skipped_and_named(store: Store) -> None:
    bobs = store.get("INC-000005")
    assert bobs is not None
    review.set_grade(store, bobs, "weak", "bob")  # after ana selected it
    selected = {**dict.fromkeys(_ids(10), LATE), "INC-000005": EARLY}
    result = review.set_status_many(store, selected, "rejected", "ana")
    assert [(s.incident_id, s.reason) for s in result.skipped] == [
        ("INC-000005", "changed by bob since it was selected")
    ]
    assert _status(store, "INC-000005") == "unreviewed" and store.get("INC-000005").grade == "weak"  # type: ignore[union-attr]
    assert len(result.saved) == 9
    assert "skipped 1: INC-000005 changed by bob since it was selected" in result.describe("rejected")


def test_save_some_writes_the_rest_when_one_is_stale(store: Store) -> None:
    a, b = store.get_many(["INC-000001", "INC-000002"])
    store.save([Change(replace(b, grade="weak"), b.version)], "bob", "grade:weak")
    batch, saved, refused = store.save_some(
        [Change(replace(a, grade="fair"), a.version), Change(replace(b, grade="fair"), b.version)],
        "ana",
        "grade:fair",
    )
    assert batch is not None and [i.id for i in saved] == ["INC-000001"]
    assert len(refused) == 1 and isinstance(refused[0], ConflictError) and refused[0].by == "bob"
    assert store.get("INC-000002").grade == "weak"  # type: ignore[union-attr]


def test_a_merged_away_incident_is_skipped(store: Store) -> None:
    from incident_review.services.duplicates import merge_incidents

    merge_incidents(store, "INC-000001", ["INC-000002"], "ana")
    result = review.set_grade_many(store, dict.fromkeys(_ids(3), LATE), "fair", "ana")
    assert ("INC-000002", "merged into INC-000001") in [(s.incident_id, s.reason) for s in result.skipped]
    assert sorted(result.saved) == ["INC-000001", "INC-000003"]


def test_undo_refuses_another_analysts_batch_and_says_whose(store: Store) -> None:
    inc = store.get("INC-000003")
    assert inc is not None
    saved = review.add_note(store, inc, "bob's note", "bob")
    with pytest.raises(ValueError, match=r"note on INC-000003 by bob: that is bob's change, not ana's to undo"):
        review.undo(store, saved.batch, "ana")
    assert [n.text for n in store.get("INC-000003").notes] == ["bob's note"]  # type: ignore[union-attr]
    review.undo(store, saved.batch, "bob")  # bob may
    assert store.get("INC-000003").notes == []  # type: ignore[union-attr]
    now = store.get("INC-000003")
    assert now is not None
    again = review.add_note(store, now, "again", "bob")
    review.undo(store, again.batch, "ana", others=True)  # and so may ana, when she says so
    assert store.get("INC-000003").notes == []  # type: ignore[union-attr]


def test_undo_after_someone_elses_later_change_is_refused(store: Store) -> None:
    inc = store.get("INC-000004")
    assert inc is not None
    mine = review.set_status(store, inc, "confirmed", "ana")
    review.set_grade(store, mine.incident, "weak", "bob")
    with pytest.raises(ConflictError):
        review.undo(store, mine.batch, "ana")
    assert _status(store, "INC-000004") == "confirmed"


def test_batch_infos_say_what_and_where(store: Store) -> None:
    inc = store.get("INC-000012")
    assert inc is not None
    note = review.add_note(store, inc, "x", "ana")
    bulk = review.set_status_many(store, dict.fromkeys(_ids(20, 3), LATE), "needs_follow_up", "ana")
    assert bulk.batch is not None
    infos = store.batch_infos([note.batch, bulk.batch, "nope"])
    assert set(infos) == {note.batch, bulk.batch}
    assert describe(infos[note.batch]) == "note on INC-000012 by ana"
    assert describe(infos[bulk.batch]) == "status needs follow up on 20 incidents from INC-000003 by ana"
    assert infos[bulk.batch].incident_ids == tuple(_ids(20, 3))


def test_undo_history_lists_newest_first_with_what_u_and_ctrl_r_do_next() -> None:
    history = UndoHistory()
    for batch in ("a", "b", "c"):
        history.did(batch)
    step = history.take(undo=True)
    assert step == Step("c")
    history.reverted(True, Step("c-undo"))
    entries = history.entries()
    assert [(e.step.batch, e.undone, e.next_key) for e in entries] == [
        ("c-undo", True, "redo"),
        ("b", False, "undo"),
        ("a", False, None),
    ]
    history.did("d")  # a new action: nothing left to redo
    assert [e.step.batch for e in history.entries()] == ["d", "b", "a"] and history.redo == []


def test_ranges_read_back_in_the_lists_order_both_ways(store: Store) -> None:
    browse = Browse(store)
    sort = Sort("killed", descending=True)
    f = IncidentFilter()
    rows = browse.page(f, sort, None, 30)
    anchor = rows[10]
    down = span_ids(browse, Span(f, sort, anchor.key, 5, True, EARLY))
    assert down == [r.id for r in rows[10:15]]
    up = span_ids(browse, Span(f, sort, anchor.key, 4, False, EARLY))
    assert sorted(up) == sorted(r.id for r in rows[7:11])


def test_select_all_reads_the_filters_ids_up_to_the_limit(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    browse = Browse(store)
    inc = store.get("INC-000007")
    assert inc is not None
    review.set_status(store, inc, "rejected", "ana")
    assert filter_ids(browse, IncidentFilter(statuses=("rejected",))) == ["INC-000007"]
    assert filter_ids(browse, IncidentFilter()) == _ids(30)
    monkeypatch.setattr("incident_review.services.selection.MAX_SELECTED", 29)
    assert filter_ids(browse, IncidentFilter()) is None
    assert MAX_SELECTED >= 10_000


def test_the_selection_counts_a_range_once_and_drops_a_stale_read() -> None:
    sel = Selection()
    sel.toggle("b", EARLY)
    sel.start_visual(0, ("x", 1), IncidentFilter(), Sort(), EARLY)
    window = ["a", "b", "c", "d"]
    assert sel.count(2, 0, window) == 3  # a, b (picked too), c
    assert sel.covers("c", 2, 2) and not sel.covers("d", 3, 2)
    generation = sel.generation
    sel.clear()
    assert sel.add(["x", "y"], EARLY, generation) == 0 and not sel.active  # read before the clear
