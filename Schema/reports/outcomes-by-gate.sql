-- title: Outcomes by gate
-- description: One row for every gate: its attempts (through every route to it), admitted and turned-away attempts, admission rate (admitted / attempts, 3 decimals), and the turned-away incidents placed at it (incidents of kind turned_away at the gate that name no muster point: the place of the turned-away report). Ordered by gate.

-- Gates in id order, each with its attempts counted per route to it
-- (routes_by_gate) from ranges of the index attempts_by_route
-- (route_id, result, ...), and its turned-away incidents from the index
-- incidents_by_kind (kind, muster_point_id, gate_id). The admission rate
-- is rounded half away from zero in integers, as outcomes-by-muster-point.
WITH
per_gate AS MATERIALIZED (
    SELECT g.id AS gate_id,
           g.name,
           (SELECT count(*)
            FROM routes AS r
            CROSS JOIN attempts AS a INDEXED BY attempts_by_route ON a.route_id = r.id
            WHERE r.gate_id = g.id) AS attempts,
           (SELECT count(*)
            FROM routes AS r
            CROSS JOIN attempts AS a INDEXED BY attempts_by_route ON a.route_id = r.id AND a.result = 'admitted'
            WHERE r.gate_id = g.id) AS admitted,
           (SELECT count(*)
            FROM routes AS r
            CROSS JOIN attempts AS a INDEXED BY attempts_by_route ON a.route_id = r.id AND a.result = 'turned_away'
            WHERE r.gate_id = g.id) AS turned_away,
           (SELECT count(*)
            FROM incidents AS i INDEXED BY incidents_by_kind
            WHERE i.kind = 'turned_away' AND i.muster_point_id IS NULL AND i.gate_id = g.id) AS turned_away_incidents
    FROM gates AS g
)
SELECT gate_id,
       name,
       attempts,
       admitted,
       turned_away,
       CASE WHEN attempts > 0
            THEN ((2000 * admitted + attempts) / (2 * attempts)) / 1000.0 END AS admission_rate,
       turned_away_incidents
FROM per_gate
ORDER BY gate_id;
