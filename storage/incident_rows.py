"""Incident <-> rows of incidents and its child tables."""

from __future__ import annotations

import datetime as dt
import json
import operator
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

from incident_review.core.casualties import Range, combine
from incident_review.core.model import FIELDS, Claim, Figure, Incident, Note, Source, Span

# The field table's columns (core/fields.py), then the ones computed from the incident's
# figures, sources and claims (fields.DERIVED; dup_score is duplicate detection's).
_STORED: Final = tuple(f for f in FIELDS if f.column is not None)
COMPUTED: Final = (
    "killed",
    "wounded",
    "n_sources",
    "contested",
    "killed_low",
    "killed_high",
    "wounded_low",
    "wounded_high",
)
INCIDENT_COLUMNS: Final = (*(f.name for f in _STORED), *COMPUTED)
_INSERT = f"INSERT INTO incidents ({', '.join(INCIDENT_COLUMNS)}) VALUES ({', '.join('?' * len(INCIDENT_COLUMNS))})"
_UPDATE = f"UPDATE incidents SET {', '.join(c + ' = ?' for c in INCIDENT_COLUMNS[1:])} WHERE id = ?"
# The stored values in _STORED order, read in one call (ingest builds a row per incident:
# a Python call per column cost more than the insert itself), and the positions whose
# kind needs encoding.
_GET: Final = operator.attrgetter(*(f.name for f in _STORED))
_DATES: Final = tuple(i for i, f in enumerate(_STORED) if f.kind == "date")
_LISTS: Final = tuple(i for i, f in enumerate(_STORED) if f.kind == "texts")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def incident_values(inc: Incident) -> list[Any]:
    """The incidents row, in INCIDENT_COLUMNS order."""
    values = list(_GET(inc))
    for i in _DATES:
        values[i] = _iso(values[i])
    for i in _LISTS:
        values[i] = _json_list(values[i])
    killed = combine(inc.figures, "killed", how=inc.casualty_aggregation)
    wounded = combine(inc.figures, "wounded", how=inc.casualty_aggregation)
    values += (
        killed.best,
        wounded.best,
        len(inc.sources),
        int(inc.contested),
        # Bounds for matching: the low end (or best), the high end (None = open).
        _low(killed),
        _high(killed),
        _low(wounded),
        _high(wounded),
    )
    return values


def _json_list(values: list[str]) -> str:
    return json.dumps(values, ensure_ascii=False) if values else "[]"


def _low(r: Range) -> int | None:
    return r.low if r.low is not None else r.best


def _high(r: Range) -> int | None:
    if r.high is not None:
        return r.high
    return r.best if r.low is None else None


def insert_many(conn: sqlite3.Connection, incidents: Sequence[Incident]) -> None:
    """Insert new incidents with their children and index them for full-text search.

    New rows get ``seq`` above every existing one (INTEGER PRIMARY KEY, inside the write
    transaction), so one statement indexes exactly them: far cheaper than a trigger per row."""
    if not incidents:
        return
    last_seq = conn.execute("SELECT coalesce(max(seq), 0) FROM incidents").fetchone()[0]
    conn.executemany(_INSERT, [incident_values(inc) for inc in incidents])
    _write_children(conn, incidents)
    conn.execute(
        "INSERT INTO incidents_fts (rowid, summary, location) "
        "SELECT seq, summary, location FROM incidents WHERE seq > ?",
        (last_seq,),
    )


def update(conn: sqlite3.Connection, inc: Incident) -> None:
    values = incident_values(inc)
    conn.execute(_UPDATE, [*values[1:], inc.id])
    for table in ("incident_sources", "claims", "casualty_figures", "notes", "value_spans"):
        conn.execute(f"DELETE FROM {table} WHERE incident_id = ?", (inc.id,))
    _write_children(conn, [inc])


def _write_children(conn: sqlite3.Connection, incidents: Sequence[Incident]) -> None:
    conn.executemany(
        "INSERT INTO incident_sources VALUES (?,?,?,?,?,?,?,?,?)",
        [
            (inc.id, i, s.report, s.outlet, s.url, _iso(s.published), s.quote, s.start, s.end)
            for inc in incidents
            for i, s in enumerate(inc.sources)
        ],
    )
    conn.executemany(
        "INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (inc.id, i, c.actor, c.role, c.stance, c.by, c.source, c.start, c.end, c.associated_with)
            for inc in incidents
            for i, c in enumerate(inc.attribution)
        ],
    )
    conn.executemany(
        "INSERT INTO casualty_figures VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (inc.id, i, f.kind, f.group, f.low, f.best, f.high, f.source, f.start, f.end)
            for inc in incidents
            for i, f in enumerate(inc.figures)
        ],
    )
    conn.executemany(
        "INSERT INTO notes VALUES (?,?,?,?,?)",
        [(inc.id, i, n.by, n.at, n.text) for inc in incidents for i, n in enumerate(inc.notes)],
    )
    conn.executemany(
        "INSERT INTO value_spans VALUES (?,?,?,?,?)",
        [(inc.id, k, s.report, s.start, s.end) for inc in incidents for k, s in inc.spans.items()],
    )


def _decoder(kind: str) -> Callable[[Any], Any] | None:
    if kind == "date":
        return _date
    if kind == "texts":
        return json.loads
    return None


_DECODE: Final = tuple((f.name, _decoder(f.kind)) for f in _STORED)


def _row_to_incident(row: sqlite3.Row) -> Incident:
    return Incident(**{name: decode(row[name]) if decode else row[name] for name, decode in _DECODE})


def _chunks(ids: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def load(conn: sqlite3.Connection, ids: Sequence[str]) -> list[Incident]:
    """Incidents with all their children, in the order of ``ids`` (missing ones skipped)."""
    conn.row_factory = sqlite3.Row
    try:
        found: dict[str, Incident] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(f"SELECT * FROM incidents WHERE id IN ({marks})", chunk):
                found[row["id"]] = _row_to_incident(row)
            children: dict[str, list[sqlite3.Row]] = defaultdict(list)
            for table in ("incident_sources", "claims", "casualty_figures", "notes"):
                children.clear()
                rows = conn.execute(
                    f"SELECT * FROM {table} WHERE incident_id IN ({marks}) ORDER BY incident_id, position", chunk
                )
                for row in rows:
                    children[row["incident_id"]].append(row)
                for incident_id, items in children.items():
                    _attach(found[incident_id], table, items)
            for row in conn.execute(f"SELECT * FROM value_spans WHERE incident_id IN ({marks})", chunk):
                span = Span(row["report_id"], row["span_start"], row["span_end"])
                found[row["incident_id"]].spans[row["field"]] = span
    finally:
        conn.row_factory = None
    return [found[i] for i in ids if i in found]


def _attach(inc: Incident, table: str, rows: list[sqlite3.Row]) -> None:
    if table == "incident_sources":
        inc.sources = [
            Source(
                r["report_id"], r["outlet"], r["url"], _date(r["published"]), r["quote"], r["span_start"], r["span_end"]
            )
            for r in rows
        ]
    elif table == "claims":
        inc.attribution = [
            Claim(
                r["actor"],
                r["role"],
                r["stance"],
                r["by_whom"],
                r["report_id"],
                r["span_start"],
                r["span_end"],
                r["associated_with"],
            )
            for r in rows
        ]
    elif table == "casualty_figures":
        inc.figures = [
            Figure(r["kind"], r["grp"], r["low"], r["best"], r["high"], r["report_id"], r["span_start"], r["span_end"])
            for r in rows
        ]
    else:
        inc.notes = [Note(r["by_whom"], r["at"], r["text"]) for r in rows]
