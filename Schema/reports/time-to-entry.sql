-- title: Time to entry
-- description: For cases with an admitted attempt, the hours from their first attempt to their first admitted attempt, grouped by the muster point of that admitted attempt (straight-to-gate routes first, as an empty muster point): cases, median, 90th percentile (nearest rank) and maximum hours, and the mean number of attempts before the admitted one.
WITH
tried AS (
    SELECT a.case_id, a.route_id, a.result, a.load_id, a.load_row,
           CASE WHEN length(a.attempted_at) = 10 THEN a.attempted_at || 'T00:00:00'
                ELSE substr(a.attempted_at, 1, 19) END AS t
    FROM attempts AS a
    WHERE a.case_id IN (SELECT case_id FROM attempts WHERE result = 'admitted')
),
ranked AS (
    SELECT case_id, route_id, result, t,
           min(t) OVER (PARTITION BY case_id) AS first_t,
           rank() OVER (PARTITION BY case_id ORDER BY t) - 1 AS before,
           row_number() OVER (
               PARTITION BY case_id
               ORDER BY result <> 'admitted', t, load_id, load_row) AS entry_rank
    FROM tried
),
per_case AS (
    SELECT r.muster_point_id,
           unixepoch(k.t) - unixepoch(k.first_t) AS seconds,
           k.before
    FROM ranked AS k
    JOIN routes AS r ON r.id = k.route_id
    WHERE k.entry_rank = 1
),
ordered AS (
    SELECT muster_point_id, seconds, before,
           row_number() OVER (PARTITION BY muster_point_id ORDER BY seconds) AS position,
           count(*) OVER (PARTITION BY muster_point_id) AS n
    FROM per_case
)
SELECT muster_point_id,
       max(n) AS cases,
       ((2 * max(CASE WHEN position = (n + 1) / 2 THEN seconds END) + 360) / 720) / 10.0 AS median_hours,
       ((2 * max(CASE WHEN position = (9 * n + 9) / 10 THEN seconds END) + 360) / 720) / 10.0 AS p90_hours,
       ((2 * max(seconds) + 360) / 720) / 10.0 AS max_hours,
       ((200 * sum(before) + max(n)) / (2 * max(n))) / 100.0 AS mean_attempts_before_entry
FROM ordered
GROUP BY muster_point_id
ORDER BY muster_point_id;
