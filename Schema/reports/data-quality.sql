-- title: Data quality
-- description: One row per finding: an admitted attempt with no resolved outcome at or after it; a resolved outcome followed by a later still_in_country outcome of the same case; an escort run whose people is below the people of its admitted attempts; a turned-away incident whose attempt's result is not turned_away. Ordered by kind, id, problem.
WITH
timed_outcomes AS (
    SELECT id, case_id, status, load_id, load_row,
           status IN ('entered_airport', 'departed', 'at_transit_site',
                      'arrived', 'withdrawn', 'deceased') AS resolved,
           CASE WHEN length(occurred_at) = 10 THEN occurred_at || 'T00:00:00'
                ELSE substr(occurred_at, 1, 19) END AS t
    FROM outcomes
),
last_resolved AS (
    SELECT case_id, max(t) AS t
    FROM timed_outcomes
    WHERE resolved
    GROUP BY case_id
),
unresolved_entries AS (
    SELECT 'attempts' AS kind, a.id,
           'admitted attempt with no resolved outcome after it' AS problem
    FROM attempts AS a
    LEFT JOIN last_resolved AS l ON l.case_id = a.case_id
    WHERE a.result = 'admitted'
      AND (l.t IS NULL
           OR l.t < CASE WHEN length(a.attempted_at) = 10 THEN a.attempted_at || 'T00:00:00'
                         ELSE substr(a.attempted_at, 1, 19) END)
),
reopened AS (
    SELECT 'outcomes' AS kind, id,
           'resolved outcome followed by a later still_in_country' AS problem
    FROM (
        SELECT id, resolved,
               max(status = 'still_in_country') OVER (
                   PARTITION BY case_id ORDER BY t, load_id, load_row
                   ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS still_later
        FROM timed_outcomes
        WHERE case_id IN (SELECT case_id FROM timed_outcomes WHERE status = 'still_in_country')
    )
    WHERE resolved AND still_later
),
overfull_runs AS (
    SELECT 'escort_runs' AS kind, e.id,
           'escort run people below the people of its admitted attempts' AS problem
    FROM escort_runs AS e
    JOIN (
        SELECT a.escort_run_id, sum(coalesce(a.people, c.size)) AS people
        FROM attempts AS a
        JOIN cases AS c ON c.id = a.case_id
        WHERE a.result = 'admitted' AND a.escort_run_id IS NOT NULL
        GROUP BY a.escort_run_id
    ) AS s ON s.escort_run_id = e.id
    WHERE e.people < s.people
),
mismatched_incidents AS (
    SELECT 'incidents' AS kind, i.id,
           'turned-away incident whose attempt''s result is not turned_away' AS problem
    FROM incidents AS i
    JOIN attempts AS a ON a.id = i.attempt_id
    WHERE i.kind = 'turned_away' AND a.result <> 'turned_away'
)
SELECT kind, id, problem FROM unresolved_entries
UNION ALL
SELECT kind, id, problem FROM reopened
UNION ALL
SELECT kind, id, problem FROM overfull_runs
UNION ALL
SELECT kind, id, problem FROM mismatched_incidents
ORDER BY kind, id, problem;
