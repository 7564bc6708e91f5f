-- title: Places
-- description: Every muster point and gate with its name, coordinates and who controls it, and every route with its ends and name, each kind in id order: what the dashboard and the map draw. Notes are personal and never read.
SELECT 'muster_point' AS kind, id, name, latitude, longitude, controlled_by,
       NULL AS muster_point_id, NULL AS gate_id
FROM muster_points
UNION ALL
SELECT 'gate', id, name, latitude, longitude, controlled_by, NULL, NULL
FROM gates
UNION ALL
SELECT 'route', id, name, NULL, NULL, NULL, muster_point_id, gate_id
FROM routes
ORDER BY kind, id;
