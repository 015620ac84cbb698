"""The detail pane: every field with where it came from, and the source text with the
extracted spans highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from incident_review.core.casualties import combine
from incident_review.core.model import Incident, Report
from incident_review.tui.sanitize import printable

HIGHLIGHT = "reverse"


def _field(out: Text, label: str, value: object, spans: bool = False) -> None:
    out.append(f"{label:<11}", style="bold")
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
    _field(out, "place", f"{place} ({inc.geo_precision})" if place else None,
           "location" in inc.spans or "admin1" in inc.spans)
    _field(out, "type", " / ".join(x for x in (inc.event_type, inc.sub_event_type) if x))
    _field(out, "weapons", ", ".join(inc.weapons))
    _field(out, "damage", ", ".join(inc.damage))
    for kind in ("killed", "wounded", "missing"):
        r = combine(inc.figures, kind)
        if r.known:
            extra = [f"{g} {combine(inc.figures, kind, g).best}" for g in ("civilians", "children", "military")
                     if combine(inc.figures, kind, g).known]
            text = f"{r.best if r.best is not None else '?'} (low {_n(r.low)}, high {_n(r.high)})"
            _field(out, kind, text + (f"; {', '.join(extra)}" if extra else ""))
    if inc.attribution:
        out.append("attribution\n", style="bold")
        for c in inc.attribution:
            by = f" by {c.by}" if c.by else ""
            out.append(f"  {c.stance:9} ", style="yellow" if c.stance in ("blamed", "claimed", "denied") else "")
            out.append(printable(f"{c.actor} ({c.role}){by}") + "\n")
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


def _n(value: int | None) -> str:
    return "?" if value is None else str(value)


def report_text(report: Report, inc: Incident) -> Text:
    """The report with every span the incident was read from highlighted."""
    body = printable(report.text, keep_newlines=True)  # same length: one symbol per control char
    out = Text(body)
    spans = [(s.start, s.end) for s in inc.spans.values() if s.report == report.id]
    spans += [(c.start, c.end) for c in inc.attribution
              if c.source == report.id and c.start is not None and c.end is not None]
    spans += [(f.start, f.end) for f in inc.figures
              if f.source == report.id and f.start is not None and f.end is not None]
    for src in inc.sources:
        if src.report == report.id and src.start is not None and src.end is not None:
            out.stylize("underline", src.start, src.end)
    for start, end in spans:
        if start is not None and end is not None:
            out.stylize(HIGHLIGHT, start, end)
    header = Text()
    header.append(printable(report.title or report.id), style="bold")
    header.append(f"\n{printable(report.outlet or '')} {report.published or ''} {printable(report.url or '')}\n\n",
                  style="dim")
    return header + out


class DetailPane(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    DetailPane { border-top: solid $primary; padding: 0 1; }
    DetailPane > Static { width: 1fr; }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text("Select an incident", style="dim"), id="fields")
        yield Static("", id="report")

    def show(self, inc: Incident | None, report: Report | None) -> None:
        fields = self.query_one("#fields", Static)
        source = self.query_one("#report", Static)
        if inc is None:
            fields.update(Text("No incident", style="dim"))
            source.update("")
            return
        fields.update(incident_text(inc))
        source.update(report_text(report, inc) if report else Text("(source report not in this store)", style="dim"))
