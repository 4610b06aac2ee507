// name: schema_counter_name
// description: Constraint making every :CsPeersCounter name unique, so two commands at once share one counter.
// access: internal
// returns:
CREATE CONSTRAINT counter_name IF NOT EXISTS FOR (c:CsPeersCounter) REQUIRE c.name IS UNIQUE
