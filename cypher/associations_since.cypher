// name: associations_since
// description: Associations recorded on or after a date (what became known since, e.g., the last meeting), with their provenance.
// param since: date — the first recording date to include (YYYY-MM-DD)
// returns: source, target, type, observed_on, recorded_on, source_agency, confidence, grading, reference
// Dates are stored as ISO strings, so string order is date order.
MATCH (s:Person|Context)-[r]->(t:Person|Context)
WHERE r.key IS NOT NULL AND r.recorded_on <> '' AND r.recorded_on >= $since
RETURN
  s.id AS source,
  t.id AS target,
  r.type AS type,
  r.observed_on AS observed_on,
  r.recorded_on AS recorded_on,
  r.source_agency AS source_agency,
  r.confidence AS confidence,
  r.grading AS grading,
  r.reference AS reference
ORDER BY recorded_on, observed_on, source, target, type
