// name: load_associations
// description: Create one batch of associations of one type, MERGEd on their stable key, so that a reload or a rerun after an interrupted load adds nothing twice.
// access: internal
// param batch: map<string> — one text per column, its values joined by the map's `separator` (a string found in no value): sources, targets (element ids of the ends), keys, positions (integers), types, observed_on, recorded_on, source_agencies, confidences, gradings, references, notes
// returns: associations
// Why joined texts: the Python driver packs a value at a time, which made packing the slowest
// part of a load; one text per column packs at once and Cypher's split() unpacks it (split
// takes the separator literally). Ends are found by element id (from load_people and
// load_contexts) without index look-ups. The store fills {rel_type} with a vetted relationship
// type of the vocabulary, so the MERGE seeks on that type's key constraint. `_position` keeps
// the row's place in the file, so reading back keeps the files' order.
WITH $batch.separator AS sep
WITH
  split($batch.sources, sep) AS sources,
  split($batch.targets, sep) AS targets,
  split($batch.keys, sep) AS keys,
  split($batch.positions, sep) AS positions,
  split($batch.types, sep) AS types,
  split($batch.observed_on, sep) AS observed_on,
  split($batch.recorded_on, sep) AS recorded_on,
  split($batch.source_agencies, sep) AS source_agencies,
  split($batch.confidences, sep) AS confidences,
  split($batch.gradings, sep) AS gradings,
  split($batch.references, sep) AS references,
  split($batch.notes, sep) AS notes
UNWIND range(0, size(keys) - 1) AS i
MATCH (s) WHERE elementId(s) = sources[i]
MATCH (t) WHERE elementId(t) = targets[i]
MERGE (s)-[r:{rel_type} {key: toInteger(keys[i])}]->(t)
ON CREATE SET
  r.type = types[i],
  r.observed_on = observed_on[i],
  r.recorded_on = recorded_on[i],
  r.source_agency = source_agencies[i],
  r.confidence = confidences[i],
  r.grading = gradings[i],
  r.reference = references[i],
  r.notes = notes[i]
SET r._position = toInteger(positions[i])
RETURN count(r) AS associations
