"""Versioned schema migrations, tracked in ``PRAGMA user_version``.

Each migration is a list of statements run in one transaction together with the version
bump, so a store is always at exactly one version. Append new migrations; never edit one
that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from incident_review.core.model import FIELDS
from incident_review.storage.db import Database

_STATUS = "'unreviewed','confirmed','rejected','needs_follow_up'"


def added_columns(version: int) -> list[str]:
    """The statements adding the columns of the fields that migration ``version`` adds."""
    return [
        f"ALTER TABLE incidents ADD COLUMN {f.column} {f.sql_type}"
        for f in FIELDS
        if f.since == version and f.column is not None
    ]


MIGRATIONS: Final[list[list[str]]] = [
    # 1: the foundation
    [
        """CREATE TABLE reports (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            outlet TEXT, url TEXT, published TEXT, title TEXT,
            text TEXT NOT NULL,
            ingested_at TEXT NOT NULL, ingested_by TEXT NOT NULL)""",
        f"""CREATE TABLE incidents (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL DEFAULT 'unreviewed' CHECK (status IN ({_STATUS})),
            grade TEXT,
            date TEXT, date_end TEXT, date_precision TEXT NOT NULL DEFAULT 'unknown',
            country TEXT, admin1 TEXT, admin2 TEXT, location TEXT,
            latitude REAL, longitude REAL, geo_precision TEXT NOT NULL DEFAULT 'unknown',
            event_type TEXT, sub_event_type TEXT, summary TEXT,
            weapons TEXT NOT NULL DEFAULT '[]', damage TEXT NOT NULL DEFAULT '[]',
            merged_from TEXT NOT NULL DEFAULT '[]', merged_into TEXT,
            killed INTEGER, wounded INTEGER,
            n_sources INTEGER NOT NULL DEFAULT 0, contested INTEGER NOT NULL DEFAULT 0,
            dup_score REAL,
            reviewed_by TEXT, reviewed_at TEXT,
            version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL, created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL, updated_by TEXT NOT NULL)""",
        """CREATE TABLE incident_sources (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            report_id TEXT NOT NULL, outlet TEXT, url TEXT, published TEXT, quote TEXT,
            span_start INTEGER, span_end INTEGER,
            PRIMARY KEY (incident_id, position))""",
        """CREATE TABLE claims (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('perpetrator','target')),
            stance TEXT NOT NULL CHECK (stance IN ('reported','blamed','claimed','denied','confirmed')),
            by_whom TEXT, report_id TEXT, span_start INTEGER, span_end INTEGER,
            PRIMARY KEY (incident_id, position))""",
        """CREATE TABLE casualty_figures (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('killed','wounded','missing')),
            grp TEXT NOT NULL CHECK (grp IN ('all','civilians','children','military')),
            low INTEGER CHECK (low >= 0), best INTEGER CHECK (best >= 0), high INTEGER CHECK (high >= 0),
            report_id TEXT, span_start INTEGER, span_end INTEGER,
            PRIMARY KEY (incident_id, position))""",
        """CREATE TABLE notes (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            by_whom TEXT NOT NULL, at TEXT NOT NULL, text TEXT NOT NULL,
            PRIMARY KEY (incident_id, position))""",
        """CREATE TABLE value_spans (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            report_id TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
            PRIMARY KEY (incident_id, field))""",
        """CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL, analyst TEXT NOT NULL,
            incident_id TEXT, action TEXT NOT NULL, batch TEXT NOT NULL,
            before TEXT, after TEXT)""",
        "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "INSERT INTO counters (name, value) VALUES ('incident', 0)",
        # Keyset paging: every sortable column is indexed together with seq.
        "CREATE INDEX incidents_status ON incidents (status, seq)",
        "CREATE INDEX incidents_date ON incidents (date, seq)",
        "CREATE INDEX incidents_admin1 ON incidents (admin1, seq)",
        "CREATE INDEX incidents_country ON incidents (country, seq)",
        "CREATE INDEX incidents_location ON incidents (location, seq)",
        "CREATE INDEX incidents_event_type ON incidents (sub_event_type, seq)",
        "CREATE INDEX incidents_killed ON incidents (killed, seq)",
        "CREATE INDEX incidents_merged_into ON incidents (merged_into)",
        "CREATE INDEX incident_sources_report ON incident_sources (report_id)",
        "CREATE INDEX audit_incident ON audit (incident_id, seq)",
        "CREATE INDEX audit_batch ON audit (batch)",
        # Full-text search over report text and incident summaries (external content).
        "CREATE VIRTUAL TABLE reports_fts USING fts5(title, text, content='reports', content_rowid='rowid')",
        """CREATE TRIGGER reports_ai AFTER INSERT ON reports BEGIN
            INSERT INTO reports_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END""",
        """CREATE TRIGGER reports_ad AFTER DELETE ON reports BEGIN
            INSERT INTO reports_fts (reports_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text); END""",
        "CREATE VIRTUAL TABLE incidents_fts USING fts5(summary, location, content='incidents', content_rowid='seq')",
        """CREATE TRIGGER incidents_ai AFTER INSERT ON incidents BEGIN
            INSERT INTO incidents_fts (rowid, summary, location) VALUES (new.seq, new.summary, new.location); END""",
        """CREATE TRIGGER incidents_ad AFTER DELETE ON incidents BEGIN
            INSERT INTO incidents_fts (incidents_fts, rowid, summary, location)
            VALUES ('delete', old.seq, old.summary, old.location); END""",
        """CREATE TRIGGER incidents_au AFTER UPDATE OF summary, location ON incidents BEGIN
            INSERT INTO incidents_fts (incidents_fts, rowid, summary, location)
            VALUES ('delete', old.seq, old.summary, old.location);
            INSERT INTO incidents_fts (rowid, summary, location) VALUES (new.seq, new.summary, new.location); END""",
    ],
]

MIGRATIONS.append(
    [
        # 2: duplicate detection
        "ALTER TABLE incidents ADD COLUMN killed_low INTEGER",
        "ALTER TABLE incidents ADD COLUMN killed_high INTEGER",
        "ALTER TABLE incidents ADD COLUMN wounded_low INTEGER",
        "ALTER TABLE incidents ADD COLUMN wounded_high INTEGER",
        "UPDATE incidents SET killed_low = killed, killed_high = killed, wounded_low = wounded, wounded_high = wounded",
        "CREATE INDEX incidents_match ON incidents (country, date)",
        """CREATE TABLE duplicate_pairs (
        a TEXT NOT NULL, b TEXT NOT NULL, score REAL NOT NULL, components TEXT NOT NULL,
        found_at TEXT NOT NULL, PRIMARY KEY (a, b))""",
        "CREATE INDEX duplicate_pairs_b ON duplicate_pairs (b)",
        "CREATE INDEX duplicate_pairs_score ON duplicate_pairs (score)",
        # Analysts' decisions outlive rebuilds: a pair marked not_duplicate is never proposed again.
        """CREATE TABLE pair_decisions (
        a TEXT NOT NULL, b TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('not_duplicate', 'duplicate')),
        decided_by TEXT NOT NULL, decided_at TEXT NOT NULL, PRIMARY KEY (a, b))""",
    ]
)

MIGRATIONS.append(
    [
        # 3: presence: who has which incident open. A lease, renewed while the session lives.
        """CREATE TABLE presence (
        session TEXT PRIMARY KEY, analyst TEXT NOT NULL, incident_id TEXT, expires_at REAL NOT NULL)""",
        "CREATE INDEX presence_incident ON presence (incident_id)",
    ]
)

MIGRATIONS.append(
    [
        # 4: full-text indexing of new rows moves from per-row triggers to one statement per
        # write (storage/incident_rows.py insert_many, Store.ingest): the per-row FTS5 trigger
        # cost ~80 us an incident, most of the time an ingest spent storing.
        "DROP TRIGGER incidents_ai",
        "DROP TRIGGER reports_ai",
    ]
)
MIGRATIONS.append(
    [
        # 5: the list shows live incidents (not merged away). Without statistics SQLite took
        # the merged_into index for "merged_into IS NULL" (which matches nearly every row)
        # and sorted the whole table for a page; it now serves only "merged_into = ?".
        # Partial indexes on the live rows, per sortable column, make a page and the count
        # of the rows before an incident (where a jump lands) index range scans.
        "DROP INDEX incidents_merged_into",
        "CREATE INDEX incidents_merged_into ON incidents (merged_into) WHERE merged_into IS NOT NULL",
        *(
            f"CREATE INDEX incidents_live_{name} ON incidents ({column}, seq) WHERE merged_into IS NULL"
            for name, column in (
                ("id", "id"),
                ("date", "date"),
                ("location", "location"),
                ("admin1", "admin1"),
                ("event_type", "sub_event_type"),
                ("killed", "killed"),
                ("status", "status"),
            )
        ),
        "CREATE INDEX incidents_live ON incidents (seq) WHERE merged_into IS NULL",
    ]
)
MIGRATIONS.append(
    [
        # 6: each incident's casualty figure is drawn under the analyst's chosen aggregation.
        "ALTER TABLE incidents ADD COLUMN casualty_aggregation TEXT NOT NULL DEFAULT 'best' "
        "CHECK (casualty_aggregation IN ('conservative', 'best', 'maximum'))",
    ]
)
# Every column a list filter tests (storage/listing.py where_clause).
_FILTER_COLUMNS: Final = (
    "merged_into",
    "status",
    "grade",
    "country",
    "admin1",
    "event_type",
    "sub_event_type",
    "date",
    "dup_score",
    "contested",
)
# Every column a list filter tests since the filter language (migration 13).
FILTER_COLUMNS: Final = (*_FILTER_COLUMNS, "location", "killed", "wounded", "n_sources")


def _walked_sort_indexes(filter_columns: tuple[str, ...]) -> list[str]:
    """The sort indexes a page walks under a filter no index serves in order, rebuilt to
    hold ``filter_columns`` after (column, seq): the walk and the count of the rows before
    an incident then test the filter on index entries, never reading a row. (A function,
    not a copy per migration: migrations 7 and 13 rebuild the same four indexes.)"""
    return [
        stmt
        for name, column in (
            ("location", "location"),
            ("admin1", "admin1"),
            ("event_type", "sub_event_type"),
            ("status", "status"),
        )
        for stmt in (
            f"DROP INDEX incidents_live_{name}",
            f"CREATE INDEX incidents_live_{name} ON incidents ({column}, seq, "
            + ", ".join(c for c in filter_columns if c != column)
            + ") WHERE merged_into IS NULL",
        )
    ]


MIGRATIONS.append(
    [
        # 7: a filter sorted by date or killed is one range of an index, and so is its count.
        # Without them "country:UA" sorted by killed sorted every Ukrainian row for a page
        # (1M: 4.7 s; 0.9 ms now) and the filter's count read each row to test merged_into
        # (1.3-2.8 s; a covering range now). Analysts filter on status, grade, country,
        # admin1 and event type (either level) and sort by date or casualties: each filter
        # column leads a partial index on live rows, then the sort column, then seq (the
        # keyset tie-break). (filter column, seq) serves the seq order; status, admin1 and
        # sub_event_type have theirs from migration 5. Other sorts under a filter walk the
        # sort column's index (storage/listing.py); tests/test_query_plans.py reads the plans.
        *(
            f"CREATE INDEX incidents_live_{column}_{sort} ON incidents ({column}, {sort}, seq) "
            "WHERE merged_into IS NULL"
            for column in ("status", "grade", "country", "admin1", "event_type", "sub_event_type")
            for sort in ("date", "killed")
        ),
        *(
            f"CREATE INDEX incidents_live_{column}_seq ON incidents ({column}, seq) WHERE merged_into IS NULL"
            for column in ("grade", "country", "event_type")
        ),
        # The "dup" and "contested" flags hold for few rows: small indexes of just those, in
        # seq order, with the columns of their WHERE so that SQLite counts from them alone.
        "CREATE INDEX incidents_live_dup ON incidents (seq, dup_score, merged_into) "
        "WHERE merged_into IS NULL AND dup_score IS NOT NULL",
        "CREATE INDEX incidents_live_contested ON incidents (seq, contested, merged_into) "
        "WHERE merged_into IS NULL AND contested = 1",
        # The sorts without a (filter, sort, seq) index (place, admin1, subtype, status) walk
        # their own index under a filter that keeps many rows, for a page and for the count of
        # the rows before an incident (a sort change keeps the cursor's incident: 1M,
        # status:unreviewed by location, 2.3 s reading rows). Each such index now holds every
        # filter column after (column, seq), so that the walk and the count never read a row.
        *_walked_sort_indexes(_FILTER_COLUMNS),
        # The full (column, seq) indexes of migration 1 serve no query since migration 5 (every
        # list query is on live rows; include_merged is never set) and cost every insert.
        *(
            f"DROP INDEX incidents_{name}"
            for name in ("status", "date", "admin1", "country", "location", "event_type", "killed")
        ),
        # The live rows in seq order, now with merged_into (NULL in every entry): SQLite then
        # knows the index covers "merged_into IS NULL" and counts the list (and the rows before
        # a jump's target in seq order) from it; with 1M-like statistics it read the table.
        "DROP INDEX incidents_live",
        "CREATE INDEX incidents_live ON incidents (seq, merged_into) WHERE merged_into IS NULL",
    ]
)
MIGRATIONS.append(
    [
        # 8: the claim role "party" (one side of a battle; core/model.py ROLES). SQLite cannot
        # change a CHECK in place: the table is rebuilt with its rows (nothing refers to it).
        """CREATE TABLE claims_new (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('perpetrator','target','party')),
            stance TEXT NOT NULL CHECK (stance IN ('reported','blamed','claimed','denied','confirmed')),
            by_whom TEXT, report_id TEXT, span_start INTEGER, span_end INTEGER,
            PRIMARY KEY (incident_id, position))""",
        "INSERT INTO claims_new SELECT incident_id, position, actor, role, stance, by_whom, report_id, "
        "span_start, span_end FROM claims",
        "DROP TABLE claims",
        "ALTER TABLE claims_new RENAME TO claims",
    ]
)
# From 8 on, a migration that adds incident fields writes their columns from the field
# table (core/fields.py ``since``, ``sql``).
MIGRATIONS.append(added_columns(9))  # 9: time_of_day
MIGRATIONS.append(
    [
        # 10: the store as Datasette and sqlite-utils see it (people open it with
        # ``datasette incidents.db`` or ``sqlite3``). Both find a table's full-text index by
        # the text of its CREATE: a virtual table whose ``content=`` names the table, quoted
        # "x" or [x] (sqlite-utils' enable_fts writes [x]); migration 1's 'x' matched neither,
        # so Datasette offered no search box and ignored ``?_search=``. The same two indexes
        # (same columns, same rowids: the project's search is unchanged) are declared again,
        # rebuilt from their content tables once. The triggers that keep them in step name
        # them at run time and carry on unchanged.
        "DROP TABLE incidents_fts",
        "CREATE VIRTUAL TABLE incidents_fts USING fts5(summary, location, content=[incidents], content_rowid=[seq])",
        "INSERT INTO incidents_fts (incidents_fts) VALUES ('rebuild')",
        "DROP TABLE reports_fts",
        "CREATE VIRTUAL TABLE reports_fts USING fts5(title, text, content=[reports], content_rowid=[rowid])",
        "INSERT INTO reports_fts (reports_fts) VALUES ('rebuild')",
        # Live incidents: neither merged away (merged_into names the survivor) nor staged by
        # an ingest still running (merged_into is its mark, storage/staging.py STAGED). The
        # same rows every list, count and export of the project shows.
        "CREATE VIEW live_incidents AS SELECT * FROM incidents WHERE merged_into IS NULL",
        # Each claim with its incident's id, place and date, for live incidents only (a merge
        # gives the survivor the claims of those it absorbed).
        """CREATE VIEW incident_claims AS
        SELECT c.incident_id, i.date, i.date_end, i.country, i.admin1, i.location,
            i.event_type, i.sub_event_type, i.status,
            c.position, c.actor, c.role, c.stance, c.by_whom, c.report_id, c.span_start, c.span_end
        FROM claims c JOIN incidents i ON i.id = c.incident_id
        WHERE i.merged_into IS NULL""",
    ]
)
MIGRATIONS.append(
    [
        # 11: the datasets' own fields (issue #13: ACLED's disorder type, actor codes, tags,
        # timestamp...; UCDP's violence type, ids, deaths by side, clarity...; belligerent
        # assessment, geolocation accuracy), from the field table, and a claim's link to
        # the actor it is associated with (ACLED's assoc_actor_1/2).
        *added_columns(11),
        "ALTER TABLE claims ADD COLUMN associated_with TEXT",
        "DROP VIEW incident_claims",
        """CREATE VIEW incident_claims AS
        SELECT c.incident_id, i.date, i.date_end, i.country, i.admin1, i.location,
            i.event_type, i.sub_event_type, i.status,
            c.position, c.actor, c.role, c.stance, c.by_whom, c.report_id, c.span_start, c.span_end,
            c.associated_with
        FROM claims c JOIN incidents i ON i.id = c.incident_id
        WHERE i.merged_into IS NULL""",
    ]
)
# The rows of a big import or ingest made live in chunks (storage/staging.py) are hidden
# until the last chunk lands by their batch's seq range here: every reader of live
# incidents leaves out ``seq BETWEEN lo AND hi`` of each row (the project's queries add it
# only while the table has rows, storage/flipping.py; the views below always ask).
# (The first test runs once per query: with the table empty, as it nearly always is, no row
# pays for the second; a count of live_incidents took 12x as long with it alone.)
_NOT_FLIPPING = (
    "(NOT EXISTS (SELECT 1 FROM flipping) OR NOT EXISTS (SELECT 1 FROM flipping f WHERE {seq} BETWEEN f.lo AND f.hi))"
)
MIGRATIONS.append(
    [
        # 12: batches flipped visible in chunks
        "CREATE TABLE flipping (batch TEXT PRIMARY KEY, lo INTEGER NOT NULL, hi INTEGER NOT NULL)",
        "DROP VIEW live_incidents",
        "CREATE VIEW live_incidents AS SELECT * FROM incidents WHERE merged_into IS NULL AND "
        + _NOT_FLIPPING.format(seq="incidents.seq"),
        "DROP VIEW incident_claims",
        """CREATE VIEW incident_claims AS
        SELECT c.incident_id, i.date, i.date_end, i.country, i.admin1, i.location,
            i.event_type, i.sub_event_type, i.status,
            c.position, c.actor, c.role, c.stance, c.by_whom, c.report_id, c.span_start, c.span_end,
            c.associated_with
        FROM claims c JOIN incidents i ON i.id = c.incident_id
        WHERE i.merged_into IS NULL AND """
        + _NOT_FLIPPING.format(seq="i.seq"),
    ]
)
MIGRATIONS.append(
    [
        # 13 (after the dataset fields' 11 and the chunked flip's 12): the filter language's new terms
        # (core/filter_text.py) each have an index. Claims by actor and sources by outlet,
        # for actor: and outlet: and their frequency views; the wounded and sources counts
        # (killed has its own since migration 5); and the sort indexes that a page walks
        # under a filter no index serves in order (migration 7's) now hold the new filter
        # columns too, so that the walk and the count of the rows before an incident test
        # place and counts on index entries, never reading a row.
        "CREATE INDEX claims_actor ON claims (actor, incident_id)",
        "CREATE INDEX incident_sources_outlet ON incident_sources (outlet, incident_id)",
        "CREATE INDEX incidents_live_wounded ON incidents (wounded, seq) WHERE merged_into IS NULL",
        "CREATE INDEX incidents_live_n_sources ON incidents (n_sources, seq) WHERE merged_into IS NULL",
        *_walked_sort_indexes(FILTER_COLUMNS),
    ]
)
MIGRATIONS.append(
    [
        # 14: the stored incidents dated less precisely than a day (a month, a week, a
        # range), by country and date. Incremental matching reads the day-dated rows only
        # within the window of the new incidents' days, and these over the longest interval
        # before it (storage/duplicates.py neighbours); testing date_precision on the
        # (country, date) index read every row of those weeks (0.2 s at 1M for a report).
        "CREATE INDEX incidents_match_vague ON incidents (country, date) WHERE date_precision IS NOT 'day'",
    ]
)
MIGRATIONS.append(
    [
        # 15: the walked sort indexes no longer hold dup_score. A full rebuild flags about
        # half a store's rows, and each flag rewrote the row's entry in all four (at 100k:
        # the flags' UPDATE 0.85 -> 0.32 s and its commit 0.46 -> 0.19 s, 95 -> 43 MB of
        # WAL; at 1M about 19 s of the rebuild's write). The "dup" filter is served by its
        # own partial index in seq order; under a sort by place, admin1, type or status a
        # page's walk reads the row to test the flag (a few rows per row shown) and the
        # count of the rows before an incident reads the flagged rows (listing._walk).
        *_walked_sort_indexes(tuple(c for c in FILTER_COLUMNS if c != "dup_score")),
    ]
)
SCHEMA_VERSION: Final = len(MIGRATIONS)


class SchemaTooNew(Exception):
    pass


def migrate(database: Database, on_upgrade: Callable[[int, int], None] | None = None) -> int:
    """Bring the store up to SCHEMA_VERSION; returns the number of migrations applied.

    ``on_upgrade(from_version, to_version)`` is told before an existing store is
    upgraded: adding indexes to a store of a million incidents takes a while."""
    with database.write() as conn:
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if current > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"{database.path}: store is at schema version {current}, this incident-review knows "
                f"up to {SCHEMA_VERSION}; upgrade incident-review"
            )
        if 0 < current < SCHEMA_VERSION and on_upgrade is not None:
            on_upgrade(current, SCHEMA_VERSION)
        for version in range(current, SCHEMA_VERSION):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        return SCHEMA_VERSION - current
