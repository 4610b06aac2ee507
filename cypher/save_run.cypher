// name: save_run
// description: Keep one analysis run (its groups' stable ids and identity events) in the database.
// access: internal
// param run_id: string — the run's id
// param created_at: string — when the run was made (ISO date-time, UTC)
// param meta: string — the run's provenance and events, as JSON
// param memberships: string — the run's memberships as CSV (group_id, person_id, confidence, bridge_to)
// returns: run_id
MERGE (r:GroupRun {id: $run_id})
SET r.created_at = $created_at, r.meta = $meta, r.memberships = $memberships
RETURN r.id AS run_id
