-- title: Outcomes
-- description: One row per case that tried at the muster point (every case when none is given): its category and size, its attempts there (all its attempts when no muster point is given), whether one of them was admitted, and its current status with the time and location of its current outcome. Ordered by case.
-- param: muster_point text optional  Only cases with an attempt through this muster point; attempts_here and admitted_here count only those attempts.
-- param: status text optional  Only cases with this current status (none: cases with no outcome).
-- booleans: admitted_here

-- Cases are read in id order, each with its attempts through the index
-- attempts_by_case: the GROUP BY and the ORDER BY need no sort.
SELECT s.case_id,
       s.category,
       s.size,
       count(a.id) AS attempts_here,
       coalesce(max(a.result = 'admitted'), 0) AS admitted_here,
       s.current_status,
       s.status_at,
       s.location
FROM case_status AS s
LEFT JOIN attempts AS a
       ON a.case_id = s.case_id
      AND (:muster_point IS NULL
           OR a.route_id IN (SELECT r.id FROM routes AS r WHERE r.muster_point_id = :muster_point))
WHERE :status IS NULL OR s.current_status = :status
GROUP BY s.case_id
HAVING :muster_point IS NULL OR count(a.id) > 0
ORDER BY s.case_id;
