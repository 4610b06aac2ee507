// name: claim_numbers
// description: Take the numbers first..after-1 of a counter for a run being kept, unless another command took any of them meanwhile.
// access: internal
// param counter: string — the counter's name
// param first: integer 1..2000000000 — the first number the run used
// param after: integer 1..2000000000 — one past the last number the run used
// returns: free
MERGE (c:CsPeersCounter {name: $counter})
ON CREATE SET c.value = 1
WITH c, c.value <= $first AS free
SET c.value = CASE WHEN free THEN $after ELSE c.value END
RETURN free
