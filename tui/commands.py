"""The command palette (ctrl+p): every action of the review screen as a command, with the
key it is on now (the user's keymap applied, so a remapped key shows its new key).

The commands are read from the bindings themselves (the app's, the list's and the detail
pane's), so an action added with a binding is in the palette too; cursor movements are
left out (a palette is for what the keys do, not for moving one row)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from textual.actions import parse
from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen

from incident_review.tui.detail import DetailPane
from incident_review.tui.incident_list import IncidentList
from incident_review.tui.sanitize import printable

# Actions that move a cursor or scroll: keys to hold down, not commands to look up.
MOVES = frozenset(
    {"cursor_down", "cursor_up", "half_page", "page", "scroll_down", "scroll_up", "scroll_home", "scroll_end"}
)
NAME_WIDTH = 26  # the key column of the palette starts after this many cells


def keys_shown(app: App[Any], binding: Binding, keymap: Mapping[str, str]) -> str:
    """The keys ``binding`` is on under ``keymap`` (binding id -> keys), as the footer shows them."""
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    shown = [app.get_key_display(replace(binding, key=k.strip(), key_display=None)) for k in keys.split(",")]
    return " ".join(shown[:2])


def key_for(app: App[Any], binding_id: str, keymap: Mapping[str, str]) -> str:
    """The keys shown for the binding ``binding_id`` of the review screen ("" if none)."""
    screen = app.screen_stack[0] if app.screen_stack else None
    nodes: list[DOMNode] = [app, *(screen.query(IncidentList) if screen else [])]
    for node in nodes:
        for binding in getattr(type(node), "BINDINGS", []):
            if isinstance(binding, Binding) and binding.id == binding_id:
                return keys_shown(app, binding, keymap)
    return ""


@dataclass(frozen=True)
class Command:
    name: str
    keys: str
    run: Callable[[], Awaitable[Any]]


def commands(app: App[Any], keymap: Mapping[str, str]) -> Iterator[Command]:
    """The review screen's actions enabled now, in the order their bindings are declared."""
    screen = app.screen_stack[0]
    nodes: list[DOMNode] = [app, *screen.query(IncidentList), *screen.query(DetailPane)]
    seen: set[str] = set()
    for node in nodes:
        for binding in getattr(type(node), "BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.description or binding.action in seen:
                continue
            _, name, params = parse(binding.action)
            if name in MOVES or not node.check_action(name, params):
                continue
            seen.add(binding.action)
            yield Command(binding.description, keys_shown(app, binding, keymap), _runner(app, binding.action, node))


def _runner(app: App[Any], action: str, node: DOMNode) -> Callable[[], Awaitable[Any]]:
    async def run() -> None:
        await app.run_action(action, node)

    return run


def _shown(name: Content, keys: str) -> Content:
    """The command's name (matched letters highlighted), then its keys in a column."""
    return Content.assemble(name, " " * max(NAME_WIDTH - name.cell_length, 1), (printable(keys), "bold"))


def _system(app: App[Any], screen: Screen[Any]) -> Iterator[Command]:
    """Textual's own commands (theme, keys panel, screenshot...), after the app's."""
    for system in app.get_system_commands(screen):
        if system.discover and system.title != "Quit":  # the app's quit has its key

            async def run(callback: Callable[[], Any] = system.callback) -> None:
                result = callback()
                if isinstance(result, Awaitable):
                    await result

            yield Command(system.title, "", run)


class ReviewCommands(Provider):
    """The palette's one source: the review screen's commands, then Textual's. One source,
    so their order is always the same (the palette shows each source's as they arrive)."""

    def _commands(self) -> list[Command]:
        own: list[Command] = []
        if self.screen is self.app.screen_stack[0]:  # over a dialog: its keys are its own
            own = list(commands(self.app, getattr(self.app, "keymap", {})))
        return [*own, *_system(self.app, self.screen)]

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(_shown(Content(command.name), command.keys), command.run, text=command.name)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, _shown(matcher.highlight(command.name), command.keys), command.run, text=command.name)
