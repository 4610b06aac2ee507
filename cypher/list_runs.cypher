// name: list_runs
// description: Every analysis run kept in the database, oldest first (without memberships).
// access: internal
// returns: run_id, created_at, meta
MATCH (r:GroupRun)
RETURN r.id AS run_id, r.created_at AS created_at, r.meta AS meta
ORDER BY created_at, run_id
