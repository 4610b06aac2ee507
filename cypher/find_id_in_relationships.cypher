// name: find_id_in_relationships
// description: Count the relationships that still hold an id in any property (checks an erasure).
// access: internal
// param value: string — the id searched for
// returns: relationships
MATCH ()-[r]->()
WHERE any(k IN keys(r) WHERE
  (r[k] IS :: STRING AND r[k] CONTAINS $value) OR
  (r[k] IS :: LIST<STRING> AND any(x IN r[k] WHERE x CONTAINS $value)))
RETURN count(r) AS relationships
