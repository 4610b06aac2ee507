// name: write_groups
// description: Write candidate peer groups and their memberships, with the run that produced them recorded on every group.
// access: internal
// param groups: list<map> — {group_id, size, mean_confidence, holds_together, members: [{person_id, confidence, bridge_to}]}
// param run_at: string — when the groups were detected (ISO date-time)
// param data_fingerprint: string — fingerprint of the data the groups were detected in
// param parameters: string — the detection parameters, as JSON
// param run: string — everything known about the run, as JSON
// returns: groups, memberships
UNWIND $groups AS g
MERGE (pg:PeerGroup {id: g.group_id})
SET
  pg.size = g.size,
  pg.mean_confidence = g.mean_confidence,
  pg.holds_together = g.holds_together,
  pg.run_at = $run_at,
  pg.data_fingerprint = $data_fingerprint,
  pg.parameters = $parameters,
  pg.run = $run
WITH pg, g
UNWIND g.members AS m
MATCH (p:Person {id: m.person_id})
MERGE (p)-[r:MEMBER_OF]->(pg)
SET r.confidence = m.confidence, r.bridge_to = m.bridge_to
RETURN count(DISTINCT pg) AS groups, count(r) AS memberships
