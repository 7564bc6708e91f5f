-- The canned reports on the PostgreSQL side of `passage mirror`: run by
-- the mirror inside its schema (search_path set to it), so the names below
-- are the mirror's tables. They follow Schema/reports/*.sql and their
-- DECISIONS.md figure by figure; the mirror tests compare them row by row
-- with `passage report` on the same data.
--
-- Times are instants (timestamptz): a date-only value is local midnight in
-- the event zone, so it ties with that midnight written in full, and the
-- tie goes to load order (load_id, load_row) as in SQLite. Ids and text
-- sort by code point (COLLATE "C"), nulls first. Ratios are numeric,
-- rounded half away from zero (PostgreSQL's round on numeric).

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
LEFT JOIN LATERAL (
    SELECT x.id, x.status, x.occurred_at, x.location
    FROM outcomes AS x
    WHERE x.case_id = c.id
    ORDER BY x.occurred_at DESC, x.load_id DESC, x.load_row DESC
    LIMIT 1) AS o ON true;

COMMENT ON VIEW case_status IS 'Every case with its current status (the status of its latest outcome; on a tie the one loaded last; none without an outcome) and whether it is resolved.';

-- entries-per-route, without its optional dates: one row for every route.
CREATE VIEW entries_per_route AS
SELECT r.id AS route_id,
       r.muster_point_id,
       r.gate_id,
       (SELECT count(*) FROM escort_runs AS e WHERE e.route_id = r.id) AS escort_runs,
       a.admitted_attempts,
       a.cases_admitted,
       a.people_admitted,
       (SELECT count(*) FROM attempts AS t WHERE t.route_id = r.id AND t.result = 'turned_away') AS turned_away_attempts,
       a.first_entry_at,
       a.last_entry_at
FROM routes AS r
CROSS JOIN LATERAL (
    SELECT count(*) AS admitted_attempts,
           count(DISTINCT x.case_id) AS cases_admitted,
           coalesce(sum(coalesce(x.people, c.size)), 0)::bigint AS people_admitted,
           min(x.attempted_at) AS first_entry_at,
           max(x.attempted_at) AS last_entry_at
    FROM attempts AS x
    JOIN cases AS c ON c.id = x.case_id
    WHERE x.route_id = r.id AND x.result = 'admitted') AS a
ORDER BY a.people_admitted DESC, r.id COLLATE "C";

COMMENT ON VIEW entries_per_route IS 'The entries-per-route report of passage (every date): one row per route, by people admitted (most first), then route.';

-- outcomes-by-muster-point: one row for every muster point.
CREATE VIEW outcomes_by_muster_point AS
SELECT m.id AS muster_point_id,
       m.name,
       k.cases,
       a.attempts,
       a.admitted,
       a.turned_away,
       CASE WHEN a.attempts > 0 THEN round(a.admitted::numeric / a.attempts, 3) END AS admission_rate,
       (SELECT count(*) FROM incidents AS i
        WHERE i.kind = 'turned_away' AND i.muster_point_id = m.id) AS turned_away_incidents,
       k.resolved_cases,
       k.cases - k.resolved_cases AS unresolved_cases,
       k.arrived_cases
FROM muster_points AS m
CROSS JOIN LATERAL (
    SELECT count(*) AS attempts,
           count(*) FILTER (WHERE x.result = 'admitted') AS admitted,
           count(*) FILTER (WHERE x.result = 'turned_away') AS turned_away
    FROM routes AS r
    JOIN attempts AS x ON x.route_id = r.id
    WHERE r.muster_point_id = m.id) AS a
CROSS JOIN LATERAL (
    SELECT count(*) AS cases,
           count(*) FILTER (WHERE s.resolved) AS resolved_cases,
           count(*) FILTER (WHERE s.current_status = 'arrived') AS arrived_cases
    FROM case_status AS s
    WHERE s.case_id IN (SELECT x.case_id
                        FROM routes AS r
                        JOIN attempts AS x ON x.route_id = r.id
                        WHERE r.muster_point_id = m.id)) AS k
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
SELECT s.case_id,
       s.category,
       s.size,
       s.current_status,
       n.attempts,
       n.turned_away,
       la.attempted_at,
       lr.muster_point_id,
       v.last_activity_at,
       floor((extract(epoch FROM date_trunc('second', $1)) - extract(epoch FROM v.last_activity_at)) / 86400)::bigint
FROM case_status AS s
CROSS JOIN LATERAL (
    SELECT count(*) AS attempts,
           count(*) FILTER (WHERE x.result = 'turned_away') AS turned_away
    FROM attempts AS x
    WHERE x.case_id = s.case_id) AS n
LEFT JOIN LATERAL (
    SELECT x.attempted_at, x.route_id
    FROM attempts AS x
    WHERE x.case_id = s.case_id
    ORDER BY x.attempted_at DESC, x.load_id DESC, x.load_row DESC
    LIMIT 1) AS la ON true
LEFT JOIN routes AS lr ON lr.id = la.route_id
CROSS JOIN LATERAL (
    SELECT CASE WHEN la.attempted_at IS NULL AND s.status_at IS NULL THEN s.registered_at
                ELSE greatest(la.attempted_at, s.status_at) END AS last_activity_at) AS v
WHERE NOT s.resolved
ORDER BY n.turned_away DESC, v.last_activity_at NULLS FIRST, s.case_id COLLATE "C"
$$;

COMMENT ON FUNCTION unresolved(timestamptz) IS 'The unresolved report of passage: one row per unresolved case, days since its last activity counted to as_of.';
