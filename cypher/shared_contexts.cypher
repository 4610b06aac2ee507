// name: shared_contexts
// description: The contexts a person is recorded at, with the other people recorded at each one.
// param person_id: string — the person's id
// returns: context_id, context_kind, context_name, types, shared_with, shared_count
MATCH (p:Person {id: $person_id})-[own]-(c:Context)
WHERE own.key IS NOT NULL
WITH p, c, collect(DISTINCT own.type) AS types
OPTIONAL MATCH (c)-[other]-(q:Person)
WHERE other.key IS NOT NULL AND q <> p
WITH c, types, q
ORDER BY q.id
WITH c, types, collect(DISTINCT q.id) AS shared_with
RETURN
  c.id AS context_id,
  c.kind AS context_kind,
  c.name AS context_name,
  types,
  shared_with,
  size(shared_with) AS shared_count
ORDER BY context_id
