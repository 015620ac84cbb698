"""Every edit goes through the version the analyst saw (issue #12 item 3): a dialog opened
before another analyst's save is refused with a conflict naming them, never saved over."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from incident_review.core.model import Claim, Incident
from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.incident_list import IncidentList
from tests.tui_helpers import settle


def _store(path: Path) -> Store:
    from tests.storage.test_store import make

    store = Store(path)
    store.import_incidents(
        [make(i, attribution=[Claim("unknown", "perpetrator", "reported")]) for i in (1, 2, 3)], "ana", "test"
    )
    return store


def _toasts(app: ReviewApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_grade_dialog_opened_before_the_detail_loaded_is_checked_against_the_row_seen(tmp_path: Path) -> None:
    """R pressed at once after j: the detail pane still shows the row before, so the
    dialog has no incident of its own yet; it must still be checked, not saved over bob's."""
    store = _store(tmp_path / "s.db")
    bob = Store(tmp_path / "s.db")
    app = ReviewApp(Browse(store), "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        # As when the detail's read is still waiting (behind a save retrying on a locked
        # store): the pane shows no incident yet when R opens the dialog.
        app.incident = None
        await pilot.press("R")
        await settle(pilot)
        target = app.query_one(IncidentList).current
        assert target is not None
        review.set_grade(bob, bob.get(target.id), "fair", "bob")  # type: ignore[arg-type]
        await pilot.press(*"weak", "enter")
        await settle(pilot)
        assert store.get(target.id).grade == "fair"  # type: ignore[union-attr]
        assert any("not saved" in t and "bob" in t for t in _toasts(app)), _toasts(app)
    bob.close()


def test_a_claim_can_cite_only_a_source_of_its_incident(tmp_path: Path) -> None:
    from incident_review.core.model import Source

    store = Store(tmp_path / "c.db")
    from tests.storage.test_store import make

    store.import_incidents([make(1, sources=[Source("R-1", "Wire")])], "ana", "test")
    inc = store.get("INC-000001")
    assert inc is not None
    with pytest.raises(ValueError, match="R-9 is not a source of INC-000001"):
        review.add_claim(store, inc, Claim("Wagner", source="R-9"), "ana")
    saved = review.add_claim(store, inc, Claim("Wagner", source="R-1"), "ana").incident
    assert [c.source for c in saved.attribution] == ["R-1"]
    store.close()


async def _open_grade(pilot: Pilot[None]) -> None:
    pilot.app.action_grade()  # type: ignore[attr-defined]


async def _open_note(pilot: Pilot[None]) -> None:
    pilot.app.action_note()  # type: ignore[attr-defined]


def _in_pane(pane: str, *keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def open_it(pilot: Pilot[None]) -> None:
        getattr(pilot.app, f"action_{pane}")()
        await settle(pilot)
        await pilot.press(*keys)

    return open_it


# Each edit from the TUI: how its dialog (or pane) opens, the keys that save it, and how
# to see that it was not saved. The grade's is the one issue #12 found lost silently.
DIALOGS: dict[str, tuple[Callable[[Pilot[None]], Awaitable[None]], tuple[str, ...], Callable[[Incident], bool]]] = {
    "grade": (_open_grade, (*"weak", "enter"), lambda i: i.grade != "weak"),
    "note": (_open_note, (*"seen it", "enter"), lambda i: not i.notes),
    "claim:add": (_in_pane("attribution", "a"), (*"Wagner", "enter"), lambda i: len(i.attribution) == 1),
    "claim:edit": (
        _in_pane("attribution", "e"),
        ("ctrl+u", *"Wagner", "enter"),
        lambda i: i.attribution[0].actor == "unknown",
    ),
    "claim:remove": (_in_pane("attribution"), ("d",), lambda i: len(i.attribution) == 1),
    "casualties": (
        _in_pane("casualties", "o"),
        ("1", "tab", "2", "tab", "3", "tab", *"count", "enter"),
        lambda i: all(f.source is not None for f in i.figures if f.kind == "killed" and f.best == 2),
    ),
    "aggregation": (_in_pane("casualties"), ("A",), lambda i: i.casualty_aggregation == "best"),
}


@pytest.mark.parametrize("edit", list(DIALOGS))
async def test_every_dialog_opened_before_another_analysts_save_is_refused_naming_them(
    tmp_path: Path, edit: str
) -> None:
    opened, save_keys, unsaved = DIALOGS[edit]
    store = _store(tmp_path / "s.db")
    bob = Store(tmp_path / "s.db")
    app = ReviewApp(Browse(store), "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await opened(pilot)
        await settle(pilot)
        review.set_grade(bob, bob.get("INC-000001"), "fair", "bob")  # type: ignore[arg-type]
        await pilot.press(*save_keys)
        await settle(pilot)
        after = store.get("INC-000001")
        assert after is not None and after.grade == "fair" and after.updated_by == "bob" and after.version == 2
        assert unsaved(after), edit
        assert any("not saved" in t and "bob" in t for t in _toasts(app)), _toasts(app)
    bob.close()
