"""Candidate duplicate pairs, analysts' pair decisions, and the inputs matching reads."""

from __future__ import annotations

import datetime as dt
import heapq
import json
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from incident_review.core.matching import MatchInput, Pair
from incident_review.core.matching.inputs import VAGUE_PRECISIONS
from incident_review.storage import flipping
from incident_review.storage.db import Database
from incident_review.storage.errors import translating

_INPUT_SQL = """
SELECT i.id, COALESCE(s.report_id, i.id), i.country, i.admin1, i.location, i.date, i.date_end, i.date_precision,
       i.event_type, i.sub_event_type, i.weapons, i.damage, i.killed_low, i.killed_high,
       i.wounded_low, i.wounded_high, COALESCE(s.quote, i.summary, ''), i.latitude, i.longitude, i.geo_precision,
       s.published,
       (SELECT group_concat(o.report_id, char(31)) FROM incident_sources o
        WHERE o.incident_id = i.id AND o.position > 0),
       i.type_of_violence, i.civilian_targeting, i.tags
FROM incidents i LEFT JOIN incident_sources s ON s.incident_id = i.id AND s.position = 0
WHERE +i.merged_into IS NULL AND +i.status != 'rejected'"""
# (Column 21: the reports of a merged incident besides its first; none of them may pair it
# with another incident of theirs. Then what the crosswalk reads besides the types.)
# What clustering reads (Matcher.conflict: dates, place, dataset, publication): the same
# columns with the text, lists, counts and other reports left out, for the ids of a JSON
# list in one query. The duplicate review reads it for every incident of the open pairs
# (2.9k-14k of them behind 20k pairs: 0.3 s with the text and 500 ids a query).
_CONFLICT_SQL = """
SELECT i.id, COALESCE(s.report_id, i.id), i.country, i.admin1, i.location, i.date, i.date_end, i.date_precision,
       i.event_type, i.sub_event_type, '[]', '[]', NULL, NULL, NULL, NULL, '', i.latitude, i.longitude,
       i.geo_precision, s.published, NULL, i.type_of_violence, i.civilian_targeting, i.tags
FROM incidents i LEFT JOIN incident_sources s ON s.incident_id = i.id AND s.position = 0
WHERE i.id IN (SELECT value FROM json_each(?)) AND +i.merged_into IS NULL AND +i.status != 'rejected'"""
# (The unary + keeps SQLite from walking the merged_into index, which every active
# incident shares, when an id or country/date index narrows the rows far better.)
# A whole store's inputs: the other reports (column 21) are read in one pass of their own
# instead of a correlated subquery per incident (a quarter of the query's time at 100k;
# only merged incidents have any).
_ALL_INPUT_SQL = _INPUT_SQL.replace(
    """(SELECT group_concat(o.report_id, char(31)) FROM incident_sources o
        WHERE o.incident_id = i.id AND o.position > 0)""",
    "NULL",
)
_EXTRA_REPORTS_SQL = "SELECT incident_id, report_id FROM incident_sources WHERE position > 0"
# The pairs' own indexes (the primary key's is SQLite's, without SQL: kept).
_PAIR_INDEXES_SQL = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'duplicate_pairs' AND sql IS NOT NULL"
)
# One encoder for every pair's components (json.dumps builds one per call).
_COMPONENTS = json.JSONEncoder(sort_keys=True)


@lru_cache(maxsize=4096)
def _strings(value: str) -> tuple[str, ...]:
    """A stored JSON list of strings (weapons, damage) as a tuple. Few distinct lists recur
    over a whole store ('[]', '["artillery"]'), so parsing each once took a 100k rebuild's
    350k json.loads from ~4 s to nothing."""
    return tuple(json.loads(value))


