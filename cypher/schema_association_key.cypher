// name: schema_association_key
// description: Constraint (and index) making the association key unique for one relationship type, so a reload MERGEs by an index seek.
// access: internal
// returns:
// The store fills {rel_type} with a vetted relationship type from the vocabulary, one per statement.
CREATE CONSTRAINT association_key_{rel_type} IF NOT EXISTS
FOR ()-[r:{rel_type}]-() REQUIRE r.key IS UNIQUE
