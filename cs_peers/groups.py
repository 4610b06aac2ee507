"""Candidate peer groups: Leiden (CPM) on the evidence graph, with consensus confidence.

Why Leiden with the Constant Potts Model rather than NetworkX's Louvain: Louvain optimises
modularity, whose resolution limit merges small groups in large graphs, so the 3–20 person
groups practitioners work with vanish into blocks of hundreds on a borough- or force-sized
network. CPM has no such limit: its ``resolution`` is a density threshold that means the same
thing in a graph of 100 young people and of a million. igraph's C implementation runs it in
seconds at that size.

The groups are *candidates for practitioners to check*: nothing here scores or ranks a child.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from cs_peers.evidence import PeerEvidence

__all__ = [
    "DEFAULT_RESOLUTION",
    "GroupingParameters",
    "PeerGroups",
    "detect_peer_groups",
]

DEFAULT_RESOLUTION = 0.1
# Below this mean membership confidence a group is flagged as not holding together.
HOLDS_TOGETHER = 0.7
# A member whose recorded ties go this much to one other group is named as a bridge to it.
BRIDGE_SHARE = 0.25


@dataclass(frozen=True)
class GroupingParameters:
    """What decides the groups; recorded with every output as provenance."""

    resolution: float = DEFAULT_RESOLUTION
    seed: int = 0
    runs: int = 10
    min_size: int = 3
    max_size: int = 20
    max_context_size: int = 50

    def as_dict(self) -> dict[str, Any]:
        """Return the parameters as a plain dict, with the algorithm's name."""
        return {
            "algorithm": "leiden-cpm (igraph) with consensus over seeds",
            "resolution": self.resolution,
            "seed": self.seed,
            "runs": self.runs,
            "min_size": self.min_size,
            "max_size": self.max_size,
            "max_context_size": self.max_context_size,
        }


@dataclass(frozen=True)
class PeerGroups:
    """Candidate peer groups found in one run.

    ``memberships`` has one row per member: ``group_id, person_id, confidence, bridge_to``
    (``bridge_to`` is "" or another group's id). ``groups`` has one row per group:
    ``group_id, size, mean_confidence, holds_together``. Young people in no group are absent.
    """

    memberships: pd.DataFrame
    groups: pd.DataFrame
    parameters: GroupingParameters
    extra: dict[str, Any] = field(default_factory=dict)

    def members(self, group_id: str) -> list[str]:
        """Return the person ids of one group, in id order."""
        rows = self.memberships[self.memberships["group_id"] == group_id]
        return sorted(rows["person_id"])

    def with_ids(self, mapping: dict[str, str]) -> PeerGroups:
        """Return the same groups renamed by ``mapping`` (old id → new id)."""
        memberships = self.memberships.assign(
            group_id=self.memberships["group_id"].map(mapping),
            bridge_to=self.memberships["bridge_to"].map(lambda g: mapping.get(g, "") if g else ""),
        )
        groups = self.groups.assign(group_id=self.groups["group_id"].map(mapping))
        order = sorted(mapping.values(), key=_id_order)
        groups = groups.set_index("group_id").loc[order].reset_index()
        memberships = memberships.sort_values(
            ["group_id", "person_id"], key=lambda s: s.map(_id_order) if s.name == "group_id" else s
        ).reset_index(drop=True)
        return PeerGroups(memberships, groups, self.parameters, dict(self.extra))


def _id_order(group_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in group_id if ch.isdigit())
    return (int(digits) if digits else 0, group_id)


def _graph(evidence: PeerEvidence) -> ig.Graph:
    edges = evidence.edges
    graph = ig.Graph(n=len(evidence.ids), edges=edges[["a", "b"]].to_numpy(dtype=np.int64))
    graph.es["weight"] = edges["weight"].to_numpy().tolist()
    return graph


def _leiden(graph: ig.Graph, resolution: float, seed: int, iterations: int = 2) -> np.ndarray:
    # igraph draws from Python's `random` module unless told otherwise; a private Random per
    # call makes each run depend on its seed alone, whatever else the process does.
    previous = ig.set_random_number_generator(random.Random(seed))
    try:
        clustering = graph.community_leiden(
            objective_function="CPM",
            weights="weight",
            resolution=resolution,
            n_iterations=iterations,
        )
    finally:
        ig.set_random_number_generator(previous or random)
    return np.asarray(clustering.membership, dtype=np.int64)


