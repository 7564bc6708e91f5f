-- title: Outcomes by muster point
-- description: One row for every muster point: cases and attempts through it, admitted and turned-away attempts, admission rate, turned-away incidents at it, and its cases by current status (resolved, unresolved, arrived). Ordered by muster point.
WITH
through AS (
    SELECT r.muster_point_id, a.case_id, a.result
    FROM attempts AS a
    JOIN routes AS r ON r.id = a.route_id
    WHERE r.muster_point_id IS NOT NULL
),
tried AS (
    SELECT muster_point_id,
           count(*) AS attempts,
           count(*) FILTER (WHERE result = 'admitted') AS admitted,
           count(*) FILTER (WHERE result = 'turned_away') AS turned_away
    FROM through
    GROUP BY muster_point_id
),
its_cases AS (
    SELECT t.muster_point_id,
           count(*) AS cases,
           sum(s.resolved) AS resolved_cases,
           sum(1 - s.resolved) AS unresolved_cases,
           sum(s.current_status = 'arrived') AS arrived_cases
    FROM (SELECT DISTINCT muster_point_id, case_id FROM through) AS t
    JOIN case_status AS s ON s.case_id = t.case_id
    GROUP BY t.muster_point_id
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
