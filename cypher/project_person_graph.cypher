// name: project_person_graph
// description: The associations group detection weighs: young people with each other, and young people with contexts, with the type and confidence the vocabulary turns into weights.
// access: internal
// returns: source, target, target_kind, type, confidence, observed_on, recorded_on
// cs-peers reads the whole dataset back (read_people, read_contexts, read_associations) so that
// one validated Dataset feeds the same evidence weighting on both stores; this projection is
// that input for other tools (e.g. GDS) and for checking what detection sees. Each association
// comes once: between young people from its start node, with a context from the person.
MATCH (s:YoungPerson)-[r]-(t)
WHERE r.key IS NOT NULL AND (t:Context OR (t:YoungPerson AND startNode(r) = s))
RETURN
  s.id AS source,
  t.id AS target,
  CASE WHEN t:Context THEN 'context' ELSE 'young_person' END AS target_kind,
  r.type AS type,
  r.confidence AS confidence,
  r.observed_on AS observed_on,
  r.recorded_on AS recorded_on
ORDER BY source, target, observed_on
