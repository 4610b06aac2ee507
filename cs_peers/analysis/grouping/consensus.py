"""Which group each young person belongs to in the reference run, how sure, and bridges.

The run with the chosen seed defines the groups; the other runs measure how often each member
sits with their group's core (the membership ``confidence``). Runs stop early once the rest
could not change which members are placed clearly or which groups hold together
(:func:`agreed`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cs_peers.analysis.grouping.evidence import PeerEvidence

__all__ = [
    "BRIDGE_SHARE",
    "HOLDS_TOGETHER",
    "LOW_CONFIDENCE",
    "agreed",
    "bridges",
    "consensus",
    "core_hits",
    "group_means",
    "reference_groups",
    "shown_confidence",
]

# A member whose recorded ties go this much to one other group is named as a bridge to it.
BRIDGE_SHARE = 0.25
# Members placed with their group in fewer than this share of runs are listed apart.
LOW_CONFIDENCE = 0.6
# Below this mean membership confidence a group is flagged as not holding together.
HOLDS_TOGETHER = 0.7


def reference_groups(membership: np.ndarray, ids: np.ndarray, min_size: int) -> np.ndarray:
    """Return group numbers 0..k-1 ordered by each group's smallest member id; -1 for none."""
    sizes = np.bincount(membership)
    kept = sizes[membership] >= min_size
    # ids are sorted, so the first index of a label is its smallest member id.
    labels, first = np.unique(membership[kept], return_index=True)
    order = np.argsort(np.flatnonzero(kept)[first], kind="stable")
    renumber = np.full(len(sizes), -1, dtype=np.int64)
    renumber[labels[order]] = np.arange(len(labels))
    return np.where(kept, renumber[membership], -1)


def core_hits(reference: np.ndarray, run: np.ndarray) -> np.ndarray:
    """Return per node whether it sat with its reference group's core in ``run`` (1 or 0).

    A group's core community in a run is the run community holding most of its members (the
    smallest label on a tie). Nodes in no reference group get 0.
    """
    grouped = reference >= 0
    hits = np.zeros(len(reference), dtype=np.int64)
    ref = reference[grouped]
    if not len(ref):
        return hits
    r = run[grouped]
    width = int(r.max()) + 1
    pairs, counts = np.unique(ref * width + r, return_counts=True)
    g, c = np.divmod(pairs, width)
    order = np.lexsort((c, -counts, g))
    first = order[np.r_[True, g[order][1:] != g[order][:-1]]]
    core = np.full(int(ref.max()) + 1, -1, dtype=np.int64)
    core[g[first]] = c[first]
    hits[grouped] = r == core[ref]
    return hits


def consensus(reference: np.ndarray, runs: list[np.ndarray]) -> np.ndarray:
    """Return per node the share of runs in which it sat with its reference group's core."""
    hits = np.zeros(len(reference), dtype=np.int64)
    for run in runs:
        hits += core_hits(reference, run)
    return hits / max(len(runs), 1)


def shown_confidence(hits: np.ndarray, made: int) -> np.ndarray:
    """Return the membership confidence as shown: the share of runs made, to two decimals."""
    return np.round(hits / made, 2)


def group_means(reference: np.ndarray, confidence: np.ndarray) -> np.ndarray:
    """Return per reference group the mean confidence shown of its members (in label order).

    Added in whole hundredths, so the sums are exact and a group whose members all show 0.7
    has a mean of exactly 0.7 (summed as floats it would be 0.6999…, and not hold together),
    the same on every processor.
    """
    grouped = reference >= 0
    ref = reference[grouped]
    hundredths = np.bincount(ref, weights=np.rint(confidence[grouped] * 100))
    means: np.ndarray = hundredths / np.maximum(np.bincount(ref), 1) / 100
    return means


def _decisions(reference: np.ndarray, confidence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return which members are placed clearly, and which groups hold together."""
    clear = confidence[reference >= 0] >= LOW_CONFIDENCE
    return clear, group_means(reference, confidence) >= HOLDS_TOGETHER


def agreed(reference: np.ndarray, hits: np.ndarray, made: int, runs: int) -> bool:
    """Return whether the runs still to make could no longer change any decision they inform.

    After ``made`` of ``runs`` runs a member sat with their group's core ``hits`` times; the
    rest can add 0 to ``runs − made``. When every member is placed clearly (or not) and every
    group holds together (or not) at both ends of that range, no further run can change what
    is shown, and the confidence as a share of the runs made falls on the same side of every
    threshold (it lies between the two ends). Deciding only by the runs made, in seed order,
    keeps the answer the same on one core or many.
    """
    if made >= runs:
        return True
    if not (reference >= 0).any():
        return True
    low = _decisions(reference, shown_confidence(hits, runs))
    high = _decisions(reference, shown_confidence(hits + (runs - made), runs))
    return bool((low[0] == high[0]).all() and (low[1] == high[1]).all())


def bridges(evidence: PeerEvidence, reference: np.ndarray) -> np.ndarray:
    """Return per node the group its ties lean to besides its own (-1 for none)."""
    # Node numbers as int32 where they fit: every tie is here twice, and at a million young
    # people each int64 column of them is 50 MB (the sums below come out the same).
    small = np.int32 if len(reference) < np.iinfo(np.int32).max else np.int64
    a = evidence.edges["a"].to_numpy().astype(small)
    b = evidence.edges["b"].to_numpy().astype(small)
    w = evidence.edges["weight"].to_numpy()
    node, other = np.concatenate([a, b]), np.concatenate([b, a])
    del a, b
    # Only ties of grouped people, picked before the frame is built (the same rows, in order).
    grouped = reference[node] >= 0
    ties = pd.DataFrame(
        {
            "node": node[grouped],
            "other": reference[other[grouped]].astype(small),
            "w": np.concatenate([w, w])[grouped],
        }
    )
    del node, other, grouped
    total = ties.groupby("node")["w"].sum()
    outside = ties[(ties["other"] >= 0) & (ties["other"] != reference[ties["node"].to_numpy()])]
    per_group = outside.groupby(["node", "other"], as_index=False)["w"].sum()
    per_group = per_group.sort_values(["node", "w", "other"], ascending=[True, False, True])
    best = per_group.drop_duplicates("node").set_index("node")
    share = best["w"] / total.reindex(best.index)
    result = np.full(len(reference), -1, dtype=np.int64)
    leaning = share[share >= BRIDGE_SHARE].index.to_numpy()
    result[leaning] = best.loc[leaning, "other"].to_numpy()
    return result
