"""Seeded node positions for diagrams, computed in Python before the page is written.

Why the positions are not left to vis-network's physics in the browser: the physics simulation
starts from random positions, so the same data would draw a different picture at every opening
(and at the next meeting), and on a 1,500-node overview it kept headless Chromium busy for
about 40 seconds before anything appeared. Computing positions here with a fixed seed gives the
same picture for the same data, and the browser only has to paint.

All functions are pure: the same arguments give the same coordinates, bit for bit, on one
machine. igraph draws from a random number generator during Fruchterman-Reingold; it gets a
private, seeded one for the duration of each call.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import networkx as nx
import numpy as np

from cs_peers.analysis.grouping.leiden import ig

__all__ = ["CANVAS", "focus_positions", "force_positions", "packed_positions", "spring_positions"]


# Above this many nodes igraph's grid variant of Fruchterman-Reingold is used: the plain variant
# is quadratic per iteration (20 s for 10,000 nodes), the grid one near linear (0.2 s).
_GRID_ABOVE = 500
# The canvas of a diagram on a 1920x1080 projector (76% of the height, beside a 340 px legend).
CANVAS = (1560.0, 800.0)
# Pairwise overlap removal is quadratic in memory; beyond this many circles a component is only
# scaled, not separated.
_SEPARATE_UP_TO = 2_000


@contextmanager
def _seeded_igraph(seed: int) -> Iterator[None]:
    previous = ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(previous or random)


def spring_positions(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str, float]],
    *,
    seed: int,
    scale: float,
) -> dict[str, tuple[int, int]]:
    """Return a whole-pixel position per node from a seeded spring layout, within ``±scale``.

    Suited to a group diagram (tens of nodes): networkx's Fruchterman-Reingold with ``seed``
    and edge weights as spring strengths. Node order is part of the input, so callers pass
    nodes in a stable order.

    Examples
    --------
    >>> pos = spring_positions(["a", "b", "c"], [("a", "b", 1.0)], seed=0, scale=100)
    >>> pos == spring_positions(["a", "b", "c"], [("a", "b", 1.0)], seed=0, scale=100)
    True
    >>> sorted(pos)
    ['a', 'b', 'c']
    """
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0, 0)}
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for a, b, w in edges:
        graph.add_edge(a, b, weight=w)
    # k a little above networkx's default 1/sqrt(n) leaves room for labels under the nodes.
    k = 1.6 / math.sqrt(len(nodes))
    pos = nx.spring_layout(graph, k=k, iterations=200, seed=seed, weight="weight", scale=scale)
    # Whole pixels: finer is invisible, and vis-network reports positions in whole pixels.
    return {n: (round(float(pos[n][0])), round(float(pos[n][1]))) for n in nodes}


def _nearest_distances(pos: np.ndarray) -> np.ndarray:
    """Return each point's distance to its nearest other point (in blocks, to bound memory)."""
    nearest = np.empty(len(pos))
    for start in range(0, len(pos), 512):
        block = pos[start : start + 512]
        d = np.sqrt(((block[:, None, :] - pos[None, :, :]) ** 2).sum(axis=2))
        d[np.arange(len(block)), np.arange(start, start + len(block))] = np.inf
        nearest[start : start + len(block)] = d.min(axis=1)
    return nearest