def _split_oversized(
    graph: ig.Graph, membership: np.ndarray, params: GroupingParameters, seed: int
) -> np.ndarray:
    """Return ``membership`` with groups above ``max_size`` split at a higher resolution.

    A group is split only where a stricter resolution finds parts of ``min_size`` or more that
    fit ``max_size``; a group with no such inner structure stays whole rather than being cut
    arbitrarily (or dissolving into singletons).
    """
    membership = membership.copy()
    next_label = int(membership.max()) + 1 if len(membership) else 0
    sizes = np.bincount(membership)
    for label in np.flatnonzero(sizes > params.max_size):
        nodes = np.flatnonzero(membership == label)
        sub = graph.induced_subgraph(nodes.tolist())
        resolution = params.resolution
        for _ in range(6):
            resolution *= 1.5
            parts = _leiden(sub, resolution, seed)
            part_sizes = np.bincount(parts)
            if part_sizes.max() <= params.max_size:
                if part_sizes.max() >= params.min_size:
                    for part in np.unique(parts)[1:]:
                        membership[nodes[parts == part]] = next_label
                        next_label += 1
                break
    return membership


def _require_two_ties(edges: np.ndarray, membership: np.ndarray) -> np.ndarray:
    """Return ``membership`` with anyone tied to fewer than two fellow members set apart.

    CPM admits a person whose single tie to a small group outweighs the resolution, so one
    sighting could place a young person in a group. A candidate member must be linked by
    recorded evidence to at least two others in the group; removing someone can leave another
    with one tie, so this repeats until nothing changes.
    """
    membership = membership.copy()
    a, b = edges[:, 0], edges[:, 1]
    next_label = int(membership.max()) + 1 if len(membership) else 0
    for _ in range(10):
        inside = membership[a] == membership[b]
        ties = np.bincount(a[inside], minlength=len(membership)) + np.bincount(
            b[inside], minlength=len(membership)
        )
        sizes = np.bincount(membership)
        loose = np.flatnonzero((ties < 2) & (sizes[membership] > 1))
        if len(loose) == 0:
            break
        membership[loose] = np.arange(next_label, next_label + len(loose))
        next_label += len(loose)
    return membership


def _partition(
    graph: ig.Graph, edges: np.ndarray, params: GroupingParameters, seed: int, iterations: int = 2
) -> np.ndarray:
    membership = _leiden(graph, params.resolution, seed, iterations)
    membership = _split_oversized(graph, membership, params, seed)
    return _require_two_ties(edges, membership)


# Consensus runs go to one process per core above this many young people. python-igraph holds
# the GIL while Leiden runs, so threads would not help; forked children share the graph.
PARALLEL_ABOVE = 20_000
_FORKED: tuple[ig.Graph, np.ndarray, GroupingParameters] | None = None


def _forked_run(seed: int) -> np.ndarray:
    assert _FORKED is not None
    graph, edges, params = _FORKED
    return _partition(graph, edges, params, seed, 1)


