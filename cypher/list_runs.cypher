// name: list_runs
// description: Every analysis run kept in the database, oldest first (without memberships).
// access: internal
// returns: run_id, created_at, meta
// Runs kept before positions were recorded come first, in the order of their times.
MATCH (r:GroupRun)
RETURN r.id AS run_id, r.created_at AS created_at, r.meta AS meta
ORDER BY coalesce(r.position, -1), created_at, run_id
