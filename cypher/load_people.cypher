// name: load_people
// description: Create or update one batch of people with all their columns; labels come from `kind` through the fixed map below.
// access: internal
// param batch: map<list> — id and position (one per person, a string and an integer) and properties (one map per person: id, kind, label, name and every attribute column, all strings)
// returns: element_ids
// `SET p = …` replaces every property, so an attribute dropped from the data goes from the graph;
// `_position` keeps the row's place in the file, so reading back keeps the files' order. The
// element ids come back in batch order, for the association loads to find the ends without an
// index look-up.
UNWIND range(0, size($batch.id) - 1) AS i
MERGE (p:Person {id: $batch.id[i]})
SET p = $batch.properties[i], p._position = $batch.position[i]
WITH i, p
FOREACH (_ IN CASE WHEN p.kind = 'young_person' THEN [1] ELSE [] END |
  SET p:YoungPerson REMOVE p:Adult)
FOREACH (_ IN CASE WHEN p.kind = 'adult' THEN [1] ELSE [] END |
  SET p:Adult REMOVE p:YoungPerson)
WITH i, p
ORDER BY i
RETURN collect(elementId(p)) AS element_ids
