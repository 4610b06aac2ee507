// name: save_audit_entry
// description: Keep a copy of one audit-log entry in the database it concerns; entries are only ever added.
// access: internal
// param number: integer — the entry's number in the workspace's log
// param hash: string — the entry's hash (it chains to the one before)
// param at: string — when (ISO date-time, UTC)
// param entry: string — the whole entry, as JSON
// returns: hash
CREATE (a:AuditEntry {number: $number, hash: $hash, at: $at, entry: $entry})
RETURN a.hash AS hash
