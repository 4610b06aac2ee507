// name: schema_context_id
// description: Constraint (and index) making every :Context id unique; loads and look-ups seek on it.
// access: internal
// returns:
CREATE CONSTRAINT context_id IF NOT EXISTS FOR (n:Context) REQUIRE n.id IS UNIQUE