def _input(r: Sequence[Any]) -> MatchInput:
    # Positional, in MatchInput's field order, with cached date parsing: a full rebuild
    # builds one per active incident (100k: 1.7 s with keywords and a parse per date).
    # tuple.__new__ straight away: the named tuple's own __new__ is one more Python call
    # per input for the same tuple.
    return _new(
        MatchInput,
        (
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            _date(r[5]) if r[5] else None,
            _date(r[6]) if r[6] else None,
            r[7],
            r[8],
            r[9],
            _strings(r[10]),
            _strings(r[11]),
            (r[12], r[13]),
            (r[14], r[15]),
            r[16],
            frozenset(r[21].split("\x1f")) if r[21] else _NO_REPORTS,
            r[17],
            r[18],
            r[19],
            _day(r[20]) if r[20] else None,
            r[22],
            r[23],
            r[24],
        ),
    )


_new = tuple.__new__
_NO_REPORTS: frozenset[str] = frozenset()
_date = lru_cache(maxsize=1 << 16)(dt.date.fromisoformat)


def _all_inputs(conn: Any, hidden: str) -> list[MatchInput]:
    """Every active incident's matching input (``hidden``: the batch being made live)."""
    extra: dict[str, set[str]] = defaultdict(set)
    for incident_id, report_id in conn.execute(_EXTRA_REPORTS_SQL):
        extra[incident_id].add(report_id)
    out = [_input(r) for r in conn.execute(_ALL_INPUT_SQL + hidden)]
    if extra:  # (rare: merged incidents) the inputs rebuilt with their other reports
        out = [x._replace(extra_reports=frozenset(extra[x.id])) if x.id in extra else x for x in out]
    return out


@lru_cache(maxsize=1 << 16)
def _day(value: str) -> dt.date | None:
    """An ISO date (a published timestamp's date part)."""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# The page cache of a full rebuild's write, in KiB (SQLite's default: 2 MiB). Flagging
# rewrites half the store's rows and their entries in the four covering list indexes that
# hold dup_score (12 MiB each at 100k, about ten times that at 1M), in id order, which is
# random order for the location index: with 2 MiB the pages were read again and again and
# dirty ones spilled to the -wal mid-transaction (1M, in process: flagging 35.4 s wall for
# 19.7 s CPU; with 256 MiB 14.5 s for 14.3 s, 1 GiB no better). SQLite takes pages as they
# are touched and frees them when the cache is set back: this much more memory at most,
# and only meanwhile.
REBUILD_CACHE_KIB = 262_144
# Up to this many changed flags are written by id; more through one UPDATE ... FROM.
_FLAGS_BY_ID = 20_000


