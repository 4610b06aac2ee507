// name: connecting_people
// description: People and contexts directly associated with three or more of the given people (a connecting network, as in i2's "find connecting network").
// param ids: list<string> — ids of the people to connect
// returns: id, kind, label, linked_count, linked
UNWIND $ids AS given_id
MATCH (given:Person {id: given_id})-[r]-(c:Person|Context)
WHERE r.key IS NOT NULL AND c <> given
WITH c, given.id AS linked_id
ORDER BY linked_id
WITH c, collect(DISTINCT linked_id) AS linked
WHERE size(linked) >= 3
RETURN
  c.id AS id,
  c.kind AS kind,
  CASE
    WHEN c:Person AND c.label <> '' THEN c.label
    WHEN c:Context AND c.name <> '' THEN c.name
    ELSE c.id
  END AS label,
  size(linked) AS linked_count,
  linked
ORDER BY id
