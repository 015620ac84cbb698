"""The detail pane: every field with where it came from, and the source text with the
extracted spans highlighted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Final

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from incident_review.core.casualties import combine, range_text
from incident_review.core.model import CASUALTY_GROUPS, CASUALTY_KINDS, FIELDS, Incident, Report
from incident_review.tui.links import browser_plausible, source_url
from incident_review.tui.messages import BrowserFailed
from incident_review.tui.sanitize import printable
from incident_review.tui.text_lines import Part, TextLines, estimate_lines, part

if TYPE_CHECKING:  # the copy picker (and its OptionList) loads on its first y, not at start
    from incident_review.tui.copy_picker import Choice

HIGHLIGHT = "reverse"
THUMB = "▐"  # the scroll position, in the pane's last column
CURRENT = "bold underline reverse"  # the span stepped to: distinct without colour too


# Fields with a line of their own (the field table's ``detail``, core/fields.py); the
# pane lays out the others itself (date with its precision, the place, the types...).
_DETAIL: Final = tuple(f for f in FIELDS if f.detail)


def _field(out: Text, label: str, value: object, spans: bool = False) -> None:
    out.append(f"{label:<10} ", style="bold")
    out.append(printable(str(value)) if value not in (None, "", []) else "—", style="" if value else "dim")
    if spans:
        out.append(" ◆", style="dim")
    out.append("\n")


def incident_text(inc: Incident) -> Text:
    """Every field of an incident, as inert rich Text (never markup)."""
    out = Text()
    out.append(printable(inc.id), style="bold")
    out.append(f"  {inc.status}", style="bold green" if inc.status == "confirmed" else "bold")
    if inc.grade:
        out.append(f"  grade: {inc.grade}")
    if inc.contested:
        out.append("  CONTESTED", style="bold yellow")
    out.append(f"  v{inc.version}\n", style="dim")
    if inc.summary:
        out.append(printable(inc.summary) + "\n", style="italic")
    date = str(inc.date or "")
    if inc.date_end:
        date += f" → {inc.date_end}"
    _field(out, "date", f"{date} ({inc.date_precision})" if date else None, "date" in inc.spans)
    place = ", ".join(x for x in (inc.location, inc.admin2, inc.admin1, inc.country) if x)
    _field(
        out,
        "place",
        f"{place} ({inc.geo_precision})" if place else None,
        "location" in inc.spans or "admin1" in inc.spans,
    )
    _field(out, "type", " / ".join(x for x in (inc.event_type, inc.sub_event_type) if x))
    for f in _DETAIL:
        value = getattr(inc, f.name)
        if not (f.sparse and f.unset(value)):
            _field(out, f.title, ", ".join(value) if isinstance(value, list) else value, f.name in inc.spans)
    _field(out, "weapons", ", ".join(inc.weapons))
    _field(out, "damage", ", ".join(inc.damage))
    how = inc.casualty_aggregation
    outlets = {s.report: s.outlet or s.report for s in inc.sources}
    for kind in CASUALTY_KINDS:
        r = combine(inc.figures, kind, how=how)
        if r.known:
            groups = [(g, combine(inc.figures, kind, g, how)) for g in CASUALTY_GROUPS if g != "all"]
            extra = [f"{g} {range_text(gr.low, gr.best, gr.high)}" for g, gr in groups if gr.known]
            text = range_text(r.low, r.best, r.high)
            if how != "best":
                text += f" [{how}]"
            _field(out, kind, text + (f"; {', '.join(extra)}" if extra else ""))
            _disagreement(out, inc, kind, outlets)
    several = len(outlets) > 1
    if inc.attribution:
        out.append("attribution\n", style="bold")
        for c in inc.attribution:
            by = f" by {c.by}" if c.by else ""
            # With several sources, each claim says whose report it is from.
            source = f"  ({outlets.get(c.source, c.source)})" if several and c.source else ""
            out.append(f"  {c.stance:9} ", style="yellow" if c.stance in ("blamed", "claimed", "denied") else "")
            out.append(printable(f"{c.actor} ({c.role}){by}"))
            out.append(printable(source) + "\n", style="dim")
    if inc.merged_from:
        _field(out, "merged", ", ".join(inc.merged_from))
    if inc.notes:
        out.append("notes\n", style="bold")
        for n in inc.notes:
            out.append(f"  {printable(n.at)} {printable(n.by)}: ", style="dim")
            out.append(printable(n.text, keep_newlines=True) + "\n")
    out.append("sources\n", style="bold")
    for s in inc.sources:
        out.append(f"  {printable(s.outlet or s.report)} {s.published or ''}\n", style="dim")
    return out


def _disagreement(out: Text, inc: Incident, kind: str, outlets: dict[str, str]) -> None:
    """When the sources give different counts, each source's count, side by side."""
    per_source = {f.source: f for f in inc.figures if f.kind == kind and f.group == "all" and f.source}
    if len({(f.low, f.best, f.high) for f in per_source.values()}) < 2:
        return
    cells = [f"{outlets.get(source, source)} {range_text(f.low, f.best, f.high)}" for source, f in per_source.items()]
    out.append(f"{'':11}", style="")
    out.append(printable("sources differ: " + " · ".join(cells)) + "\n", style="yellow")


