-- title: Outcomes
-- description: One row per case that tried at the muster point (every case when none is given): its category and size, its attempts there (all its attempts when no muster point is given), whether one of them was admitted, and its current status with the time and location of its current outcome. Ordered by case.
-- param: muster_point muster_point optional  Only cases with an attempt through this muster point; attempts_here and admitted_here count only those attempts.
-- param: status status optional  Only cases with this current status (none: cases with no outcome).
-- booleans: admitted_here

-- derived_cases (migration 0004, kept up to date by every load) has one row
-- per case with its attempts and current outcome. Without a muster point
-- only the first branch runs, reading derived_cases in case order; with one,
-- only the second, which takes the cases from derived_case_muster_points
-- and counts their attempts through the muster point's
-- routes. The ORDER BY merges the two branches without a sort.
SELECT c.case_id,
       c.category,
       c.size,
       c.attempts AS attempts_here,
       c.admitted AS admitted_here,
       c.current_status,
       c.status_at,
       c.location
FROM derived_cases AS c
WHERE :muster_point IS NULL
  AND (:status IS NULL OR c.current_status = :status)
UNION ALL
SELECT c.case_id,
       c.category,
       c.size,
       (SELECT count(*)
        FROM attempts AS a
        JOIN routes AS r ON r.id = a.route_id
        WHERE a.case_id = c.case_id AND r.muster_point_id = :muster_point),
       (SELECT count(*) > 0
        FROM attempts AS a
        JOIN routes AS r ON r.id = a.route_id
        WHERE a.case_id = c.case_id AND r.muster_point_id = :muster_point AND a.result = 'admitted'),
       c.current_status,
       c.status_at,
       c.location
FROM derived_case_muster_points AS m
JOIN derived_cases AS c ON c.case_id = m.case_id
WHERE m.muster_point_id = :muster_point
  AND (:status IS NULL OR c.current_status = :status)
ORDER BY case_id;
