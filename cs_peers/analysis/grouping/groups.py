"""Candidate peer groups: Leiden (CPM) on the evidence graph, with consensus confidence.

Why Leiden with the Constant Potts Model rather than NetworkX's Louvain: Louvain optimises
modularity, whose resolution limit merges small groups in large graphs, so the 3–20 person
groups practitioners work with vanish into blocks of hundreds on a borough- or force-sized
network. CPM has no such limit: its ``resolution`` is a density threshold that means the same
thing in a graph of 100 young people and of a million. igraph's C implementation runs it in
seconds at that size.

The groups are *candidates for practitioners to check*: nothing here scores or ranks a child.

The two rules applied after Leiden: split groups above ``max_size``, require two ties.

Both can set young people apart, so the benchmarks measure what each costs in coverage.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from cs_peers.analysis.grouping.consensus import (
    HOLDS_TOGETHER,
    agreed,
    bridges,
    core_hits,
    group_means,
    reference_groups,
    shown_confidence,
)
from cs_peers.analysis.grouping.evidence import PeerEvidence
from cs_peers.analysis.grouping.leiden import (
    LeidenRuns,
    ScoredPartition,
    SharedGraph,
    available_cores,
    choose_resolution,
    ig,
    leiden_cpm,
    scored_partition,
)
from cs_peers.analysis.grouping.parameters import GroupingParameters

__all__ = ["PeerGroups", "detect_peer_groups", "require_ties", "split_oversized"]


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


@dataclass(frozen=True)
class PeerGroups:
    """Candidate peer groups found in one run.

    ``memberships`` has one row per member: ``group_id, person_id, confidence, bridge_to``
    (``bridge_to`` is "" or another group's id). ``groups`` has one row per group:
    ``group_id, size, mean_confidence, holds_together, too_large, note``: ``too_large`` marks
    a group above ``max_size`` with no inner split (kept whole, not a sure peer group) and
    ``note`` says so in words ("" otherwise). Young people in no group are absent.
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
        order = sorted(mapping.values(), key=_id_order)
        # Each member's group by its place in the id order: whole columns, not a key per row.
        rank = {group_id: k for k, group_id in enumerate(order)}
        renamed = self.memberships["group_id"].map(mapping)
        memberships = self.memberships.assign(
            group_id=renamed,
            bridge_to=self.memberships["bridge_to"].map(mapping).fillna("").astype(object),
            _rank=renamed.map(rank),
        )
        groups = self.groups.assign(group_id=self.groups["group_id"].map(mapping))
        groups = groups.set_index("group_id").loc[order].reset_index()
        memberships = (
            memberships.sort_values(["_rank", "person_id"])
            .drop(columns="_rank")
            .reset_index(drop=True)
        )
        return PeerGroups(memberships, groups, self.parameters, dict(self.extra))


def _id_order(group_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in group_id if ch.isdigit())
    return (int(digits) if digits else 0, group_id)


def _graph(evidence: PeerEvidence) -> ig.Graph:
    edges = evidence.edges
    graph = ig.Graph(n=len(evidence.ids), edges=edges[["a", "b"]].to_numpy(dtype=np.int64))
    graph.es["weight"] = edges["weight"].to_numpy().tolist()
    return graph


def _partition(
    graph: ig.Graph,
    edges: np.ndarray,
    weights: np.ndarray,
    params: GroupingParameters,
    resolution: float,
    seed: int,
    first: np.ndarray | None = None,
) -> tuple[np.ndarray, set[int]]:
    membership = leiden_cpm(graph, resolution, seed, 1) if first is None else first
    membership, too_large = split_oversized(
        graph, membership, resolution, params.min_size, params.max_size, seed
    )
    return require_ties(edges, weights, membership, params.min_ties), too_large


def _scored(shared: SharedGraph, resolution: float) -> ScoredPartition:
    params: GroupingParameters = shared.settings
    return scored_partition(shared.graph, shared.edges, resolution, params.seed, params.min_size)


def _consensus_run(shared: SharedGraph, task: tuple[float, int]) -> np.ndarray:
    resolution, seed = task
    return _partition(
        shared.graph, shared.edges, shared.weights, shared.settings, resolution, seed
    )[0]


def detect_peer_groups(
    evidence: PeerEvidence, params: GroupingParameters | None = None, *, jobs: int | None = None
) -> PeerGroups:
    """Return candidate peer groups with a confidence for each membership.

    With ``params.resolution`` None (the default) the resolution is chosen from the data
    (:func:`cs_peers.analysis.grouping.leiden.choose_resolution`) and recorded in the returned
    parameters.
    Leiden-CPM runs up to ``params.runs`` times with seeds ``seed, seed+1, …``. The run with
    ``seed`` defines the groups; each member's ``confidence`` is the share of runs in which
    they sat with that group's core. The runs stop early when the rest could not change which
    members are placed clearly or which groups hold together
    (:func:`~.consensus.agreed`); the returned parameters' ``runs_made`` says how many were
    made. Groups are numbered ``G1, G2, …`` by their smallest member id, so the same data and
    seed always give the same groups and numbers.

    ``jobs`` is how many processes run Leiden (default: every core available); it changes how
    long this takes, never the groups.

    Examples
    --------
    >>> from cs_peers.analysis.grouping.evidence import build_peer_evidence
    >>> from cs_peers.inputs.sample.generate import borough_dataset
    >>> groups = detect_peer_groups(build_peer_evidence(borough_dataset()))
    >>> bool(3 <= groups.groups["size"].min() and groups.groups["size"].max() <= 20)
    True
    """
    params = params or GroupingParameters(max_context_size=evidence.max_context_size)
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    graph = _graph(evidence)
    edges = evidence.edges[["a", "b"]].to_numpy(dtype=np.int64)
    weights = evidence.edges["weight"].to_numpy(dtype=float)
    shared = SharedGraph(graph, edges, weights, params)
    with LeidenRuns(shared, jobs or available_cores()) as workers:
        if params.resolution is None:
            resolution, start = choose_resolution(
                graph,
                edges,
                params.seed,
                params.min_size,
                runs_at=lambda resolutions: workers.map(_scored, resolutions),
                at_once=workers.jobs,
            )
            params = replace(params, resolution=resolution, resolution_from_data=True)
        else:
            resolution, start = params.resolution, None
        # The consensus runs ask "would another start place this person here too?"; one Leiden
        # iteration each answers that at half the cost. They start now, on the workers, while
        # the reference run is made into groups here.
        others = workers.lazily(
            _consensus_run, [(resolution, params.seed + k) for k in range(1, params.runs)]
        )
        first, too_large = _partition(graph, edges, weights, params, resolution, params.seed, start)
        reference = reference_groups(first, evidence.ids, params.min_size)
        bridge = bridges(evidence, reference)
        hits, made = core_hits(reference, first), 1
        for run in others:
            if agreed(reference, hits, made, params.runs):
                break
            hits += core_hits(reference, run)
            made += 1
    params = replace(params, runs_made=made)
    confidence = shown_confidence(hits, made)
    big = np.zeros(int(reference.max()) + 1 if len(reference) else 0, dtype=bool)
    for label in too_large:
        at = reference[first == label]
        big[at[at >= 0]] = True
    return _frames(evidence, params, reference, confidence, bridge, big)


def _frames(
    evidence: PeerEvidence,
    params: GroupingParameters,
    reference: np.ndarray,
    confidence: np.ndarray,
    bridge: np.ndarray,
    too_large: np.ndarray,
) -> PeerGroups:
    grouped = np.flatnonzero(reference >= 0)
    names = np.array([f"G{k + 1}" for k in range(int(reference.max()) + 1 if len(grouped) else 0)])
    memberships = pd.DataFrame(
        {
            "group_id": names[reference[grouped]].astype(object) if len(grouped) else [],
            "person_id": evidence.ids[grouped],
            "confidence": confidence[grouped],
            "bridge_to": [str(names[g]) if g >= 0 else "" for g in bridge[grouped]],
            "_g": reference[grouped],
        }
    ).sort_values(["_g", "person_id"], kind="stable")
    summary = memberships.groupby("_g", sort=True).agg(size=("person_id", "size"))
    index = summary.index.to_numpy()
    means = group_means(reference, confidence)[index] if len(index) else np.zeros(0)
    big = too_large[index] if len(index) else np.zeros(0, dtype=bool)
    sizes = summary["size"].to_numpy()
    groups = pd.DataFrame(
        {
            "group_id": names[index] if len(summary) else [],
            "size": sizes,
            "mean_confidence": np.round(means, 2),
            "holds_together": means >= HOLDS_TOGETHER,
            "too_large": big,
            "note": [
                f"{size} young people closely linked with no inner split into groups of "
                f"{params.max_size} or fewer: larger than a peer group (a class or a team?); "
                "check who belongs together before treating it as one"
                if flag
                else ""
                for size, flag in zip(sizes, big, strict=True)
            ],
        }
    )
    return PeerGroups(memberships.drop(columns="_g").reset_index(drop=True), groups, params)
