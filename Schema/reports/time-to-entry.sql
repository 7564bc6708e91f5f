-- title: Time to entry
-- description: For cases with an admitted attempt, the hours from their first attempt to their first admitted attempt, grouped by the muster point of that admitted attempt (straight-to-gate routes first, as an empty muster point): cases, median, 90th percentile (nearest rank) and maximum hours (1 decimal), and the mean number of attempts before the admitted one (2 decimals).

-- entries: the admitted attempts, read in one pass and grouped by case. The
-- first admitted attempt (earliest as an instant; on a tie the one loaded
-- first) is the min() of a sortable text: key (19 characters) ||
-- load_id (11) || load_row (11) || ' ' || route_id. The case's first
-- attempt and the attempts before the admitted one (attempted_at strictly
-- earlier) come from the index attempts_by_case: a stored value is strictly
-- earlier than the key K exactly when it sorts before K, or before K's date
-- alone when K is at midnight (that day's date-only value is the same
-- instant).
WITH
entries AS (
    SELECT a.case_id,
           min(CASE WHEN length(a.attempted_at) = 10 THEN a.attempted_at || 'T00:00:00'
                    ELSE substr(a.attempted_at, 1, 19) END
               || (10000000000 + a.load_id) || (10000000000 + a.load_row) || ' ' || a.route_id) AS entry
    FROM attempts AS a
    WHERE +a.result = 'admitted'
    GROUP BY +a.case_id
),
per_case AS MATERIALIZED (
    SELECT r.muster_point_id,
           unixepoch(substr(e.entry, 1, 19))
           - (SELECT unixepoch(CASE WHEN length(min(f.attempted_at)) = 10 THEN min(f.attempted_at) || 'T00:00:00'
                                    ELSE substr(min(f.attempted_at), 1, 19) END)
              FROM attempts AS f
              WHERE f.case_id = e.case_id) AS seconds,
           (SELECT count(*)
            FROM attempts AS x
            WHERE x.case_id = e.case_id
              AND x.attempted_at < CASE WHEN substr(e.entry, 12, 8) = '00:00:00' THEN substr(e.entry, 1, 10)
                                        ELSE substr(e.entry, 1, 19) END) AS before
    FROM entries AS e
    JOIN routes AS r ON r.id = substr(e.entry, 43)
),
groups AS (
    SELECT muster_point_id, count(*) AS n
    FROM per_case
    GROUP BY muster_point_id
),
ranked AS (
    SELECT p.muster_point_id, p.seconds, p.before, g.n,
           row_number() OVER (PARTITION BY p.muster_point_id ORDER BY p.seconds) AS position
    FROM per_case AS p
    JOIN groups AS g ON g.muster_point_id IS p.muster_point_id
)
SELECT muster_point_id,
       max(n) AS cases,
       ((2 * max(CASE WHEN position = (n + 1) / 2 THEN seconds END) + 360) / 720) / 10.0 AS median_hours,
       ((2 * max(CASE WHEN position = (9 * n + 9) / 10 THEN seconds END) + 360) / 720) / 10.0 AS p90_hours,
       ((2 * max(seconds) + 360) / 720) / 10.0 AS max_hours,
       ((200 * sum(before) + max(n)) / (2 * max(n))) / 100.0 AS mean_attempts_before_entry
FROM ranked
GROUP BY muster_point_id
ORDER BY muster_point_id;
