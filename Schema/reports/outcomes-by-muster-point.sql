-- title: Outcomes by muster point
-- description: One row for every muster point: distinct cases with an attempt through it, its attempts, admitted and turned-away attempts, admission rate (admitted / attempts, 3 decimals), turned-away incidents at it, and its cases by current status (resolved, unresolved, arrived). Ordered by muster point.

-- Muster points in id order, each with:
-- - its attempts, admitted and turned-away attempts, counted per route of
--   it (routes_by_muster_point) from ranges of the index attempts_by_route
--   (route_id, result, ...);
-- - its cases from derived_case_muster_points (migration 0004, kept up to
--   date by every load): one row per muster point and case with an attempt
--   through it, keyed by muster point, resolved, arrived: its cases, its
--   resolved and its arrived cases are three ranges of that key;
-- - its turned-away incidents from the index incidents_by_kind.
-- Each is a correlated subquery over index ranges, in index order, so
-- nothing is sorted but the ten rows. The admission rate is rounded half
-- away from zero in integers.
WITH
per_muster_point AS MATERIALIZED (
    SELECT m.id AS muster_point_id,
           m.name,
           (SELECT count(*)
            FROM routes AS r
            CROSS JOIN attempts AS a INDEXED BY attempts_by_route ON a.route_id = r.id
            WHERE r.muster_point_id = m.id) AS attempts,
           (SELECT count(*)
            FROM routes AS r
            CROSS JOIN attempts AS a INDEXED BY attempts_by_route ON a.route_id = r.id AND a.result = 'admitted'
            WHERE r.muster_point_id = m.id) AS admitted,
           (SELECT count(*)
            FROM routes AS r
            CROSS JOIN attempts AS a INDEXED BY attempts_by_route ON a.route_id = r.id AND a.result = 'turned_away'
            WHERE r.muster_point_id = m.id) AS turned_away,
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
SELECT muster_point_id,
       name,
       cases,
       attempts,
       admitted,
       turned_away,
       CASE WHEN attempts > 0
            THEN ((2000 * admitted + attempts) / (2 * attempts)) / 1000.0 END AS admission_rate,
       turned_away_incidents,
       resolved_cases,
       cases - resolved_cases AS unresolved_cases,
       arrived_cases
FROM per_muster_point
ORDER BY muster_point_id;
