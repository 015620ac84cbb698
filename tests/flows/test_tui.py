"""The review TUI driven as a user would, with Textual's Pilot."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.widgets import Static

from incident_review.core.model import Figure, Incident, Note
from incident_review.core.query import IncidentFilter, Sort
from incident_review.services.browse import Browse
from incident_review.storage.store import Store
from incident_review.tui.app import ReviewApp
from incident_review.tui.detail import DetailPane
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.query_bar import QueryBar
from incident_review.tui.screens import HelpScreen
from incident_review.tui.status_bar import StatusBar
from tests.conftest import run_cli
from tests.tui_helpers import screen_lines, screen_text, settle


async def test_open_move_confirm_is_stored_and_exported(seeded: Store, tmp_path: Path) -> None:
    app = ReviewApp(Browse(seeded), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(IncidentList)
        assert listing.total == seeded.count(IncidentFilter()) and listing.cursor == 0
        await pilot.press("j", "j")
        await settle(pilot)
        chosen = listing.current
        assert chosen is not None and listing.cursor == 2
        assert app.incident is not None and app.incident.id == chosen.id
        await pilot.press("c")
        await settle(pilot)
        assert "confirmed" in screen_lines(app)[3]
    stored = seeded.get(chosen.id)
    assert stored is not None and stored.status == "confirmed" and stored.reviewed_by == "tester"
    exported = yaml.safe_load(run_cli("export", "--status", "confirmed", db=Path(seeded.path)).output)
    assert [i["id"] for i in exported["incidents"]] == [chosen.id]


async def test_reject_then_undo_then_redo(seeded: Store) -> None:
    app = ReviewApp(Browse(seeded), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(IncidentList)
        first = listing.current
        await pilot.press("x")
        await settle(pilot)
        assert first is not None and seeded.get(first.id).status == "rejected"  # type: ignore[union-attr]
        assert listing.current is not None and listing.current.id != first.id  # on to the next row
        await pilot.press("u")
        await settle(pilot)
        assert seeded.get(first.id).status == "unreviewed"  # type: ignore[union-attr]
        assert listing.current is not None and listing.current.id == first.id  # back where it undid
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert seeded.get(first.id).status == "rejected"  # type: ignore[union-attr]


async def test_note_is_added_with_author(seeded: Store) -> None:
    app = ReviewApp(Browse(seeded), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")  # (n is the next search match)
        await pilot.press(*"check toll")
        await pilot.press("enter")
        await settle(pilot)
    inc = seeded.get("INC-000001")
    assert inc is not None and [(n.by, n.text) for n in inc.notes] == [("tester", "check toll")]


async def test_words_in_the_filter_bar_search_the_text_and_a_bad_filter_is_said_in_the_bar(seeded: Store) -> None:
    app = ReviewApp(Browse(seeded), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"refinery", "enter")
        await settle(pilot)
        listing = app.query_one(IncidentList)
        assert listing.total == seeded.count(app.filter) > 0
        assert app.filter.search == '"refinery"'
        everything = seeded.count(IncidentFilter())
        await pilot.press("f", "ctrl+u", *'"unbalanced AND', "enter")
        await settle(pilot)
        bar = app.query_one(QueryBar)
        assert bar.is_open and "quote is left open" in str(bar.query_one("#bar-hint", Static).render())
        assert app.filter.search == '"refinery"'  # the old filter stays until one is read
        await pilot.press("escape")
        await settle(pilot)
        assert not bar.is_open and listing.has_focus
        await pilot.press("f", "ctrl+u", *"AND * -", "enter")  # FTS5 syntax, as words: no error
        await settle(pilot)
        assert not bar.is_open and app.filter.search == '"AND" "-"'
        await pilot.press("f", "ctrl+u", "enter")
        await settle(pilot)
        assert app.filter == IncidentFilter() and listing.total == everything


async def test_vim_and_paging_keys(tmp_path: Path) -> None:
    store = Store(tmp_path / "many.db")
    store.import_incidents([Incident(id=f"INC-{i:06d}", summary=f"s{i}") for i in range(1, 1201)], "t", "t")
    app = ReviewApp(Browse(store), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(IncidentList)
        await pilot.press("G")
        await settle(pilot)
        assert listing.cursor == 1199 and listing.current is not None and listing.current.id == "INC-001200"
        await pilot.press("k", "ctrl+u")
        await settle(pilot)
        expected = 1198 - max((listing.size.height - 1) // 2, 1)
        assert listing.cursor == expected and listing.current is not None
        assert listing.current.id == f"INC-{expected + 1:06d}"
        await pilot.press("g")
        await settle(pilot)
        assert listing.cursor == 0 and listing.current is not None and listing.current.id == "INC-000001"
        for _ in range(30):
            await pilot.press("pagedown")
        await settle(pilot)
        assert listing.current is not None and listing.current.id == f"INC-{listing.cursor + 1:06d}"
    store.close()


async def test_jump_and_sort_keep_the_place_beyond_the_first_page(tmp_path: Path) -> None:
    store = Store(tmp_path / "many.db")
    store.import_incidents(
        [Incident(id=f"INC-{i:06d}", summary=f"s{i}", figures=[Figure("killed", best=i % 97)]) for i in range(1, 1201)],
        "t",
        "t",
    )
    app = ReviewApp(Browse(store), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(IncidentList)
        await pilot.press("colon", *"INC-000950", "enter")
        await settle(pilot)
        assert listing.current is not None and listing.current.id == "INC-000950" and listing.cursor == 949
        assert any("INC-000950" in line for line in screen_lines(app))
        app.sort = Sort("killed", descending=True)
        app.reload("INC-000950")
        await settle(pilot)
        # 950 % 97 = 77 killed: ordered by killed descending, then seq descending.
        before = sum(1 for i in range(1, 1201) if (i % 97, i) > (77, 950))
        assert listing.current is not None and listing.current.id == "INC-000950" and listing.cursor == before
        await pilot.press("k")
        await settle(pilot)
        assert listing.current is not None and listing.current.id == "INC-001047"  # same 77 killed, higher seq
        app.filter = IncidentFilter(statuses=("confirmed",))
        await pilot.press("colon", *"INC-000003", "enter")
        await settle(pilot)
        assert "not under the current filter" in " ".join(str(n.message) for n in app._notifications)
    store.close()


async def test_report_text_is_shown_literally(tmp_path: Path) -> None:
    store = Store(tmp_path / "evil.db")
    evil = "[bold red]boom[/] \x1b]8;;http://x\x07link\x1b[2J"
    store.import_incidents(
        [
            Incident(
                id="INC-000001", location="[b]\x1b[31mX", summary=evil, notes=[Note("x", "2024-01-01T00:00:00Z", evil)]
            )
        ],
        "t",
        "t",
    )
    app = ReviewApp(Browse(store), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row = screen_lines(app)[1]
        assert "[b]␛[31mX" in row and "\x1b" not in row
        text = app.query_one(DetailPane).content.plain
        assert "[bold red]boom[/]" in text and "\x1b" not in text and "␛]8;;" in text
    store.close()


async def test_help_lists_the_bindings(seeded: Store) -> None:
    app = ReviewApp(Browse(seeded), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        descriptions = {d for _, d in app.screen.rows}
        assert {
            "Confirm",
            "Reject",
            "Undo",
            "Search",
            "Note",
            "Down",
            "Last",
            "Next match",
            "Frequencies",
        } <= descriptions
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_other_analysts_changes_appear(seeded: Store) -> None:
    app = ReviewApp(Browse(seeded), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        other = Store(seeded.path)
        inc = other.get("INC-000001")
        assert inc is not None
        from incident_review.services import review

        review.set_status(other, inc, "confirmed", "bob")
        other.close()
        await pilot.pause(1.5)
        await settle(pilot)
        assert "confirmed" in screen_lines(app)[1]
        assert app.incident is not None and app.incident.status == "confirmed"


async def test_stale_edit_is_refused_with_a_message(seeded: Store) -> None:
    app = ReviewApp(Browse(seeded), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen = app.incident
        assert seen is not None
        from incident_review.services import review

        review.add_note(seeded, seeded.get(seen.id), "bob was here", "bob")  # type: ignore[arg-type]
        app.incident = seen  # the app still holds the old version
        await pilot.press("c")
        await settle(pilot)
        assert seeded.get(seen.id).status == "unreviewed"  # type: ignore[union-attr]


async def test_presence_shows_who_else_has_an_incident_open(seeded: Store) -> None:
    other = Store(seeded.path)
    other.hold("bob-session", "bob", "INC-000002", 30)
    app = ReviewApp(Browse(seeded), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app._renew_lease()
        await settle(pilot)
        lines = screen_lines(app)
        assert "bob" in lines[2] and "bob" not in lines[1]
        assert seeded.holders(["INC-000001"], "bob-session") == {"INC-000001": ["tester"]}
    other.hold("bob-session", "bob", "INC-000002", -1)  # an expired lease (a dead session)
    assert seeded.holders(["INC-000002"], "x") == {}
    assert seeded.holders(["INC-000001"], "bob-session") == {}  # released on quit
    other.close()


async def test_no_color_terminals_work(seeded: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """NO_COLOR (and so 16-colour or mono terminals): every screen draws; the cursor row
    still stands out by its bold text."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReviewApp(Browse(seeded), "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "d")
        await settle(pilot)
        await pilot.press("escape", "K")
        await settle(pilot)
        await pilot.press("escape", "a")
        await settle(pilot)
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        listing = app.query_one(IncidentList)
        cursor_line = listing.render_line(2)
        assert all(seg.style is not None and seg.style.bold for seg in cursor_line if seg.text.strip())
        assert app.screen.is_current and listing.current is not None


