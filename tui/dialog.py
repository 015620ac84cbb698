"""The one look of every modal box (forms, panes, help, history, prompts)."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A box centred over the screen it opens on, no taller than 90% of it; its container
    (the one ``Vertical`` or ``VerticalScroll`` it composes) is styled here. A subclass
    sets only the box's width: ``ClaimForm > Vertical { width: 72; }``."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical, Dialog > VerticalScroll {
        max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """
