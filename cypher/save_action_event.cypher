// name: save_action_event
// description: Keep one thing that happened to an agreed action (closed or reassigned); events are only ever added.
// access: internal
// param number: integer 1..2000000000 — the event's place in the order events were kept
// param action_id: string — the action's id
// param event: string — the whole event, as JSON
// returns: number
CREATE (e:ActionEvent {number: $number, action_id: $action_id, event: $event})
RETURN e.number AS number
