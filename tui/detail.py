"""The detail pane: every field with where it came from, and the source text with the
extracted spans highlighted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from incident_review.core.casualties import combine
from incident_review.core.model import CASUALTY_GROUPS, CASUALTY_KINDS, FIELDS, Incident, Report
from incident_review.tui.sanitize import printable

HIGHLIGHT = "reverse"
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
            extra = [f"{g} {_n(gr.best)}" for g, gr in groups if gr.known]
            text = f"{_n(r.best)} (low {_n(r.low)}, high {_n(r.high)})"
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
    cells = [
        f"{outlets.get(source, source)} {_n(f.best)}" + (f" ({_n(f.low)}-{_n(f.high)})" if f.low != f.high else "")
        for source, f in per_source.items()
    ]
    out.append(f"{'':11}", style="")
    out.append(printable("sources differ: " + " · ".join(cells)) + "\n", style="yellow")


def _n(value: int | None) -> str:
    return "?" if value is None else str(value)


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
            add(f.start, f.end, f"{f.kind} ({f.group}) {_n(f.best)}")
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


class DetailPane(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    DetailPane { border-top: solid $primary; padding: 0 1; }
    DetailPane > Static { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.incident: Incident | None = None
        self.report: Report | None = None
        self.current: int | None = None  # the evidence span the analyst stepped to
        self._report_text = Text()  # the report as last drawn, for scrolling to a span

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text("Select an incident", style="dim"), id="fields")
        yield Static("", id="report")

    def show(self, inc: Incident | None, report: Report | None) -> None:
        same = inc is not None and self.incident is not None and inc.id == self.incident.id
        self.incident, self.report = inc, report
        if not same:
            self.current = None
        fields = self.query_one("#fields", Static)
        source = self.query_one("#report", Static)
        if inc is None:
            fields.update(Text("No incident", style="dim"))
            source.update("")
            return
        fields.update(incident_text(inc))
        self._draw_report()
        if not same and self.border_title is not None:
            self.border_title = None  # setting it, even to None again, repaints the pane

    def _draw_report(self) -> None:
        source = self.query_one("#report", Static)
        if self.incident is None or self.report is None:
            source.update(Text("(source report not in this store)", style="dim"))
            return
        self._report_text = report_text(self.report, self.incident, self.current)
        source.update(self._report_text)

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
        self._draw_report()
        stop = stops[self.current]
        # The pane's title names the value(s) the span supports, wherever it scrolled to.
        self.border_title = Text(printable(f"evidence {self.current + 1}/{len(stops)}: {stop.label}"))
        self.call_after_refresh(self._scroll_to_stop, stop)

    def _scroll_to_stop(self, stop: Evidence) -> None:
        if self.report is None or self.incident is None:
            return  # another incident (or none) was shown meanwhile
        source = self.query_one("#report", Static)
        width = max(source.content_size.width, 10)
        # The wrapped lines above the span: wrap what is drawn before it at the same width.
        drawn = self._report_text
        offset = len(drawn.plain) - len(self.report.text) + stop.start
        lines = drawn[:offset].wrap(self.app.console, width)
        y = source.virtual_region.y + max(len(lines) - 1, 0)
        self.scroll_to(y=max(y - self.size.height // 3, 0), animate=False)
