// name: group_members
// description: The members of one candidate peer group, with how sure each membership is.
// param group_id: string — the group's id (e.g. G1)
// returns: person_id, label, confidence, bridge_to
MATCH (p:Person)-[m:MEMBER_OF]->(g:PeerGroup {id: $group_id})
RETURN
  p.id AS person_id,
  CASE WHEN p.label <> '' THEN p.label ELSE p.id END AS label,
  m.confidence AS confidence,
  m.bridge_to AS bridge_to
ORDER BY person_id
