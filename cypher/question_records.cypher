// name: question_records
// description: Every allowed association whose two ends are both among the given ids, with its provenance (never its notes).
// param ids: list<string> — ids of people and contexts
// param types: list<string> — the association types to include
// param confidences: list<string> — the confidences to include (high, medium, low)
// returns: source, target, type, observed_on, recorded_on, source_agency, confidence, grading, reference
// Each relationship is found once, from its start node. `notes` is left out on purpose: it is
// never shown.
CALL () {
  MATCH (n:Person) WHERE n.id IN $ids RETURN n
  UNION
  MATCH (n:Context) WHERE n.id IN $ids RETURN n
}
MATCH (n)-[r]->(m:Person|Context)
WHERE r.key IS NOT NULL AND m.id IN $ids AND r.type IN $types AND r.confidence IN $confidences
RETURN
  n.id AS source,
  m.id AS target,
  r.type AS type,
  r.observed_on AS observed_on,
  r.recorded_on AS recorded_on,
  r.source_agency AS source_agency,
  r.confidence AS confidence,
  r.grading AS grading,
  r.reference AS reference
ORDER BY observed_on, type, reference, source, target
