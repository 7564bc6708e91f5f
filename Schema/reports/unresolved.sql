-- title: Unresolved cases
-- description: One row per unresolved case (current status still_in_country, unknown or none): attempts, turned-away attempts, latest attempt and its muster point, latest activity and whole days since it. Ordered by turned-away attempts (most first), then oldest activity, then case.
-- param: as_of time default now  The time days_since_activity is counted to (it filters nothing).
-- param: category text optional  Only cases of this category.
WITH
zone AS (
    SELECT coalesce((SELECT value FROM settings WHERE key = 'event_zone'), '+00:00') AS zone_offset
),
open_cases AS (
    SELECT case_id, category, size, registered_at, current_status
    FROM case_status
    WHERE resolved = 0
      AND (:category IS NULL OR category = :category)
),
tried AS (
    SELECT a.case_id, a.route_id, a.attempted_at,
           count(*) OVER per_case AS attempts,
           sum(a.result = 'turned_away') OVER per_case AS turned_away,
           row_number() OVER (
               PARTITION BY a.case_id
               ORDER BY CASE WHEN length(a.attempted_at) = 10 THEN a.attempted_at || 'T00:00:00'
                             ELSE substr(a.attempted_at, 1, 19) END DESC,
                        a.load_id DESC, a.load_row DESC) AS recency
    FROM attempts AS a
    WHERE a.case_id IN (SELECT case_id FROM open_cases)
    WINDOW per_case AS (PARTITION BY a.case_id)
),
last_attempt AS (
    SELECT t.case_id, t.attempts, t.turned_away, t.attempted_at AS last_attempt_at,
           r.muster_point_id AS last_muster_point_id
    FROM tried AS t
    JOIN routes AS r ON r.id = t.route_id
    WHERE t.recency = 1
),
last_outcome AS (
    SELECT o.case_id, max(o.occurred_at) AS last_outcome_at
    FROM outcomes AS o
    WHERE o.case_id IN (SELECT case_id FROM open_cases)
    GROUP BY o.case_id
),
activity AS (
    SELECT c.case_id, c.category, c.size, c.current_status,
           coalesce(l.attempts, 0) AS attempts,
           coalesce(l.turned_away, 0) AS turned_away,
           l.last_attempt_at,
           l.last_muster_point_id,
           CASE
               WHEN l.last_attempt_at IS NULL AND o.last_outcome_at IS NULL THEN c.registered_at
               WHEN o.last_outcome_at IS NULL THEN l.last_attempt_at
               WHEN l.last_attempt_at IS NULL THEN o.last_outcome_at
               WHEN l.last_attempt_at >= o.last_outcome_at THEN l.last_attempt_at
               ELSE o.last_outcome_at
           END AS last_activity_at
    FROM open_cases AS c
    LEFT JOIN last_attempt AS l ON l.case_id = c.case_id
    LEFT JOIN last_outcome AS o ON o.case_id = c.case_id
),
elapsed AS (
    SELECT a.*,
           coalesce(unixepoch(CASE WHEN length(:as_of) = 10 THEN :as_of || 'T00:00:00' || z.zone_offset ELSE :as_of END),
                    unixepoch('now'))
           - unixepoch(CASE WHEN length(a.last_activity_at) = 10 THEN a.last_activity_at || 'T00:00:00' || z.zone_offset
                            ELSE a.last_activity_at END) AS seconds
    FROM activity AS a, zone AS z
)
SELECT case_id,
       category,
       size,
       current_status,
       attempts,
       turned_away,
       last_attempt_at,
       last_muster_point_id,
       last_activity_at,
       CASE WHEN seconds >= 0 THEN seconds / 86400
            ELSE -((86399 - seconds) / 86400) END AS days_since_activity
FROM elapsed
ORDER BY turned_away DESC,
         CASE WHEN length(last_activity_at) = 10 THEN last_activity_at || 'T00:00:00'
              ELSE substr(last_activity_at, 1, 19) END,
         case_id;