async def test_keys_can_be_remapped_in_the_user_config(seeded: Store, tmp_path: Path) -> None:
    from incident_review import config

    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "keys.yaml").write_text('keymap:\n  review.confirm: "y"\n  list.down: "j,down,ctrl+n"\n')
    config.cache_clear()
    try:
        app = ReviewApp(Browse(seeded), "tester")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("c")  # no longer bound
            await settle(pilot)
            assert seeded.get("INC-000001").status == "unreviewed"  # type: ignore[union-attr]
            await pilot.press("y")
            await settle(pilot)
            assert seeded.get("INC-000001").status == "confirmed"  # type: ignore[union-attr]
            cursor = app.query_one(IncidentList).cursor  # moved on to the next unreviewed row
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert app.query_one(IncidentList).cursor == cursor + 1
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            assert ("y", "Confirm") in [(k.lower(), d) for k, d in app.screen.rows]
    finally:
        config.cache_clear()


def test_detail_sets_disagreeing_sources_side_by_side() -> None:
    from incident_review.core.model import Claim, Source
    from incident_review.tui.detail import incident_text

    inc = Incident(
        id="INC-000001",
        summary="clinic strike",
        sources=[Source("r1", "Al Jazeera"), Source("r2", "Wire Service")],
        figures=[
            Figure("wounded", "all", 21, 21, None, "r1"),
            Figure("wounded", "all", 23, 23, 23, "r2"),
            Figure("killed", "all", 2, 2, 2, "r1"),
            Figure("killed", "all", 2, 2, 2, "r2"),
        ],
        attribution=[
            Claim("Russian forces", "perpetrator", "reported", None, "r1"),
            Claim("Ukrainian forces", "perpetrator", "blamed", "Russian officials", "r2"),
        ],
    )
    lines = incident_text(inc).plain.splitlines()
    wounded = lines.index(next(line for line in lines if line.startswith("wounded")))
    assert "sources differ: Al Jazeera at least 21 · Wire Service 23" in lines[wounded + 1]
    assert not any("sources differ" in line and "2 " in line for line in lines[:wounded])  # killed agree
    assert any("blamed" in line and "Ukrainian forces" in line and "(Wire Service)" in line for line in lines)
    assert any("reported" in line and "(Al Jazeera)" in line for line in lines)


