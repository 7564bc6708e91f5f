-- Migration 4: indexes and derived tables that make the canned reports fast
-- at the scale of a real airlift (200,000 cases, 500,000 attempts), without
-- changing any result.
--
-- Why derived tables: the per-case reports (outcomes, unresolved,
-- outcomes-by-muster-point, time-to-entry) need every case's current status,
-- latest attempt, first admission and muster points. Computed from the
-- record tables, that is at least one group of a GROUP BY (or one index
-- seek) per case; at 200,000 cases SQLite needs 0.3-0.5 s for that alone,
-- before any output. Likewise the people of an attempt with empty people is
-- its case's size: one lookup per such attempt (about 2 us each, 80 ms for
-- the 41,000 admitted ones); and grouping turned-away incidents by the
-- category of their case needs a lookup and a sort per incident. So these
-- figures are kept in the derived_* tables below, one or a few rows per case
-- (or per admitted attempt, or turned-away incident), and brought up to date
-- at the end of every load by Schema/refresh/derived.sql, for the cases the
-- load touched.
--
-- The derived tables hold only figures computed from the records: nothing in
-- them is ever the only copy of a fact, and the refresh can rebuild any part
-- of them. They hold no label, contact or notes.
--
-- Times below: the "key" of a stored time is the local time
-- 'YYYY-MM-DDTHH:MM:SS', a date-only value being that day's midnight; keys
-- order exactly like the instants.

