-- The attempts through every place, a gate or a muster point: shared by
-- outcomes-by-gate and outcomes-by-muster-point, which take it in with
-- the line `-- include: reports/shared/place-attempts.sql` (docs/reports.md;
-- `passage report NAME --sql` prints a report with it in place).
--
-- The report names two tables before it:
--   places (place_id): every place, also one with no attempts;
--   place_routes (place_id, route_id): the routes through each place.
--
-- One row per place: its attempts, admitted and turned-away attempts,
-- counted per route through it from ranges of the index attempts_by_route
-- (route_id, result, ...), and its admission rate (admitted / attempts,
-- 3 decimals, null with no attempts), rounded half away from zero in
-- integers. The counts are materialized first, so that the rate reads
-- them instead of counting again.
WITH
counted AS MATERIALIZED (
    SELECT p.place_id,
           (SELECT count(*)
            FROM place_routes AS r
            CROSS JOIN attempts AS a INDEXED BY attempts_by_route ON a.route_id = r.route_id
            WHERE r.place_id = p.place_id) AS attempts,
           (SELECT count(*)
            FROM place_routes AS r
            CROSS JOIN attempts AS a INDEXED BY attempts_by_route ON a.route_id = r.route_id AND a.result = 'admitted'
            WHERE r.place_id = p.place_id) AS admitted,
           (SELECT count(*)
            FROM place_routes AS r
            CROSS JOIN attempts AS a INDEXED BY attempts_by_route ON a.route_id = r.route_id AND a.result = 'turned_away'
            WHERE r.place_id = p.place_id) AS turned_away
    FROM places AS p
)
SELECT place_id,
       attempts,
       admitted,
       turned_away,
       CASE WHEN attempts > 0
            THEN ((2000 * admitted + attempts) / (2 * attempts)) / 1000.0 END AS admission_rate
FROM counted