def focus_positions(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str, float]],
    core: set[str],
    *,
    seed: int,
    spacing: float = 90.0,
    room: Sequence[float] | None = None,
    canvas: tuple[float, float] = CANVAS,
) -> dict[str, tuple[int, int]]:
    """Return whole-pixel positions that keep ``core`` in focus and the periphery close by.

    A seeded spring layout pushes nodes with a single tie (people outside a group, adults) far
    out, which makes the group itself small once the picture is fitted to the screen. Beyond the
    core's radius, distances from the core's centre are therefore shortened, nodes pushed apart
    where that made them overlap, and the whole scaled so that the typical distance from a core
    node to its nearest neighbour is ``spacing`` pixels: room for a label. The picture is then
    turned so that its longest spread is horizontal and stretched towards the shape of
    ``canvas`` (width, height in pixels), nodes are pushed apart until each one's ``room`` (the
    radius its shape and label need; by default a third of ``spacing``) is free, and a picture
    smaller than ``canvas`` is spread out to fill it: fitted to the screen, it is drawn at about
    its own size, so labels keep their font size.

    Examples
    --------
    >>> edges = [("a", "b", 1.0), ("b", "c", 1.0), ("c", "a", 1.0), ("c", "x", 1.0)]
    >>> pos = focus_positions(["a", "b", "c", "x"], edges, {"a", "b", "c"}, seed=0)
    >>> pos == focus_positions(["a", "b", "c", "x"], edges, {"a", "b", "c"}, seed=0)
    True
    """
    if len(nodes) < 2:
        return dict.fromkeys(nodes, (0, 0))
    raw = spring_positions(nodes, edges, seed=seed, scale=1000.0)
    pos = np.array([raw[n] for n in nodes], dtype=float)
    inner = np.array([n in core for n in nodes]) if core & set(nodes) else np.ones(len(nodes), bool)
    centre = pos[inner].mean(axis=0)
    offset = pos - centre
    radius = np.sqrt((offset**2).sum(axis=1))
    edge = 1.2 * float(radius[inner].max()) + 1e-9
    shrunk = np.where(radius > edge, edge + (radius - edge) * 0.35, radius)
    pos = centre + offset * (shrunk / np.where(radius > 0, radius, 1.0))[:, None]
    # Spacing is measured in the core, where the eye is and where nodes are densest.
    typical = float(np.median(_nearest_distances(pos)[inner]))
    pos *= spacing / typical if typical > 0 else 1.0
    pos = _fill(pos, canvas)
    radii = np.full(len(pos), spacing * 0.3) if room is None else np.asarray(room, dtype=float)
    pos = _separate(pos, radii, spacing * 0.15, rounds=120)
    pos -= (pos.min(axis=0) + pos.max(axis=0)) / 2
    span = pos.max(axis=0) - pos.min(axis=0)
    grow = min(
        (canvas[0] * 0.9) / max(float(span[0]), 1.0), (canvas[1] * 0.85) / max(float(span[1]), 1.0)
    )
    if grow > 1.0:
        pos *= grow
    return {n: (round(float(x)), round(float(y))) for n, (x, y) in zip(nodes, pos, strict=True)}


def _fill(pos: np.ndarray, canvas: tuple[float, float]) -> np.ndarray:
    """Return ``pos`` turned to spread widest horizontally, stretched to ``canvas``'s shape."""
    centred: np.ndarray = pos - pos.mean(axis=0)
    if len(pos) < 3:
        return centred
    # Principal axes: deterministic (eigh of a symmetric 2x2), signs fixed so that the result
    # does not depend on the solver's choice of sign.
    _, vectors = np.linalg.eigh(np.cov(centred.T))
    axes = vectors[:, ::-1]
    for k in range(2):
        if axes[np.argmax(np.abs(axes[:, k])), k] < 0:
            axes[:, k] = -axes[:, k]
    turned: np.ndarray = centred @ axes
    width, height = np.ptp(turned, axis=0)
    want = canvas[0] / canvas[1]
    if height > 0 and width / height < want:
        stretch = math.sqrt(want * height / width)
        turned[:, 0] *= stretch
        turned[:, 1] /= stretch
    return turned


def force_positions(
    n: int,
    edges: np.ndarray,
    weights: np.ndarray | None = None,
    *,
    seed: int,
) -> np.ndarray:
    """Return an ``(n, 2)`` array of positions centred on 0 with a bounding radius of 1.

    igraph's Fruchterman-Reingold from seeded start positions, the grid variant for large
    graphs. ``edges`` is an ``(m, 2)`` array of node indices.
    """
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-1.0, 0.0], [1.0, 0.0]])
    graph = ig.Graph(n=n, edges=np.asarray(edges, dtype=np.int64).reshape(-1, 2).tolist())
    start = np.random.default_rng(seed).uniform(-1.0, 1.0, size=(n, 2)) * math.sqrt(n)
    with _seeded_igraph(seed):
        coords = graph.layout_fruchterman_reingold(
            weights=None if weights is None else np.asarray(weights, dtype=float).tolist(),
            seed=start.tolist(),
            niter=300 if n <= _GRID_ABOVE else 150,
            grid=n > _GRID_ABOVE,
        ).coords
    pos = np.asarray(coords, dtype=float)
    pos -= pos.mean(axis=0)
    radius = float(np.sqrt((pos**2).sum(axis=1)).max())
    return pos / radius if radius > 0 else pos


