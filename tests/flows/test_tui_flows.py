"""The review flows beyond triage: duplicates, attribution, casualties, grade, filters."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from textual.widgets import Input, Static

from incident_review.core.casualties import combine
from incident_review.core.model import Figure, Incident
from incident_review.core.query import IncidentFilter
from incident_review.services.browse import Browse
from incident_review.services.ingest import ingest_paths
from incident_review.services.yaml_io import export_yaml_file, import_yaml_file
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.attribution import AttributionPane, ClaimForm
from incident_review.tui.casualties import CasualtiesPane, OverrideForm
from incident_review.tui.detail import DetailPane, evidence
from incident_review.tui.duplicate_review import DuplicateReview
from incident_review.tui.history import HistoryScreen
from incident_review.tui.incident_list import IncidentList
from tests.tui_helpers import screen_text, settle, stored_incidents


def _clinic(store: Store) -> str:
    """The Dnipro clinic strike as the seed report tells it (two killed)."""
    incidents = stored_incidents(store)
    return next(i.id for i in incidents if i.location == "Dnipro" and combine(i.figures, "killed").best == 2)


def _raid(store: Store) -> str:
    """The cross-border raid in Russia that the seed attributes most: the claims' incident."""
    return max((i for i in stored_incidents(store) if i.country == "RU"), key=lambda i: len(i.attribution)).id


async def _goto(pilot, app: ReviewApp, incident_id: str) -> None:  # type: ignore[no-untyped-def]
    listing = app.query_one(IncidentList)
    while listing.current is None or listing.current.id != incident_id:
        await pilot.press("j")
        await settle(pilot)


async def test_merge_a_duplicate_pair_then_undo_restores_both(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DuplicateReview) and len(screen.groups) == 1
        left, right = screen.members
        await pilot.press("j", "j", "j", "j", "j", "j", "j", "j", "l")  # summary: take the right side's
        await pilot.press("m")
        await settle(pilot)
        assert screen.groups == []
        await pilot.press("escape")
        await settle(pilot)
        survivor = demo.get(left.id)
        assert survivor is not None and survivor.merged_from == [right.id] and survivor.summary == right.summary
        assert {s.report for s in survivor.sources} == {left.sources[0].report, right.sources[0].report}
        assert app.query_one(IncidentList).total == len(stored_incidents(demo)) - 1
        await pilot.press("u")
        await settle(pilot)
        assert demo.get(left.id).merged_from == []  # type: ignore[union-attr]
        assert demo.get(right.id).merged_into is None  # type: ignore[union-attr]
        assert app.query_one(IncidentList).total == len(stored_incidents(demo))


async def test_not_duplicate_removes_the_pair(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, DuplicateReview) and app.screen.groups == []
    assert demo.duplicates.open_pairs() == []


WIRE = """source: Kyiv Independent
url: https://example.org/{n}
date: 2023-05-26
title: Dnipro clinic strike, report {n}

A Russian missile hit a medical clinic in Dnipro on Friday, killing two people and wounding {w} others,
including two children, regional officials said.
"""


@pytest.fixture
def three_reports(demo: Store, tmp_path: Path) -> Store:
    """The demo plus a third report of the Dnipro clinic strike."""
    (tmp_path / "third.txt").write_text(WIRE.format(n=3, w=24), encoding="utf-8")
    ingest_paths(demo, [tmp_path / "third.txt"], "tester")
    return demo


async def _duplicate_review(pilot) -> DuplicateReview:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DuplicateReview)
    return screen


