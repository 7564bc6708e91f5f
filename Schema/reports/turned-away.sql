-- title: Turned away
-- description: Incidents of kind turned_away grouped by place (the muster point, else the gate) and the category of the incident's case (unknown when it names no case): incidents, people affected, and how many are confirmed, unconfirmed, disputed. Ordered by incidents (most first), then place, then category.

-- The unary + reads incidents once instead of walking incidents_by_kind and
-- looking every turned-away incident up.
SELECT coalesce(i.muster_point_id, i.gate_id) AS place_id,
       CASE WHEN i.muster_point_id IS NOT NULL THEN 'muster_point' ELSE 'gate' END AS place_kind,
       coalesce(c.category, 'unknown') AS category,
       count(*) AS incidents,
       coalesce(sum(i.people_affected), 0) AS people_affected,
       count(*) FILTER (WHERE i.verification = 'confirmed') AS confirmed,
       count(*) FILTER (WHERE i.verification = 'unconfirmed') AS unconfirmed,
       count(*) FILTER (WHERE i.verification = 'disputed') AS disputed
FROM incidents AS i
LEFT JOIN cases AS c ON c.id = i.case_id
WHERE +i.kind = 'turned_away'
GROUP BY place_id, place_kind, category
ORDER BY incidents DESC, place_id, category, place_kind;
