// name: reserve_numbers
// description: Hand out `count` numbers of a counter (group ids, review and action ids) that were never handed out before.
// access: internal
// param counter: string — the counter's name
// param count: integer 0..1000000000 — how many numbers
// param at_least: integer 1..2000000000 — the smallest number that may be handed out
// returns: first
MERGE (c:CsPeersCounter {name: $counter})
ON CREATE SET c.value = $at_least
WITH c, CASE WHEN c.value < $at_least THEN $at_least ELSE c.value END AS first
SET c.value = first + $count
RETURN first
