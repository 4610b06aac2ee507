// name: read_contexts
// description: Every context, in the order of the file it came from.
// access: internal
// returns: id, kind, name, position
MATCH (c:Context)
RETURN c.id AS id, c.kind AS kind, c.name AS name, c._position AS position
ORDER BY position, id
