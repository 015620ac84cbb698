"""Rich Text as the lines of a line-API widget, wrapped only as far as they are drawn.

The detail pane shows an incident's fields, then its report: a few kilobytes of report
take most of the time to style and wrap, and on a small terminal they are below the fold.
So each part of the text is built (``build``) and wrapped the first time one of its lines
is drawn or asked for; until then its line count is estimated (``estimate``), enough for
a scroll thumb."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip


@dataclass
class Part:
    build: Callable[[], Text]
    estimate: Callable[[int], int]  # width -> about how many lines, without building
    _text: Text | None = None
    _lines: list[Strip] = field(default_factory=list)
    _width: int | None = None

    @property
    def text(self) -> Text:
        if self._text is None:
            self._text = self.build()
        return self._text

    def lines(self, console: Console, width: int) -> list[Strip]:
        if self._width != width:
            options = console.options.update(width=width, highlight=False)
            segments = console.render(self.text, options)
            lines = Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=False)
            self._lines, self._width = [Strip(line) for line in lines], width
        return self._lines

    def count(self, width: int) -> int:
        """Its lines if wrapped at ``width`` already, else the estimate."""
        return len(self._lines) if self._width == width else self.estimate(width)


def part(text: Text) -> Part:
    """A part built already (its estimate is its count once wrapped: it is on show)."""
    return Part(lambda: text, lambda width: estimate_lines(text.plain, width), text)


def estimate_lines(text: str, width: int, extra: int = 0) -> int:
    """Lines of ``text`` wrapped at ``width``, about (words break lines a little earlier)."""
    return extra + sum(max(1, -(-len(paragraph) // max(width, 1))) for paragraph in text.split("\n"))


class TextLines:
    """Parts of text, one after the other, as lines of ``width`` cells."""

    def __init__(self, console: Console, parts: list[Part]) -> None:
        self.console = console
        self.parts = parts

    @property
    def text(self) -> Text:
        """The whole text (every part built), lines as drawn: each part starts a line."""
        return Text("\n").join(p.text for p in self.parts)

    def line(self, i: int, width: int) -> Strip | None:
        """Line ``i`` (None past the end): wraps the parts up to the one that holds it."""
        for p in self.parts:
            lines = p.lines(self.console, width)
            if i < len(lines):
                return lines[i]
            i -= len(lines)
        return None

    def count(self, width: int) -> int:
        """How many lines in all (wraps every part)."""
        return sum(len(p.lines(self.console, width)) for p in self.parts)

    def estimate(self, width: int) -> int:
        """How many lines, without wrapping what is not wrapped yet."""
        return sum(p.count(width) for p in self.parts)

    def line_of(self, index: int, offset: int, width: int) -> int:
        """The line that character ``offset`` of part ``index`` is drawn on."""
        above = sum(len(p.lines(self.console, width)) for p in self.parts[:index])
        before = self.parts[index].text[:offset].wrap(self.console, width)
        return above + max(len(before) - 1, 0)
