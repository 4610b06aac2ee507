// name: paths_between
// description: The shortest chains of associations between two people or contexts, up to `max_depth` hops.
// param a: string — id of the first person or context
// param b: string — id of the second person or context
// param max_depth: integer 1..6 — the most hops a chain may have
// returns: length, ids, labels, types
// Bounds of shortest paths cannot be parameters: search to the fixed bound (6), then keep
// chains within $max_depth. That filter stays out of the shortest-path WHERE, where it would
// make Neo4j plan an exhaustive fallback search. Only associations (with a key) are followed.
MATCH (a:Person|Context {id: $a})
MATCH (b:Person|Context {id: $b})
WHERE a <> b
MATCH p = allShortestPaths((a)-[rels*..6]-(b))
WHERE all(r IN rels WHERE r.key IS NOT NULL)
WITH p, rels
WHERE length(p) <= $max_depth
RETURN
  length(p) AS length,
  [n IN nodes(p) | n.id] AS ids,
  [n IN nodes(p) |
    CASE
      WHEN n:Person AND n.label <> '' THEN n.label
      WHEN n:Context AND n.name <> '' THEN n.name
      ELSE n.id
    END] AS labels,
  [r IN rels | r.type] AS types
ORDER BY ids
