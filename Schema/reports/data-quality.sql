-- title: Data quality
-- description: One row per finding: an admitted attempt with no resolved outcome of its case at or after it; a resolved outcome followed by a later still_in_country outcome of the same case (later: greater occurred_at, or the same and loaded later); an escort run whose people is below the people of its admitted attempts; a turned-away incident whose attempt's result is not turned_away. Ordered by kind, id, problem.

-- From the derived tables (migration 0004, kept up to date by every load):
-- - derived_findings holds the findings about a case's own attempts and
--   outcomes (the first two);
-- - derived_admitted has one row per admitted attempt with its people (its
--   people, else its case's size), summed per escort run;
-- - derived_turned_away marks the turned-away incidents whose attempt's
--   result is not turned_away (mismatch), found through a partial index.
-- Times are compared as instants (see migration 0004 and the refresh).
WITH
run_people AS (
    SELECT escort_run_id, sum(people) AS people
    FROM derived_admitted
    WHERE escort_run_id IS NOT NULL
    GROUP BY escort_run_id
)
SELECT kind, id, problem FROM derived_findings
UNION ALL
SELECT 'escort_runs', e.id, 'escort run people below the people of its admitted attempts'
FROM run_people AS p
JOIN escort_runs AS e ON e.id = p.escort_run_id
WHERE e.people < p.people
UNION ALL
SELECT 'incidents', t.incident_id, 'turned-away incident whose attempt''s result is not turned_away'
FROM derived_turned_away AS t INDEXED BY derived_turned_away_mismatched
WHERE t.mismatch = 1
ORDER BY kind, id, problem;
