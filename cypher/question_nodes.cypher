// name: question_nodes
// description: The people and contexts with the given ids: whether each is a person, its kind, label and name.
// access: internal
// param ids: list<string> — ids of people or contexts
// returns: id, is_person, kind, label, name
// Looked up by label, one index seek per id; ids that are in neither are simply absent. The
// name travels only so that the caller can show it when asked (--reveal-names), never else.
CALL () {
  MATCH (n:Person) WHERE n.id IN $ids RETURN n
  UNION
  MATCH (n:Context) WHERE n.id IN $ids RETURN n
}
RETURN
  n.id AS id,
  n:Person AS is_person,
  n.kind AS kind,
  coalesce(n.label, '') AS label,
  coalesce(n.name, '') AS name
ORDER BY id
