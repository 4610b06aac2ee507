// name: count_associations
// description: How many associations of one type the graph holds, from the count store (no scan).
// access: internal
// returns: associations
// The store fills {rel_type} with a vetted relationship type of the vocabulary. A load asks
// before a type's first batch: a type the graph does not hold yet is CREATEd with its key
// constraint made afterwards, in one pass, rather than kept up to date row by row.
MATCH ()-[r:{rel_type}]->()
RETURN count(r) AS associations
