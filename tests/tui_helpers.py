"""Shared helpers for driving the review app under the Pilot."""

from __future__ import annotations

import io
import unicodedata
from typing import Any

from rich.console import Console
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from incident_review.core.model import Incident
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.incident_list import IncidentList


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and their results reach the screen."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def recorded_detail_reads(app: ReviewApp) -> list[str]:
    """The incidents the app reads for the detail pane from now on (``read_detail``'s
    calls; a page's own detail and a read-ahead are not among them)."""
    asked: list[str] = []
    read = app.read_detail

    def recorded(incident_id: str) -> Any:
        asked.append(incident_id)
        return read(incident_id)

    app.read_detail = recorded  # type: ignore[method-assign]
    return asked


def key_event(key: str) -> events.Key:
    """The event a terminal's key makes, named as for ``Pilot.press`` ("j", "enter", ":")."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Keys as a terminal delivers a burst (tmux send-keys, a fast typist over SSH): all in
    the App's queue before the first is handled, then settled. ``Pilot.press`` cannot show
    a lost key: it waits for the app to go idle after each one."""
    for key in keys:
        pilot.app.post_message(key_event(key))
    # Each key may start a worker or push a screen whose own messages follow; on a loaded
    # machine three rounds of settling ended mid-burst (a pane still open, its save not
    # yet made): a round per key, at a few ms each when idle.
    for _ in range(len(keys)):
        await settle(pilot)


def screen_lines(app: ReviewApp) -> list[str]:
    """The incident list as the user sees it, one string per line."""
    widget = app.query_one(IncidentList)
    return [widget.render_line(y).text for y in range(widget.size.height)]


def screen_text(app: ReviewApp) -> str:
    """The whole screen as plain text, as the compositor would paint it (how
    App.export_screenshot renders, exported as text instead of SVG)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def stored_incidents(store: Store) -> list[Incident]:
    """The store's incidents in id order (the demo's, read back rather than assumed)."""
    out: list[Incident] = []
    while (incident := store.get(f"INC-{len(out) + 1:06d}")) is not None:
        out.append(incident)
    return out
