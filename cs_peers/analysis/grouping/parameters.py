"""What decides the groups: :class:`GroupingParameters`, whose defaults are the only defaults.

Kept apart from :mod:`~.groups` (igraph, numpy, pandas) so that the command line can read the
defaults without importing the analysis stack: ``cs-peers --help`` stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cs_peers.errors import UsageError

__all__ = [
    "ALGORITHM",
    "DEFAULT_RESOLUTION",
    "RESOLUTION_RANGE",
    "RUNS_RANGE",
    "GroupingParameters",
]

# How the groups are found, as every output names it.
ALGORITHM = "leiden-cpm (igraph) with consensus over seeds"

# None: the resolution is chosen from the data (cs_peers.analysis.grouping.leiden); a number
# fixes it.
DEFAULT_RESOLUTION: float | None = None

# What the parameters may be (the command line's options take their bounds from here): CPM's
# resolution is a density, at most 1; a membership confidence needs at least one run, and
# beyond a hundred more runs change no shown confidence (two decimals).
RESOLUTION_RANGE = (0.0001, 1.0)
RUNS_RANGE = (1, 100)


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

    def __post_init__(self) -> None:
        low, high = RUNS_RANGE
        if not low <= self.runs <= high:
            raise UsageError(f"runs must be from {low} to {high}, not {self.runs}")
        low_r, high_r = RESOLUTION_RANGE
        if self.resolution is not None and not low_r <= self.resolution <= high_r:
            raise UsageError(f"resolution must be from {low_r} to {high_r}, not {self.resolution}")

    def as_dict(self) -> dict[str, Any]:
        """Return the parameters as a plain dict, with the algorithm's name."""
        chosen: dict[str, Any] = {
            "algorithm": ALGORITHM,
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

    def text(self, *, seed: bool = True) -> str:
        """Return the parameters as outputs show them: ``resolution=None, …, min_ties=2``.

        The algorithm is left out (outputs name it on its own line), and so is the seed when
        ``seed`` is false (the provenance gives it a line of its own).
        """
        shown = self.as_dict()
        del shown["algorithm"]
        if not seed:
            del shown["seed"]
        return ", ".join(f"{k}={v}" for k, v in shown.items())

    @property
    def confidence_runs(self) -> int:
        """Return how many runs a membership confidence is a share of: those made, else asked."""
        # runs_made: the runs stopped early, once further runs could change nothing shown.
        return self.runs if self.runs_made is None else self.runs_made