@dataclass(frozen=True)
class Evidence:
    """A span of the report that some value of the incident was read from."""

    start: int
    end: int
    label: str  # which values ("killed (civilians) 2", "weapons: drone")


def evidence(report: Report, inc: Incident) -> list[Evidence]:
    """Every span of ``report`` the incident's values came from, in reading order; spans
    that several values share are one stop, labelled with all of them."""
    found: dict[tuple[int, int], list[str]] = {}

    def add(start: int | None, end: int | None, label: str) -> None:
        if start is not None and end is not None and 0 <= start < end <= len(report.text):
            found.setdefault((start, end), []).append(label)

    for key, span in inc.spans.items():
        if span.report == report.id:
            add(span.start, span.end, key.replace(":", ": ", 1))
    for c in inc.attribution:
        if c.source == report.id:
            add(c.start, c.end, f"attribution: {c.actor} {c.stance}" + (f" by {c.by}" if c.by else ""))
    for f in inc.figures:
        if f.source == report.id:
            add(f.start, f.end, f"{f.kind} ({f.group}) {range_text(f.low, f.best, f.high)}")
    return [Evidence(start, end, "; ".join(labels)) for (start, end), labels in sorted(found.items())]


def report_text(report: Report, inc: Incident, current: int | None = None) -> Text:
    """The report with every span the incident was read from highlighted; the span
    ``current`` (an index into ``evidence``) stands out."""
    body = printable(report.text, keep_newlines=True)  # same length: one symbol per control char
    out = Text(body)
    for src in inc.sources:
        if src.report == report.id and src.start is not None and src.end is not None:
            out.stylize("underline", src.start, src.end)
    stops = evidence(report, inc)
    for stop in stops:
        out.stylize(HIGHLIGHT, stop.start, stop.end)
    header = Text()
    header.append(printable(report.title or report.id), style="bold")
    header.append(
        f"\n{printable(report.outlet or '')} {report.published or ''} {printable(report.url or '')}\n", style="dim"
    )
    if current is not None and 0 <= current < len(stops):
        out.stylize(CURRENT, stops[current].start, stops[current].end)
    if stops:
        header.append(f"{len(stops)} highlighted spans: ] next, [ previous\n", style="dim")
    return header + Text("\n") + out