def _painted_cursor_rows(app: ReviewApp) -> list[str]:
    """Ids of the list rows painted in the cursor's colours, as the compositor would send
    them now (lines not repainted since come from its cache, as on the terminal)."""
    listing = app.query_one(IncidentList)
    region = listing.region
    update = app.screen._compositor.render_update(full=True)
    rows: dict[str, object] = {}
    for y in range(region.y + 1, region.y + region.height):
        segments = [s for strip in update.strips[y] for s in strip if s.text.strip()]  # type: ignore[union-attr]
        if segments and segments[0].text.startswith("INC-"):
            rows[segments[0].text.split()[0]] = segments[0].style.bgcolor if segments[0].style else None
    counts: dict[object, int] = {}
    for colour in rows.values():
        counts[colour] = counts.get(colour, 0) + 1
    return [row for row, colour in rows.items() if counts[colour] == 1]


async def test_status_bar_and_detail_follow_the_cursor(seeded: Store) -> None:
    """After each move -- one key, keys faster than the screen, within the view or to the
    end -- the status bar, the detail pane and the cursor's painted row name the same
    incident, and no other row keeps the cursor's colours."""
    app = ReviewApp(Browse(seeded), "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listing = app.query_one(IncidentList)
        total = listing.total
        assert total >= 5
        for keys in (("j",), ("j", "j", "j"), ("k",), ("G",), ("g",), ("j", "k", "j")):
            await pilot.press(*keys)
            await settle(pilot)
            current = listing.current
            assert current is not None
            status = app.query_one(StatusBar).text
            assert status.startswith(f"{listing.cursor + 1}/{total}  ·  ") and "analyst: tester" in status, keys
            pane = app.query_one(DetailPane)
            assert pane.incident is not None and pane.incident.id == current.id, keys
            shown = screen_text(app)
            assert shown.splitlines()[0].strip() == status, keys  # painted, not just set
            assert f"{current.id}  {pane.incident.status}" in shown, keys
            assert _painted_cursor_rows(app) == [current.id], keys
