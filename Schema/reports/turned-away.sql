-- title: Turned away
-- description: Incidents of kind turned_away grouped by place (the muster point, else the gate) and the category of the incident's case (unknown when it names no case): incidents, people affected, and how many are confirmed, unconfirmed, disputed. Ordered by incidents (most first), then place, then category.

-- derived_turned_away (migration 0004, kept up to date by every load) has
-- one row per turned-away incident with its place and the category of its
-- case; its index derived_turned_away_by_place is in the order of the
-- groups, so the GROUP BY reads it alone without a sort.
SELECT place_id,
       place_kind,
       category,
       count(*) AS incidents,
       coalesce(sum(people_affected), 0) AS people_affected,
       count(*) FILTER (WHERE verification = 'confirmed') AS confirmed,
       count(*) FILTER (WHERE verification = 'unconfirmed') AS unconfirmed,
       count(*) FILTER (WHERE verification = 'disputed') AS disputed
FROM derived_turned_away INDEXED BY derived_turned_away_by_place
GROUP BY place_id, place_kind, category
ORDER BY incidents DESC, place_id, category, place_kind;
