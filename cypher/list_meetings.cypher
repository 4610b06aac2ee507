// name: list_meetings
// description: Every meeting kept in the database, by lineage and day.
// access: internal
// returns: lineage, held_on, run_id, made_at, how
MATCH (m:Meeting)
RETURN m.lineage AS lineage, m.held_on AS held_on, m.run_id AS run_id, m.made_at AS made_at, m.how AS how
ORDER BY lineage, held_on
