"""Forms keep what was typed (issue #12 item 10): a refused value leaves the form open with
the reason next to its field; an added claim cites one of the incident's sources; an
override's note says what was set in words."""

from __future__ import annotations

from textual.widgets import Input, Label, Select

from incident_review.core.casualties import combine
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.attribution import AttributionPane, ClaimForm
from incident_review.tui.casualties import CasualtiesPane, OverrideForm
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.screens import PromptScreen
from tests.tui_helpers import settle


def _error(screen: OverrideForm | ClaimForm | PromptScreen, field: str) -> str:
    return str(screen.query_one(f"#{field}-error", Label).render())


async def _override_form(pilot) -> OverrideForm:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.action_casualties()
    await settle(pilot)
    assert isinstance(pilot.app.screen, CasualtiesPane)
    await pilot.press("o")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, OverrideForm)
    return form


def _typed(form: OverrideForm) -> dict[str, str]:
    return {name: form.query_one(f"#{name}", Input).value for name in ("low", "best", "high", "reason")}


async def test_an_override_with_low_above_high_keeps_the_form_and_says_why_at_the_field(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _override_form(pilot)
        incident_id = app.query_one(IncidentList).current.id  # type: ignore[union-attr]
        before = demo.get(incident_id)
        await pilot.press("2", "3", "tab", "tab", "2", "0", "tab", *"hospital list", "enter")
        await settle(pilot)
        assert app.screen is form  # still open, with what was typed
        assert _typed(form) == {"low": "23", "best": "", "high": "20", "reason": "hospital list"}
        assert "high 20 is below low 23" in _error(form, "high")
        assert _error(form, "low") == "" and form.query_one("#high", Input).has_focus
        assert demo.get(incident_id) == before  # nothing saved
        # Put right in the form: saved, and the note says it in words.
        await pilot.press("ctrl+u", "2", "3", "shift+tab", "2", "0", "shift+tab", "ctrl+u", "2", "0", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CasualtiesPane)
    after = demo.get(incident_id)
    assert after is not None
    killed = combine(after.figures, "killed")
    assert (killed.low, killed.best, killed.high) == (20, 20, 23)
    assert after.notes[-1].text == "killed set to 20 (low 20, high 23): hospital list"


async def test_an_override_without_a_reason_keeps_the_numbers(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _override_form(pilot)
        await pilot.press("4", "tab", "5", "enter")
        await settle(pilot)
        assert app.screen is form and _typed(form)["low"] == "4" and _typed(form)["best"] == "5"
        assert "reason is required" in _error(form, "reason")
        assert form.query_one("#reason", Input).has_focus


async def _claim_form(pilot, row: int = 4) -> ClaimForm:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press(*["j"] * row)
    await settle(pilot)
    pilot.app.action_attribution()
    await settle(pilot)
    assert isinstance(pilot.app.screen, AttributionPane)
    await pilot.press("a")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ClaimForm)
    return form


async def test_an_added_claim_cites_the_incidents_source(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _claim_form(pilot)
        incident_id = app.query_one(IncidentList).current.id  # type: ignore[union-attr]
        report = demo.get(incident_id).sources[0].report  # type: ignore[union-attr]
        assert form.query_one("#source", Select).value == report  # the first source by default
        await pilot.press(*"Wagner", "enter")
        await settle(pilot)
        pane = app.screen
        assert isinstance(pane, AttributionPane)
        assert f"Wagner (perpetrator) [{report}]" in str(pane.query_one("#claims").render())
    claims = demo.get(incident_id).attribution  # type: ignore[union-attr]
    assert [c.source for c in claims if c.actor == "Wagner"] == [report]


async def test_a_claim_of_the_analysts_own_reading_cites_no_source(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _claim_form(pilot)
        incident_id = app.query_one(IncidentList).current.id  # type: ignore[union-attr]
        form.query_one("#source", Select).value = ClaimForm.NO_SOURCE
        await pilot.press(*"Wagner", "enter")
        await settle(pilot)
    claims = demo.get(incident_id).attribution  # type: ignore[union-attr]
    assert [c.source for c in claims if c.actor == "Wagner"] == [None]


async def test_a_claim_without_an_actor_keeps_the_form(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _claim_form(pilot)
        await pilot.press("tab", "tab", "tab", *"RVC Telegram", "enter")
        await settle(pilot)
        assert app.screen is form and form.query_one("#by", Input).value == "RVC Telegram"
        assert "actor is required" in _error(form, "actor") and form.query_one("#actor", Input).has_focus


async def test_an_unknown_grade_stays_in_the_dialog_with_the_reason(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_grade()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PromptScreen)
        await pilot.press(*"fiar", "enter")
        await settle(pilot)
        still_open = app.screen is dialog
        assert still_open and dialog.query_one(Input).value == "fiar"
        assert "grade must be one of" in _error(dialog, "prompt")
        await pilot.press("ctrl+u", *"fair", "enter")
        await settle(pilot)
        closed = not isinstance(app.screen, PromptScreen)
        assert closed
        incident_id = app.query_one(IncidentList).current.id  # type: ignore[union-attr]
    assert demo.get(incident_id).grade == "fair"  # type: ignore[union-attr]
