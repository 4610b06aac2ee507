// name: question_neighbours
// description: The people and contexts one allowed association away from any of the given ids (one step of a breadth-first search).
// param ids: list<string> — ids of the people or contexts to step out from
// param types: list<string> — the association types that may be followed
// param confidences: list<string> — the confidences that may be followed (high, medium, low)
// returns: id, is_person
// One step per call, so that an ego network of any depth is found level by level without
// enumerating paths: a variable-length pattern lists every path, which explodes around a
// school. Only associations (which carry a key) are followed, never group memberships.
CALL () {
  MATCH (n:Person) WHERE n.id IN $ids RETURN n
  UNION
  MATCH (n:Context) WHERE n.id IN $ids RETURN n
}
MATCH (n)-[r]-(m:Person|Context)
WHERE r.key IS NOT NULL AND r.type IN $types AND r.confidence IN $confidences
RETURN DISTINCT m.id AS id, m:Person AS is_person
ORDER BY id
