"""Choosing the survivor in the duplicate review (issue #12 item 1): the fullest incident
by default, a preview column of what the merge stores, S without moving the columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Static

from incident_review.core.matching import Pair
from incident_review.core.model import Incident, Source
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.compare import rows
from incident_review.tui.duplicate_review import DuplicateReview
from tests.tui_helpers import settle

DAY = dt.date(2024, 3, 2)
EMPTY, FULL = "INC-000001", "INC-000002"


@pytest.fixture
def pair(tmp_path: Path) -> Store:
    """An emptier incident listed first and a fuller one with two sources: a candidate pair."""
    store = Store(tmp_path / "pair.db")
    empty = Incident(id=EMPTY, date=DAY, country="UA", summary="strike reported", sources=[Source("R-1", "Wire")])
    full = Incident(
        id=FULL,
        date=DAY,
        country="UA",
        admin1="Kharkiv Oblast",
        location="Kharkiv",
        summary="A drone hit a depot in Kharkiv.",
        sources=[Source("R-2", "Daily"), Source("R-3", "Radio")],
    )
    store.import_incidents([empty, full], "tester", "test")
    store.duplicates.add([Pair(EMPTY, FULL, 0.9, {"place": 1.0})])
    return store


async def _review(pilot) -> DuplicateReview:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DuplicateReview) and len(screen.members) == 2
    return screen


def _lines(screen: DuplicateReview) -> list[str]:
    return str(screen.query_one("#pair", Static).render()).splitlines()


def _row(screen: DuplicateReview, label: str) -> str:
    return next(line for line in _lines(screen) if line.startswith(label))


def _column_of(screen: DuplicateReview, text: str) -> int:
    """Which column (0, 1, ...; the preview last) of the first header line ``text`` starts in."""
    header = _lines(screen)[1]
    width = (len(_lines(screen)[0]) - 16) // 3
    return (header.index(text) - 16) // width


async def test_the_fuller_incident_survives_by_default_and_the_preview_shows_the_merge(pair: Store) -> None:
    app = ReviewApp(Browse(pair), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _review(pilot)
        assert [m.id for m in screen.members] == [EMPTY, FULL]  # the group's order
        assert screen.survivor == 1 and screen.member == 0
        assert _column_of(screen, "◆ survives") == 1
        assert "(preview)" in _lines(screen)[1]
        # The blank location of the emptier one does not win: the preview holds Kharkiv.
        location = _row(screen, "location")
        assert location.count("Kharkiv") == 2 and "►Kharkiv" in location
        assert "Daily; Radio; Wire" in _row(screen, "sources")
        await pilot.press("m")
        await settle(pilot)
    merged = pair.get(FULL)
    assert merged is not None and merged.merged_from == [EMPTY] and merged.location == "Kharkiv"
    assert pair.get(EMPTY).merged_into == FULL  # type: ignore[union-attr]


async def test_taking_a_value_with_h_updates_the_preview_and_the_merge_stores_it(pair: Store) -> None:
    app = ReviewApp(Browse(pair), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _review(pilot)
        summary = rows(screen.members).index("summary")
        await pilot.press(*["j"] * summary)
        assert _row(screen, "summary").rstrip().endswith("A drone hit a depot in Kharkiv.")
        await pilot.press("h")  # take the emptier one's summary
        assert screen.preview().merged.summary == "strike reported"
        line = _row(screen, "summary")
        assert "►strike reported" in line and line.rstrip().endswith("strike reported")
        await pilot.press("l")  # and back
        assert _row(screen, "summary").rstrip().endswith("A drone hit a depot in Kharkiv.")
        await pilot.press("h", "m")
        await settle(pilot)
    merged = pair.get(FULL)
    assert merged is not None and merged.summary == "strike reported" and merged.location == "Kharkiv"


async def test_s_marks_the_focused_incident_as_survivor_without_moving_the_columns(pair: Store) -> None:
    app = ReviewApp(Browse(pair), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _review(pilot)
        before = _lines(screen)[0]
        assert screen.member == 0 and "▸" + EMPTY in before
        await pilot.press("S")
        assert screen.survivor == 0 and [m.id for m in screen.members] == [EMPTY, FULL]
        assert _lines(screen)[0] == before  # the same columns in the same places
        assert _column_of(screen, "◆ survives") == 0
        head = str(screen.query_one("#pair-head", Static).render())
        assert f"◆ {EMPTY} survives" in head
        # Its blanks still do not win: the merge fills them from the other.
        assert screen.preview().merged.location == "Kharkiv"
        await pilot.press("m")
        await settle(pilot)
    assert pair.get(EMPTY).merged_from == [FULL]  # type: ignore[union-attr]
    assert pair.get(FULL).merged_into == EMPTY  # type: ignore[union-attr]
    assert pair.get(EMPTY).location == "Kharkiv"  # type: ignore[union-attr]


async def test_the_app_loads_the_duplicate_review_in_the_background_once_up(
    pair: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from incident_review.services import duplicates as dup
    from incident_review.tui import app as app_module

    monkeypatch.setattr(app_module, "WARM_UP_SECONDS", 0.05)
    dup.matcher.cache_clear()
    app = ReviewApp(Browse(pair), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(200):  # a daemon thread: no worker to wait for
            if dup.matcher.cache_info().currsize:
                break
            await asyncio.sleep(0.05)
        assert dup.matcher.cache_info().currsize == 1  # the first "d" finds it built