async def test_three_reports_of_one_strike_are_reviewed_and_merged_together(three_reports: Store) -> None:
    demo = three_reports
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _duplicate_review(pilot)
        assert len(screen.groups) == 1
        ids = [m.id for m in screen.members]
        assert len(ids) == 3  # one group of three, not three pairs
        head = str(screen.query_one("#pair-head", Static).render())
        assert "3 incidents" in head and head.count("score") >= 2
        assert screen.survivor == 0 and screen.member == 1  # a tie: the first; focus on the next
        await pilot.press("tab", "S")  # the third report's incident survives
        await settle(pilot)
        assert screen.survivor == 2 and [m.id for m in screen.members] == ids  # the columns stay
        await pilot.press("m")
        await settle(pilot)
        assert screen.groups == []
        await pilot.press("escape")
        await settle(pilot)
    survivor = demo.get(ids[2])
    assert survivor is not None and sorted(survivor.merged_from) == sorted(ids[:2])
    assert len({s.report for s in survivor.sources}) == 3
    assert all(demo.get(i).merged_into == ids[2] for i in ids[:2])  # type: ignore[union-attr]


async def test_telling_one_incident_apart_keeps_the_rest_of_the_group(three_reports: Store) -> None:
    demo = three_reports
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _duplicate_review(pilot)
        ids = [m.id for m in screen.members]
        await pilot.press("tab", "n")  # the third is a different strike
        await settle(pilot)
        assert [m.id for m in screen.members] == ids[:2]
        pairs = {(p.a, p.b) for p in demo.duplicates.open_pairs()}
        assert all(ids[2] not in pair for pair in pairs) and pairs


async def test_add_and_remove_a_claim(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        raid = _raid(demo)
        await _goto(pilot, app, raid)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AttributionPane)
        before = len(app.screen.incident.attribution)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ClaimForm)
        await pilot.press(*"Russian Volunteer Corps")
        await pilot.press("enter")
        await settle(pilot)
        inc = demo.get(raid)
        assert inc is not None and len(inc.attribution) == before + 1
        assert inc.attribution[-1].actor == "Russian Volunteer Corps"
        assert inc.attribution[-1].source == inc.sources[0].report  # cites the incident's report (issue #12)
        await pilot.press("G", "d")
        await settle(pilot)
        assert len(demo.get(raid).attribution) == before  # type: ignore[union-attr]


async def test_edit_a_claim_in_place_keeps_its_evidence(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        raid = _raid(demo)
        await _goto(pilot, app, raid)
        original = demo.get(raid).attribution[0]  # type: ignore[union-attr]
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ClaimForm)
        assert form.query_one("#actor", Input).value == original.actor  # prefilled
        await pilot.press("tab", "tab", "tab", "ctrl+u", *"Belgorod governor", "enter")
        await settle(pilot)
        edited = demo.get(raid).attribution[0]  # type: ignore[union-attr]
        assert (edited.actor, edited.stance, edited.by) == (original.actor, original.stance, "Belgorod governor")
        assert (edited.source, edited.start, edited.end) == (original.source, original.start, original.end)
        assert "Belgorod governor" in str(app.screen.query_one("#claims", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")  # the edit is undone like any other
        await settle(pilot)
        assert demo.get(raid).attribution[0] == original  # type: ignore[union-attr]


async def test_casualty_override_with_reason(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        clinic = _clinic(demo)
        await _goto(pilot, app, clinic)
        await pilot.press("K")
        await settle(pilot)
        assert isinstance(app.screen, CasualtiesPane)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OverrideForm)
        await pilot.press("3", "tab", "3", "tab", "4", "tab", *"hospital update", "enter")
        await settle(pilot)
        # The pane shows the incident as saved (the next edit is based on its version).
        assert isinstance(app.screen, CasualtiesPane) and app.screen.incident == demo.get(clinic)
        assert any(f.source is None and f.kind == "killed" for f in app.screen.incident.figures)
    inc = demo.get(clinic)
    assert inc is not None
    r = combine(inc.figures, "killed")
    assert (r.low, r.best, r.high) == (3, 3, 4)
    assert "hospital update" in inc.notes[-1].text


async def test_chosen_aggregation_drives_list_export_and_round_trip(demo: Store, tmp_path: Path) -> None:
    two_sources = Incident(
        id="INC-000900",
        country="UA",
        location="Kherson",
        summary="strike on a market",
        figures=[Figure("killed", "all", 3, 3, 3, "r1"), Figure("killed", "all", 7, 7, 7, "r2")],
    )
    demo.import_incidents([two_sources], "tester", "test")
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert app.query_one(IncidentList).current.killed == 7  # type: ignore[union-attr]  # best: highest
        await pilot.press("K")
        await settle(pilot)
        await pilot.press("A", "A")  # best -> maximum -> conservative
        await settle(pilot)
        assert demo.get("INC-000900").casualty_aggregation == "conservative"  # type: ignore[union-attr]
        assert "chosen: conservative" in str(app.screen.query_one("#figures", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.query_one(IncidentList).current.killed == 3  # type: ignore[union-attr]
    out = tmp_path / "out.yaml"
    export_yaml_file(demo, out, IncidentFilter(), "tester", timestamp=False)
    exported = next(i for i in yaml.safe_load(out.read_text())["incidents"] if i["id"] == "INC-000900")
    assert exported["casualties"]["killed"] == {"low": 3, "best": 3, "high": 3}
    assert exported["casualties"]["aggregation"] == "conservative"
    again = Store(tmp_path / "again.db")
    import_yaml_file(again, out, "tester")
    assert again.get("INC-000900").casualty_aggregation == "conservative"  # type: ignore[union-attr]
    out2 = tmp_path / "out2.yaml"
    export_yaml_file(again, out2, IncidentFilter(), "tester", timestamp=False)
    assert out2.read_text() == out.read_text()
    again.close()


async def test_grade_history_filter_and_sort(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R", *"fair", "enter")
        await settle(pilot)
        assert demo.get("INC-000001").grade == "fair"  # type: ignore[union-attr]
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert [e.action for e in app.screen.entries] == ["ingest", "grade:fair"]
        await pilot.press("escape", "f")
        await pilot.pause()
        await pilot.press(*"country:RU", "enter")
        await settle(pilot)
        listing = app.query_one(IncidentList)
        in_russia = sum(1 for i in stored_incidents(demo) if i.country == "RU")
        assert app.filter.country == "RU" and listing.total == demo.count(app.filter) == in_russia
        await pilot.press("l", "s")  # the column cursor from id to date; sort on it
        await settle(pilot)
        dates = [listing.row_at(i).date for i in range(listing.total)]  # type: ignore[union-attr]
        known = [d for d in dates if d]
        assert app.sort.column == "date" and known == sorted(known)
        await pilot.press("S")
        await settle(pilot)
        dates = [listing.row_at(i).date for i in range(listing.total)]  # type: ignore[union-attr]
        assert [d for d in dates if d] == sorted(known, reverse=True)
        await pilot.press("f", "ctrl+u", *"status:", "enter")
        await settle(pilot)
        assert app.filter.country == "RU"  # a bad filter leaves the old one


async def test_stepping_through_the_evidence_scrolls_each_span_into_view(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _goto(pilot, app, _clinic(demo))  # the Dnipro clinic strike, in a long report
        pane = app.query_one(DetailPane)
        report = demo.report(pane.incident.sources[0].report)  # type: ignore[union-attr]
        assert report is not None and pane.incident is not None
        stops = evidence(report, pane.incident)
        labels = " | ".join(s.label for s in stops)
        assert "location" in labels and "killed (all) 2" in labels and "wounded (all) at least 21" in labels
        seen = []
        for _ in range(len(stops)):
            await pilot.press("right_square_bracket")
            await settle(pilot)
            stop = stops[pane.current]  # type: ignore[index]
            seen.append(pane.current)
            assert str(pane.border_title).endswith(stop.label)
            first_words = " ".join(report.text[stop.start : stop.end].split()[:2])
            assert first_words in " ".join(screen_text(app).split()), stop.label
        assert seen == list(range(len(stops)))
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert pane.current == len(stops) - 2
        await pilot.press("j")  # another incident: the walk starts again
        await settle(pilot)
        assert pane.current is None and pane.border_title is None
