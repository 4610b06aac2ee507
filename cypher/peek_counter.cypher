// name: peek_counter
// description: The next number of a counter that no kept run has used (1 when the counter is new).
// access: internal
// param counter: string — the counter's name
// returns: next
OPTIONAL MATCH (c:CsPeersCounter {name: $counter})
RETURN coalesce(c.value, 1) AS next
