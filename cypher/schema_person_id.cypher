// name: schema_person_id
// description: Constraint (and index) making every :Person id unique; loads and look-ups seek on it.
// access: internal
// returns:
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE
