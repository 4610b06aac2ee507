// name: get_run
// description: One analysis run kept in the database, with its memberships.
// access: internal
// param run_id: string — the run's id (see list_runs)
// returns: run_id, meta, memberships
MATCH (r:GroupRun {id: $run_id})
RETURN r.id AS run_id, r.meta AS meta, r.memberships AS memberships
