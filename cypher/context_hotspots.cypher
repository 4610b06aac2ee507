// name: context_hotspots
// description: Contexts by how many young people, and how many candidate peer groups, are recorded there since a date (observed on or after it).
// param since: date — the first observation date to count (YYYY-MM-DD)
// returns: id, kind, name, young_people, groups, associations
// Dates are stored as ISO strings, so string order is date order.
MATCH (c:Context)-[r]-(p:YoungPerson)
WHERE r.key IS NOT NULL AND r.observed_on <> '' AND r.observed_on >= $since
WITH c, count(r) AS associations, collect(DISTINCT p) AS young_people
UNWIND young_people AS yp
OPTIONAL MATCH (yp)-[:MEMBER_OF]->(g:PeerGroup)
WITH c, associations, size(young_people) AS young_people, count(DISTINCT g) AS groups
RETURN
  c.id AS id,
  c.kind AS kind,
  c.name AS name,
  young_people,
  groups,
  associations
ORDER BY young_people DESC, groups DESC, id
