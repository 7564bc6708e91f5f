-- title: Data quality
-- description: One row per finding: an admitted attempt with no resolved outcome of its case at or after it; a resolved outcome followed by a later still_in_country outcome of the same case (later: greater occurred_at, or the same and loaded later); an escort run whose people is below the people of its admitted attempts; a turned-away incident whose attempt's result is not turned_away. Ordered by kind, id, problem.

-- Times are compared as instants through their keys (the local time
-- 'YYYY-MM-DDTHH:MM:SS'; a date-only value is that day's midnight). The
-- unary + on a column keeps SQLite from walking an index of a large table
-- and looking every row up, which is much slower than reading it once;
-- CROSS JOIN keeps the still_in_country outcomes as the outer loop.
WITH
entries_without_outcome AS (
    SELECT 'attempts' AS kind, a.id,
           'admitted attempt with no resolved outcome after it' AS problem
    FROM attempts AS a
    WHERE +a.result = 'admitted'
      AND NOT EXISTS (
          SELECT 1
          FROM outcomes AS o
          WHERE o.case_id = a.case_id
            AND o.status IN ('entered_airport', 'departed', 'at_transit_site',
                             'arrived', 'withdrawn', 'deceased')
            AND CASE WHEN length(o.occurred_at) = 10 THEN o.occurred_at || 'T00:00:00'
                     ELSE substr(o.occurred_at, 1, 19) END
                >= CASE WHEN length(a.attempted_at) = 10 THEN a.attempted_at || 'T00:00:00'
                        ELSE substr(a.attempted_at, 1, 19) END)
),
reopened AS (
    SELECT DISTINCT 'outcomes' AS kind, r.id,
           'resolved outcome followed by a later still_in_country' AS problem
    FROM outcomes AS s
    CROSS JOIN outcomes AS r ON r.case_id = s.case_id
    WHERE +s.status = 'still_in_country'
      AND r.status IN ('entered_airport', 'departed', 'at_transit_site',
                       'arrived', 'withdrawn', 'deceased')
      AND (CASE WHEN length(r.occurred_at) = 10 THEN r.occurred_at || 'T00:00:00'
                ELSE substr(r.occurred_at, 1, 19) END, r.load_id, r.load_row)
          < (CASE WHEN length(s.occurred_at) = 10 THEN s.occurred_at || 'T00:00:00'
                  ELSE substr(s.occurred_at, 1, 19) END, s.load_id, s.load_row)
),
run_people AS (
    SELECT a.escort_run_id, sum(coalesce(a.people, (SELECT c.size FROM cases AS c WHERE c.id = a.case_id))) AS people
    FROM attempts AS a
    WHERE +a.result = 'admitted' AND +a.escort_run_id IS NOT NULL
    GROUP BY +a.escort_run_id
),
overfull_runs AS (
    SELECT 'escort_runs' AS kind, e.id,
           'escort run people below the people of its admitted attempts' AS problem
    FROM run_people AS p
    JOIN escort_runs AS e ON e.id = p.escort_run_id
    WHERE e.people < p.people
),
mismatched_incidents AS (
    SELECT 'incidents' AS kind, i.id,
           'turned-away incident whose attempt''s result is not turned_away' AS problem
    FROM incidents AS i
    JOIN attempts AS a ON a.id = i.attempt_id
    WHERE +i.kind = 'turned_away' AND a.result <> 'turned_away'
)
SELECT kind, id, problem FROM entries_without_outcome
UNION ALL
SELECT kind, id, problem FROM reopened
UNION ALL
SELECT kind, id, problem FROM overfull_runs
UNION ALL
SELECT kind, id, problem FROM mismatched_incidents
ORDER BY kind, id, problem;
