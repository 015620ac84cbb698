"""The detail pane (issue #12 item 9, issue #16): its keys once focused (scrolling, `o` for
the source URL, `y` to copy a value), the scroll going back to the top for another
incident, and a cursor move that repaints it without laying out the screen again."""

from __future__ import annotations

import webbrowser

import pytest

from incident_review.core.model import Incident
from incident_review.services import review
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.copy_picker import CopyPicker
from incident_review.tui.detail import THUMB, DetailPane
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.sync import POLL_SECONDS
from tests.tui_helpers import screen_text, settle, stored_incidents

WIRE_URL = "https://example.org/wire/2023/05/26/dnipro-clinic"  # seeds/001_dnipro_clinic_wire.txt


def _longest(store: Store) -> Incident:
    """An incident of the long Al Jazeera report: more lines than any pane holds."""
    return next(i for i in stored_incidents(store) if i.sources and i.sources[0].outlet == "Al Jazeera")


def _from_the_wire(store: Store) -> Incident:
    """The incident of the wire report, the one with a URL."""
    return next(i for i in stored_incidents(store) if i.sources and i.sources[0].outlet == "Wire Service")


async def _goto(pilot, app: ReviewApp, incident_id: str) -> None:  # type: ignore[no-untyped-def]
    listing = app.query_one(IncidentList)
    while listing.current is None or listing.current.id != incident_id:
        await pilot.press("j")
        await settle(pilot)


def _painted(app: ReviewApp) -> list[str]:
    """The pane's lines as painted on the screen (inside its padding)."""
    region = app.query_one(DetailPane).content_region
    lines = screen_text(app).splitlines()
    return [lines[y][region.x : region.right] for y in range(region.y, region.bottom)]


def _pane_lines(app: ReviewApp) -> list[str]:
    """The text of the pane's lines as painted (without the scroll thumb's column)."""
    return [line[:-2].rstrip() for line in _painted(app)]


def _thumb_rows(app: ReviewApp) -> list[int]:
    """The rows of the pane where its scroll thumb is painted (in its last column)."""
    return [y for y, line in enumerate(_painted(app)) if line.endswith(THUMB)]


def _content_line(pane: DetailPane, i: int) -> str:
    """Line ``i`` of the pane's content, wrapped as Rich wraps it (a column is kept for
    the scroll thumb and one before it)."""
    return pane.content.wrap(pane.app.console, pane.size.width - 2)[i].plain.rstrip()


