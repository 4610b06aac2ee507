"""Which group each young person belongs to in the reference run, how sure, and bridges.

The run with the chosen seed defines the groups; the other runs measure how often each member
sits with their group's core (the membership ``confidence``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cs_peers.analysis.grouping.evidence import PeerEvidence

__all__ = ["BRIDGE_SHARE", "bridges", "consensus", "reference_groups"]

# A member whose recorded ties go this much to one other group is named as a bridge to it.
BRIDGE_SHARE = 0.25


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


def consensus(reference: np.ndarray, runs: list[np.ndarray]) -> np.ndarray:
    """Return per node the share of runs in which it sat with its reference group's core.

    A group's core community in a run is the run community holding most of its members.
    """
    grouped = reference >= 0
    hits = np.zeros(len(reference), dtype=np.float64)
    ref = reference[grouped]
    if not len(ref):
        return hits
    for run in runs:
        r = run[grouped]
        pairs, counts = np.unique(ref * (int(r.max()) + 1) + r, return_counts=True)
        g, c = np.divmod(pairs, int(r.max()) + 1)
        # Per group the community with most members (the smallest label on a tie).
        order = np.lexsort((c, -counts, g))
        first = order[np.r_[True, g[order][1:] != g[order][:-1]]]
        core = np.full(int(ref.max()) + 1, -1, dtype=np.int64)
        core[g[first]] = c[first]
        hits[grouped] += (r == core[ref]).astype(float)
    return hits / max(len(runs), 1)


def bridges(evidence: PeerEvidence, reference: np.ndarray) -> np.ndarray:
    """Return per node the group its ties lean to besides its own (-1 for none)."""
    a = evidence.edges["a"].to_numpy()
    b = evidence.edges["b"].to_numpy()
    w = evidence.edges["weight"].to_numpy()
    ties = pd.DataFrame(
        {
            "node": np.concatenate([a, b]),
            "other": reference[np.concatenate([b, a])],
            "w": np.concatenate([w, w]),
        }
    )
    ties = ties[reference[ties["node"].to_numpy()] >= 0]
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
