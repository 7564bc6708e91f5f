-- title: Turned away by documents shown
-- description: Incidents of kind turned_away grouped by place (the muster point, else the gate) and the documents shown (unknown when not recorded): incidents and people affected (sum, empty counted as 0). Ordered by place, then documents.

-- The place is that of the turned-away report. The index incidents_by_kind
-- (kind, muster_point_id, gate_id) gives the turned-away incidents; the
-- few groups are sorted at the end. The GROUP BY names the expression, not
-- `documents`: that name would be the column, where a null and 'unknown'
-- are two groups.
SELECT coalesce(muster_point_id, gate_id) AS place_id,
       CASE WHEN muster_point_id IS NULL THEN 'gate' ELSE 'muster_point' END AS place_kind,
       coalesce(documents, 'unknown') AS documents,
       count(*) AS incidents,
       coalesce(sum(people_affected), 0) AS people_affected
FROM incidents INDEXED BY incidents_by_kind
WHERE kind = 'turned_away'
GROUP BY place_id, place_kind, coalesce(documents, 'unknown')
ORDER BY place_id, place_kind, documents;