-- The indexes by case, remade in the order of time as an instant (the key
-- of a time, written substr(t || 'T00:00:00', 1, 19): 'YYYY-MM-DD' gives that
-- day's midnight), then load order, and holding every column the refresh
-- reads: a case's first or latest attempt, first admitted attempt or
-- current outcome is then the first or last index entry of one seek, ties
-- included, and no table row is read. Same leading column as before.
DROP INDEX attempts_by_case;
CREATE INDEX attempts_by_case
    ON attempts (case_id, substr(attempted_at || 'T00:00:00', 1, 19), load_id, load_row,
                 result, route_id, attempted_at, people, escort_run_id);
DROP INDEX outcomes_by_case;
CREATE INDEX outcomes_by_case
    ON outcomes (case_id, substr(occurred_at || 'T00:00:00', 1, 19), load_id, load_row,
                 status, occurred_at, location);

-- attempts_by_route, widened with attempted_at: daily-entries and
-- entries-per-route count attempts by route, result and a range of
-- attempted_at from this index alone. Same leading columns.
DROP INDEX attempts_by_route;
CREATE INDEX attempts_by_route ON attempts (route_id, result, attempted_at);

-- The route -> muster point map the derived tables were computed with: the
-- refresh compares it with routes to find the cases a changed route affects.
CREATE TABLE derived_routes (
    route_id        TEXT PRIMARY KEY NOT NULL,
    muster_point_id TEXT
) STRICT, WITHOUT ROWID;

-- One row per case.
--   attempts: its attempts; admitted: 1 when one of them is admitted, else 0.
--   current_status, status_at, location: of its current outcome ('none'
--   and null without one); resolved: 1 when that status is resolved.
--   Only for an unresolved case (else null), for the unresolved report:
--     turned_away: its turned-away attempts; last_attempt_at and
--     last_muster_point_id: its latest attempt (greatest attempted_at; on a
--     tie the one loaded last) and its route's muster point;
--     last_activity_at: the latest of last_attempt_at and status_at, else
--     registered_at; activity_key: the key of last_activity_at, '' when it
--     has none (before every key, as SQL puts nulls first);
--     activity_epoch: that instant in Unix seconds.
--   Only for a case with an admitted attempt (else null), for time-to-entry:
--     the muster point of its first admitted attempt (earliest; on a tie the
--     one loaded first), the seconds from its first attempt to that one,
--     and how many of its attempts are strictly earlier.
CREATE TABLE derived_cases (
    case_id               TEXT PRIMARY KEY NOT NULL,
    category              TEXT,
    size                  INTEGER,
    attempts              INTEGER NOT NULL,
    admitted              INTEGER NOT NULL,
    current_status        TEXT NOT NULL,
    status_at             TEXT,
    location              TEXT,
    resolved              INTEGER NOT NULL,
    turned_away           INTEGER,
    last_attempt_at       TEXT,
    last_muster_point_id  TEXT,
    last_activity_at      TEXT,
    activity_key          TEXT,
    activity_epoch        INTEGER,
    entry_muster_point_id TEXT,
    entry_seconds         INTEGER,
    entry_before          INTEGER
) STRICT, WITHOUT ROWID;
-- The unresolved report, in its order, from this index alone.
CREATE INDEX derived_cases_unresolved
    ON derived_cases (turned_away DESC, activity_key, case_id, category, size, current_status,
                      attempts, last_attempt_at, last_muster_point_id, last_activity_at,
                      activity_epoch, resolved)
    WHERE resolved = 0;
-- time-to-entry, by muster point and seconds, from this index alone.
CREATE INDEX derived_cases_by_entry
    ON derived_cases (entry_muster_point_id, entry_seconds, entry_before)
    WHERE entry_seconds IS NOT NULL;

-- One row per muster point and case with an attempt through it: whether the
-- case is resolved, and whether its current status is arrived (1/0). In
-- that key order, a muster point's cases, resolved cases and arrived cases
-- (all resolved) are each one range, counted without reading a column.
CREATE TABLE derived_case_muster_points (
    muster_point_id TEXT NOT NULL,
    resolved        INTEGER NOT NULL,
    arrived         INTEGER NOT NULL,
    case_id         TEXT NOT NULL,
    PRIMARY KEY (muster_point_id, resolved, arrived, case_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX derived_case_muster_points_by_case ON derived_case_muster_points (case_id);

-- One row per admitted attempt, with its people (people, else its case's
-- size), for the reports that sum the people admitted: by route and case
-- (entries-per-route), by time (daily-entries), by escort run (data-quality).
CREATE TABLE derived_admitted (
    route_id      TEXT NOT NULL,
    case_id       TEXT NOT NULL,
    attempt_id    TEXT NOT NULL,
    attempted_at  TEXT NOT NULL,
    escort_run_id TEXT,
    people        INTEGER,
    PRIMARY KEY (route_id, case_id, attempt_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX derived_admitted_by_case ON derived_admitted (case_id);
CREATE INDEX derived_admitted_by_time ON derived_admitted (attempted_at, people);

-- The data-quality findings about a case's own records: admitted attempts
-- with no resolved outcome at or after them, resolved outcomes followed by a
-- later still_in_country (case_id: the case they belong to).
CREATE TABLE derived_findings (
    kind    TEXT NOT NULL,
    id      TEXT NOT NULL,
    problem TEXT NOT NULL,
    case_id TEXT NOT NULL,
    PRIMARY KEY (kind, id, problem)
) STRICT, WITHOUT ROWID;
CREATE INDEX derived_findings_by_case ON derived_findings (case_id);

-- One row per incident of kind turned_away: its place (muster point, else
-- gate), the category of its case ('unknown' when it names none), people
-- affected and verification (turned-away), and mismatch = 1 when it names an
-- attempt whose result is not turned_away (data-quality).
CREATE TABLE derived_turned_away (
    incident_id     TEXT PRIMARY KEY NOT NULL,
    place_id        TEXT,
    place_kind      TEXT NOT NULL,
    category        TEXT NOT NULL,
    people_affected INTEGER,
    verification    TEXT,
    mismatch        INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX derived_turned_away_by_place
    ON derived_turned_away (place_id, place_kind, category, people_affected, verification);
CREATE INDEX derived_turned_away_mismatched
    ON derived_turned_away (incident_id, mismatch) WHERE mismatch = 1;

-- The derived tables start empty: Migrator rebuilds them from the records
-- with Schema/refresh/derived.sql once the schema is current, because the
-- database's derived version (settings 'derived_version') is not
-- DerivedTables.version (docs/architecture.md, "Derived tables").