async def test_focused_detail_pane_scrolls_by_key(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _goto(pilot, app, _longest(demo).id)
        listing, pane = app.query_one(IncidentList), app.query_one(DetailPane)
        at = listing.cursor
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is pane
        height, total = pane.size.height, pane.line_count
        assert total > 2 * height
        steps = [
            (("j",), 1),
            (("j", "j", "down"), 4),
            (("k", "up"), 2),
            (("ctrl+d",), 2 + height // 2),
            (("ctrl+u", "ctrl+u"), 0),
            (("G",), total - height),
            (("k",), total - height - 1),
            (("end",), total - height),
            (("g",), 0),
            (("pagedown",), height),
            (("home",), 0),
        ]
        for keys, top in steps:
            await pilot.press(*keys)
            await settle(pilot)
            assert pane.top == top, keys
            assert _pane_lines(app)[0] == _content_line(pane, top), keys  # painted, not just set
            thumb = _thumb_rows(app)  # where the view is, without colour too
            assert thumb == list(range(thumb[0], thumb[-1] + 1)) and len(thumb) < height, keys
            assert (thumb[0] == 0) >= (top == 0) and (thumb[-1] == height - 1) >= (top == total - height), keys
            assert thumb[0] > 0 or top < total // 10, keys  # it moves down as the view does
        assert listing.cursor == at  # the list's keys went to the pane
        await pilot.press("G")
        await settle(pilot)
        assert "secure the border." in " ".join(_pane_lines(app))  # the report's last words
        await pilot.press("j")  # at the bottom already
        await settle(pilot)
        assert pane.top == total - height


async def test_scroll_goes_back_to_the_top_for_another_incident(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _goto(pilot, app, _longest(demo).id)
        pane = app.query_one(DetailPane)
        first = pane.incident
        await pilot.press("tab", "ctrl+d")
        await settle(pilot)
        assert pane.top > 0
        scrolled = pane.top
        # Another analyst's note on it: the same incident, reloaded, stays where it was read.
        assert first is not None
        other = Store(demo.path)
        review.add_note(other, first, "checked the wire", "bob")
        other.close()
        await pilot.pause(POLL_SECONDS * 1.5)
        await settle(pilot)
        assert pane.incident is not None and pane.incident.id == first.id
        assert [n.text for n in pane.incident.notes] == ["checked the wire"] and pane.top == scrolled
        await pilot.press("tab", "j")
        await settle(pilot)
        assert pane.incident.id != first.id and pane.top == 0
        assert _pane_lines(app)[0].startswith(f"{pane.incident.id}  {pane.incident.status}")


async def test_o_copies_the_source_url_over_ssh(demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22")
    monkeypatch.setenv("DISPLAY", ":0")  # forwarded X or not, a browser would open over there
    opened: list[str] = []

    def browser(url: str, *args: object, **kwargs: object) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", browser)
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _goto(pilot, app, _from_the_wire(demo).id)
        await pilot.press("tab", "o")
        await settle(pilot)
        assert app.clipboard == WIRE_URL and opened == []
        assert any(WIRE_URL in n.message for n in app._notifications)  # to select by hand


async def test_o_opens_a_local_browser_or_copies_when_none_opens(demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    opened: list[str] = []
    answer = [True]

    def browser(url: str, *args: object, **kwargs: object) -> bool:
        opened.append(url)
        return answer[0]

    monkeypatch.setattr(webbrowser, "open", browser)
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _goto(pilot, app, _from_the_wire(demo).id)
        await pilot.press("tab", "o")
        await settle(pilot)
        assert opened == [WIRE_URL] and app.clipboard == ""
        answer[0] = False  # no browser found after all
        await pilot.press("o")
        await settle(pilot)
        assert opened == [WIRE_URL, WIRE_URL] and app.clipboard == WIRE_URL


async def test_o_without_a_url_says_so(demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSH_TTY", "/dev/pts/1")
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _goto(pilot, app, _longest(demo).id)  # the Al Jazeera report has no URL
        await pilot.press("tab", "o")
        await settle(pilot)
        assert app.clipboard == "" and any("no source URL" in n.message for n in app._notifications)


async def test_y_copies_the_field_picked(demo: Store) -> None:
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        wire = _from_the_wire(demo)
        await _goto(pilot, app, wire.id)
        await pilot.press("tab", "y")
        await settle(pilot)
        assert isinstance(app.screen, CopyPicker)
        assert [c.key for c in app.screen.choices][:4] == ["i", "d", "p", "u"]
        await pilot.press("p")
        await settle(pilot)
        assert not isinstance(app.screen, CopyPicker)
        assert app.clipboard == ", ".join(x for x in (wire.location, wire.admin2, wire.admin1, wire.country) if x)
        await pilot.press("y", "i")
        await settle(pilot)
        assert app.clipboard == wire.id
        await pilot.press("y", "down", "down", "down", "enter")  # or with the arrows
        await settle(pilot)
        assert app.clipboard == WIRE_URL
        await pilot.press("right_square_bracket", "y", "e")  # the evidence span stepped to
        await settle(pilot)
        pane = app.query_one(DetailPane)
        assert pane.report is not None and pane.current == 0
        assert app.clipboard and app.clipboard in pane.report.text and app.clipboard != pane.report.text
        await pilot.press("y", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, CopyPicker) and app.clipboard in pane.report.text


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_cursor_move_repaints_without_a_layout(
    demo: Store, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """A move changes the status bar, two list lines and the detail pane: all drawn by the
    line API in boxes of fixed size, so the screen is never laid out again (a layout was
    half of a key's CPU, issue #16)."""
    app = ReviewApp(Browse(demo), "tester")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        layouts: list[object] = []
        lay_out = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            layouts.append(args)
            lay_out(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(screen, "_refresh_layout", counted)
        listing, pane = app.query_one(IncidentList), app.query_one(DetailPane)
        for keys in (("j",), ("j", "j"), ("k",), ("G",), ("g",)):
            await pilot.press(*keys)
            await settle(pilot)
            current = listing.current
            assert current is not None and pane.incident is not None and pane.incident.id == current.id
            assert f"{current.id}  {pane.incident.status}" in screen_text(app), keys
        assert layouts == []
