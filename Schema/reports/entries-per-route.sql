-- title: Entries per route
-- description: One row for every route, also those with no entries: escort runs on it, admitted attempts, distinct cases and people admitted, turned-away attempts, first and last entry (admitted attempt). Ordered by people admitted (most first), then route.
-- param: from date optional  First local date (inclusive): runs by departed_at, attempts by attempted_at.
-- param: to date optional  Last local date (inclusive): runs by departed_at, attempts by attempted_at.

-- A local date is the first ten characters of a stored time, so "on or
-- after :from" is t >= :from and "on or before :to" is t < the day after :to.
-- Every CTE has one row per route (small joins). The unary + on attempts'
-- columns makes SQLite read attempts in one pass instead of walking an index
-- and looking each row up by id (several times slower at 500,000 attempts);
-- a case's size is looked up only for admitted attempts with empty people.
WITH
runs AS (
    SELECT route_id, count(*) AS escort_runs
    FROM escort_runs
    WHERE (:from IS NULL OR departed_at >= :from)
      AND (:to IS NULL OR departed_at < date(:to, '+1 day'))
    GROUP BY route_id
),
admitted AS (
    SELECT a.route_id,
           count(*) AS admitted_attempts,
           count(DISTINCT a.case_id) AS cases_admitted,
           sum(coalesce(a.people, (SELECT c.size FROM cases AS c WHERE c.id = a.case_id))) AS people_admitted,
           min(a.attempted_at) AS first_entry_at,
           max(a.attempted_at) AS last_entry_at
    FROM attempts AS a
    WHERE +a.result = 'admitted'
      AND (:from IS NULL OR a.attempted_at >= :from)
      AND (:to IS NULL OR a.attempted_at < date(:to, '+1 day'))
    GROUP BY +a.route_id
),
turned_away AS (
    -- without dates: counted from the index attempts_by_route alone
    SELECT route_id, count(*) AS turned_away_attempts
    FROM attempts
    WHERE :from IS NULL AND :to IS NULL AND result = 'turned_away'
    GROUP BY route_id
    UNION ALL
    SELECT route_id, count(*)
    FROM attempts
    WHERE (:from IS NOT NULL OR :to IS NOT NULL) AND +result = 'turned_away'
      AND (:from IS NULL OR attempted_at >= :from)
      AND (:to IS NULL OR attempted_at < date(:to, '+1 day'))
    GROUP BY +route_id
)
SELECT r.id AS route_id,
       r.muster_point_id,
       r.gate_id,
       coalesce(x.escort_runs, 0) AS escort_runs,
       coalesce(a.admitted_attempts, 0) AS admitted_attempts,
       coalesce(a.cases_admitted, 0) AS cases_admitted,
       coalesce(a.people_admitted, 0) AS people_admitted,
       coalesce(t.turned_away_attempts, 0) AS turned_away_attempts,
       a.first_entry_at,
       a.last_entry_at
FROM routes AS r
LEFT JOIN runs AS x ON x.route_id = r.id
LEFT JOIN admitted AS a ON a.route_id = r.id
LEFT JOIN turned_away AS t ON t.route_id = r.id
ORDER BY people_admitted DESC, r.id;
