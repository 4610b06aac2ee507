"""What decides the groups: :class:`GroupingParameters`, whose defaults are the only defaults.

Kept apart from :mod:`~.groups` (igraph, numpy, pandas) so that the command line can read the
defaults without importing the analysis stack: ``cs-peers --help`` stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_RESOLUTION", "GroupingParameters"]

# None: the resolution is chosen from the data (cs_peers.analysis.grouping.leiden); a number
# fixes it.
DEFAULT_RESOLUTION: float | None = None


@dataclass(frozen=True)
class GroupingParameters:
    """What decides the groups; recorded with every output as provenance."""

    resolution: float | None = DEFAULT_RESOLUTION
    seed: int = 0
    runs: int = 10
    min_size: int = 3
    max_size: int = 20
    max_context_size: int = 50
    min_ties: int = 2
    # Set by detect_peer_groups when it chose the resolution itself (provenance).
    resolution_from_data: bool = False
    # Set by detect_peer_groups: how many of the ``runs`` were made before they agreed
    # (provenance: a membership confidence is a share of these).
    runs_made: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the parameters as a plain dict, with the algorithm's name."""
        chosen: dict[str, Any] = {
            "algorithm": "leiden-cpm (igraph) with consensus over seeds",
            "resolution": self.resolution,
            "resolution_chosen": (
                "from the data (most significant partition)"
                if self.resolution is None or self.resolution_from_data
                else "fixed"
            ),
            "seed": self.seed,
            "runs": self.runs,
            "min_size": self.min_size,
            "max_size": self.max_size,
            "max_context_size": self.max_context_size,
            "min_ties": self.min_ties,
        }
        if self.runs_made is not None:
            chosen["runs_made"] = self.runs_made
        return chosen
