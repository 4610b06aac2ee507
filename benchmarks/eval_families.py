"""Planted-group graphs of several families, independent of cs-peers' own sample generator.

Each generator returns a :class:`Planted`: person–person links (``a``, ``b`` integer arrays),
the planted group of every person (``-1`` for none) and, optionally, person–context uses that
the generator itself knows (Davis' events). :mod:`eval_contract` then writes them into the
input contract, adding the contexts and the noise of real recording.

Families
--------
- ``lfr``         networkx's ``LFR_benchmark_graph`` (τ1 2.5, τ2 1.5, mean degree 5, max 20;
                  pure Python, so run to 10k);
- ``lfr-like``    the same recipe in numpy (power-law degrees, τ1 = 2.5, and community sizes,
                  τ2 = 1.5, in 3–20; a share ``mixing`` of each person's links leaves the group),
                  to reach 100k and 1M where networkx's LFR cannot;
- ``dcsbm``       a degree-corrected stochastic block model: uniform group sizes 3–20,
                  log-normal activity, 30% of people in no group, links drawn by block;
- ``karate``      Zachary's karate club, truth = the two factions (``club``);
- ``davis``       Davis' Southern Women: women linked only through the 14 events they
                  attended (contexts), truth = the two cliques of Davis, Gardner and Gardner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["FAMILIES", "Planted", "planted"]


@dataclass
class Planted:
    """Links, truth and (optionally) context uses of a planted-group graph."""

    n: int
    a: np.ndarray
    b: np.ndarray
    truth: np.ndarray
    # Person–context uses known to the source (Davis' events): context index per person.
    uses: list[tuple[int, int]] = field(default_factory=list)
    contexts_only: bool = False
    real: bool = False


def _power_law(rng: np.random.Generator, n: int, exponent: float, lo: int, hi: int) -> np.ndarray:
    """Return ``n`` integers in [lo, hi] drawn with P(k) ∝ k^-exponent."""
    values = np.arange(lo, hi + 1)
    p = values.astype(float) ** -exponent
    return rng.choice(values, size=n, p=p / p.sum())


def _stubs_to_edges(rng: np.random.Generator, stubs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    stubs = rng.permutation(stubs)
    if len(stubs) % 2:
        stubs = stubs[:-1]
    a, b = stubs[0::2], stubs[1::2]
    keep = a != b
    return a[keep], b[keep]


def _groups_of_sizes(rng: np.random.Generator, people: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Return a group per person of ``people`` (shuffled), groups of ``sizes`` in turn."""
    truth = np.full(people.max() + 1 if len(people) else 0, -1, dtype=np.int64)
    order = rng.permutation(people)
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    bounds = bounds[bounds <= len(order)]
    for g in range(len(bounds) - 1):
        truth[order[bounds[g] : bounds[g + 1]]] = g
    return truth


