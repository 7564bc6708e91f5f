-- title: Unresolved cases
-- description: One row per unresolved case (current status still_in_country, unknown or none): its attempts and turned-away attempts, its latest attempt and that attempt's muster point, its latest activity (attempts and outcomes, else registered_at) and the whole days from it to as_of. Ordered by turned-away attempts (most first), then oldest activity, then case.
-- param: as_of time default now  The time days_since_activity counts to (it filters nothing).
-- param: category category optional  Only cases of this category.

-- derived_cases (migration 0004, kept up to date by every load) holds each
-- unresolved case's figures, and its index derived_cases_unresolved holds
-- them in this report's order (turned_away descending, then activity_key:
-- the key of last_activity_at, '' when none, so empty first; then case_id):
-- the report reads that index alone, without a sort. days_since_activity
-- counts from activity_epoch, the instant of last_activity_at in Unix
-- seconds, to as_of (a subquery, computed once): whole days rounded down, also when as_of is earlier ((d + 100000
-- days) is never negative, so its integer division is a true floor).
SELECT c.case_id,
       c.category,
       c.size,
       c.current_status,
       c.attempts,
       c.turned_away,
       c.last_attempt_at,
       c.last_muster_point_id,
       c.last_activity_at,
       ((SELECT coalesce(unixepoch(CASE WHEN length(:as_of) = 10
                                        THEN :as_of || 'T00:00:00'
                                             || (SELECT coalesce(max(value), '+00:00') FROM settings WHERE key = 'event_zone')
                                        ELSE :as_of END),
                         unixepoch('now')))
        - c.activity_epoch + 100000 * 86400) / 86400 - 100000 AS days_since_activity
FROM derived_cases AS c INDEXED BY derived_cases_unresolved
WHERE c.resolved = 0
  AND (:category IS NULL OR c.category = :category)
ORDER BY c.turned_away DESC, c.activity_key, c.case_id;
