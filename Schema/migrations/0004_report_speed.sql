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
-- Times below: the "key" of a stored time (see 0002) is the local time
-- 'YYYY-MM-DDTHH:MM:SS', a date-only value being that day's midnight; keys
-- order exactly like the instants.

-- The indexes by case, remade in the order of time as an instant (the key
-- of 0002, written substr(t || 'T00:00:00', 1, 19): 'YYYY-MM-DD' gives that
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
--   current_status, status_at, location, resolved: as the view case_status.
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

-- Fill the derived tables from the records already in the database: the
-- statements of Schema/refresh/derived.sql as this migration was written,
-- run with every case touched (a new, empty database has none).
DROP TABLE IF EXISTS temp.touched_cases;
CREATE TEMP TABLE touched_cases (case_id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
INSERT INTO temp.touched_cases (case_id) SELECT id FROM cases;

-- 1. The touched cases: add the cases updated records belonged to before.
INSERT OR IGNORE INTO temp.touched_cases (case_id)
SELECT json_extract(u.previous, '$.case_id')
FROM audit AS u
WHERE u.id > coalesce((SELECT x.id
                       FROM audit AS x
                       WHERE x.load_id IS NOT (SELECT max(l.id) FROM loads AS l)
                       ORDER BY x.id DESC
                       LIMIT 1), 0)
  AND (u.kind = 'attempts' OR u.kind = 'outcomes')
  AND json_extract(u.previous, '$.case_id') IS NOT NULL;

-- Cases with an attempt on a route whose muster point changed.
INSERT OR IGNORE INTO temp.touched_cases (case_id)
SELECT a.case_id
FROM derived_routes AS d
CROSS JOIN routes AS r ON r.id = d.route_id
CROSS JOIN attempts AS a ON a.route_id = r.id
WHERE r.muster_point_id IS NOT d.muster_point_id;

DELETE FROM derived_routes;
INSERT INTO derived_routes (route_id, muster_point_id)
SELECT id, muster_point_id FROM routes;

-- 2. The incidents to compute again: of those that are turned_away or have
--    a derived row (one that is no longer turned_away loses it), the ones
--    with no derived row yet, written by the latest load, or naming a
--    touched case or an attempt of one. (The unary + keeps SQLite reading
--    incidents in one pass rather than through two indexes.)
DROP TABLE IF EXISTS temp.derived_touched_incidents;
CREATE TEMP TABLE derived_touched_incidents (id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
INSERT INTO temp.derived_touched_incidents (id)
SELECT i.id
FROM incidents AS i
WHERE (+i.kind = 'turned_away' OR +i.id IN (SELECT incident_id FROM derived_turned_away))
  AND (i.id NOT IN (SELECT incident_id FROM derived_turned_away)
       OR i.load_id = (SELECT max(l.id) FROM loads AS l)
       OR i.case_id IN (SELECT case_id FROM temp.touched_cases)
       OR i.attempt_id IN (SELECT a.id
                           FROM temp.touched_cases AS t
                           CROSS JOIN attempts AS a ON a.case_id = t.case_id));

-- 3. Forget what the derived tables say about them.
DELETE FROM derived_cases WHERE case_id IN (SELECT case_id FROM temp.touched_cases);
DELETE FROM derived_case_muster_points WHERE case_id IN (SELECT case_id FROM temp.touched_cases);
DELETE FROM derived_admitted WHERE case_id IN (SELECT case_id FROM temp.touched_cases);
DELETE FROM derived_findings WHERE case_id IN (SELECT case_id FROM temp.touched_cases);
DELETE FROM derived_turned_away WHERE incident_id IN (SELECT id FROM temp.derived_touched_incidents);

-- 4. One row per touched case that exists, in two steps.
--    derived_base: the case, its current outcome (greatest key, then loaded
--      last: one seek in outcomes_by_case for its key, load_id, load_row,
--      then one for the row), whether it is resolved, and counts: its
--      attempts, turned-away and admitted attempts in one number, attempts
--      + 2^20 * turned_away + 2^40 * admitted (one sum per attempt instead
--      of three; a case never has 2^20 attempts).
DROP TABLE IF EXISTS temp.derived_base;
CREATE TEMP TABLE derived_base (
    case_id       TEXT PRIMARY KEY NOT NULL,
    category      TEXT,
    size          INTEGER,
    registered_at TEXT,
    status        TEXT,
    status_at     TEXT,
    location      TEXT,
    resolved      INTEGER NOT NULL,
    counts        INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO temp.derived_base (case_id, category, size, registered_at, status, status_at, location,
                               resolved, counts)
SELECT c.id, c.category, c.size, c.registered_at, o.status, o.occurred_at, o.location,
       coalesce(o.status IN ('entered_airport', 'departed', 'at_transit_site',
                             'arrived', 'withdrawn', 'deceased'), 0),
       coalesce((SELECT sum(CASE a.result WHEN 'admitted' THEN 1099511627777
                                          WHEN 'turned_away' THEN 1048577
                                          ELSE 1 END)
                 FROM attempts AS a
                 WHERE a.case_id = c.id), 0)
FROM temp.touched_cases AS t
CROSS JOIN cases AS c ON c.id = t.case_id
LEFT JOIN outcomes AS o
       ON o.case_id = c.id
      AND (substr(o.occurred_at || 'T00:00:00', 1, 19), o.load_id, o.load_row)
          = (SELECT substr(x.occurred_at || 'T00:00:00', 1, 19), x.load_id, x.load_row
             FROM outcomes AS x
             WHERE x.case_id = c.id
             ORDER BY substr(x.occurred_at || 'T00:00:00', 1, 19) DESC, x.load_id DESC, x.load_row DESC
             LIMIT 1);

--    Then with, for an unresolved case, its latest attempt la (greatest
--    key, then loaded last) and, for a case with an admitted attempt, its
--    first admitted attempt fa (least key, then loaded first), the key of
--    its first attempt and the number of attempts strictly earlier than fa
--    (a smaller key). A seek that does not apply to a case is skipped: its
--    subquery tests the condition first, and a null join key finds nothing.
--    last_activity_at (unresolved cases): the latest of the latest attempt
--    and the current outcome (the latest outcome), else registered_at; its
--    instant is its key in the event zone (every stored time has the
--    zone's offset). The subquery v (LIMIT -1: a co-routine) computes each
--    of its columns once.
INSERT INTO derived_cases (case_id, category, size, attempts, admitted, current_status, status_at,
                           location, resolved, turned_away, last_attempt_at, last_muster_point_id,
                           last_activity_at, activity_key, activity_epoch, entry_muster_point_id,
                           entry_seconds, entry_before)
SELECT v.case_id, v.category, v.size, v.attempts, v.admitted, v.current_status, v.status_at,
       v.location, v.resolved, v.turned_away, v.last_attempt_at, v.last_muster_point_id,
       v.last_activity_at,
       CASE WHEN NOT v.resolved THEN coalesce(substr(v.last_activity_at || 'T00:00:00', 1, 19), '') END,
       unixepoch(substr(v.last_activity_at || 'T00:00:00', 1, 19)
                 || (SELECT coalesce(max(value), '+00:00') FROM settings WHERE key = 'event_zone')),
       v.entry_muster_point_id,
       unixepoch(v.entry_key)
       - unixepoch((SELECT substr(a.attempted_at || 'T00:00:00', 1, 19)
                    FROM attempts AS a
                    WHERE v.entry_key IS NOT NULL AND a.case_id = v.case_id
                    ORDER BY substr(a.attempted_at || 'T00:00:00', 1, 19)
                    LIMIT 1)),
       CASE WHEN v.entry_key IS NOT NULL
            THEN (SELECT count(*)
                  FROM attempts AS a
                  WHERE a.case_id = v.case_id
                    AND substr(a.attempted_at || 'T00:00:00', 1, 19) < v.entry_key) END
FROM (SELECT b.case_id, b.category, b.size,
             b.counts % 1048576 AS attempts,
             b.counts >= 1099511627776 AS admitted,
             coalesce(b.status, 'none') AS current_status,
             b.status_at,
             b.location,
             b.resolved,
             CASE WHEN NOT b.resolved THEN b.counts / 1048576 % 1048576 END AS turned_away,
             la.attempted_at AS last_attempt_at,
             lr.muster_point_id AS last_muster_point_id,
             CASE WHEN b.resolved THEN NULL
                  WHEN la.attempted_at IS NULL AND b.status_at IS NULL THEN b.registered_at
                  WHEN b.status_at IS NULL OR la.attempted_at >= b.status_at THEN la.attempted_at
                  ELSE b.status_at END AS last_activity_at,
             fr.muster_point_id AS entry_muster_point_id,
             substr(fa.attempted_at || 'T00:00:00', 1, 19) AS entry_key
      FROM temp.derived_base AS b
      LEFT JOIN attempts AS la
             ON la.case_id = CASE WHEN NOT b.resolved THEN b.case_id END
            AND (substr(la.attempted_at || 'T00:00:00', 1, 19), la.load_id, la.load_row)
                = (SELECT substr(x.attempted_at || 'T00:00:00', 1, 19), x.load_id, x.load_row
                   FROM attempts AS x
                   WHERE NOT b.resolved AND x.case_id = b.case_id
                   ORDER BY substr(x.attempted_at || 'T00:00:00', 1, 19) DESC, x.load_id DESC, x.load_row DESC
                   LIMIT 1)
      LEFT JOIN routes AS lr ON lr.id = la.route_id
      LEFT JOIN attempts AS fa
             ON fa.case_id = CASE WHEN b.counts >= 1099511627776 THEN b.case_id END
            AND (substr(fa.attempted_at || 'T00:00:00', 1, 19), fa.load_id, fa.load_row)
                = (SELECT substr(x.attempted_at || 'T00:00:00', 1, 19), x.load_id, x.load_row
                   FROM attempts AS x
                   WHERE b.counts >= 1099511627776 AND x.case_id = b.case_id AND x.result = 'admitted'
                   ORDER BY substr(x.attempted_at || 'T00:00:00', 1, 19), x.load_id, x.load_row
                   LIMIT 1)
      LEFT JOIN routes AS fr ON fr.id = fa.route_id
      LIMIT -1) AS v;

-- A case's routes (one row per attempt, in case order), then their muster
-- points; a case with several attempts through a muster point gives one row.
INSERT OR IGNORE INTO derived_case_muster_points (muster_point_id, case_id, resolved, arrived)
SELECT r.muster_point_id, b.case_id, b.resolved, coalesce(b.status = 'arrived', 0)
FROM temp.derived_base AS b
CROSS JOIN attempts AS a ON a.case_id = b.case_id
CROSS JOIN routes AS r ON r.id = a.route_id
WHERE r.muster_point_id IS NOT NULL;

INSERT INTO derived_admitted (route_id, case_id, attempt_id, attempted_at, escort_run_id, people)
SELECT a.route_id, a.case_id, a.id, a.attempted_at, a.escort_run_id, coalesce(a.people, b.size)
FROM temp.derived_base AS b
CROSS JOIN attempts AS a ON a.case_id = b.case_id
WHERE b.counts >= 1099511627776 AND a.result = 'admitted';

-- An admitted attempt with no resolved outcome of its case at or after it.
-- When the current outcome (the latest) is resolved, those are the admitted
-- attempts after it: one range of attempts_by_case. Otherwise every
-- admitted attempt is checked against the resolved outcomes.
INSERT INTO derived_findings (kind, id, problem, case_id)
SELECT 'attempts', a.id, 'admitted attempt with no resolved outcome after it', b.case_id
FROM temp.derived_base AS b
CROSS JOIN attempts AS a
        ON a.case_id = b.case_id
       AND substr(a.attempted_at || 'T00:00:00', 1, 19) > CASE WHEN b.resolved THEN substr(b.status_at || 'T00:00:00', 1, 19)
                                                               ELSE '' END
WHERE b.counts >= 1099511627776
  AND a.result = 'admitted'
  AND (b.resolved
       OR NOT EXISTS (
           SELECT 1
           FROM outcomes AS o
           WHERE o.case_id = b.case_id
             AND o.status IN ('entered_airport', 'departed', 'at_transit_site',
                              'arrived', 'withdrawn', 'deceased')
             AND substr(o.occurred_at || 'T00:00:00', 1, 19) >= substr(a.attempted_at || 'T00:00:00', 1, 19)));

-- A resolved outcome followed by a later still_in_country of its case
-- (later: greater key, or the same and loaded later).
INSERT INTO derived_findings (kind, id, problem, case_id)
SELECT DISTINCT 'outcomes', r.id, 'resolved outcome followed by a later still_in_country', b.case_id
FROM temp.derived_base AS b
CROSS JOIN outcomes AS s ON s.case_id = b.case_id
CROSS JOIN outcomes AS r ON r.case_id = b.case_id
WHERE b.status IS NOT NULL
  AND s.status = 'still_in_country'
  AND r.status IN ('entered_airport', 'departed', 'at_transit_site',
                   'arrived', 'withdrawn', 'deceased')
  AND (substr(r.occurred_at || 'T00:00:00', 1, 19), r.load_id, r.load_row)
      < (substr(s.occurred_at || 'T00:00:00', 1, 19), s.load_id, s.load_row);

INSERT INTO derived_turned_away (incident_id, place_id, place_kind, category, people_affected,
                                 verification, mismatch)
SELECT i.id,
       coalesce(i.muster_point_id, i.gate_id),
       CASE WHEN i.muster_point_id IS NOT NULL THEN 'muster_point' ELSE 'gate' END,
       coalesce((SELECT c.category FROM cases AS c WHERE c.id = i.case_id), 'unknown'),
       i.people_affected,
       i.verification,
       coalesce((SELECT a.result <> 'turned_away' FROM attempts AS a WHERE a.id = i.attempt_id), 0)
FROM temp.derived_touched_incidents AS t
CROSS JOIN incidents AS i ON i.id = t.id
WHERE i.kind = 'turned_away';

DROP TABLE temp.derived_touched_incidents;
DROP TABLE temp.derived_base;

DROP TABLE temp.touched_cases;
