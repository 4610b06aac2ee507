"""Information governance: the audit log of exports, erasure of a person, retention of runs."""
