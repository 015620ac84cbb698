"""Report text is data: make it printable and inert before it reaches the terminal.

Textual's Segments and rich ``Text`` objects never parse markup, so ``[bold]`` stays
literal as long as we never build markup strings from data. Control characters are a
separate risk: ESC could start an ANSI/OSC sequence. Each is replaced by its visible
Unicode Control Picture (ESC -> ␛), so the analyst still sees that it was there.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _picture(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "␡"
    return "�"


def printable(text: str | None, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as a visible symbol.

    The result has exactly as many characters as ``text`` so offsets into it still hold."""
    if not text:
        return ""
    out = _CONTROL.sub(_picture, text)
    # One symbol per character (tab -> one space) keeps span offsets valid.
    out = out.replace("\t", " ")
    return out if keep_newlines else out.replace("\n", "␤")