def _consensus_runs(
    graph: ig.Graph, edges: np.ndarray, params: GroupingParameters, seeds: list[int]
) -> list[np.ndarray]:
    """Return one partition per seed, run on every core when the graph is large."""
    workers = min(len(seeds), os.cpu_count() or 1)
    parallel = (
        workers > 1
        and graph.vcount() > PARALLEL_ABOVE
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if not parallel:
        return [_partition(graph, edges, params, seed, 1) for seed in seeds]
    global _FORKED
    _FORKED = (graph, edges, params)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return list(pool.map(_forked_run, seeds))
    finally:
        _FORKED = None


def _reference_groups(membership: np.ndarray, ids: np.ndarray, min_size: int) -> np.ndarray:
    """Return group numbers 0..k-1 ordered by each group's smallest member id; -1 for none."""
    sizes = np.bincount(membership)
    kept = sizes[membership] >= min_size
    # ids are sorted, so the first index of a label is its smallest member id.
    labels, first = np.unique(membership[kept], return_index=True)
    order = np.argsort(np.flatnonzero(kept)[first], kind="stable")
    renumber = np.full(len(sizes), -1, dtype=np.int64)
    renumber[labels[order]] = np.arange(len(labels))
    return np.where(kept, renumber[membership], -1)


def _consensus(reference: np.ndarray, runs: list[np.ndarray]) -> np.ndarray:
    """Return per node the share of runs in which it sat with its reference group's core.

    A group's core community in a run is the run community holding most of its members.
    """
    grouped = reference >= 0
    hits = np.zeros(len(reference), dtype=np.float64)
    ref = reference[grouped]
    for run in runs:
        r = run[grouped]
        table = pd.DataFrame({"g": ref, "c": r}).value_counts().reset_index(name="n")
        table = table.sort_values(["g", "n", "c"], ascending=[True, False, True])
        core = table.drop_duplicates("g").set_index("g")["c"]
        hits[grouped] += (r == core.reindex(ref).to_numpy()).astype(float)
    return hits / max(len(runs), 1)


def _bridges(evidence: PeerEvidence, reference: np.ndarray) -> np.ndarray:
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


def detect_peer_groups(
    evidence: PeerEvidence, params: GroupingParameters | None = None
) -> PeerGroups:
    """Return candidate peer groups with a confidence for each membership.

    Leiden-CPM runs ``params.runs`` times with seeds ``seed, seed+1, …``. The run with
    ``seed`` defines the groups; each member's ``confidence`` is the share of runs in which
    they sat with that group's core. Groups are numbered ``G1, G2, …`` by their smallest member
    id, so the same data and seed always give the same groups and numbers.

    Examples
    --------
    >>> from cs_peers.evidence import build_peer_evidence
    >>> from cs_peers.samples import borough_dataset
    >>> groups = detect_peer_groups(build_peer_evidence(borough_dataset()))
    >>> bool(3 <= groups.groups["size"].min() and groups.groups["size"].max() <= 20)
    True
    """
    params = params or GroupingParameters(max_context_size=evidence.max_context_size)
    if params.runs < 1:
        raise ValueError(f"runs must be at least 1, not {params.runs}")
    graph = _graph(evidence)
    edges = evidence.edges[["a", "b"]].to_numpy(dtype=np.int64)
    first = _partition(graph, edges, params, params.seed)
    reference = _reference_groups(first, evidence.ids, params.min_size)
    # The consensus runs ask "would another start place this person here too?"; one Leiden
    # iteration each answers that at half the cost (about 5 s a run on a million young people).
    others = _consensus_runs(graph, edges, params, [params.seed + k for k in range(1, params.runs)])
    confidence = _consensus(reference, [first, *others])
    bridge = _bridges(evidence, reference)
    grouped = np.flatnonzero(reference >= 0)
    names = np.array([f"G{k + 1}" for k in range(int(reference.max()) + 1 if len(grouped) else 0)])
    memberships = pd.DataFrame(
        {
            "group_id": names[reference[grouped]].astype(object) if len(grouped) else [],
            "person_id": evidence.ids[grouped],
            "confidence": np.round(confidence[grouped], 2),
            "bridge_to": [str(names[g]) if g >= 0 else "" for g in bridge[grouped]],
            "_g": reference[grouped],
        }
    ).sort_values(["_g", "person_id"], kind="stable")
    summary = memberships.groupby("_g", sort=True).agg(
        size=("person_id", "size"), mean_confidence=("confidence", "mean")
    )
    groups = pd.DataFrame(
        {
            "group_id": names[summary.index.to_numpy()] if len(summary) else [],
            "size": summary["size"].to_numpy(),
            "mean_confidence": np.round(summary["mean_confidence"].to_numpy(), 2),
            "holds_together": summary["mean_confidence"].to_numpy() >= HOLDS_TOGETHER,
        }
    )
    return PeerGroups(memberships.drop(columns="_g").reset_index(drop=True), groups, params)