def _separate(pos: np.ndarray, radii: np.ndarray, gap: float, rounds: int = 60) -> np.ndarray:
    """Return ``pos`` with overlapping circles pushed apart (deterministic, vectorised)."""
    n = len(pos)
    if n < 2 or n > _SEPARATE_UP_TO:
        return pos
    pos = pos.copy()
    need = radii[:, None] + radii[None, :] + gap
    np.fill_diagonal(need, 0.0)
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2))
        overlap = np.clip(need - dist, 0.0, None)
        np.fill_diagonal(overlap, 0.0)
        if not overlap.any():
            break
        # Coincident points get a fixed direction (by index) instead of a random one.
        safe = np.where(dist > 1e-9, dist, 1.0)
        unit = delta / safe[:, :, None]
        coincident = dist <= 1e-9
        unit[coincident] = np.array([1.0, 0.0])
        unit[coincident & np.tril(np.ones((n, n), dtype=bool))] = np.array([-1.0, 0.0])
        pos += (unit * (overlap[:, :, None] / 2)).sum(axis=1) * 0.5
    return pos


def packed_positions(
    n: int,
    edges: np.ndarray,
    weights: np.ndarray | None,
    radii: np.ndarray,
    *,
    seed: int,
    gap: float = 20.0,
) -> np.ndarray:
    """Return ``(n, 2)`` centres of circles of ``radii``: each connected part laid out, then packed.

    Each connected component gets its own force layout, scaled to the room its circles need
    and pushed apart where they overlap; components are then packed in rows, largest first,
    so that unconnected groups sit in a tidy grid instead of being flung to the edges.
    """
    if n == 0:
        return np.zeros((0, 2))
    radii = np.asarray(radii, dtype=float)
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    graph = ig.Graph(n=n, edges=edges.tolist())
    membership = np.asarray(graph.connected_components().membership, dtype=np.int64)
    # Each node's index within its component, and each edge's component, computed once so that
    # thousands of small components do not each scan every edge.
    order = np.argsort(membership, kind="stable")
    counts = np.bincount(membership)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    local_index = np.empty(n, dtype=np.int64)
    local_index[order] = np.arange(n) - np.repeat(starts, counts)
    edge_component = membership[edges[:, 0]] if len(edges) else np.zeros(0, dtype=np.int64)
    edge_order = np.argsort(edge_component, kind="stable")
    edge_counts = np.bincount(edge_component, minlength=len(counts))
    edge_starts = np.concatenate([[0], np.cumsum(edge_counts)])
    components = sorted(range(len(counts)), key=lambda c: (-int(counts[c]), int(order[starts[c]])))
    pos = np.zeros((n, 2))
    boxes: list[tuple[np.ndarray, np.ndarray, float, float]] = []
    for c in components:
        index = order[starts[c] : starts[c] + counts[c]]
        if len(index) == 1:
            local = np.zeros((1, 2))
        else:
            picked = edge_order[edge_starts[c] : edge_starts[c + 1]]
            sub_edges = local_index[edges[picked]]
            sub_weights = None if weights is None else np.asarray(weights, dtype=float)[picked]
            local = force_positions(len(index), sub_edges, sub_weights, seed=seed)
            # Room for the circles: the disc whose area is about twice theirs.
            room = math.sqrt(2.0 * float(((radii[index] + gap) ** 2).sum()))
            local = _separate(local * room, radii[index], gap)
        low = (local - radii[index][:, None]).min(axis=0)
        high = (local + radii[index][:, None]).max(axis=0)
        boxes.append((index, local - low, float(high[0] - low[0]), float(high[1] - low[1])))
    # Shelf packing into an area about 1.5 times wider than high, the shape of the canvas.
    total = sum((w + gap) * (h + gap) for _, _, w, h in boxes)
    row_width = max(math.sqrt(total * 1.5) * 1.1, max(w for _, _, w, _ in boxes))
    x = y = row_height = 0.0
    for index, local, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        pos[index] = local + np.array([x, y])
        x += w + gap
        row_height = max(row_height, h)
    centred: np.ndarray = pos - (pos.min(axis=0) + pos.max(axis=0)) / 2
    return centred
