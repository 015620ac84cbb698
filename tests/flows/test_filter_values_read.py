"""The filter bar's completion values are read from the store once, not at every ``f``:
at 1M each read is ~3 s of CPU (issue #16). They are read again once the store has changed
and VALUES_FRESH_FOR has passed."""

from __future__ import annotations

from typing import Any

import pytest

from incident_review.core.model import Incident
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui import query_actions
from incident_review.tui.app import ReviewApp
from incident_review.tui.query_bar import QueryBar
from tests.tui_helpers import burst, settle


def _counting_reads(app: ReviewApp) -> list[int]:
    reads: list[int] = []
    read = app.read_filter_values

    def counted() -> Any:
        reads.append(1)
        return read()

    app.read_filter_values = counted  # type: ignore[method-assign]
    return reads


async def test_the_values_are_read_once_while_the_store_is_unchanged(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reads = _counting_reads(app)
        for _ in range(3):
            await burst(pilot, "f", "escape")
        assert len(reads) == 1
        assert "RU" in app.query_one(QueryBar).values["country"]  # and the bar has them


async def test_the_values_are_read_again_once_the_store_changed(demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query_actions, "VALUES_FRESH_FOR", 0.0)
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reads = _counting_reads(app)
        await burst(pilot, "f", "escape")
        await burst(pilot, "f", "escape")
        assert len(reads) == 1  # nothing changed: fresh enough whatever the time
        other = Store(demo.path)  # another analyst's session adds a country
        other.import_incidents([Incident(id="INC-900001", country="MD", location="Chisinau")], "t", "t")
        other.close()
        await pilot.pause(1.5)  # the poll sees the commit
        await settle(pilot)
        await burst(pilot, "f", "escape")
        assert len(reads) == 2
        assert "MD" in app.query_one(QueryBar).values["country"]
