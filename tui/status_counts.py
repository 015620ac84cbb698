"""The header line above the list: how many incidents of each status the filter holds
(its own status term left out), updated after every edit."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from incident_review.core.labels import status_label
from incident_review.core.model import STATUSES

# The statuses in the order of review: what is left, what is done.
ORDER = ("unreviewed", "confirmed", "rejected", "needs_follow_up")
assert set(ORDER) == set(STATUSES)


def counts_text(counts: dict[str, int] | None) -> str:
    if counts is None:
        return " · ".join(f"{status_label(s)} …" for s in ORDER)
    return " · ".join(f"{status_label(s)} {counts.get(s, 0):,}" for s in ORDER)


class StatusCounts(Widget):
    """Draws its one line itself (the line API), as the status bar does: it changes after
    each edit, and a Static's update would lay out the whole screen."""

    DEFAULT_CSS = "StatusCounts { height: 1; padding: 0 1; color: $text-muted; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts: dict[str, int] | None = None
        self._text = counts_text(None)

    @property
    def text(self) -> str:
        return self._text

    def show(self, counts: dict[str, int]) -> None:
        self.counts = counts
        text = counts_text(counts)
        if text != self._text:
            self._text = text
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        style = self.rich_style
        text = self._text[:width] if y == 0 else ""
        return Strip([Segment(text.ljust(width), Style(color=style.color, bgcolor=style.bgcolor))], width)
