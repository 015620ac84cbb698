"""The one sanitizer for text that reaches a terminal: toasts, inputs, titles, CLI lines, CSV.

Data (report text, analyst names, imported ids, actors) is never trusted to be inert:

- control characters (C0, DEL, C1: ESC starts CSI/OSC sequences that retitle the pane or
  write the clipboard through OSC 52) become visible symbols (ESC -> ␛, others -> �);
- format characters that change what the eye reads without being seen (bidi overrides and
  isolates, zero-width spaces and joiners, U+2060 word joiner, U+FEFF, tag characters, line
  and paragraph separators) and lone surrogates (which crash the terminal's encoder) -> �;
- Textual/Rich markup (``[/]``, ``[bold]``) is escaped where a widget parses it
  (``escape_markup``), so an analyst name cannot crash another analyst's toast.

Every replacement is one character for one, so span offsets into the text still hold.
The ranges are explicit (Unicode's Cc, Cf, Zl, Zp and Cs categories): building them from
``unicodedata`` at import would cost the TUI's start-up a tenth of a second.
"""

from __future__ import annotations

import re

_FORMAT_RANGES = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
# \t and \n are handled by the caller's choice (see terminal_text).
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_FORMAT_RANGES}\ud800-\udfff]")
_ANY_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_FORMAT_RANGES}\ud800-\udfff]")

# OWASP CSV injection: a cell a spreadsheet would read as a formula (or a DDE call).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _picture(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC -> ␛
    if code == 0x7F:
        return "␡"
    return "\ufffd"


def terminal_text(text: str | None, keep_newlines: bool = False) -> str:
    """``text`` with every control and invisible format character made visible and inert.

    Tab becomes a space and newline ␤ (unless ``keep_newlines``), one character each."""
    if not text:
        return ""
    if not _ANY_UNSAFE.search(text):
        return text  # the usual case: no copy
    out = _UNSAFE.sub(_picture, text).replace("\t", " ")
    return out if keep_newlines else out.replace("\n", "␤")


def escape_markup(text: str) -> str:
    """``text`` shown literally by a widget that parses Textual markup (``notify``, Label
    given a str): every ``[`` is escaped, so no tag, closing ``[/]`` or ``[@click]`` action
    can be formed from data. (Textual reads ``\\[`` as a literal ``[`` and every other
    backslash literally, so nothing else needs escaping; the tests check the round trip.)"""
    return text.replace("[", "\\[")


def safe_markup(text: str | None) -> str:
    """Sanitized, then markup-escaped: for a string a markup-parsing widget will render."""
    return escape_markup(terminal_text(text))


def csv_cell(value: object, raw: bool = False, for_terminal: bool = False) -> object:
    """A CSV cell as exported: a text cell a spreadsheet would run as a formula gets a
    leading single quote (OWASP), unless ``raw``; on a terminal its control and format
    characters are made inert too (also unless ``raw``)."""
    if raw or not isinstance(value, str) or not value:
        return value
    if for_terminal:
        value = terminal_text(value, keep_newlines=True)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
