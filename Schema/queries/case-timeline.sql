-- title: Case timeline
-- description: One case's attempts, incidents (those naming the case or one of its attempts) and outcomes in time order; on the same instant attempts, then incidents, then outcomes, then load order. what is the attempt's result, the incident's kind or the outcome's status; people is the attempt's people (the case's size when empty) or the incident's people_affected; detail is the attempt's escort run, the incident's denied_by/reason/documents or the outcome's location.
-- param: case_id text required  The case's id.
WITH
the_case AS (
    SELECT id, size FROM cases WHERE id = :case_id
),
its_attempts AS (
    SELECT a.id, a.route_id FROM attempts AS a WHERE a.case_id = :case_id
),
events AS (
    SELECT a.attempted_at AS at, 'attempt' AS kind, 1 AS kind_order, a.id, a.result AS what,
           a.route_id, r.muster_point_id, r.gate_id,
           coalesce(a.people, c.size) AS people,
           a.escort_run_id AS detail,
           a.source_id, a.load_id, a.load_row
    FROM attempts AS a
    JOIN the_case AS c ON c.id = a.case_id
    JOIN routes AS r ON r.id = a.route_id
    UNION ALL
    SELECT i.occurred_at, 'incident', 2, i.id, i.kind,
           ia.route_id, i.muster_point_id, i.gate_id,
           i.people_affected,
           nullif(substr(coalesce('; denied_by: ' || i.denied_by, '')
                         || coalesce('; reason: ' || i.reason, '')
                         || coalesce('; documents: ' || i.documents, ''), 3), ''),
           i.source_id, i.load_id, i.load_row
    FROM incidents AS i
    LEFT JOIN attempts AS ia ON ia.id = i.attempt_id
    WHERE i.id IN (SELECT id FROM incidents WHERE case_id = :case_id
                   UNION
                   SELECT id FROM incidents WHERE attempt_id IN (SELECT id FROM its_attempts))
    UNION ALL
    SELECT o.occurred_at, 'outcome', 3, o.id, o.status,
           NULL, NULL, NULL, NULL,
           o.location,
           o.source_id, o.load_id, o.load_row
    FROM outcomes AS o
    WHERE o.case_id = :case_id
)
SELECT at, kind, id, what, route_id, muster_point_id, gate_id, people, detail, source_id
FROM events
-- substr(t || 'T00:00:00', 1, 19): the key of a stored time (Schema/refresh/derived.sql).
ORDER BY substr(at || 'T00:00:00', 1, 19),
         kind_order, load_id, load_row;
