"""Living datasets (issue #13): re-importing a newer ACLED or UCDP export updates the rows
it revised, adds its new ones, lists (and notes) the ones it no longer has, leaves the rest
alone and never overwrites what an analyst reviewed; the revisions are one undoable batch.
Each test writes its files in the published shapes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from incident_review.core.model import Figure, Incident
from incident_review.services import review
from incident_review.storage.store import Change, Store
from tests.system.test_dataset_import import ACLED, UCDP, _api_page, _csv, _ok, _rows

NEWER = "1690000000"  # 2023-07-22, after the shipped rows' 1685577600


def _killed(inc: Incident) -> int | None:
    return next(f.best for f in inc.figures if f.kind == "killed" and f.group == "all")


def _set_killed(store: Store, incident_id: str, best: int) -> None:
    """The analyst corrects the toll (their own figure replaces the dataset's)."""
    inc = store.get(incident_id)
    assert inc is not None
    figures = [replace(f, best=best) if f.kind == "killed" else f for f in inc.figures]
    store.save([Change(replace(inc, figures=figures), inc.version)], "ana", "casualties")


def _acled_first_export() -> list[dict[str, str]]:
    a, b = _rows(ACLED)
    gone = {**b, "event_id_cnty": "RUS11111", "location": "Shebekino"}
    reviewed = {**a, "event_id_cnty": "UKR777777", "location": "Novomoskovsk"}
    return [a, b, gone, reviewed]


def test_revised_acled_export_updates_adds_reports_deleted_and_keeps_the_analysts_value(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = _acled_first_export()
    _ok(db, str(_csv(tmp_path / "acled_june.csv", first)))
    store = Store(db)
    _set_killed(store, "UKR777777", 4)
    store.close()

    a, b, _gone, reviewed = (dict(r) for r in first)
    a.update(fatalities="5", notes="Revised: 5 killed.", timestamp=NEWER)
    b.update(location="Graivoron")  # same timestamp: ACLED did not revise it
    reviewed.update(fatalities="5", location="Novomoskovsk city", timestamp=NEWER)
    new = {**first[1], "event_id_cnty": "UKR999999", "location": "Kherson", "timestamp": NEWER}
    path = _csv(tmp_path / "acled_july.csv", [a, b, reviewed, new])
    out = _ok(db, str(path))

    assert "1 added, 2 revised, 1 unchanged, 1 deleted upstream, 1 conflict(s) kept for review" in out
    assert "UKR777777: casualties: ACLED revised casualties killed 2 -> killed 5 (row timestamp 1690000000" in out
    assert "your value killed 4 kept" in out
    assert "  RUS11111" in out
    store = Store(db)
    got = {inc.id: inc for inc in store.get_many(["UKR123456", "RUS98765", "RUS11111", "UKR777777", "UKR999999"])}
    assert _killed(got["UKR123456"]) == 5 and got["UKR123456"].summary == "Revised: 5 killed."
    assert got["UKR123456"].notes[-1].text.startswith("Revised in ACLED: acled_july.csv, line 2 (row timestamp 1690")
    assert (got["RUS98765"].version, got["RUS98765"].location) == (1, "Grayvoron")  # left alone
    # The analyst's toll stays; the field they did not touch takes the revision.
    assert _killed(got["UKR777777"]) == 4 and got["UKR777777"].location == "Novomoskovsk city"
    assert "your value killed 4 kept" in got["UKR777777"].notes[-1].text
    assert got["RUS11111"].notes[-1].text.startswith("Not in ACLED file acled_july.csv")  # listed, kept
    assert "UKR999999" in got
    history = store.history("UKR123456")
    assert history[-1].action == "import revision" and history[-1].analyst != "incident-review"
    store.close()

    # The same export again: nothing revised, no conflict again, the deletion not noted twice.
    again = _ok(db, str(path))
    assert "0 added, 0 revised, 4 unchanged, 1 deleted upstream, 0 conflict(s) kept for review" in again
    store = Store(db)
    assert [i.version for i in store.get_many(["RUS11111", "UKR777777"])] == [2, 3]
    store.close()


def test_undo_of_the_import_batch_restores_the_previous_rows(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = _acled_first_export()
    _ok(db, str(_csv(tmp_path / "acled_june.csv", first)))
    store = Store(db)
    before = {inc.id: inc for inc in store.get_many(["UKR123456", "RUS11111"])}
    store.close()
    a = {**first[0], "fatalities": "5", "timestamp": NEWER}
    out = _ok(db, str(_csv(tmp_path / "acled_july.csv", [a, first[1], first[3]])))
    batch = out.split("revisions saved as batch ")[1].split()[0]
    store = Store(db)
    review.undo(store, batch, "ana", others=True)  # the import's, written as the CLI's analyst
    after = {inc.id: inc for inc in store.get_many(["UKR123456", "RUS11111"])}
    for key in before:
        assert replace(after[key], version=0, updated_at=None, updated_by=None) == replace(
            before[key], version=0, updated_at=None, updated_by=None
        )
    store.close()
    # Undone, the row is as first imported: importing the revision again takes it again.
    redo = _ok(db, str(_csv(tmp_path / "acled_july.csv", [a, first[1], first[3]])))
    assert "0 added, 1 revised, 2 unchanged" in redo


def test_revised_ucdp_release_is_compared_by_content(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    one, two = _rows(UCDP)
    gone = {**two, "id": "512347"}
    confirmed = {**one, "id": "512349"}
    _ok(db, str(_csv(tmp_path / "GEDEvent_v24_1.csv", [one, two, gone, confirmed])))
    store = Store(db)
    inc = store.get("512349")
    assert inc is not None
    review.set_status(store, inc, "confirmed", "ana")
    store.close()

    revised = {**one, "best": "4", "high": "6"}
    confirmed_revised = {**confirmed, "best": "4", "high": "6", "adm_2": "Dnipro raion"}
    new = {**two, "id": "512348"}
    out = _ok(db, str(_csv(tmp_path / "GEDEvent_v25_1.csv", [revised, two, confirmed_revised, new])))

    assert "1 added, 1 revised, 1 unchanged, 1 deleted upstream, 2 conflict(s) kept for review" in out
    assert (
        "512349: casualties: UCDP GED revised casualties killed 2 (2-3); killed civilians 2 -> "
        "killed 4 (2-6); killed civilians 2 (release 25.1, content #"
    ) in out
    assert "your reviewed value killed 2 (2-3); killed civilians 2 kept" in out
    assert "512349: admin2:" in out
    store = Store(db)
    got = {inc.id: inc for inc in store.get_many(["512345", "512346", "512347", "512348", "512349"])}
    assert got["512345"].figures[0] == Figure("killed", "all", 2, 4, 6, "ucdp:512345")
    assert got["512346"].version == 1
    assert "deleted upstream?" in got["512347"].notes[-1].text
    # Confirmed: the analyst vouched for every field as it stood.
    assert got["512349"].figures[0].best == 2 and got["512349"].admin2 == "Dnipro city"
    assert got["512349"].status == "confirmed"
    store.close()


def test_one_page_of_the_ucdp_api_reports_no_deletions(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    rows = _rows(UCDP)
    _ok(db, str(_csv(tmp_path / "GEDEvent_v24_1.csv", rows)))
    page = tmp_path / "page.json"
    page.write_text(json.dumps(_api_page(rows[:1], total=2)), encoding="utf-8")
    out = _ok(db, str(page))
    assert "0 deleted upstream" in out
    assert "deletions upstream not checked: the file holds part of a longer result" in out


def test_errors_to_lists_the_conflicts_and_the_rows_deleted_upstream(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = _acled_first_export()
    _ok(db, str(_csv(tmp_path / "acled_june.csv", first)))
    store = Store(db)
    _set_killed(store, "UKR777777", 4)
    store.close()
    reviewed = {**first[3], "fatalities": "5", "timestamp": NEWER}
    errors = tmp_path / "problems.csv"
    _ok(db, "--errors-to", str(errors), str(_csv(tmp_path / "acled_july.csv", [first[0], first[1], reviewed])))
    listed = {(r["kind"], r["where"]) for r in _rows(errors)}
    assert listed == {("conflict", "id UKR777777, casualties"), ("deleted upstream", "id RUS11111")}


def test_a_revision_takes_the_datasets_own_fields_and_its_timestamp(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    a, b = _rows(ACLED)
    _ok(db, str(_csv(tmp_path / "acled_june.csv", [a, b])))
    store = Store(db)
    inc = store.get("RUS98765")
    assert inc is not None
    review.set_status(store, inc, "confirmed", "ana")
    store.close()

    revised = {**a, "tags": "women targeted: health workers", "civilian_targeting": "", "timestamp": NEWER}
    confirmed = {**b, "inter2": "7", "timestamp": NEWER}
    out = _ok(db, str(_csv(tmp_path / "acled_july.csv", [revised, confirmed])))
    assert "0 added, 1 revised, 0 unchanged, 0 deleted upstream, 1 conflict(s) kept for review" in out
    assert "RUS98765: inter2: ACLED revised inter2 0 -> 7 (row timestamp 1690000000" in out
    store = Store(db)
    got = {inc.id: inc for inc in store.get_many(["UKR123456", "RUS98765"])}
    taken = got["UKR123456"]
    assert (taken.tags, taken.civilian_targeting, taken.row_timestamp) == (
        "women targeted: health workers",
        None,
        NEWER,
    )
    # Confirmed: the analyst's incident keeps its inter2; the row it now stands for is the
    # newer one (its timestamp is no conflict of its own), so the same file is unchanged next time.
    kept = got["RUS98765"]
    assert (kept.inter2, kept.row_timestamp) == ("0", NEWER)
    store.close()
    again = _ok(db, str(_csv(tmp_path / "acled_july.csv", [revised, confirmed])))
    assert "0 added, 0 revised, 2 unchanged" in again