class Duplicates:
    """Every public method raises StoreError where SQLite raised (see storage.errors)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @translating
    def inputs(self, ids: Sequence[str] | None = None) -> list[MatchInput]:
        """Matching inputs of active incidents (all, or ``ids``)."""
        with self.database.read() as conn:
            sql = _INPUT_SQL + flipping.hidden(conn, "+i.seq")  # (a batch being made live: not yet)
            if ids is None:
                return _all_inputs(conn, flipping.hidden(conn, "+i.seq"))
            out: list[MatchInput] = []
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                out.extend(_input(r) for r in conn.execute(f"{sql} AND i.id IN ({marks})", chunk))
            return out

    @translating
    def conflict_inputs(self, ids: Sequence[str]) -> list[MatchInput]:
        """What ``Matcher.clusters`` needs of the active incidents among ``ids``: their
        matching inputs without the text, weapons, damage, counts and other reports (empty),
        which only scoring reads."""
        with self.database.read() as conn:
            return [_input(r) for r in conn.execute(_CONFLICT_SQL, (json.dumps(list(ids)),))]

    @translating
    def neighbours(
        self,
        new: Sequence[MatchInput],
        window_days: int,
        max_interval_days: int,
        lookback_days: int = 0,
        latest: int = 0,
    ) -> list[MatchInput]:
        """Active incidents that could match any of ``new``: same country, same or unknown
        admin1, dates near (``max_interval_days``: the longest a date's interval may be and
        still be matched on, so the furthest its start may lie from where it reaches).

        Each country is read once over the merged date windows of its new incidents,
        SQLite keeping only their admin1s and the unknown one, and each row is then
        kept if it falls in a window of its own admin1. A query per new incident re-read
        the same rows (100 reports against 300 stored: 4.3 s); a query per admin1 re-read
        every admin1-less row once per admin1 (0.56 s, now 0.16 s, under the profiler);
        reading whole countries and sorting admin1 out in Python fetched thousands of
        rows from a large store for a single report (1M store: 41 ms; 13-16 ms now).

        Undated incidents are not left out (with ``lookback_days``): a new undated one
        reads the days before its report's publication (or, unpublished, the ``latest``
        rows of its admin1), and the stored undated rows of the new incidents' countries
        and admin1s are read too, kept when published within reach of a new one's window
        (or unpublished)."""
        spans: dict[str, dict[str | None, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
        # The days a stored day-dated row must fall on to meet a new incident: its own
        # days, +- the window (only a stored interval, a month say, reaches from further).
        near: dict[str, dict[str | None, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
        # The admin1s (None: the whole country) with an incident the matcher holds
        # undated: it meets the nearest rows of its admin1 (none: of its country) by date,
        # whichever were read, so those read the whole spans.
        loose: dict[str, set[str | None]] = defaultdict(set)
        unpublished: set[tuple[str, str | None]] = set()
        for m in new:
            if m.country is None:
                continue
            days = m.interval(max_interval_days)
            if days is None:
                loose[m.country].add(m.admin1)
            else:
                near[m.country][m.admin1].append(
                    (
                        dt.date.fromordinal(days[0] - window_days).isoformat(),
                        dt.date.fromordinal(days[1] + window_days).isoformat(),
                    )
                )
            if m.date is not None and m.date_precision not in VAGUE_PRECISIONS:
                lo = (m.date - dt.timedelta(days=window_days + max_interval_days)).isoformat()
                hi = ((m.date_end or m.date) + dt.timedelta(days=window_days + max_interval_days)).isoformat()
            elif m.published is not None and lookback_days:
                lo = (m.published - dt.timedelta(days=lookback_days + window_days + max_interval_days)).isoformat()
                hi = (m.published + dt.timedelta(days=window_days + 1)).isoformat()
            else:
                if lookback_days:
                    unpublished.add((m.country, m.admin1))
                continue
            spans[m.country][m.admin1].append((lo, hi))
        found: dict[str, MatchInput] = {}
        new_ids = {m.id for m in new}

        def keep(rows: Iterable[Sequence[Any]], windows: dict[str, _Windows] | None = None) -> None:
            """Rows not yet found; with ``windows``, a row of a named admin1 only within
            that admin1's windows (an admin1-less row is within one of them: kept)."""
            for r in rows:
                if r[0] in found or r[0] in new_ids:
                    continue
                if windows is None or r[3] is None or r[5] in windows[r[3]]:
                    found[r[0]] = _input(r)

        with self.database.read() as conn:
            for country, groups in spans.items():
                if lookback_days:
                    read = len(found)
                    self._undated_rows(conn, country, groups, lookback_days, keep)
                    loose[country].update(x.admin1 for x in list(found.values())[read:])
                if None in loose[country]:
                    self._dated_rows(conn, country, groups, keep)
                    continue
                # Where every incident is dated for the matcher (new and stored), each
                # meets only the rows whose days come within the window of its own, and
                # reading the day-dated rows of the whole spans (+- 34 days) read ten
                # times as many rows (1M store: 7.7k rows for one report, 0.2 s) to pair
                # none. Rows dated less precisely are read over the whole spans; should
                # one be undated to the matcher (a year), all of the spans is read.
                read = len(found)
                windows = {a: groups[a] if a in loose[country] else near[country][a] for a in groups}
                self._dated_rows(conn, country, windows, keep)
                self._dated_rows(conn, country, groups, keep, "AND i.date_precision IS NOT 'day'")
                if any(x.interval(max_interval_days) is None for x in list(found.values())[read:]):
                    self._dated_rows(conn, country, groups, keep)
            for country, admin1 in sorted(unpublished, key=str):
                # Neither date nor publication: the admin1's latest dated rows and its
                # latest stored undated ones (bounded, as the matcher bounds them).
                keep(self._latest_dated(conn, country, admin1, latest))
                where = "" if admin1 is None else " AND (+i.admin1 = ? OR i.admin1 IS NULL)"
                params = (country,) if admin1 is None else (country, admin1)
                keep(
                    conn.execute(
                        f"{_INPUT_SQL} AND i.country = ? AND i.date IS NULL{where} ORDER BY i.seq DESC "
                        f"LIMIT {int(latest)}",
                        params,
                    )
                )
        return list(found.values())

    @staticmethod
    def _dated_rows(
        conn: Any, country: str, groups: dict[str | None, list[tuple[str, str]]], keep: Any, also: str = ""
    ) -> None:
        """The rows of ``country`` dated within the windows of ``groups`` (by the new
        incidents' admin1: of their admin1 or of none; any admin1 for an admin1-less new
        one), ``also`` a further condition on them."""
        # A new incident without admin1 could match any admin1 in its windows.
        for lo, hi in _merged(groups.get(None, [])):
            keep(conn.execute(f"{_INPUT_SQL} AND i.country = ? AND i.date BETWEEN ? AND ? {also}", (country, lo, hi)))
        named = {admin1: _Windows(w) for admin1, w in groups.items() if admin1 is not None}
        if not named:
            return
        marks = ",".join("?" * len(named))
        for lo, hi in _merged([w for a, ws in groups.items() if a is not None for w in ws]):
            # (The unary + keeps SQLite on the (country, date) index.)
            keep(
                conn.execute(
                    f"{_INPUT_SQL} AND i.country = ? AND i.date BETWEEN ? AND ? "
                    f"AND (+i.admin1 IN ({marks}) OR i.admin1 IS NULL) {also}",
                    (country, lo, hi, *named),
                ),
                named,
            )

    @staticmethod
    def _latest_dated(conn: Any, country: str, admin1: str | None, latest: int) -> list[Sequence[Any]]:
        """The ``latest`` rows of ``country`` by date, newest first, of ``admin1`` or of
        none (any admin1 when None), each half read backwards along an index of its own
        and the two merged. One query ordered by ``date IS NULL, date DESC`` sorted the
        whole country for every undated, unpublished new incident (66k rows at 100k:
        0.1-0.8 s each). Undated rows are left out: the query after this one reads the
        latest of them, which is all an undated tail here could have added."""
        limit = f"ORDER BY i.date DESC LIMIT {int(latest)}"
        if admin1 is None:
            rows: list[Sequence[Any]] = conn.execute(
                f"{_INPUT_SQL} AND i.country = ? AND i.date IS NOT NULL {limit}", (country,)
            ).fetchall()
            return rows
        # Both halves by the live (admin1, date) index: the admin1's rows, and the
        # admin1-less ones (few: a walk of the country's (country, date) index for them
        # read every row of a country that has none, 0.1 s at 100k).
        sql = (
            f"{_INPUT_SQL} AND i.merged_into IS NULL AND i.admin1 IS ? AND +i.country = ? "
            f"AND i.date IS NOT NULL {limit}"
        )
        named = conn.execute(sql, (admin1, country)).fetchall()
        unnamed = conn.execute(sql, (None, country)).fetchall()
        return heapq.nlargest(int(latest), [*named, *unnamed], key=lambda r: r[5])

    @staticmethod
    def _undated_rows(
        conn: Any, country: str, groups: dict[str | None, list[tuple[str, str]]], lookback_days: int, keep: Any
    ) -> None:
        """Stored undated rows of ``country`` (and the groups' admin1s) that the new
        incidents' windows reach: published within a window or up to ``lookback_days``
        after it (an undated event happened on or before its report), or unpublished."""
        reach = {
            admin1: _Windows(
                [(lo, (dt.date.fromisoformat(hi) + dt.timedelta(days=lookback_days)).isoformat()) for lo, hi in spans]
            )
            for admin1, spans in groups.items()
        }
        any_admin1 = _Windows([w for ws in reach.values() for w in zip(ws.starts, ws.ends, strict=True)])
        if not any_admin1.starts:
            return
        # (SQLite reads the country's undated rows by the (country, date) index and drops
        # those published outside every window's reach; Python sorts out the admin1s.)
        rows = conn.execute(
            f"{_INPUT_SQL} AND i.country = ? AND i.date IS NULL "
            "AND (s.published IS NULL OR substr(s.published, 1, 10) BETWEEN ? AND ?)",
            (country, any_admin1.starts[0], max(any_admin1.ends)),
        )

        def near(r: Sequence[Any]) -> bool:
            published = r[20][:10] if r[20] else None
            if r[3] is None or None in reach:  # an unknown admin1 on either side meets any
                windows: _Windows | None = any_admin1
            else:
                windows = reach.get(r[3])
            return windows is not None and (published is None or published in windows)

        keep(r for r in rows if near(r))

    @translating
    def replace_all(self, pairs: Iterable[Pair]) -> int:
        """A full rebuild: the new candidate pairs replace the old (decisions are kept)."""
        now = _now()
        # Built before the write lock is taken (encoding 45k components: 0.3 s another
        # writer need not wait for), in primary key order (the insert appends to its B-tree).
        pairs = sorted(pairs, key=lambda p: (p.a, p.b))
        rows = [(p.a, p.b, p.score, _COMPONENTS.encode(p.components), now) for p in pairs]
        # Temporary tables and the index builds' sorts in memory, not in a temporary file
        # read and written through system calls: at 1M, when the flags' temporary table held
        # every incident with a pair (500k), flagging took 23.5 -> 17.1 s and the whole write
        # 31.6 -> 24.4 s. (Set outside any transaction, which SQLite requires, and put back after.)
        temp_store = None if self.database.conn.in_transaction else _temp_store(self.database, "MEMORY")
        cache = _pragma(self.database, "cache_size", -REBUILD_CACHE_KIB)
        # Old pairs are derived data: their freed pages need not be zeroed. With the
        # platform's secure_delete = ON, deleting 455k pairs (1M store) wrote every page of
        # them again: 1.0 s; FAST zeroes only what costs no extra write: 0.04 s.
        secure = _pragma(self.database, "secure_delete", 2)
        try:
            with self.database.write() as conn:
                # Every row is replaced: the secondary indexes (by b, by score) are dropped
                # and built again once the rows are in, by one sort each, instead of taking
                # each row's entries in random order. (Their own CREATE statements, as the
                # schema has them; a reader sees the old table and indexes until the commit.)
                indexes = conn.execute(_PAIR_INDEXES_SQL).fetchall()
                for name, _ in indexes:
                    conn.execute(f'DROP INDEX "{name}"')
                conn.execute("DELETE FROM duplicate_pairs")
                conn.executemany("INSERT INTO duplicate_pairs VALUES (?,?,?,?,?)", rows)
                for _, sql in indexes:
                    conn.execute(sql)
                self._flag_all(conn, pairs)
                return len(rows)
        finally:
            _pragma(self.database, "cache_size", int(cache))
            _pragma(self.database, "secure_delete", int(secure))
            if temp_store is not None:
                _temp_store(self.database, temp_store)

    @translating
    def add(self, pairs: Sequence[Pair], matched: Sequence[str] = ()) -> int:
        """Store candidate pairs; ``matched``: the ``matching:`` counters of the batches
        these pairs complete, removed in the same transaction (a kill before it leaves
        both, and the batch is matched again: INSERT OR REPLACE makes that harmless)."""
        now = _now()
        with self.database.write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO duplicate_pairs VALUES (?,?,?,?,?)",
                [(p.a, p.b, p.score, _COMPONENTS.encode(p.components), now) for p in pairs],
            )
            conn.executemany("DELETE FROM counters WHERE name = ?", [(n,) for n in matched])
            self._flag(conn, {x for p in pairs for x in (p.a, p.b)})
            return len(pairs)

    def _flag(self, conn: Any, ids: set[str]) -> None:
        """incidents.dup_score of ``ids``: the best open pair of each (the list's dup flag)."""
        best = """(SELECT max(p.score) FROM duplicate_pairs p
                    JOIN incidents x ON x.id = p.a AND x.merged_into IS NULL
                    JOIN incidents y ON y.id = p.b AND y.merged_into IS NULL
                    WHERE (p.a = incidents.id OR p.b = incidents.id)
                    AND NOT EXISTS (SELECT 1 FROM pair_decisions d WHERE d.a = p.a AND d.b = p.b))"""
        conn.executemany(f"UPDATE incidents SET dup_score = {best} WHERE id = ?", [(i,) for i in ids])

    @staticmethod
    def _flag_all(conn: Any, stored: Sequence[Pair]) -> None:
        """Every incident's dup_score after a full rebuild, ``stored`` being every pair the
        table now holds: the best of each is found in Python (``_best_open``), compared with
        the flags stored, and only those that change are written. (A correlated subquery per
        incident took ~10 s on a 100k store; a grouped query joining the pairs with
        incidents twice, 0.5 s. At 1M, a temporary table of every flag and two UPDATEs
        comparing it with the store took 2.4 s even when no flag changed; reading the flags
        0.7 s.)"""
        best = _best_open(conn, stored)
        now = dict(conn.execute("SELECT id, dup_score FROM incidents WHERE dup_score IS NOT NULL"))
        changed: list[tuple[float | None, str]] = [(None, i) for i in now if i not in best]
        changed += [(score, i) for i, score in best.items() if now.get(i) != score]
        if len(changed) <= _FLAGS_BY_ID:
            conn.executemany("UPDATE incidents SET dup_score = ? WHERE id = ?", changed)
            return
        # Many flags change (a first rebuild): one UPDATE ... FROM a temporary table of the
        # changes (52k changed flags in ~1 s, each in five of the list's indexes; an
        # executemany by id took 1.3 s).
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS flag_change (id TEXT PRIMARY KEY, score REAL)")
        conn.execute("DELETE FROM flag_change")
        conn.executemany("INSERT INTO flag_change (score, id) VALUES (?, ?)", changed)
        conn.execute(
            "UPDATE incidents SET dup_score = flag_change.score FROM flag_change WHERE incidents.id = flag_change.id"
        )
        conn.execute("DELETE FROM flag_change")

    @translating
    def open_pairs(self, min_score: float = 0.0, limit: int | None = None, components: bool = True) -> list[Pair]:
        """Pairs still to review: both incidents active and no decision on the pair.

        ``components=False``: each pair's components left empty (``components_of`` reads
        them for the few shown): decoding 20k of them was a third of the duplicate
        review's opening."""
        sql = f"""SELECT p.a, p.b, p.score, {"p.components" if components else "NULL"} FROM duplicate_pairs p
                 JOIN incidents x ON x.id = p.a AND x.merged_into IS NULL
                 JOIN incidents y ON y.id = p.b AND y.merged_into IS NULL
                 WHERE p.score >= ? AND NOT EXISTS
                   (SELECT 1 FROM pair_decisions d WHERE d.a = p.a AND d.b = p.b)
                 ORDER BY p.score DESC, p.a, p.b"""
        params: list[Any] = [min_score]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self.database.lock:
            rows = self.database.conn.execute(sql, params).fetchall()
        if not components:
            return [Pair(r[0], r[1], r[2], {}) for r in rows]
        return [Pair(r[0], r[1], r[2], json.loads(r[3])) for r in rows]

    @translating
    def components_of(self, pairs: Sequence[Pair]) -> list[Pair]:
        """``pairs`` with their stored score components (a pair no longer stored: as given)."""
        keys = json.dumps([[p.a, p.b] for p in pairs])
        sql = """SELECT p.a, p.b, p.components FROM duplicate_pairs p
                 JOIN json_each(?) k ON p.a = json_extract(k.value, '$[0]') AND p.b = json_extract(k.value, '$[1]')"""
        with self.database.lock:
            stored = {(r[0], r[1]): json.loads(r[2]) for r in self.database.conn.execute(sql, (keys,))}
        return [Pair(p.a, p.b, p.score, stored.get((p.a, p.b), p.components)) for p in pairs]

    @translating
    def decided(self) -> set[tuple[str, str]]:
        with self.database.lock:
            return {(r[0], r[1]) for r in self.database.conn.execute("SELECT a, b FROM pair_decisions")}

    @translating
    def decide(self, a: str, b: str, decision: str, analyst: str) -> None:
        a, b = sorted((a, b))
        with self.database.write() as conn:
            conn.execute("INSERT OR REPLACE INTO pair_decisions VALUES (?,?,?,?,?)", (a, b, decision, analyst, _now()))
            self._flag(conn, {a, b})

    @translating
    def refresh_flags(self, ids: set[str]) -> None:
        with self.database.write() as conn:
            self._flag(conn, ids)


