// name: forget_person
// description: Erase a person with every association and group membership they have (retention or erasure requests).
// access: internal
// param person_id: string — the person's id
// returns: people, associations, memberships
MATCH (p:Person {id: $person_id})
WITH p,
  COUNT { (p)-[r]-() WHERE r.key IS NOT NULL } AS associations,
  COUNT { (p)-[:MEMBER_OF]->(:PeerGroup) } AS memberships
DETACH DELETE p
RETURN count(*) AS people, sum(associations) AS associations, sum(memberships) AS memberships
