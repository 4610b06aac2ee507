// name: save_run
// description: Keep one analysis run (its groups' stable ids and identity events) in the database.
// access: internal
// param run_id: string — the run's id
// param created_at: string — when the run was made (ISO date-time, UTC)
// param meta: string — the run's provenance and events, as JSON
// param memberships: string — the run's memberships as CSV (group_id, person_id, confidence, bridge_to)
// returns: run_id
// Runs made in the same second tie on created_at: the position keeps the order they were kept in.
OPTIONAL MATCH (kept:GroupRun)
WITH coalesce(max(kept.position), -1) + 1 AS next
MERGE (r:GroupRun {id: $run_id})
ON CREATE SET r.position = next
SET r.created_at = $created_at, r.meta = $meta, r.memberships = $memberships
RETURN r.id AS run_id
