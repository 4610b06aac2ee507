// name: read_associations
// description: Every association with its provenance, in the order of the file it came from.
// access: internal
// returns: source, target, type, observed_on, recorded_on, source_agency, confidence, grading, reference, notes, key, position
// Sorted in Python, not here: sorting millions of rows in the server's heap is slower.
MATCH (s:Person|Context)-[r]->(t:Person|Context)
WHERE r.key IS NOT NULL
RETURN
  s.id AS source,
  t.id AS target,
  r.type AS type,
  r.observed_on AS observed_on,
  r.recorded_on AS recorded_on,
  r.source_agency AS source_agency,
  r.confidence AS confidence,
  r.grading AS grading,
  r.reference AS reference,
  r.notes AS notes,
  r.key AS key,
  r._position AS position
