-- title: Time to entry
-- description: For cases with an admitted attempt, the hours from their first attempt to their first admitted attempt, grouped by the muster point of that admitted attempt (straight-to-gate routes first, as an empty muster point): cases, median, 90th percentile (nearest rank) and maximum hours (1 decimal), and the mean number of attempts before the admitted one (2 decimals).

-- derived_cases (migration 0004, kept up to date by every load) holds, for
-- each case with an admitted attempt, the muster point of its first
-- admitted attempt (earliest; on a tie the one loaded first), the seconds
-- from its first attempt to it and the number of its attempts strictly
-- earlier (entry_*). The GROUP BY reads them from the index
-- derived_cases_by_entry, ordered by muster point (null first) and seconds,
-- without a sort, so each group's rows reach json_group_array in ascending
-- seconds: the nearest-rank median and 90th percentile (the ceil(q n)-th
-- smallest) are elements (n + 1) / 2 and (9 n + 9) / 10 (from 1) of that
-- array. Rounding is half away from zero, in integers.
WITH
groups AS MATERIALIZED (
    SELECT entry_muster_point_id AS muster_point_id,
           count(*) AS n,
           max(entry_seconds) AS max_seconds,
           sum(entry_before) AS before,
           json_group_array(entry_seconds) AS seconds
    FROM derived_cases INDEXED BY derived_cases_by_entry
    WHERE entry_seconds IS NOT NULL
    GROUP BY entry_muster_point_id
)
SELECT muster_point_id,
       n AS cases,
       ((2 * (seconds ->> ((n + 1) / 2 - 1)) + 360) / 720) / 10.0 AS median_hours,
       ((2 * (seconds ->> ((9 * n + 9) / 10 - 1)) + 360) / 720) / 10.0 AS p90_hours,
       ((2 * max_seconds + 360) / 720) / 10.0 AS max_hours,
       ((200 * before + n) / (2 * n)) / 100.0 AS mean_attempts_before_entry
FROM groups
ORDER BY muster_point_id;
