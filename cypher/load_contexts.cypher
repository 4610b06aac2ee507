// name: load_contexts
// description: Create or update one batch of contexts; labels come from `kind` through the fixed map below.
// access: internal
// param batch: map<list> — one list per column, all as long: id, kind, name (strings); position (integers)
// returns: element_ids
// `_position` keeps the row's place in the file, so reading back keeps the files' order. The
// element ids come back in batch order, for the association loads to find the ends.
UNWIND range(0, size($batch.id) - 1) AS i
MERGE (c:Context {id: $batch.id[i]})
SET c.kind = $batch.kind[i], c.name = $batch.name[i], c._position = $batch.position[i]
REMOVE c:School, c:Location, c:OnlineSpace, c:OtherContext
WITH i, c
FOREACH (_ IN CASE WHEN c.kind = 'school' THEN [1] ELSE [] END | SET c:School)
FOREACH (_ IN CASE WHEN c.kind = 'location' THEN [1] ELSE [] END | SET c:Location)
FOREACH (_ IN CASE WHEN c.kind = 'online' THEN [1] ELSE [] END | SET c:OnlineSpace)
FOREACH (_ IN CASE WHEN c.kind = 'other' THEN [1] ELSE [] END | SET c:OtherContext)
WITH i, c
ORDER BY i
RETURN collect(elementId(c)) AS element_ids
