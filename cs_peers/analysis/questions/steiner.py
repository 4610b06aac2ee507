"""Kou, Markowitz and Berman's Steiner tree over chosen paths, with every tie broken by id.

The tree joining several people is built from one path per pair of them (the caller chooses
which: :mod:`cs_peers.analysis.questions.answers` takes the first shortest path by id sequence,
from either
store), so equal inputs give equal trees whichever store found the paths. The result is at
most twice the size of the smallest tree.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

__all__ = ["Forest", "steiner_edges"]


class Forest:
    """Union-find over ids, for Kruskal's spanning trees and for telling parts apart."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        """Return the id that stands for ``x``'s part (the smallest joined so far)."""
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, x: str, y: str) -> bool:
        """Return whether ``x`` and ``y`` were apart, after putting them in one part."""
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return False
        self.parent[max(rx, ry)] = min(rx, ry)
        return True


def steiner_edges(
    terminals: Sequence[str], closure: Sequence[tuple[int, str, str, tuple[str, ...]]]
) -> list[tuple[str, str]]:
    """Return the edges of Kou's Steiner tree (a forest if some terminals cannot be joined).

    ``closure`` holds ``(length, a, b, path)`` for each pair of terminals that can be joined,
    with the path chosen between them. Every step breaks ties by id, so equal inputs give equal
    trees: a spanning tree of the closure by (length, a, b); the union of its paths; a spanning
    tree of that by edge; then leaves that are not terminals are pruned.

    Examples
    --------
    >>> closure = [(2, "A", "B", ("A", "x", "B")), (2, "A", "C", ("A", "x", "C")),
    ...            (2, "B", "C", ("B", "x", "C"))]
    >>> steiner_edges(["A", "B", "C"], closure)
    [('A', 'x'), ('B', 'x'), ('C', 'x')]
    """
    closure_tree = Forest()
    union: set[tuple[str, str]] = set()
    for _length, a, b, path in sorted(closure, key=lambda c: (c[0], c[1], c[2])):
        if closure_tree.join(a, b):
            union |= {(min(u, v), max(u, v)) for u, v in itertools.pairwise(path)}
    tree = Forest()
    edges = [(u, v) for u, v in sorted(union) if tree.join(u, v)]
    keep = set(terminals)
    while True:
        degree: dict[str, int] = {}
        for u, v in edges:
            degree[u] = degree.get(u, 0) + 1
            degree[v] = degree.get(v, 0) + 1
        leaves = {n for n, d in degree.items() if d == 1 and n not in keep}
        if not leaves:
            return edges
        edges = [(u, v) for u, v in edges if u not in leaves and v not in leaves]
