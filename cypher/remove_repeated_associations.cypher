// name: remove_repeated_associations
// description: Keep one of each set of associations of one type that share a key, deleting the others; they are the same row of the same data, created twice.
// access: internal
// returns: removed
// Two loads of the same data at once can both CREATE a type the graph did not hold, before
// its key constraint exists; the constraint cannot be made over the repeats. Equal keys are
// equal rows (the key hashes every provenance column and the row's occurrence), so keeping
// one of each loses nothing. The store fills {rel_type} with a vetted relationship type.
MATCH ()-[r:{rel_type}]->()
WITH r.key AS key, collect(r) AS same
WHERE size(same) > 1
UNWIND tail(same) AS repeat
DELETE repeat
RETURN count(repeat) AS removed
