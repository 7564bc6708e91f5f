-- title: Daily entries
-- description: One row per local date with any attempt or escort run: runs that departed that day, admitted attempts and their people, turned-away attempts (attempts by the local date of attempted_at). Ordered by date.

-- A local date is the first ten characters of a stored time: every stored
-- time of date d sorts in [d, the day after d). Without reading attempts:
-- - attempt_days: the dates with an attempt, by a skip scan of the index
--   attempts_by_route (route_id, result, attempted_at): per route and
--   result, each next date is one seek;
-- - admitted attempts and their people per date: a range of the index
--   derived_admitted_by_time of derived_admitted (migration 0004, kept up
--   to date by every load: one row per admitted attempt with its people,
--   else its case's size);
-- - turned-away attempts per date: per route, one range of attempts_by_route.
WITH RECURSIVE
results (route_id, result) AS (
    SELECT r.id, (SELECT min(a.result) FROM attempts AS a INDEXED BY attempts_by_route WHERE a.route_id = r.id)
    FROM routes AS r
    UNION ALL
    SELECT x.route_id,
           (SELECT min(a.result) FROM attempts AS a INDEXED BY attempts_by_route
            WHERE a.route_id = x.route_id AND a.result > x.result)
    FROM results AS x
    WHERE x.result IS NOT NULL
),
attempt_days (route_id, result, date) AS (
    SELECT x.route_id, x.result,
           (SELECT substr(min(a.attempted_at), 1, 10) FROM attempts AS a INDEXED BY attempts_by_route
            WHERE a.route_id = x.route_id AND a.result = x.result)
    FROM results AS x
    WHERE x.result IS NOT NULL
    UNION ALL
    SELECT x.route_id, x.result,
           (SELECT substr(min(a.attempted_at), 1, 10) FROM attempts AS a INDEXED BY attempts_by_route
            WHERE a.route_id = x.route_id AND a.result = x.result AND a.attempted_at >= date(x.date, '+1 day'))
    FROM attempt_days AS x
    WHERE x.date IS NOT NULL
),
runs AS MATERIALIZED (
    SELECT substr(departed_at, 1, 10) AS date, count(*) AS escort_runs
    FROM escort_runs
    GROUP BY substr(departed_at, 1, 10)
),
days AS MATERIALIZED (
    SELECT date FROM attempt_days WHERE date IS NOT NULL
    UNION
    SELECT date FROM runs
),
per_day AS MATERIALIZED (
    SELECT d.date,
           (SELECT json_array(count(*), coalesce(sum(a.people), 0))
            FROM derived_admitted AS a INDEXED BY derived_admitted_by_time
            WHERE a.attempted_at >= d.date AND a.attempted_at < date(d.date, '+1 day')) AS admitted,
           (SELECT count(*)
            FROM routes AS r
            CROSS JOIN attempts AS t INDEXED BY attempts_by_route
                    ON t.route_id = r.id AND t.result = 'turned_away'
                   AND t.attempted_at >= d.date AND t.attempted_at < date(d.date, '+1 day')) AS turned_away_attempts
    FROM days AS d
)
SELECT p.date,
       coalesce(x.escort_runs, 0) AS escort_runs,
       p.admitted ->> 0 AS admitted_attempts,
       p.admitted ->> 1 AS people_admitted,
       p.turned_away_attempts
FROM per_day AS p
LEFT JOIN runs AS x ON x.date = p.date
ORDER BY p.date;
