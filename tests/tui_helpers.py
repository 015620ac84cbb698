"""Shared helpers for driving the review app under the Pilot."""

from __future__ import annotations

from textual.pilot import Pilot

from incident_review.tui.app import ReviewApp
from incident_review.tui.incident_list import IncidentList


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and their results reach the screen."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def screen_lines(app: ReviewApp) -> list[str]:
    """The incident list as the user sees it, one string per line."""
    widget = app.query_one(IncidentList)
    return [widget.render_line(y).text for y in range(widget.size.height)]
