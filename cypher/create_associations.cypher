// name: create_associations
// description: Create one batch of associations of one type: as load_associations, but CREATE instead of MERGE, for keys not in the graph yet.
// access: internal
// param batch: map<string> — one text per column, its values joined by the map's `separator` (a string found in no value): sources, targets (element ids of the ends), keys, positions (integers), types, observed_on, recorded_on, source_agencies, confidences, gradings, references, notes
// returns: associations
// CREATE skips MERGE's look-up and node locks. The store tries it first; the key's unique
// constraint stops a batch at its first key already there (a reload, a rerun after a stopped
// load) with an error, never a duplicate, and the store MERGEs that batch and the rest of its
// type instead. See load_associations for the batch.
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
CREATE (s)-[r:{rel_type} {
  key: toInteger(keys[i]),
  type: types[i],
  observed_on: observed_on[i],
  recorded_on: recorded_on[i],
  source_agency: source_agencies[i],
  confidence: confidences[i],
  grading: gradings[i],
  reference: references[i],
  notes: notes[i],
  _position: toInteger(positions[i])
}]->(t)
RETURN count(r) AS associations
