// name: read_people
// description: Every person with all their stored properties, in the order of the file they came from.
// access: internal
// returns: id, kind, label, name, position, properties
MATCH (p:Person)
RETURN
  p.id AS id,
  p.kind AS kind,
  p.label AS label,
  p.name AS name,
  p._position AS position,
  properties(p) AS properties
ORDER BY position, id
