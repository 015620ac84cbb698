"""Report text is data: make it printable and inert before it reaches the terminal.

Textual's Segments and rich ``Text`` objects never parse markup, so ``[bold]`` stays
literal as long as we never build markup strings from data (``notify`` does parse
markup: the app's ``notify`` escapes it, see ReviewApp.notify). Control and format
characters are a separate risk: ESC could start an ANSI/OSC sequence. The one sanitizer
for both is core.safe_text; ``printable`` is its name in the TUI.
"""

from __future__ import annotations

from incident_review.core.safe_text import safe_markup, terminal_text

__all__ = ["printable", "safe_markup"]


def printable(text: str | None, keep_newlines: bool = False) -> str:
    """``text`` with every control and format character shown as a visible symbol.

    The result has exactly as many characters as ``text`` so offsets into it still hold."""
    return terminal_text(text, keep_newlines)
