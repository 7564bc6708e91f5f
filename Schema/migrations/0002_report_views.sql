-- Migration 2: views shared by the canned reports (Schema/reports) and
-- queries (Schema/queries). Views only: no data changes.
--
-- Time keys. Stored times are 'YYYY-MM-DDTHH:MM:SS+HH:MM' or 'YYYY-MM-DD'
-- (local midnight), all with the event zone's offset. A time's "key" is
-- its local time as 'YYYY-MM-DDTHH:MM:SS' (date-only values get
-- 'T00:00:00'): keys compare exactly like the instants, so a date-only value
-- and the same day's midnight are equal (a tie), not "date-only first" as in
-- plain text order. Differences of unixepoch(key) are true differences in
-- seconds, since every stored value has the same offset.

-- A case's current outcome (SPEC §4): the greatest occurred_at, on a tie the
-- one loaded last. One row per case that has an outcome.
CREATE VIEW case_current_outcome AS
SELECT outcome_id, case_id, status, occurred_at, location
FROM (
    SELECT id AS outcome_id, case_id, status, occurred_at, location,
           row_number() OVER (
               PARTITION BY case_id
               ORDER BY CASE WHEN length(occurred_at) = 10 THEN occurred_at || 'T00:00:00'
                             ELSE substr(occurred_at, 1, 19) END DESC,
                        load_id DESC, load_row DESC) AS position
    FROM outcomes
)
WHERE position = 1;

-- Every case with its current status ('none' without an outcome) and
-- whether it is resolved (1) or unresolved (0).
CREATE VIEW case_status AS
SELECT c.id AS case_id,
       c.category,
       c.size,
       c.registered_at,
       coalesce(o.status, 'none') AS current_status,
       o.occurred_at AS status_at,
       o.location,
       coalesce(o.status IN ('entered_airport', 'departed', 'at_transit_site',
                             'arrived', 'withdrawn', 'deceased'), 0) AS resolved
FROM cases AS c
LEFT JOIN case_current_outcome AS o ON o.case_id = c.id;
