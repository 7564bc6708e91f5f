-- title: Escort runs
-- description: Escort runs per route and local date of departure: runs, completed, aborted, and people escorted (sum of the runs' people, empty counted as 0). Ordered by route, then date.
SELECT route_id,
       substr(departed_at, 1, 10) AS date,
       count(*) AS runs,
       count(*) FILTER (WHERE status = 'completed') AS completed,
       count(*) FILTER (WHERE status = 'aborted') AS aborted,
       coalesce(sum(people), 0) AS people_escorted
FROM escort_runs
GROUP BY route_id, date
ORDER BY route_id, date;