class DetailPane(Widget, can_focus=True):
    """The detail of the incident under the list's cursor: its fields, then the report.

    It changes on every cursor move, so it draws its lines itself (Textual's line API, as
    the list and the status bar do) in a box of a fixed size, scrolled by its own offset:
    showing another incident repaints the pane, never lays out the screen again (a
    ``Static`` that changes height, or a scroll view whose virtual size changes, does)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_by(1)", "Scroll down", id="detail.down", show=False),
        Binding("k,up", "scroll_by(-1)", "Scroll up", id="detail.up", show=False),
        Binding("ctrl+d", "scroll_pages(0.5)", "Half page down", id="detail.half_down", show=False),
        Binding("ctrl+u", "scroll_pages(-0.5)", "Half page up", id="detail.half_up", show=False),
        Binding("pagedown,ctrl+f", "scroll_pages(1)", "Page down", id="detail.page_down", show=False),
        Binding("pageup,ctrl+b", "scroll_pages(-1)", "Page up", id="detail.page_up", show=False),
        Binding("g,home", "top", "Top", id="detail.top", show=False),
        Binding("G,end", "bottom", "Bottom", id="detail.bottom", show=False),
        Binding("o", "open_source", "Open URL", id="detail.open_url"),
        Binding("y", "copy", "Copy", id="detail.copy"),
    ]
    DEFAULT_CSS = """
    DetailPane { border-top: solid $primary; padding: 0 1; }
    /* heavy: which pane has the keys shows without colour too (NO_COLOR) */
    DetailPane:focus { border-top: heavy $accent; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.incident: Incident | None = None
        self.report: Report | None = None
        self.current: int | None = None  # the evidence span the analyst stepped to
        self.top = 0  # the first line in view
        self._lines: TextLines | None = None  # what it shows, as lines
        self._base = Style()  # the pane's style, read once per repaint (render_lines)

    @property
    def content(self) -> Text:
        """Everything the pane shows, scrolled or not (inert Text: never markup)."""
        return self._text_lines.text

    @property
    def line_count(self) -> int:
        """The lines of ``content`` at the pane's width."""
        return self._text_lines.count(self._text_width)

    def show(self, inc: Incident | None, report: Report | None) -> None:
        same = inc is not None and self.incident is not None and inc.id == self.incident.id
        self.incident, self.report = inc, report
        if not same:
            self.current = None
            self.top = 0  # another incident reads from its top
        self._draw()
        if not same and self.border_title is not None:
            self.border_title = None  # setting it, even to None again, repaints the pane

    def _draw(self) -> None:
        """The fields, then the report: built and wrapped once drawn or scrolled to (on a
        small terminal the report is below the fold, and it is most of the work)."""
        inc, report, current = self.incident, self.report, self.current
        if inc is None:
            parts = [part(Text("No incident", style="dim"))]
        elif report is None:
            parts = [part(incident_text(inc) + Text("\n") + Text("(source report not in this store)", style="dim"))]
        else:
            lazy = Part(
                lambda: report_text(report, inc, current), lambda width: estimate_lines(report.text, width, extra=4)
            )
            parts = [part(incident_text(inc)), lazy]  # its last newline draws a blank line
        self._lines = TextLines(self.app.console, parts)
        self._go_to(self.top)  # a shorter text: the offset stays within it
        self.refresh()  # the same size: a repaint, no layout

    @property
    def _text_lines(self) -> TextLines:
        if self._lines is None:
            self._lines = TextLines(self.app.console, [part(Text("Select an incident", style="dim"))])
        return self._lines

    # ------------------------------------------------------------ drawing

    @property
    def _text_width(self) -> int:
        return max(self.size.width - 2, 1)  # a gap, then the scroll thumb in the last column

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style  # it walks every ancestor's styles: once, not per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        base = self._base
        line = self._text_lines.line(self.top + y, self._text_width)
        if line is not None:
            line = line.apply_style(base).crop_extend(0, width - 1, base)
        else:
            line = Strip.blank(width - 1, base)  # a None style breaks NO_COLOR
        thumb = THUMB if self._thumb(y, height, self._text_lines.estimate(self._text_width)) else " "
        return Strip([*line, Segment(thumb, base)], width)

    def _thumb(self, y: int, height: int, total: int) -> bool:
        """Whether line ``y`` of the pane shows the scroll thumb (only when it scrolls)."""
        if total <= height or height < 1:
            return False
        size = max(1, round(height * height / total))
        at = round(min(self.top / (total - height), 1) * (height - size))
        return at <= y < at + size

    # ------------------------------------------------------------ scrolling

    def _go_to(self, top: int) -> None:
        if top <= 0 or not self.size.width:
            # At the top (as every incident opens: no need to wrap it to know its length
            # before it is drawn), or not laid out yet: kept until it is.
            if max(top, 0) != self.top:
                self.top = max(top, 0)
                self.refresh()
            return
        bottom = max(self.line_count - self.size.height, 0)
        top = max(0, min(top, bottom))
        if top != self.top:
            self.top = top
            self.refresh()

    def action_scroll_by(self, lines: int) -> None:
        self._go_to(self.top + lines)

    def action_scroll_pages(self, pages: float) -> None:
        self._go_to(self.top + int(pages * max(self.size.height, 2)))

    def action_top(self) -> None:
        self._go_to(0)

    def action_bottom(self) -> None:
        self._go_to(self.line_count)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._go_to(self.top + 3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._go_to(self.top - 3)

    def on_resize(self) -> None:
        self._go_to(self.top)

    # ------------------------------------------------------------ evidence

    def step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) highlighted span and scroll it into view."""
        if self.incident is None or self.report is None:
            return
        stops = evidence(self.report, self.incident)
        if not stops:
            self.app.notify("no highlighted spans in this report", timeout=2)
            return
        if self.current is None:
            self.current = 0 if direction > 0 else len(stops) - 1
        else:
            self.current = (self.current + direction) % len(stops)
        self._draw()
        stop = stops[self.current]
        # The pane's title names the value(s) the span supports, wherever it scrolled to.
        self.border_title = Text(printable(f"evidence {self.current + 1}/{len(stops)}: {stop.label}"))
        if self.size.width:
            # The report's part: its header, then the text (printable keeps its length).
            body_at = len(self._text_lines.parts[1].text) - len(self.report.text)
            line = self._text_lines.line_of(1, body_at + stop.start, self._text_width)
            self._go_to(line - self.size.height // 3)

    # ------------------------------------------------------------ open and copy

    def action_open_source(self) -> None:
        url = source_url(self.incident, self.report)
        if url is None:
            self.app.notify("no source URL for this incident", timeout=3)
        elif browser_plausible():
            self.app.notify(f"opening in the browser: {url}", timeout=8)
            self._open_in_browser(url)
        else:
            self._copy_url(url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_in_browser(self, url: str) -> None:
        """In a thread: a browser can take a while to start (or answer)."""
        import webbrowser

        try:
            opened = webbrowser.open(url)
        except webbrowser.Error:
            opened = False
        if not opened:
            self.post_message(BrowserFailed(url))

    @on(BrowserFailed)
    def _browser_failed(self, message: BrowserFailed) -> None:
        self._copy_url(message.url)

    def _copy_url(self, url: str) -> None:
        """Copy with OSC 52 (the terminal, or tmux with set-clipboard on, puts it on the
        analyst's clipboard, even over SSH), and show it to select by hand where not."""
        self.app.copy_to_clipboard(url)
        self.app.notify(f"copied (OSC 52): {url}", timeout=12)

    def action_copy(self) -> None:
        if self.incident is None:
            return
        from incident_review.tui.copy_picker import CopyPicker

        choices = copy_choices(self.incident, self.report, self.current)

        def copy(key: str | None) -> None:
            for choice in choices:
                if choice.key == key:
                    self.app.copy_to_clipboard(choice.value)
                    self.app.notify(f"copied {choice.label} (OSC 52): {choice.value}", timeout=6)

        self.app.push_screen(CopyPicker(choices), copy)


def copy_choices(inc: Incident, report: Report | None, current: int | None) -> list[Choice]:
    """What ``y`` offers to copy: the values an analyst pastes elsewhere (a ticket, a
    search, a message), those the incident has."""
    from incident_review.tui.copy_picker import Choice

    place = ", ".join(x for x in (inc.location, inc.admin2, inc.admin1, inc.country) if x)
    date = str(inc.date or "") + (f"/{inc.date_end}" if inc.date_end else "")
    found = [
        Choice("i", "id", inc.id),
        Choice("d", "date", date),
        Choice("p", "place", place),
        Choice("u", "source URL", source_url(inc, report) or ""),
        Choice("s", "summary", inc.summary or ""),
    ]
    if report is not None:
        stops = evidence(report, inc)
        if current is not None and 0 <= current < len(stops):
            stop = stops[current]
            found.append(Choice("e", "evidence span", report.text[stop.start : stop.end]))
        for src in inc.sources:
            if src.report == report.id:
                spanned = report.text[src.start : src.end] if src.start is not None and src.end is not None else ""
                found.append(Choice("t", "source passage", src.quote or spanned))
                break
        found.append(Choice("r", "report text", report.text))
    return [c for c in found if c.value]