def _pragma(database: Database, name: str, value: int) -> str:
    """Sets ``PRAGMA name`` (one SQLite lets change inside a transaction); the value it had."""
    with database.lock:
        was = str(database.conn.execute(f"PRAGMA {name}").fetchone()[0])
        database.conn.execute(f"PRAGMA {name} = {int(value)}")
    return was


def _temp_store(database: Database, value: str) -> str:
    """Sets ``PRAGMA temp_store``; the value it had (0-2, as SQLite gives it)."""
    with database.lock:
        was = str(database.conn.execute("PRAGMA temp_store").fetchone()[0])
        database.conn.execute(f"PRAGMA temp_store = {value}")
    return was


def _best_open(conn: Any, pairs: Sequence[Pair]) -> dict[str, float]:
    """The best score of each incident's open pairs among ``pairs`` (both incidents
    unmerged, no decision on the pair), merges and decisions read in the caller's write
    transaction: what ``open_pairs`` would list once the pairs are stored."""
    merged = {r[0] for r in conn.execute("SELECT id FROM incidents WHERE merged_into IS NOT NULL")}
    decided = {(r[0], r[1]) for r in conn.execute("SELECT a, b FROM pair_decisions")}
    best: dict[str, float] = {}
    for p in pairs:
        if p.a in merged or p.b in merged or (p.a, p.b) in decided:
            continue
        for x in (p.a, p.b):
            if x not in best or p.score > best[x]:
                best[x] = p.score
    return best


class _Windows:
    """Merged ISO date windows; ``day in windows`` by bisection."""

    def __init__(self, spans: list[tuple[str, str]]) -> None:
        merged = _merged(spans)
        self.starts = [lo for lo, _ in merged]
        self.ends = [hi for _, hi in merged]

    def __contains__(self, day: str) -> bool:
        k = bisect_right(self.starts, day) - 1
        return k >= 0 and day <= self.ends[k]


def _merged(spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Overlapping (lo, hi) ISO date ranges joined: the same days, fewer ranges."""
    out: list[tuple[str, str]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
