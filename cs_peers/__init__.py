"""cs-peers: peer-network analysis for children's services that practise Contextual Safeguarding.

The library behind the ``cs-peers`` command. Start from
:func:`cs_peers.inputs.load.load_dataset`, or build an
:class:`~cs_peers.analysis.request.AnalysisRequest` over a data source and call
:func:`~cs_peers.analysis.request.analyse_request`; see the README for the whole tour.

``load_dataset`` is imported on first use (PEP 562), so that importing any part of cs-peers —
the command line's ``--help`` among them — does not import pandas and numpy.
"""

from typing import TYPE_CHECKING, Any

from cs_peers.errors import CsPeersError, InvalidDataError

if TYPE_CHECKING:
    from cs_peers.inputs.load import load_dataset

__all__ = ["CsPeersError", "InvalidDataError", "load_dataset"]


def __getattr__(name: str) -> Any:
    if name == "load_dataset":
        from cs_peers.inputs.load import load_dataset

        return load_dataset
    raise AttributeError(f"module 'cs_peers' has no attribute {name!r}")
