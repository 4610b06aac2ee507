"""cs-peers: peer-network analysis for children's services that practise Contextual Safeguarding.

The library behind the ``cs-peers`` command. Start from
:func:`cs_peers.inputs.load.load_dataset`, then :func:`cs_peers.analysis.run.analyse`; see the
README for the whole tour.
"""

from cs_peers.errors import CsPeersError, InvalidDataError
from cs_peers.inputs.load import load_dataset

__all__ = ["CsPeersError", "InvalidDataError", "load_dataset"]
