-- title: Outcomes by gate
-- description: One row for every gate: its attempts (through every route to it), admitted and turned-away attempts, admission rate (admitted / attempts, 3 decimals), and the turned-away incidents placed at it (incidents of kind turned_away at the gate that name no muster point: the place of the turned-away report). Ordered by gate.

-- Gates in id order, each with its attempts, admitted and turned-away
-- attempts and admission rate (place_attempts: the part shared with
-- outcomes-by-muster-point, Schema/reports/shared/place-attempts.sql,
-- over every route to the gate, found by routes_by_gate), and its
-- turned-away incidents from the index incidents_by_kind (kind,
-- muster_point_id, gate_id).
WITH
places AS (
    SELECT id AS place_id FROM gates
),
place_routes AS NOT MATERIALIZED (
    SELECT gate_id AS place_id, id AS route_id FROM routes
),
place_attempts AS MATERIALIZED (
    -- include: reports/shared/place-attempts.sql
)
SELECT g.id AS gate_id,
       g.name,
       p.attempts,
       p.admitted,
       p.turned_away,
       p.admission_rate,
       (SELECT count(*)
        FROM incidents AS i INDEXED BY incidents_by_kind
        WHERE i.kind = 'turned_away' AND i.muster_point_id IS NULL AND i.gate_id = g.id) AS turned_away_incidents
FROM gates AS g
JOIN place_attempts AS p ON p.place_id = g.id
ORDER BY g.id;
