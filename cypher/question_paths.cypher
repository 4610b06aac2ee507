// name: question_paths
// description: Every shortest chain of allowed associations between two people, up to `max_length` hops, once per sequence of ids.
// param a: string — id of the first person
// param b: string — id of the second person
// param types: list<string> — the association types a chain may follow (leave out the person-to-context types to keep chains off contexts)
// param confidences: list<string> — the confidences a chain may follow (high, medium, low)
// param max_length: integer 1..10 — the most associations a chain may have
// returns: ids
// The bound of a shortest-path search cannot be a parameter: search to the fixed bound (10),
// then keep chains within $max_length. Only relationship predicates sit in the shortest-path
// WHERE, so Neo4j checks them while it searches instead of falling back to listing every path.
// Repeated records of a pair give one path each; DISTINCT keeps one per sequence of ids.
MATCH (a:Person {id: $a})
MATCH (b:Person {id: $b})
WHERE a <> b
MATCH p = allShortestPaths((a)-[*..10]-(b))
WHERE all(r IN relationships(p) WHERE r.key IS NOT NULL AND r.type IN $types AND r.confidence IN $confidences)
WITH DISTINCT [n IN nodes(p) | n.id] AS ids
WHERE size(ids) - 1 <= $max_length
RETURN ids
