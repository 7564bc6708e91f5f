-- title: Unresolved cases
-- description: One row per unresolved case (current status still_in_country, unknown or none): its attempts and turned-away attempts, its latest attempt and that attempt's muster point, its latest activity (attempts and outcomes, else registered_at) and the whole days from it to as_of. Ordered by turned-away attempts (most first), then oldest activity, then case.
-- param: as_of time default now  The time days_since_activity counts to (it filters nothing).
-- param: category text optional  Only cases of this category.

-- Cases are read in id order, each with its attempts through the index
-- attempts_by_case, so the GROUP BY needs no sort. The latest attempt
-- (greatest attempted_at as an instant; on a tie the one loaded last) is the
-- max() of a sortable text: key (19 characters) || load_id (11) ||
-- load_row (11) || ' ' || attempted_at || ' ' || route_id. The latest
-- outcome is the case's current outcome (status_at).
WITH
per_case AS (
    SELECT s.case_id,
           s.category,
           s.size,
           s.registered_at,
           s.current_status,
           s.status_at,
           count(a.id) AS attempts,
           coalesce(sum(a.result = 'turned_away'), 0) AS turned_away,
           substr(max(CASE WHEN length(a.attempted_at) = 10 THEN a.attempted_at || 'T00:00:00'
                           ELSE substr(a.attempted_at, 1, 19) END
                      || (10000000000 + a.load_id) || (10000000000 + a.load_row)
                      || ' ' || a.attempted_at || ' ' || a.route_id), 43) AS latest
    FROM case_status AS s
    LEFT JOIN attempts AS a ON a.case_id = s.case_id
    WHERE s.resolved = 0
      AND (:category IS NULL OR s.category = :category)
    GROUP BY s.case_id
),
activity AS MATERIALIZED (
    SELECT p.case_id, p.category, p.size, p.current_status, p.attempts, p.turned_away,
           p.status_at, p.registered_at,
           substr(p.latest, 1, instr(p.latest, ' ') - 1) AS last_attempt_at,
           r.muster_point_id AS last_muster_point_id
    FROM per_case AS p
    LEFT JOIN routes AS r ON r.id = substr(p.latest, instr(p.latest, ' ') + 1)
),
timed AS MATERIALIZED (
    SELECT case_id, category, size, current_status, attempts, turned_away,
           last_attempt_at, last_muster_point_id,
           CASE WHEN last_attempt_at IS NULL AND status_at IS NULL THEN registered_at
                WHEN status_at IS NULL OR last_attempt_at >= status_at THEN last_attempt_at
                ELSE status_at END AS last_activity_at
    FROM activity
),
zone AS (
    SELECT coalesce(max(value), '+00:00') AS value FROM settings WHERE key = 'event_zone'
)
SELECT t.case_id,
       t.category,
       t.size,
       t.current_status,
       t.attempts,
       t.turned_away,
       t.last_attempt_at,
       t.last_muster_point_id,
       t.last_activity_at,
       -- whole days rounded down, also when as_of is earlier: (d + 100000 days)
       -- is never negative, so its integer division is a true floor
       (coalesce(unixepoch(CASE WHEN length(:as_of) = 10 THEN :as_of || 'T00:00:00' || z.value
                                ELSE :as_of END),
                 unixepoch('now'))
        - unixepoch(CASE WHEN length(t.last_activity_at) = 10 THEN t.last_activity_at || 'T00:00:00' || z.value
                         ELSE t.last_activity_at END)
        + 100000 * 86400) / 86400 - 100000 AS days_since_activity
FROM timed AS t
CROSS JOIN zone AS z
ORDER BY t.turned_away DESC,
         CASE WHEN length(t.last_activity_at) = 10 THEN t.last_activity_at || 'T00:00:00'
              ELSE substr(t.last_activity_at, 1, 19) END,
         t.case_id;
