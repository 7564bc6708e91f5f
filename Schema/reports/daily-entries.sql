-- title: Daily entries
-- description: One row per local date with any attempt or escort run: runs that departed that day, admitted attempts and their people, turned-away attempts (attempts by the local date of attempted_at). Ordered by date.

-- The case's size is looked up only for admitted attempts with empty people.
WITH
per_day AS (
    SELECT substr(departed_at, 1, 10) AS date,
           1 AS escort_runs,
           0 AS admitted_attempts,
           0 AS people_admitted,
           0 AS turned_away_attempts
    FROM escort_runs
    UNION ALL
    SELECT substr(a.attempted_at, 1, 10),
           0,
           a.result = 'admitted',
           CASE WHEN a.result = 'admitted'
                THEN coalesce(a.people, (SELECT c.size FROM cases AS c WHERE c.id = a.case_id))
                ELSE 0 END,
           a.result = 'turned_away'
    FROM attempts AS a
)
SELECT date,
       sum(escort_runs) AS escort_runs,
       sum(admitted_attempts) AS admitted_attempts,
       sum(people_admitted) AS people_admitted,
       sum(turned_away_attempts) AS turned_away_attempts
FROM per_day
GROUP BY date
ORDER BY date;
