-- title: Entries per route
-- description: One row for every route, also those with no entries: escort runs, admitted attempts, cases and people admitted, turned-away attempts, first and last entry. Ordered by people admitted (most first), then route.
-- param: from date optional  First local date (inclusive): counts escort runs by departed_at and attempts by attempted_at.
-- param: to date optional  Last local date (inclusive): counts escort runs by departed_at and attempts by attempted_at.
WITH
runs AS (
    SELECT route_id, count(*) AS escort_runs
    FROM escort_runs
    WHERE (:from IS NULL OR departed_at >= :from)
      AND (:to IS NULL OR departed_at < date(:to, '+1 day'))
    GROUP BY route_id
),
tried AS (
    SELECT a.route_id,
           count(*) FILTER (WHERE a.result = 'admitted') AS admitted_attempts,
           count(DISTINCT CASE WHEN a.result = 'admitted' THEN a.case_id END) AS cases_admitted,
           sum(CASE WHEN a.result = 'admitted' THEN coalesce(a.people, c.size) ELSE 0 END) AS people_admitted,
           count(*) FILTER (WHERE a.result = 'turned_away') AS turned_away_attempts,
           min(CASE WHEN a.result = 'admitted' THEN a.attempted_at END) AS first_entry_at,
           max(CASE WHEN a.result = 'admitted' THEN a.attempted_at END) AS last_entry_at
    FROM attempts AS a
    JOIN cases AS c ON c.id = a.case_id
    WHERE a.result IN ('admitted', 'turned_away')
      AND (:from IS NULL OR a.attempted_at >= :from)
      AND (:to IS NULL OR a.attempted_at < date(:to, '+1 day'))
    GROUP BY a.route_id
)
SELECT r.id AS route_id,
       r.muster_point_id,
       r.gate_id,
       coalesce(runs.escort_runs, 0) AS escort_runs,
       coalesce(tried.admitted_attempts, 0) AS admitted_attempts,
       coalesce(tried.cases_admitted, 0) AS cases_admitted,
       coalesce(tried.people_admitted, 0) AS people_admitted,
       coalesce(tried.turned_away_attempts, 0) AS turned_away_attempts,
       tried.first_entry_at,
       tried.last_entry_at
FROM routes AS r
LEFT JOIN runs ON runs.route_id = r.id
LEFT JOIN tried ON tried.route_id = r.id
ORDER BY people_admitted DESC, r.id;
