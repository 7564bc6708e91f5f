-- Refresh of the derived_* tables (migration 0004) after records change.
--
-- Run inside the transaction that wrote the records (a load), after they
-- are written and the indexes rebuilt. Input: the temporary table
-- temp.touched_cases (case_id TEXT PRIMARY KEY) holding at least the case_id
-- of every cases, attempts and outcomes row the transaction inserted or
-- updated (the value after the write); every case to compute all of them.
-- This file adds to it what else can be touched (below) and leaves it in
-- place; it makes and drops its own temp.derived_* working tables.
--
-- What it finds by itself:
-- - the case an updated attempt or outcome belonged to before the update
--   (from the audit rows of the latest load, the last rows of audit);
-- - the cases with an attempt on a route whose muster point changed since
--   the last refresh (derived_routes keeps the map the tables were made with);
-- - the incidents to compute again: turned-away ones with no derived row
--   yet, and those the latest load wrote (load_id) or that name a touched
--   case or an attempt of one.
--
-- Every derived row of a touched case (or incident) is deleted and computed
-- again from the records, so the result never depends on what was there.
--
-- A first load (no case rows in the derived tables yet) writes step 4's case
-- rows in Swift instead, in one merged pass (DerivedCaseFill.swift), and
-- runs this file with no case touched but those a route changed by the same
-- load touches (step 1). When many cases are touched (a big load into a
-- database that holds a few), the lines between BEGIN CASE ROWS and END CASE
-- ROWS are left out and the same pass writes the touched cases' rows. That
-- code follows step 4 figure by figure: change both together
-- (DerivedCaseFillTests compares them).
--
-- Which statuses are resolved: the table resolved_statuses (migration 0009),
-- the SQL's one copy of Outcome.Status.isResolved.
--
-- K(t), the key of a stored time, is written substr(t || 'T00:00:00', 1, 19)
-- (the one spelling: the indexes attempts_by_case and outcomes_by_case are
-- on exactly this expression, and SQLite uses them only for it):
-- the local time 'YYYY-MM-DDTHH:MM:SS', a date-only value being that day's
-- midnight; keys order like the instants. attempts_by_case and
-- outcomes_by_case are ordered by case, key, load_id, load_row, so "first"
-- and "latest" below (ties broken by load order, as docs/reports.md says) are one
-- index seek each. The joins are written CROSS JOIN to keep the touched
-- cases as the outer loop (SQLite knows nothing of the temp tables' sizes).

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

-- BEGIN CASE ROWS
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
       coalesce(o.status IN (SELECT status FROM resolved_statuses), 0),
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
             AND o.status IN (SELECT status FROM resolved_statuses)
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
  AND r.status IN (SELECT status FROM resolved_statuses)
  AND (substr(r.occurred_at || 'T00:00:00', 1, 19), r.load_id, r.load_row)
      < (substr(s.occurred_at || 'T00:00:00', 1, 19), s.load_id, s.load_row);

DROP TABLE temp.derived_base;
-- END CASE ROWS

-- The turned-away incidents' rows, the incidents taken in case order (a
-- sort of the touched ones): the lookups of their cases, and of their
-- attempts among their case's in attempts_by_case, then read the tables in
-- order rather than one random page each (a first load: 70,000 of them).
-- An attempt of another case is looked up by its id.
INSERT INTO derived_turned_away (incident_id, place_id, place_kind, category, people_affected,
                                 verification, mismatch)
SELECT i.id,
       coalesce(i.muster_point_id, i.gate_id),
       CASE WHEN i.muster_point_id IS NOT NULL THEN 'muster_point' ELSE 'gate' END,
       coalesce((SELECT c.category FROM cases AS c WHERE c.id = i.case_id), 'unknown'),
       i.people_affected,
       i.verification,
       coalesce((SELECT a.result <> 'turned_away' FROM attempts AS a WHERE a.case_id = i.case_id AND +a.id = i.attempt_id),
                (SELECT a.result <> 'turned_away' FROM attempts AS a WHERE a.id = i.attempt_id),
                0)
FROM (SELECT x.id, x.muster_point_id, x.gate_id, x.case_id, x.attempt_id, x.people_affected, x.verification
      FROM temp.derived_touched_incidents AS t
      CROSS JOIN incidents AS x ON x.id = t.id
      WHERE x.kind = 'turned_away'
      ORDER BY x.case_id
      LIMIT -1) AS i;

DROP TABLE temp.derived_touched_incidents;
