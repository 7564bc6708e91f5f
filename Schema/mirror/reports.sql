-- The canned reports on the PostgreSQL side of `passage mirror`: run by
-- the mirror inside its schema (search_path set to it), so the names below
-- are the mirror's tables. They follow Schema/reports/*.sql and the
-- readings of docs/reports.md figure by figure; the mirror tests compare
-- them row by row with `passage report` on the same data.
--
-- Times are instants (timestamptz): a date-only value is local midnight in
-- the event zone, so it ties with that midnight written in full, and the
-- tie goes to load order (load_id, load_row) as in SQLite. Ids and text
-- sort by code point (COLLATE "C"), nulls first. Ratios are numeric,
-- rounded half away from zero (PostgreSQL's round on numeric).

-- Every query below works on whole tables at once (grouping, DISTINCT ON,
-- hash joins) rather than a lookup per case or route: at 200,000 cases that
-- is the difference between seconds and a fraction of one.

-- Every case with its current status: the status of its latest outcome
-- (greatest occurred_at, on a tie the one loaded last), 'none' without one.
CREATE VIEW case_status AS
SELECT c.id AS case_id,
       c.category,
       c.size,
       c.registered_at,
       coalesce(o.status, 'none') COLLATE "C" AS current_status,
       o.id AS outcome_id,
       o.occurred_at AS status_at,
       o.location,
       coalesce(o.status IN ('entered_airport', 'departed', 'at_transit_site',
                             'arrived', 'withdrawn', 'deceased'), false) AS resolved
FROM cases AS c
LEFT JOIN (
    SELECT DISTINCT ON (x.case_id) x.case_id, x.id, x.status, x.occurred_at, x.location
    FROM outcomes AS x
    ORDER BY x.case_id, x.occurred_at DESC, x.load_id DESC, x.load_row DESC) AS o ON o.case_id = c.id;

COMMENT ON VIEW case_status IS 'Every case with its current status (the status of its latest outcome; on a tie the one loaded last; none without an outcome) and whether it is resolved.';

-- entries-per-route, without its optional dates: one row for every route.
CREATE VIEW entries_per_route AS
WITH runs AS (
    SELECT e.route_id, count(*) AS escort_runs
    FROM escort_runs AS e
    GROUP BY e.route_id
),
tried AS (
    SELECT x.route_id,
           count(*) FILTER (WHERE x.result = 'admitted') AS admitted_attempts,
           count(DISTINCT x.case_id) FILTER (WHERE x.result = 'admitted') AS cases_admitted,
           coalesce(sum(coalesce(x.people, c.size)) FILTER (WHERE x.result = 'admitted'), 0)::bigint AS people_admitted,
           count(*) FILTER (WHERE x.result = 'turned_away') AS turned_away_attempts,
           min(x.attempted_at) FILTER (WHERE x.result = 'admitted') AS first_entry_at,
           max(x.attempted_at) FILTER (WHERE x.result = 'admitted') AS last_entry_at
    FROM attempts AS x
    JOIN cases AS c ON c.id = x.case_id
    GROUP BY x.route_id
)
SELECT r.id AS route_id,
       r.muster_point_id,
       r.gate_id,
       coalesce(n.escort_runs, 0) AS escort_runs,
       coalesce(t.admitted_attempts, 0) AS admitted_attempts,
       coalesce(t.cases_admitted, 0) AS cases_admitted,
       coalesce(t.people_admitted, 0) AS people_admitted,
       coalesce(t.turned_away_attempts, 0) AS turned_away_attempts,
       t.first_entry_at,
       t.last_entry_at
FROM routes AS r
LEFT JOIN runs AS n ON n.route_id = r.id
LEFT JOIN tried AS t ON t.route_id = r.id
ORDER BY coalesce(t.people_admitted, 0) DESC, r.id COLLATE "C";

COMMENT ON VIEW entries_per_route IS 'The entries-per-route report of passage (every date): one row per route, by people admitted (most first), then route.';

-- outcomes-by-muster-point: one row for every muster point.
CREATE VIEW outcomes_by_muster_point AS
WITH through AS (
    SELECT r.muster_point_id, x.case_id, x.result
    FROM attempts AS x
    JOIN routes AS r ON r.id = x.route_id
    WHERE r.muster_point_id IS NOT NULL
),
tried AS (
    SELECT t.muster_point_id,
           count(*) AS attempts,
           count(*) FILTER (WHERE t.result = 'admitted') AS admitted,
           count(*) FILTER (WHERE t.result = 'turned_away') AS turned_away
    FROM through AS t
    GROUP BY t.muster_point_id
),
cases_through AS (
    SELECT h.muster_point_id,
           count(*) AS cases,
           count(*) FILTER (WHERE s.resolved) AS resolved_cases,
           count(*) FILTER (WHERE s.current_status = 'arrived') AS arrived_cases
    FROM (SELECT DISTINCT t.muster_point_id, t.case_id FROM through AS t) AS h
    JOIN case_status AS s ON s.case_id = h.case_id
    GROUP BY h.muster_point_id
),
turned_away_incidents AS (
    SELECT i.muster_point_id, count(*) AS incidents
    FROM incidents AS i
    WHERE i.kind = 'turned_away' AND i.muster_point_id IS NOT NULL
    GROUP BY i.muster_point_id
)
SELECT m.id AS muster_point_id,
       m.name,
       coalesce(k.cases, 0) AS cases,
       coalesce(a.attempts, 0) AS attempts,
       coalesce(a.admitted, 0) AS admitted,
       coalesce(a.turned_away, 0) AS turned_away,
       CASE WHEN a.attempts > 0 THEN round(a.admitted::numeric / a.attempts, 3) END AS admission_rate,
       coalesce(i.incidents, 0) AS turned_away_incidents,
       coalesce(k.resolved_cases, 0) AS resolved_cases,
       coalesce(k.cases - k.resolved_cases, 0) AS unresolved_cases,
       coalesce(k.arrived_cases, 0) AS arrived_cases
FROM muster_points AS m
LEFT JOIN tried AS a ON a.muster_point_id = m.id
LEFT JOIN cases_through AS k ON k.muster_point_id = m.id
LEFT JOIN turned_away_incidents AS i ON i.muster_point_id = m.id
ORDER BY m.id COLLATE "C";

COMMENT ON VIEW outcomes_by_muster_point IS 'The outcomes-by-muster-point report of passage: one row per muster point, in id order.';

-- unresolved: one row per unresolved case. as_of only feeds
-- days_since_activity (whole days, rounded down, also when negative),
-- counted from whole seconds as passage does.
CREATE FUNCTION unresolved(as_of timestamptz DEFAULT now())
RETURNS TABLE (
    case_id text,
    category text,
    size bigint,
    current_status text,
    attempts bigint,
    turned_away bigint,
    last_attempt_at timestamptz,
    last_muster_point_id text,
    last_activity_at timestamptz,
    days_since_activity bigint)
LANGUAGE sql STABLE
SET search_path FROM CURRENT
AS $$
WITH counts AS (
    SELECT x.case_id,
           count(*) AS attempts,
           count(*) FILTER (WHERE x.result = 'turned_away') AS turned_away
    FROM attempts AS x
    GROUP BY x.case_id
),
latest AS (
    SELECT DISTINCT ON (x.case_id) x.case_id, x.attempted_at, x.route_id
    FROM attempts AS x
    ORDER BY x.case_id, x.attempted_at DESC, x.load_id DESC, x.load_row DESC
)
SELECT s.case_id,
       s.category,
       s.size,
       s.current_status,
       coalesce(n.attempts, 0),
       coalesce(n.turned_away, 0),
       la.attempted_at,
       lr.muster_point_id,
       v.last_activity_at,
       floor((extract(epoch FROM date_trunc('second', $1)) - extract(epoch FROM v.last_activity_at)) / 86400)::bigint
FROM case_status AS s
LEFT JOIN counts AS n ON n.case_id = s.case_id
LEFT JOIN latest AS la ON la.case_id = s.case_id
LEFT JOIN routes AS lr ON lr.id = la.route_id
CROSS JOIN LATERAL (
    SELECT CASE WHEN la.attempted_at IS NULL AND s.status_at IS NULL THEN s.registered_at
                ELSE greatest(la.attempted_at, s.status_at) END AS last_activity_at) AS v
WHERE NOT s.resolved
ORDER BY coalesce(n.turned_away, 0) DESC, v.last_activity_at NULLS FIRST, s.case_id COLLATE "C"
$$;

COMMENT ON FUNCTION unresolved(timestamptz) IS 'The unresolved report of passage: one row per unresolved case, days since its last activity counted to as_of.';
