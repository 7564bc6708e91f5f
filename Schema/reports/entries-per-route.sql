-- title: Entries per route
-- description: One row for every route, also those with no entries: escort runs on it, admitted attempts, distinct cases and people admitted, turned-away attempts, first and last entry (admitted attempt). Ordered by people admitted (most first), then route.
-- param: from date optional  First local date (inclusive): runs by departed_at, attempts by attempted_at.
-- param: to date optional  Last local date (inclusive): runs by departed_at, attempts by attempted_at.

-- A local date is the first ten characters of a stored time, so "on or
-- after :from" is t >= :from and "on or before :to" is t < the day after
-- :to; without a date the bounds are '' and 'A' (every stored time starts
-- with a digit), so one range serves both. Per route:
-- - its escort runs: a range of the index escort_runs_by_route;
-- - its admitted attempts from derived_admitted (migration 0004, kept up to
--   date by every load), one row per admitted attempt keyed by route and
--   case, with its people (people, else the case's size): one pass for the
--   count, people and first and last entry, one for the distinct cases (in
--   key order, so DISTINCT needs no sort);
-- - its turned-away attempts: a range of the index attempts_by_route.
WITH
bounds AS MATERIALIZED (
    SELECT CASE WHEN :from IS NULL THEN '' ELSE :from END AS lo,
           CASE WHEN :to IS NULL THEN 'A' ELSE date(:to, '+1 day') END AS hi
),
per_route AS MATERIALIZED (
    SELECT r.id AS route_id,
           r.muster_point_id,
           r.gate_id,
           (SELECT count(*)
            FROM escort_runs AS e
            WHERE e.route_id = r.id AND e.departed_at >= b.lo AND e.departed_at < b.hi) AS escort_runs,
           (SELECT json_array(count(*), coalesce(sum(x.people), 0), min(x.attempted_at), max(x.attempted_at))
            FROM derived_admitted AS x
            WHERE x.route_id = r.id AND x.attempted_at >= b.lo AND x.attempted_at < b.hi) AS admitted,
           (SELECT count(*)
            FROM (SELECT DISTINCT x.case_id
                  FROM derived_admitted AS x
                  WHERE x.route_id = r.id AND x.attempted_at >= b.lo AND x.attempted_at < b.hi)) AS cases_admitted,
           (SELECT count(*)
            FROM attempts AS a INDEXED BY attempts_by_route
            WHERE a.route_id = r.id AND a.result = 'turned_away'
              AND a.attempted_at >= b.lo AND a.attempted_at < b.hi) AS turned_away_attempts
    FROM routes AS r
    CROSS JOIN bounds AS b
)
SELECT route_id,
       muster_point_id,
       gate_id,
       escort_runs,
       admitted ->> 0 AS admitted_attempts,
       cases_admitted,
       admitted ->> 1 AS people_admitted,
       turned_away_attempts,
       admitted ->> 2 AS first_entry_at,
       admitted ->> 3 AS last_entry_at
FROM per_route
ORDER BY people_admitted DESC, route_id;
