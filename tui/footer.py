"""The footer of keys, fitted to the terminal's width: Textual's ``Footer`` lets the keys
that do not fit run off the edge, cut mid-word (``/ Sear▏`` at 80 columns). This one
shows only whole keys: it goes compact (less padding) when they do not all fit, then
leaves out the last ones, keeping help (``?`` lists every key) and the palette's key.

Textual's footer recomposes whenever the bindings change, i.e. on every focus change
(twice: the filter bar's open and its Enter): a dozen FooterKeys removed, mounted and
styled, about half the event loop's CPU for a filter's Enter at 1M (issue #16). This one
leaves an unchanged footer alone and otherwise rewrites the keys it has in place, mounting
or removing only the difference."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
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


@dataclass(frozen=True)
class Fit:
    """What the footer shows: its keys, compact or not, the palette's key."""

    shown: tuple[Entry, ...]
    compact: bool
    palette: Entry | None


def _key(e: Entry, classes: str = "") -> FooterKey:
    b = e.binding
    return FooterKey(
        b.key, e.key_display, b.description, b.action, disabled=not e.enabled, tooltip=e.tooltip, classes=classes
    )


def _rewrite(widget: FooterKey, e: Entry) -> None:
    """Make ``widget`` show ``e`` as a FooterKey made for it (``_key``) would."""
    b = e.binding
    resized = (widget.key_display, widget.description) != (e.key_display, b.description)
    widget.key, widget.key_display, widget.description, widget.action = b.key, e.key_display, b.description, b.action
    widget._disabled = not e.enabled  # (what its clicks read)
    widget.set_class(not e.enabled, "-disabled")
    widget.tooltip = e.tooltip or None
    widget.refresh(layout=resized)  # its width is its text's


class FittedFooter(Footer):
    """Textual's footer (its looks, the palette key on the right), whole keys only."""

    def __init__(self) -> None:
        super().__init__()
        self._width = 0  # the width it was last fitted to
        self._shown: Fit | None = None  # what its keys show now (None: not composed yet)
        self.covered = False  # the filter bar lies over it (its keys then stay as they are)

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

    def _fit(self) -> Fit:
        self._width = self.app.size.width
        palette = self._palette()
        # The palette's key: its border and padding, one cell of each.
        reserved = palette.cells(False) if palette else 0
        shown, compact = fitted(list(self._entries()), self._width, reserved)
        return Fit(tuple(shown), compact, palette)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        fit = self._shown = self._fit()
        self.compact = fit.compact
        for e in fit.shown:
            yield _key(e).data_bind(compact=Footer.compact)
        if fit.palette is not None:
            yield _key(fit.palette, classes="-command-palette")

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._refit)

    def refit_later(self) -> None:
        """Fit the keys to the bindings after the next refresh (shown again, say)."""
        if self.is_attached:
            self.call_after_refresh(self._refit)

    async def _refit(self) -> None:
        """The keys to show now, written over the ones shown (Footer recomposes)."""
        if not self.is_attached or self.covered:
            return  # under the filter bar: refitted once shown (QueryBar.close), if need be
        fit = self._fit()
        before = self._shown
        if fit == before:
            return  # (Textual asks twice per focus change)
        children = list(self.query_children(FooterKey))
        keys = [k for k in children if not k.has_class("-command-palette")]
        palettes = [k for k in children if k.has_class("-command-palette")]
        if before is None or (before.palette is None) != (fit.palette is None) or len(keys) != len(before.shown):
            self._shown = None
            await self.recompose()  # not composed by this footer's rules: as Textual does
            return
        self._shown = fit
        self.compact = fit.compact
        for widget, e in zip(keys, fit.shown, strict=False):
            _rewrite(widget, e)
        if fit.palette is not None and palettes:
            _rewrite(palettes[0], fit.palette)
        if len(keys) > len(fit.shown):
            await self.remove_children(keys[len(fit.shown) :])
        elif len(keys) < len(fit.shown):
            added = [_key(e).data_bind(compact=Footer.compact) for e in fit.shown[len(keys) :]]
            await self.mount_all(added, before=palettes[0] if palettes else None)

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._width:
            self.call_after_refresh(self.recompose)
