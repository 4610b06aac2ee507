"""What an analyst does, whole: each function does one job end to end, audit included.

The command line calls these and prints; a library user calling them gets the same checks,
the same kept records and the same audit trail.
"""
