"""The two rules applied after Leiden: split groups above ``max_size``, require two ties.

Both can set young people apart, so the benchmarks measure what each costs in coverage.
"""

from __future__ import annotations

import numpy as np

from cs_peers.analysis.grouping.igraph_module import ig
from cs_peers.analysis.grouping.resolution import leiden_cpm

__all__ = ["require_ties", "split_oversized"]


def _accepted_split(parts: np.ndarray, min_size: int) -> bool:
    """Return whether ``parts`` divides a group into real parts rather than shreds.

    At least two parts of ``min_size`` or more, holding at least two thirds of the members:
    a split that would set most members apart as singletons is no split.
    """
    sizes = np.bincount(parts)
    real = sizes >= min_size
    return int(real.sum()) >= 2 and sizes[real].sum() * 3 >= 2 * len(parts)


def split_oversized(
    graph: ig.Graph,
    membership: np.ndarray,
    resolution: float,
    min_size: int,
    max_size: int,
    seed: int,
) -> tuple[np.ndarray, set[int]]:
    """Return ``membership`` with groups above ``max_size`` split, and the labels left too big.

    A group is split at a stricter resolution (×1.5 up to six times) where that finds real
    parts; only the parts still above ``max_size`` are split again, the others are kept as
    they are. A group with no inner structure stays whole — cut arbitrarily it would shred a
    closely linked set (a class of 25 who all know each other) — and its label is returned so
    that the group can be flagged and explained, never shown as a sure peer group.
    """
    membership = membership.copy()
    next_label = int(membership.max()) + 1 if len(membership) else 0
    sizes = np.bincount(membership) if len(membership) else np.zeros(0, dtype=np.int64)
    queue = [(int(label), resolution) for label in np.flatnonzero(sizes > max_size)]
    too_large: set[int] = set()
    while queue:
        label, base = queue.pop(0)
        nodes = np.flatnonzero(membership == label)
        sub = graph.induced_subgraph(nodes.tolist())
        stricter = base
        for _ in range(6):
            stricter *= 1.5
            parts = leiden_cpm(sub, stricter, seed)
            if not _accepted_split(parts, min_size):
                continue
            part_sizes = np.bincount(parts)
            # The largest part keeps the label; the others get new ones.
            keep = int(np.argmax(part_sizes))
            for part in np.flatnonzero(part_sizes):
                target = label if part == keep else next_label
                if part != keep:
                    next_label += 1
                membership[nodes[parts == part]] = target
                if part_sizes[part] > max_size:
                    queue.append((target, stricter))
            break
        else:
            too_large.add(label)
    return membership, too_large


# A single tie this strong (1 − e^−1: one high-confidence friendship, or repeated records)
# counts as two: it is recorded evidence, not one passing sighting.
STRONG_TIE = 0.63


def require_ties(
    edges: np.ndarray, weights: np.ndarray, membership: np.ndarray, min_ties: int
) -> np.ndarray:
    """Return ``membership`` with anyone tied to fewer than ``min_ties`` fellow members set apart.

    CPM admits a person whose single tie to a small group outweighs the resolution, so one
    sighting could place a young person in a group. A candidate member must be linked by
    recorded evidence to at least ``min_ties`` others in the group, a strong tie (``STRONG_TIE``)
    counting as two; removing someone can leave another with too few, so this repeats until
    nothing changes.
    """
    membership = membership.copy()
    if min_ties <= 0 or len(membership) == 0:
        return membership
    a, b = edges[:, 0], edges[:, 1]
    count = np.where(weights >= STRONG_TIE, 2.0, 1.0)
    next_label = int(membership.max()) + 1
    for _ in range(10):
        inside = membership[a] == membership[b]
        ties = np.bincount(a[inside], count[inside], minlength=len(membership)) + np.bincount(
            b[inside], count[inside], minlength=len(membership)
        )
        sizes = np.bincount(membership)
        loose = np.flatnonzero((ties < min_ties) & (sizes[membership] > 1))
        if len(loose) == 0:
            break
        membership[loose] = np.arange(next_label, next_label + len(loose))
        next_label += len(loose)
    return membership
