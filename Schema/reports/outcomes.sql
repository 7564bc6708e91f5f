-- title: Outcomes
-- description: One row per case that tried at the muster point (every case when none is given): its category and size, its attempts there, whether one was admitted, and its current status with the time and location of its current outcome. Ordered by case.
-- param: muster_point text optional  Only cases with an attempt through this muster point; attempts_here and admitted_here count only those attempts.
-- param: status text optional  Only cases with this current status ('none': cases with no outcome).
-- booleans: admitted_here
WITH
here AS (
    SELECT a.case_id,
           count(*) AS attempts_here,
           max(a.result = 'admitted') AS admitted_here
    FROM attempts AS a
    WHERE :muster_point IS NULL
       OR a.route_id IN (SELECT id FROM routes WHERE muster_point_id = :muster_point)
    GROUP BY a.case_id
)
SELECT s.case_id,
       s.category,
       s.size,
       coalesce(h.attempts_here, 0) AS attempts_here,
       coalesce(h.admitted_here, 0) AS admitted_here,
       s.current_status,
       s.status_at,
       s.location
FROM case_status AS s
LEFT JOIN here AS h ON h.case_id = s.case_id
WHERE (:muster_point IS NULL OR h.case_id IS NOT NULL)
  AND (:status IS NULL OR s.current_status = :status)
ORDER BY s.case_id;
