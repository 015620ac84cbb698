"""Keys typed fast are handled one after another, in order, by what they were typed for.

A terminal delivers a burst (tmux ``send-keys``, a paste of keys over SSH, a fast typist)
as keys that all wait in the App's queue. Textual hands each on to the focused widget at
once, but a key bound to an action runs that action only once it has bubbled back up to
the App, and a screen it opens takes the focus only once it is mounted. So in
``:INC-3`` the digits reached the list before the prompt existed (lost), in ``Rfair``
the ``f`` opened the filter bar before the grade dialog (misrouted), and a key typed
right after ctrl+u in the filter bar was typed before the ctrl+u cleared the line (lost).

``KeyOrder`` (a base class of the App) holds the keys that arrive while an earlier key
may still change where keys go, and hands them on in order once it cannot:

- a key some binding on the focus chain takes: until it has bubbled to the App and the
  messages its action posted along the chain are handled (``_after_chain``); when the
  focus or the screen changed, until the screen has refreshed (its new widget focused);
- an action that opens its screen after a worker's read (``hold_keys("screen")``): until
  that screen is mounted and focused (``push_screen``);
- an action that reloads the list (``hold_keys("rows")``): until the new rows are shown,
  so ``j`` moves in them instead of being reset by the reload.

Every hold ends by itself after a safety timeout (a worker that failed, a screen that
never came): the keys then go on to whatever has the focus.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode

KEY_SECONDS = 0.5  # a key's own handling (a few messages): far less unless the machine stalls
WAIT_SECONDS = 3.0  # a screen opened or rows read after a worker
CHAIN_PASSES = 4  # walks up the focus chain per key: two, more while its queues hold messages
HELD = (events.Key, events.Paste)


class KeyOrder(App[None]):
    """An App whose keys are handled in the order typed, each by what it was typed for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[events.Key | events.Paste] = deque()
        self._holds: dict[str, asyncio.TimerHandle | None] = {}  # reason -> its safety timeout
        self._releasing = False
        self._bound_at: tuple[tuple[Any, ...], frozenset[str]] | None = None  # (screen, focus...), its keys

    # ------------------------------------------------------------ holding

    def hold_keys(self, reason: str, seconds: float = WAIT_SECONDS) -> None:
        """Keep the keys that arrive from now until ``release_keys(reason)``, or for
        ``seconds`` at most."""
        old = self._holds.get(reason)
        if old is not None:
            old.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not running yet (or any more): nothing to wait for
            self._holds.pop(reason, None)
            return
        # The timeout posts to the App's queue: it runs among the App's messages, in order.
        self._holds[reason] = loop.call_later(seconds, self.call_later, self.release_keys, reason)

    def release_keys(self, reason: str) -> None:
        """The hold ``reason`` is over: once no other holds, the held keys go on in order."""
        timer = self._holds.pop(reason, None)
        if timer is not None:
            timer.cancel()
        if not self._holds and self._held and not self._releasing:
            self._releasing = True
            self.call_next(self._release)

    def keys_held(self) -> bool:
        """Keys typed that wait their turn (work for the key they stop on can wait too)."""
        return bool(self._held)

    def keys_drained(self) -> None:
        """Called once the held keys have all been handed on (to be overridden)."""

    async def _release(self) -> None:
        """Hand the held keys on, oldest first, until one of them starts a hold again (the
        rest wait for it, ahead of any key that arrives meanwhile)."""
        self._releasing = False
        while self._held and not self._holds and self.is_running:
            await self._route(self._held.popleft())
        if not self._held and self.is_running:
            self.keys_drained()

    # ------------------------------------------------------------ routing

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, HELD) and not event.is_forwarded:
            if self._holds or self._held:
                self._held.append(event)  # behind the keys typed before it
                return
            await self._route(event)
            return
        await super().on_event(event)

    async def _route(self, event: events.Key | events.Paste) -> None:
        """What Textual does with a key, holding the next ones while this one may still
        change where they go."""
        if not isinstance(event, events.Key) or not self._may_act(event.key):
            await super().on_event(event)  # typed into the focused input, or unbound
            return
        screen, focused = self.screen, self.focused
        target: DOMNode = focused or screen
        self.hold_keys("key", KEY_SECONDS)
        await super().on_event(event)  # a priority binding runs here; else it is forwarded
        if not event.is_forwarded:
            self._key_done(screen, focused)
            return
        self._after_chain(target, lambda: self._key_done(screen, focused))

    def _may_act(self, key: str) -> bool:
        """Whether a binding on the focus chain takes ``key`` (an input's own characters
        are left out of the chain: it types them, in order, as they come). The chain's keys
        are read once per screen and focus (Textual copies every node's bindings to build it)."""
        if not self.screen_stack:
            return False
        screen, focused = self.screen, self.focused
        place = (screen, focused, focused.loading if focused else False, self._keymap)
        if self._bound_at is None or self._bound_at[0] != place:
            keys = frozenset(k for _node, bindings in screen._binding_chain for k in bindings.key_to_bindings)
            self._bound_at = (place, keys)
        return key in self._bound_at[1]

    def _after_chain(self, node: DOMNode, then: Callable[[], None], passes: int = CHAIN_PASSES) -> None:
        """Call ``then`` once ``node`` and its ancestors up to the App have handled what
        they hold now: a callback queued behind each in turn (the key bubbles from node to
        parent; the callback follows it up, behind whatever each is handling). Walked twice
        (the first walk ends as the App runs the key's binding: what its action posts, the
        ``Submitted`` of an Enter, is handled on the second), and again while a queue on
        the way still holds messages, ``passes`` times at most."""
        nodes = list(node.ancestors_with_self)
        if not nodes or nodes[-1] is not self:
            nodes.append(self)

        def step(index: int) -> None:
            while index < len(nodes):
                if nodes[index].call_later(step, index + 1):
                    return
                index += 1  # closed (a dialog dismissed meanwhile): on to its parent
            left = passes - 1
            if left > 0 and (left >= CHAIN_PASSES - 1 or any(_pending(n) for n in nodes)):
                self._after_chain(node, then, left)
            else:
                then()

        step(0)

    def _key_done(self, screen: Any, focused: Any) -> None:
        if not self.is_running or not self.screen_stack:
            self.release_keys("key")
        elif self.screen is not screen or self.focused is not focused:
            self.settle_then_release("key")
        else:
            self.release_keys("key")

    def settle_then_release(self, reason: str) -> None:
        """Release ``reason`` once the current screen has refreshed: its widgets mounted,
        the focus its ``on_mount`` asked for given (focus() is queued on the App)."""
        self.screen.call_after_refresh(self.call_later, self.release_keys, reason)

    # ------------------------------------------------------------ screens

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """A screen opening while keys wait for it (``hold_keys("screen")``) or are held:
        they go to it once it is mounted and focused."""
        result = super().push_screen(*args, **kwargs)
        if self._holds or self._held:
            self.hold_keys("mount")
            self.release_keys("screen")
            self.settle_then_release("mount")
        return result


def hold_keys(app: App[Any], reason: str, seconds: float = KEY_SECONDS) -> None:
    """For a widget or screen whose next keys need what it is about to get: the filter
    bar's Enter (the App acts on its Submitted), a screen's rows read in a worker. The
    keys typed meanwhile wait until ``release_keys(app, reason)``."""
    if isinstance(app, KeyOrder):
        app.hold_keys(reason, seconds)


def release_keys(app: App[Any], reason: str) -> None:
    if isinstance(app, KeyOrder):
        app.release_keys(reason)


def _pending(node: DOMNode) -> bool:
    """Messages still queued for ``node``, or callbacks it runs next (call_next)."""
    if getattr(node, "_closed", False):
        return False
    queue = getattr(node, "_message_queue", None)
    return bool((queue is not None and queue.qsize()) or getattr(node, "_next_callbacks", None))
