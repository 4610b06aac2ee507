// name: schema_peer_group_id
// description: Constraint (and index) making every :PeerGroup id unique.
// access: internal
// returns:
CREATE CONSTRAINT peer_group_id IF NOT EXISTS FOR (n:PeerGroup) REQUIRE n.id IS UNIQUE
