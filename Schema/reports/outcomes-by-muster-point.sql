-- title: Outcomes by muster point
-- description: One row for every muster point: distinct cases with an attempt through it, its attempts, admitted and turned-away attempts, admission rate (admitted / attempts, 3 decimals), turned-away incidents at it, and its cases by current status (resolved, unresolved, arrived). Ordered by muster point.

-- by_route is counted from the index attempts_by_route alone. visits reads
-- attempts in one pass (the muster point of a route comes from the small
-- routes table); the unary + keeps SQLite from walking an index of attempts
-- and looking every row up, which is much slower.
WITH
by_route AS (
    SELECT route_id,
           count(*) AS attempts,
           count(*) FILTER (WHERE result = 'admitted') AS admitted,
           count(*) FILTER (WHERE result = 'turned_away') AS turned_away
    FROM attempts
    GROUP BY route_id
),
tried AS (
    SELECT r.muster_point_id,
           sum(b.attempts) AS attempts,
           sum(b.admitted) AS admitted,
           sum(b.turned_away) AS turned_away
    FROM by_route AS b
    JOIN routes AS r ON r.id = b.route_id
    WHERE r.muster_point_id IS NOT NULL
    GROUP BY r.muster_point_id
),
visits AS (
    SELECT DISTINCT (SELECT r.muster_point_id FROM routes AS r WHERE r.id = a.route_id) AS muster_point_id,
                    a.case_id
    FROM attempts AS a
    WHERE +a.case_id IS NOT NULL
),
its_cases AS (
    SELECT v.muster_point_id,
           count(*) AS cases,
           sum(s.resolved) AS resolved_cases,
           sum(1 - s.resolved) AS unresolved_cases,
           sum(s.current_status = 'arrived') AS arrived_cases
    FROM visits AS v
    JOIN case_status AS s ON s.case_id = v.case_id
    WHERE v.muster_point_id IS NOT NULL
    GROUP BY v.muster_point_id
),
turned_away_incidents AS (
    SELECT muster_point_id, count(*) AS incidents
    FROM incidents
    WHERE kind = 'turned_away' AND muster_point_id IS NOT NULL
    GROUP BY muster_point_id
)
SELECT m.id AS muster_point_id,
       m.name,
       coalesce(c.cases, 0) AS cases,
       coalesce(t.attempts, 0) AS attempts,
       coalesce(t.admitted, 0) AS admitted,
       coalesce(t.turned_away, 0) AS turned_away,
       CASE WHEN t.attempts > 0
            THEN ((2000 * t.admitted + t.attempts) / (2 * t.attempts)) / 1000.0 END AS admission_rate,
       coalesce(i.incidents, 0) AS turned_away_incidents,
       coalesce(c.resolved_cases, 0) AS resolved_cases,
       coalesce(c.unresolved_cases, 0) AS unresolved_cases,
       coalesce(c.arrived_cases, 0) AS arrived_cases
FROM muster_points AS m
LEFT JOIN tried AS t ON t.muster_point_id = m.id
LEFT JOIN its_cases AS c ON c.muster_point_id = m.id
LEFT JOIN turned_away_incidents AS i ON i.muster_point_id = m.id
ORDER BY m.id;
