"""The footer of keys, fitted to the terminal's width: Textual's ``Footer`` lets the keys
that do not fit run off the edge, cut mid-word (``/ Sear▏`` at 80 columns). This one
shows only whole keys: it goes compact (less padding) when they do not all fit, then
leaves out the last ones, keeping help (``?`` lists every key) and the palette's key."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KEPT_ACTIONS = frozenset({"help"})  # shown however narrow: it lists the others


@dataclass(frozen=True)
class Entry:
    binding: Binding
    key_display: str
    enabled: bool
    tooltip: str

    def cells(self, compact: bool) -> int:
        """Cells it takes, as FooterKey pads it (compact: key, space, description, margin)."""
        words = cell_len(self.key_display) + cell_len(self.binding.description)
        return words + 2 if compact else words + 3


def fitted(entries: list[Entry], width: int, reserved: int = 0) -> tuple[list[Entry], bool]:
    """The entries shown in ``width`` cells (``reserved`` of them taken by the palette's
    key), and whether compact; in their order, whole, the kept ones always."""
    room = width - reserved
    for compact in (False, True):
        if sum(e.cells(compact) for e in entries) <= room:
            return entries, compact
    kept = [e for e in entries if e.binding.action.rsplit(".", 1)[-1] in KEPT_ACTIONS]  # ("app.help" too)
    left = room - sum(e.cells(True) for e in kept)
    shown: list[Entry] = []
    for e in entries:
        if e in kept:
            shown.append(e)
        elif e.cells(True) <= left:
            shown.append(e)
            left -= e.cells(True)
        else:
            left = -1  # the keys stay in order: none after the first left out
    return shown, True


class FittedFooter(Footer):
    """Textual's footer (its looks, the palette key on the right), whole keys only."""

    def __init__(self) -> None:
        super().__init__()
        self._width = 0  # the width it was last fitted to

    def _entries(self) -> Iterator[Entry]:
        seen: set[str] = set()
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:  # one key per action, as Footer shows
                seen.add(binding.action)
                yield Entry(binding, self.app.get_key_display(binding), enabled, tooltip)

    def _palette(self) -> Entry | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if found is None:
            return None
        _node, binding, enabled, _tooltip = found
        return Entry(binding, self.app.get_key_display(binding), enabled, binding.tooltip or binding.description)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._width = self.app.size.width
        palette = self._palette()
        # The palette's key: its border and padding, one cell of each.
        reserved = palette.cells(False) if palette else 0
        shown, compact = fitted(list(self._entries()), self._width, reserved)
        self.compact = compact
        for e in shown:
            b = e.binding
            yield FooterKey(
                b.key, e.key_display, b.description, b.action, disabled=not e.enabled, tooltip=e.tooltip
            ).data_bind(compact=Footer.compact)
        if palette is not None:
            b = palette.binding
            yield FooterKey(
                b.key,
                palette.key_display,
                b.description,
                b.action,
                classes="-command-palette",
                disabled=not palette.enabled,
                tooltip=palette.tooltip,
            )

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._width:
            self.call_after_refresh(self.recompose)
