// name: clear_groups
// description: Remove every candidate peer group and its memberships (people and associations stay).
// access: internal
// returns: groups
MATCH (g:PeerGroup)
DETACH DELETE g
RETURN count(*) AS groups
