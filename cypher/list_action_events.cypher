// name: list_action_events
// description: Every action event kept in the database, in the order they were kept.
// access: internal
// returns: number, event
MATCH (e:ActionEvent)
RETURN e.number AS number, e.event AS event
ORDER BY number
