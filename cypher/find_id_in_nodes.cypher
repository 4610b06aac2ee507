// name: find_id_in_nodes
// description: Count the nodes that still hold an id in any property (checks an erasure).
// access: internal
// param value: string — the id searched for
// returns: nodes
MATCH (n)
WHERE any(k IN keys(n) WHERE
  (n[k] IS :: STRING AND n[k] CONTAINS $value) OR
  (n[k] IS :: LIST<STRING> AND any(x IN n[k] WHERE x CONTAINS $value)))
RETURN count(n) AS nodes
