// name: ego_network
// description: The person, and the people and contexts within `depth` associations of them, with the fewest hops to each.
// param person_id: string — the person's id
// param depth: integer 1..4 — how many hops to go out
// returns: id, kind, label, distance
// Variable-length bounds cannot be parameters: expand to the fixed bound (4) breadth-first, then
// keep what lies within $depth. Only associations (which carry a key) are followed, so group
// memberships never link people here.
MATCH (start:Person {id: $person_id})
CALL (start) {
  RETURN start AS n, 0 AS distance
  UNION
  MATCH (start)-[rels*1..4]-(n)
  WHERE all(r IN rels WHERE r.key IS NOT NULL)
  WITH start, n, min(size(rels)) AS distance
  WHERE distance <= $depth AND n <> start
  RETURN n, distance
}
RETURN
  n.id AS id,
  n.kind AS kind,
  CASE
    WHEN n:Person AND n.label <> '' THEN n.label
    WHEN n:Context AND n.name <> '' THEN n.name
    ELSE n.id
  END AS label,
  distance
ORDER BY distance, id
