-- title: Outcomes by muster point
-- description: One row for every muster point: distinct cases with an attempt through it, its attempts, admitted and turned-away attempts, admission rate (admitted / attempts, 3 decimals), turned-away incidents at it, and its cases by current status (resolved, unresolved, arrived). Ordered by muster point.

-- Muster points in id order, each with:
-- - its attempts, admitted and turned-away attempts and admission rate
--   (place_attempts: the part shared with outcomes-by-gate,
--   Schema/reports/shared/place-attempts.sql, over the routes of the
--   muster point, found by routes_by_muster_point);
-- - its cases from derived_case_muster_points (migration 0004, kept up to
--   date by every load): one row per muster point and case with an attempt
--   through it, keyed by muster point, resolved, arrived: its cases, its
--   resolved and its arrived cases are three ranges of that key;
-- - its turned-away incidents from the index incidents_by_kind.
-- Each is a correlated subquery over index ranges, in index order, so
-- nothing is sorted but the ten rows.
WITH
places AS (
    SELECT id AS place_id FROM muster_points
),
place_routes AS NOT MATERIALIZED (
    SELECT muster_point_id AS place_id, id AS route_id FROM routes
),
place_attempts AS MATERIALIZED (
    -- include: reports/shared/place-attempts.sql
),
per_muster_point AS MATERIALIZED (
    SELECT m.id AS muster_point_id,
           m.name,
           (SELECT count(*)
            FROM derived_case_muster_points AS x
            WHERE x.muster_point_id = m.id) AS cases,
           (SELECT count(*)
            FROM derived_case_muster_points AS x
            WHERE x.muster_point_id = m.id AND x.resolved = 1) AS resolved_cases,
           (SELECT count(*)
            FROM derived_case_muster_points AS x
            WHERE x.muster_point_id = m.id AND x.resolved = 1 AND x.arrived = 1) AS arrived_cases,
           (SELECT count(*)
            FROM incidents AS i INDEXED BY incidents_by_kind
            WHERE i.kind = 'turned_away' AND i.muster_point_id = m.id) AS turned_away_incidents
    FROM muster_points AS m
)
SELECT m.muster_point_id,
       m.name,
       m.cases,
       p.attempts,
       p.admitted,
       p.turned_away,
       p.admission_rate,
       m.turned_away_incidents,
       m.resolved_cases,
       m.cases - m.resolved_cases AS unresolved_cases,
       m.arrived_cases
FROM per_muster_point AS m
JOIN place_attempts AS p ON p.place_id = m.muster_point_id
ORDER BY m.muster_point_id;