def lfr_like(n: int, mixing: float, seed: int) -> Planted:
    """Return an LFR-like graph (power-law degrees and group sizes 3–20) in numpy.

    As in LFR, people are placed so that their internal degree fits their group: the most
    active go (with some randomness) to the larger groups.
    """
    rng = np.random.default_rng(seed)
    degree = _power_law(rng, n, 2.5, 4, 30)
    sizes = _power_law(rng, n // 3 + 1, 1.5, 3, 20)
    sizes = sizes[: np.searchsorted(np.cumsum(sizes), n) + 1]
    slots = np.repeat(np.arange(len(sizes)), sizes)[:n]
    slot_size = sizes[slots]
    # Rank people by internal degree and slots by group size, each with noise, and pair them.
    people = np.argsort((1 - mixing) * degree + rng.normal(0, 2.0, n), kind="stable")
    places = np.argsort(slot_size + rng.normal(0, 2.0, n), kind="stable")
    truth = np.empty(n, dtype=np.int64)
    truth[people] = slots[places]
    group_size = np.bincount(truth)[truth]
    internal = np.minimum(np.rint((1 - mixing) * degree).astype(np.int64), group_size - 1)
    external = degree - internal
    a_parts, b_parts = [], []
    # Internal links: a configuration model inside each group (stubs sorted by group).
    order = np.argsort(truth, kind="stable")
    stubs = np.repeat(order, internal[order])
    stub_group = truth[stubs]
    # Shuffle within groups by sorting on (group, random key).
    key = rng.random(len(stubs))
    stubs = stubs[np.lexsort((key, stub_group))]
    stub_group = truth[stubs]
    starts = np.flatnonzero(np.r_[True, stub_group[1:] != stub_group[:-1]])
    ends = np.r_[starts[1:], len(stubs)]
    pos = np.arange(len(stubs)) - np.repeat(starts, ends - starts)
    length = np.repeat(ends - starts, ends - starts)
    # Pair stub i of a group with stub length-1-i (a random matching after the shuffle).
    half = pos < length // 2
    first = stubs[half]
    second = stubs[(np.repeat(starts, ends - starts) + length - 1 - pos)[half]]
    keep = first != second
    a_parts.append(first[keep])
    b_parts.append(second[keep])
    ea, eb = _stubs_to_edges(rng, np.repeat(np.arange(n), external))
    a_parts.append(ea)
    b_parts.append(eb)
    return Planted(n, np.concatenate(a_parts), np.concatenate(b_parts), truth)


def dcsbm(n: int, mixing: float, seed: int) -> Planted:
    """Return a degree-corrected SBM: groups 3–20 (uniform), 30% of people in none."""
    rng = np.random.default_rng(seed)
    grouped = int(n * 0.7)
    sizes = rng.integers(3, 21, size=grouped // 3 + 1)
    truth = np.full(n, -1, dtype=np.int64)
    truth[:grouped] = _groups_of_sizes(rng, np.arange(grouped), sizes)[:grouped]
    activity = rng.lognormal(0.0, 0.6, size=n)
    degree = np.maximum(2, rng.poisson(8.0 * activity / activity.mean()))
    block = truth.copy()
    block[block < 0] = -1
    # Each person's links: a share (1 − mixing) to own group (weighted by activity), rest anywhere.
    inside = rng.random(degree.sum()) >= mixing
    src = np.repeat(np.arange(n), degree)
    in_group = inside & (block[src] >= 0)
    dst = np.empty_like(src)
    # Inside: pick a random other member of the same group, by activity.
    order = np.argsort(block, kind="stable")
    grouped_order = order[block[order] >= 0]
    gb = block[grouped_order]
    starts = np.searchsorted(gb, np.arange(gb.max() + 1))
    ends = np.searchsorted(gb, np.arange(gb.max() + 1), side="right")
    s = src[in_group]
    g = block[s]
    length = ends[g] - starts[g]
    pick = starts[g] + (rng.random(len(s)) * length).astype(np.int64)
    dst[in_group] = grouped_order[pick]
    # Outside (and ungrouped people): anyone, by activity.
    p = activity / activity.sum()
    dst[~in_group] = rng.choice(n, size=int((~in_group).sum()), p=p)
    keep = src != dst
    # Half the draws: the degree counts each link from both ends.
    keep &= rng.random(len(src)) < 0.5
    return Planted(n, src[keep], dst[keep], truth)


def lfr_networkx(n: int, mixing: float, seed: int) -> Planted:
    """Return networkx's LFR graph (τ1 2.5, τ2 1.5, mean degree 5, max 20, groups 3–20)."""
    import networkx as nx

    graph = nx.LFR_benchmark_graph(
        n, 2.5, 1.5, mixing, average_degree=5, max_degree=20,
        min_community=3, max_community=20, seed=seed, max_iters=500,
    )  # fmt: skip
    truth = np.full(n, -1, dtype=np.int64)
    seen: dict[frozenset[int], int] = {}
    for node in graph:
        truth[node] = seen.setdefault(frozenset(graph.nodes[node]["community"]), len(seen))
    edges = np.array(list(graph.edges()), dtype=np.int64).reshape(-1, 2)
    return Planted(n, edges[:, 0], edges[:, 1], truth)


def karate(n: int, mixing: float, seed: int) -> Planted:
    """Return Zachary's karate club with its two factions as truth."""
    import networkx as nx

    graph = nx.karate_club_graph()
    truth = np.array([0 if graph.nodes[v]["club"] == "Mr. Hi" else 1 for v in graph])
    edges = np.array(list(graph.edges()), dtype=np.int64)
    return Planted(34, edges[:, 0], edges[:, 1], truth, real=True)


# Davis, Gardner and Gardner (1941): Evelyn … Ruth and Verne … Flora.
DAVIS_FIRST_CLIQUE = {
    "Evelyn Jefferson", "Laura Mandeville", "Theresa Anderson", "Brenda Rogers",
    "Charlotte McDowd", "Frances Anderson", "Eleanor Nye", "Pearl Oglethorpe", "Ruth DeSand",
}  # fmt: skip


def davis(n: int, mixing: float, seed: int) -> Planted:
    """Return Davis' Southern Women as women and events only (no person–person link)."""
    import networkx as nx

    graph = nx.davis_southern_women_graph()
    women = list(graph.graph["top"])
    events = list(graph.graph["bottom"])
    truth = np.array([0 if w in DAVIS_FIRST_CLIQUE else 1 for w in women])
    uses = [(women.index(w), events.index(e)) for w, e in graph.edges() if w in women]
    uses += [(women.index(w), events.index(e)) for e, w in graph.edges() if w in women]
    empty = np.zeros(0, dtype=np.int64)
    return Planted(len(women), empty, empty, truth, uses=sorted(set(uses)), contexts_only=True,
                   real=True)  # fmt: skip


FAMILIES = {
    "lfr": lfr_networkx,
    "lfr-like": lfr_like,
    "dcsbm": dcsbm,
    "karate": karate,
    "davis": davis,
}


def planted(family: str, n: int, mixing: float, seed: int) -> Planted:
    """Return the planted graph of ``family`` (``n`` and ``mixing`` ignored for real data)."""
    return FAMILIES[family](n, mixing, seed)
