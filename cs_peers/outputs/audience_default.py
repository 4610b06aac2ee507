"""Who an output is for when nobody says: the meeting (the agencies involved).

Its own module, importing nothing, so that the command line's ``--audience`` default costs
nothing at start; the audiences themselves are in :mod:`cs_peers.outputs.audiences`.
"""

__all__ = ["DEFAULT_AUDIENCE"]

DEFAULT_AUDIENCE = "meeting"
