"""cs-peers: peer-network analysis for children's services that practise Contextual Safeguarding.

The library behind the ``cs-peers`` command. The front door::

    from cs_peers import (
        open_backend, AnalysisRequest, GroupingParameters, TimeSelection, analyse_request,
        PackRequest, make_pack, record_review, close_action, forget_people, load_dataset,
    )

:func:`open_backend` picks where data and records live (the workspace database, or Neo4j),
an :class:`AnalysisRequest` says what to analyse, :func:`analyse_request` finds the groups,
:func:`make_pack` makes a whole meeting pack (audit included), :func:`record_review` and
:func:`close_action` keep a meeting's decisions, :func:`forget_people` erases people with
its proof. See the README for the tour.

Every name is imported on first use (PEP 562), so that importing any part of cs-peers — the
command line's ``--help`` among them — does not import pandas and numpy.
"""

from typing import TYPE_CHECKING

from cs_peers._lazy import lazy_attributes
from cs_peers.errors import CsPeersError, InvalidDataError

if TYPE_CHECKING:
    from cs_peers.analysis.grouping.parameters import GroupingParameters
    from cs_peers.analysis.reviews.decide import close_action, record_review
    from cs_peers.analysis.run import AnalysisRequest, TimeSelection, analyse_request
    from cs_peers.backend import Backend, open_backend
    from cs_peers.governance.erasure import forget_people
    from cs_peers.inputs.sample.generate import sample_path
    from cs_peers.inputs.source import load_dataset
    from cs_peers.tasks.changes import report_changes
    from cs_peers.tasks.pack import PackRequest, make_pack

__all__ = [
    "AnalysisRequest",
    "Backend",
    "CsPeersError",
    "GroupingParameters",
    "InvalidDataError",
    "PackRequest",
    "TimeSelection",
    "analyse_request",
    "close_action",
    "forget_people",
    "load_dataset",
    "make_pack",
    "open_backend",
    "record_review",
    "report_changes",
    "sample_path",
]

# Where each name of the front door lives.
_HOMES = {
    "AnalysisRequest": "cs_peers.analysis.run",
    "Backend": "cs_peers.backend",
    "GroupingParameters": "cs_peers.analysis.grouping.parameters",
    "PackRequest": "cs_peers.tasks.pack",
    "TimeSelection": "cs_peers.analysis.run",
    "analyse_request": "cs_peers.analysis.run",
    "close_action": "cs_peers.analysis.reviews.decide",
    "forget_people": "cs_peers.governance.erasure",
    "load_dataset": "cs_peers.inputs.source",
    "make_pack": "cs_peers.tasks.pack",
    "open_backend": "cs_peers.backend",
    "record_review": "cs_peers.analysis.reviews.decide",
    "report_changes": "cs_peers.tasks.changes",
    "sample_path": "cs_peers.inputs.sample.generate",
}


__getattr__ = lazy_attributes(__name__, _HOMES)
