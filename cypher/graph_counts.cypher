// name: graph_counts
// description: How many nodes carry each label and how many relationships have each type.
// returns: kind, name, count
CALL () {
  MATCH (n)
  UNWIND labels(n) AS name
  RETURN 'label' AS kind, name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->()
  RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count
ORDER BY kind, name
