"""Dataset lineages: which earlier runs in a workspace are of the same data as this one.

A workspace may hold runs of several datasets (the demo, a sample, this month's extract…).
A run is matched only to earlier runs of its own *lineage*: the runs whose people are, for the
most part, the people of the data in hand, or the runs the user named with ``--lineage NAME``.
Data whose people no earlier run shares starts a new lineage, and its groups get fresh ids.

People are compared by a small sketch kept with each run: the smallest
:data:`SKETCH_SIZE` hashes of its people's ``(id, label)`` pairs (a bottom-k sketch), so that
the comparison costs the same for a hundred people and for a million, and the run's record
holds no list of everyone in the data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cs_peers.errors import WorkspaceError

if TYPE_CHECKING:
    from cs_peers.analysis.history import RunRecord
    from cs_peers.inputs.dataset import Dataset

__all__ = [
    "LINEAGE_COUNTER",
    "LINEAGE_NAME",
    "MIN_SHARED",
    "SKETCH_SIZE",
    "LineageMatch",
    "check_lineage_name",
    "match_lineage",
    "people_hashes",
    "people_sketch",
    "shared_share",
]

# How many hashes a run keeps of its people; the share of them found again estimates the share
# of the earlier run's people present now, to within a few points.
SKETCH_SIZE = 256
# An earlier run is of the same lineage when at least this share of its people are in the data.
MIN_SHARED = 0.5
# The counter new lineages are numbered from (``lineage-N``), in the run history.
LINEAGE_COUNTER = "lineage"
LINEAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class LineageMatch:
    """Which lineage a run belongs to, and why.

    ``latest`` is the newest earlier run of that lineage (None when the lineage is new);
    ``shared`` the share of that run's people found in the data (1.0 for a named lineage);
    ``named`` whether the user named the lineage.
    """

    lineage: str
    latest: RunRecord | None
    shared: float
    named: bool

    @property
    def new(self) -> bool:
        """Return whether this run starts its lineage."""
        return self.latest is None

    def describe(self, next_id: str) -> str:
        """Return one sentence saying which earlier run this one is matched to, or that none is."""
        if self.latest is None:
            why = (
                f"no earlier run is in lineage {self.lineage!r}"
                if self.named
                else "no earlier run in this workspace shares its people"
            )
            return (
                f"new dataset lineage {self.lineage!r} ({why}): its groups get fresh ids "
                f"from {next_id}"
            )
        how = "named lineage" if self.named else f"{self.shared:.0%} of its people are in this data"
        return (
            f"matched to run {self.latest.run_id} of lineage {self.lineage!r} ({how}); "
            "groups keep their ids"
        )


def check_lineage_name(name: str) -> str:
    """Return ``name`` if it can name a lineage, else raise WorkspaceError."""
    if not LINEAGE_NAME.match(name):
        raise WorkspaceError(
            f"lineage name {name!r} is not usable; use 1–64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


def people_hashes(dataset: Dataset) -> np.ndarray:
    """Return one 64-bit hash per person of ``dataset``, of their id and label."""
    people = dataset.people.loc[:, ["id", "label"]].astype(str)
    return np.asarray(pd.util.hash_pandas_object(people, index=False).to_numpy(), dtype=np.uint64)


def people_sketch(hashes: np.ndarray, size: int = SKETCH_SIZE) -> list[int]:
    """Return the ``size`` smallest distinct hashes, ascending (all of them if fewer).

    >>> people_sketch(np.array([9, 3, 3, 7], dtype=np.uint64), size=2)
    [3, 7]
    """
    if len(hashes) > size:
        # Linear time: keep only the hashes at or below the size-th smallest, then sort those
        # (repeated hashes can leave too few: then sort them all).
        cutoff = np.partition(hashes, size - 1)[size - 1]
        smallest = np.unique(hashes[hashes <= cutoff])
        if len(smallest) >= size:
            return [int(h) for h in smallest[:size]]
    return [int(h) for h in np.unique(hashes)[:size]]


def shared_share(sketch: Sequence[int], hashes: np.ndarray) -> float:
    """Return the share of a sketch's hashes found among ``hashes`` (0.0 for an empty sketch).

    >>> shared_share([1, 2, 3, 4], np.array([2, 4, 8], dtype=np.uint64))
    0.5
    """
    if not sketch:
        return 0.0
    wanted = np.asarray(sketch, dtype=np.uint64)
    # Only hashes no larger than the sketch's largest can be in it: a linear filter first.
    candidates = hashes[hashes <= wanted.max()]
    return float(np.isin(wanted, candidates).mean())


def _legacy_share(run: RunRecord, load: Callable[[str], RunRecord], ids: set[str]) -> float:
    """Return the share of a sketch-less (older) run's group members found among ``ids``."""
    members = set(load(run.run_id).memberships["person_id"].astype(str))
    return len(members & ids) / len(members) if members else 0.0


def match_lineage(
    runs: list[RunRecord],
    dataset: Dataset,
    *,
    name: str | None = None,
    load: Callable[[str], RunRecord],
    fresh: Callable[[int], str] | None = None,
) -> LineageMatch:
    """Return the lineage of a new run of ``dataset`` among the workspace's ``runs``.

    With ``name``, the lineage is that name (new if no run carries it yet). Otherwise it is the
    lineage whose newest run shares the most people with ``dataset`` — at least
    :data:`MIN_SHARED` of them —, else a new lineage ``lineage-N``. ``load`` returns a run with
    its memberships (for runs kept before lineages existed, compared by their members).
    ``fresh`` names a new lineage given the highest ``N`` of the ``lineage-N`` names taken
    (the run history's counter, so that two commands at once never take the same name);
    by default the next such name.
    """
    latest_of: dict[str, RunRecord] = {}
    for run in runs:  # oldest first, so the newest of each lineage wins
        latest_of[run.lineage or f"(before lineages) {run.run_id}"] = run
    if name is not None:
        check_lineage_name(name)
        return LineageMatch(name, latest_of.get(name), 1.0, named=True)
    hashes = people_hashes(dataset)
    ids: set[str] | None = None
    best: tuple[float, str, RunRecord] | None = None
    for key, run in latest_of.items():
        if run.people_sketch:
            share = shared_share(run.people_sketch, hashes)
        else:
            ids = ids if ids is not None else set(dataset.people["id"].astype(str))
            share = _legacy_share(run, load, ids)
        newer = best is None or (share, run.created_at, run.run_id) > (
            best[0],
            best[2].created_at,
            best[2].run_id,
        )
        if share >= MIN_SHARED and newer:
            best = (share, key, run)
    if best is not None:
        share, key, run = best
        return LineageMatch(run.lineage or _fresh_name(runs, fresh), run, share, named=False)
    return LineageMatch(_fresh_name(runs, fresh), None, 0.0, named=False)


def _fresh_name(runs: list[RunRecord], fresh: Callable[[int], str] | None) -> str:
    numbers = [int(r.lineage[8:]) for r in runs if re.fullmatch(r"lineage-[0-9]+", r.lineage)]
    taken = max(numbers, default=0)
    return fresh(taken) if fresh is not None else f"lineage-{taken + 1}"
