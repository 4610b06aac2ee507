"""Questions about one, two or several people, answered the same way from files or from Neo4j.

Three questions analysts ask every day (i2's "find path" and "find connecting network"):

* :func:`ego_network` — who and what lies within ``depth`` associations of one person;
* :func:`shortest_paths` — the shortest chains of associations between two people;
* :func:`connecting_network` — the smallest network joining several people (a Steiner tree).

Each takes a :class:`CaseSource`: the embedded store (:class:`EmbeddedSource`, NetworkX over a
validated dataset, below) or a Neo4j database (:class:`cs_peers.graphdb.questions.Neo4jSource`,
the ``cypher/`` templates). Where several answers are equally short the answer is still
defined, so both stores give *equal* results: shortest paths come sorted by their sequence of
ids, and the Steiner tree is built from the first of them (Kou, Markowitz and Berman's
2-approximation, with every tie broken by id). The results are dataclasses with the provenance
of every link, never its notes.

Kou, Markowitz and Berman's Steiner tree over chosen paths, with every tie broken by id.

The tree joining several people is built from one path per pair of them (the caller chooses
which: :mod:`cs_peers.analysis.questions.answers` takes the first shortest path by id sequence,
from either
store), so equal inputs give equal trees whichever store found the paths. The result is at
most twice the size of the smallest tree.

Questions answered in-process: NetworkX graphs over a validated dataset.

The case network (:func:`cs_peers.analysis._model.build_case_graph`) keeps one edge per record,
which is
what a diagram needs but more than a search does: a search only asks which pairs are linked
by an allowed record. So each set of filters gets a simple :class:`networkx.Graph` of linked
pairs, built from the association table at once (a second at a hundred thousand young
people), and records are looked up in the table only for the links an answer shows.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import networkx as nx
import pandas as pd

from cs_peers.analysis.questions.types import (
    CONFIDENCE_AT_LEAST,
    RECORD_COLUMNS,
    Link,
    Node,
    QuestionFilters,
    Record,
    links_from_records,
)
from cs_peers.errors import PersonNotFoundError, QuestionError
from cs_peers.inputs.columns import is_in
from cs_peers.inputs.dataset import Dataset

__all__ = [
    "CONFIDENCE_AT_LEAST",
    "CaseSource",
    "ConnectAnswer",
    "EgoAnswer",
    "EmbeddedSource",
    "Forest",
    "Link",
    "Node",
    "PathAnswer",
    "QuestionFilters",
    "Record",
    "connecting_network",
    "ego_network",
    "shortest_paths",
    "steiner_edges",
]


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


class CaseSource(Protocol):
    """Where the answers come from: the embedded store or Neo4j (same answers from both)."""

    def describe(self) -> str:
        """Return where the data is, for messages ("sample_graphs/borough", "Neo4j at …")."""
        ...

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        """Return the people and contexts among ``ids`` that exist, by id."""
        ...

    def ego_distances(self, person: str, depth: int, filters: QuestionFilters) -> dict[str, int]:
        """Return the fewest associations from ``person`` to everyone within ``depth``."""
        ...

    def records_among(self, ids: Iterable[str], filters: QuestionFilters) -> list[Record]:
        """Return the records (allowed by ``filters``) whose two ends are both in ``ids``."""
        ...

    def shortest_paths(
        self, a: str, b: str, filters: QuestionFilters, *, limit: int
    ) -> tuple[int, list[tuple[str, ...]]]:
        """Return how many shortest paths join ``a`` and ``b``, and the first ``limit`` sorted."""
        ...


@dataclass(frozen=True)
class EgoAnswer:
    """The people and contexts around one person, at their distances, and the links among them."""

    person: Node
    depth: int
    filters: QuestionFilters
    distances: tuple[tuple[Node, int], ...]
    links: tuple[Link, ...]
    source: str


@dataclass(frozen=True)
class PathAnswer:
    """The shortest chains between two people: how many there are and the first ones by id."""

    a: Node
    b: Node
    filters: QuestionFilters
    length: int | None
    total: int
    paths: tuple[tuple[str, ...], ...]
    nodes: dict[str, Node]
    links: tuple[Link, ...]
    source: str


@dataclass(frozen=True)
class ConnectAnswer:
    """The smallest network found joining several people, and who could not be joined."""

    people: tuple[Node, ...]
    filters: QuestionFilters
    nodes: dict[str, Node]
    links: tuple[Link, ...]
    parts: tuple[tuple[str, ...], ...]
    source: str

    @property
    def joined(self) -> bool:
        """Return whether every person asked about is in one connected network."""
        return len(self.parts) == 1


def _people(source: CaseSource, ids: Sequence[str]) -> dict[str, Node]:
    """Return the nodes of ``ids``, raising for the first that is not a person in the data."""
    found = source.nodes(ids)
    for person in ids:
        node = found.get(person)
        if node is None or node.node_type != "person":
            raise PersonNotFoundError(f"no person {person!r} in {source.describe()}")
    return found


def ego_network(
    source: CaseSource, person: str, *, depth: int = 1, filters: QuestionFilters | None = None
) -> EgoAnswer:
    """Return the people and contexts within ``depth`` associations of ``person``.

    Unless ``filters.through_contexts``, contexts are shown but not gone through: two pupils
    of one school are not each other's neighbours because of it. Links are every allowed record
    among the nodes shown, merged per pair.

    Raises
    ------
    QuestionError
        If ``person`` is not a person in the data, or ``depth`` is not 1 to 6.
    """
    filters = filters or QuestionFilters()
    if not 1 <= depth <= 6:
        raise QuestionError(f"depth {depth} is not between 1 and 6")
    me = _people(source, [person])[person]
    distances = source.ego_distances(person, depth, filters)
    nodes = source.nodes(distances)
    ordered = sorted(distances, key=lambda n: (distances[n], n))
    return EgoAnswer(
        person=me,
        depth=depth,
        filters=filters,
        distances=tuple((nodes[n], distances[n]) for n in ordered),
        links=links_from_records(source.records_among(ordered, filters)),
        source=source.describe(),
    )


def _path_links(
    source: CaseSource, paths: Iterable[Sequence[str]], filters: QuestionFilters
) -> tuple[dict[str, Node], tuple[Link, ...]]:
    """Return the nodes and the links (with their records) of consecutive pairs on ``paths``."""
    pairs = {tuple(sorted(p[i : i + 2])) for p in paths for i in range(len(p) - 1)}
    ids = sorted({n for pair in pairs for n in pair})
    records = [
        r
        for r in source.records_among(ids, filters)
        if tuple(sorted((r.source, r.target))) in pairs
    ]
    return source.nodes(ids), links_from_records(records)


def shortest_paths(
    source: CaseSource,
    a: str,
    b: str,
    *,
    filters: QuestionFilters | None = None,
    limit: int = 10,
) -> PathAnswer:
    """Return the shortest chains of associations between two people, sorted by id sequence.

    ``total`` counts every distinct shortest chain of people (and contexts, when
    ``filters.through_contexts``); ``paths`` holds the first ``limit`` of them in the order of
    their id sequences, the same from either store. No chain within ``filters.max_length``
    gives ``length`` ``None``.

    Raises
    ------
    QuestionError
        If ``a`` or ``b`` is not a person in the data, or they are the same person.
    """
    filters = filters or QuestionFilters()
    found = _people(source, [a, b])
    if a == b:
        raise QuestionError(f"{a!r} is asked about twice: give two different people")
    total, paths = source.shortest_paths(a, b, filters, limit=limit)
    nodes, links = _path_links(source, paths, filters)
    return PathAnswer(
        a=found[a],
        b=found[b],
        filters=filters,
        length=len(paths[0]) - 1 if paths else None,
        total=total,
        paths=tuple(paths),
        nodes=nodes or {a: found[a], b: found[b]},
        links=links,
        source=source.describe(),
    )


def connecting_network(
    source: CaseSource, people: Sequence[str], *, filters: QuestionFilters | None = None
) -> ConnectAnswer:
    """Return the smallest network found joining ``people`` (a Steiner-tree approximation).

    Between each pair the first shortest path by id sequence is taken (see
    :func:`shortest_paths`); the tree is Kou's, at most twice the size of the smallest. People
    who cannot be joined within ``filters.max_length`` associations of the others form separate
    ``parts``.

    Raises
    ------
    QuestionError
        If fewer than two different people are given, or one is not a person in the data.
    """
    filters = filters or QuestionFilters()
    terminals = sorted(dict.fromkeys(people))
    if len(terminals) < 2:
        raise QuestionError("give at least two different people to connect")
    found = _people(source, terminals)
    closure = []
    for i, a in enumerate(terminals):
        for b in terminals[i + 1 :]:
            _total, paths = source.shortest_paths(a, b, filters, limit=1)
            if paths:
                closure.append((len(paths[0]) - 1, a, b, paths[0]))
    edges = steiner_edges(terminals, closure)
    nodes, links = _path_links(source, [list(e) for e in edges], filters)
    parts = Forest()
    for u, v in edges:
        parts.join(u, v)
    grouped: dict[str, list[str]] = {}
    for t in terminals:
        grouped.setdefault(parts.find(t), []).append(t)
    return ConnectAnswer(
        people=tuple(found[t] for t in terminals),
        filters=filters,
        nodes={**nodes, **{t: found[t] for t in terminals}},
        links=links,
        parts=tuple(sorted(tuple(g) for g in grouped.values())),
        source=source.describe(),
    )


class EmbeddedSource:
    """A validated dataset as a source of answers (see
    :class:`cs_peers.analysis.questions.answers.CaseSource`).

    Examples
    --------
    >>> from cs_peers.inputs.sample.generate import borough_dataset
    >>> source = EmbeddedSource(borough_dataset())
    >>> source.nodes(["YP001", "nobody"])["YP001"].node_type
    'person'
    """

    def __init__(self, dataset: Dataset, *, reveal_names: bool = False) -> None:
        self.dataset = dataset
        self.reveal_names = reveal_names
        self._nodes: dict[str, Node] | None = None
        self._graphs: dict[tuple[tuple[str, ...], tuple[str, ...]], nx.Graph] = {}

    def describe(self) -> str:
        """Return the data's source, as the dataset names it."""
        return self.dataset.source

    def _all_nodes(self) -> dict[str, Node]:
        if self._nodes is None:
            labels = self.dataset.labels(reveal_names=self.reveal_names)
            people, contexts = self.dataset.people, self.dataset.contexts
            nodes = {
                i: Node(i, "person", k, labels[i])
                for i, k in zip(people["id"].tolist(), people["kind"].tolist(), strict=True)
            }
            nodes |= {
                i: Node(i, "context", k, labels[i])
                for i, k in zip(contexts["id"].tolist(), contexts["kind"].tolist(), strict=True)
            }
            self._nodes = nodes
        return self._nodes

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        """Return the people and contexts among ``ids`` that exist, by id."""
        known = self._all_nodes()
        return {i: known[i] for i in ids if i in known}

    def _allowed(self, types: list[str], filters: QuestionFilters) -> pd.DataFrame:
        a = self.dataset.associations
        allowed: pd.DataFrame = a[
            is_in(a["type"], types) & is_in(a["confidence"], filters.confidences())
        ]
        return allowed

    def _graph(self, types: list[str], filters: QuestionFilters) -> nx.Graph:
        """Return the graph of pairs linked by at least one record of ``types`` and confidence."""
        key = (tuple(types), tuple(filters.confidences()))
        if key not in self._graphs:
            a = self._allowed(types, filters)
            graph = nx.Graph()
            graph.add_edges_from(zip(a["source"].tolist(), a["target"].tolist(), strict=True))
            self._graphs[key] = graph
        return self._graphs[key]

    def ego_distances(self, person: str, depth: int, filters: QuestionFilters) -> dict[str, int]:
        """Return the fewest associations from ``person`` to everyone within ``depth``.

        Chains go through people (and through contexts only with ``through_contexts``); the
        contexts of everyone short of ``depth`` are added one further out.
        """
        vocab = self.dataset.vocabulary
        graph = self._graph(filters.path_types(vocab), filters)
        distances: dict[str, int] = (
            dict(nx.single_source_shortest_path_length(graph, person, cutoff=depth))
            if person in graph
            else {person: 0}
        )
        if filters.through_contexts:
            return distances
        context_types = [
            t for t in filters.allowed_types(vocab) if vocab[t].between == "person_and_context"
        ]
        contexts = self._graph(context_types, filters)
        for p, d in list(distances.items()):
            if d < depth and p in contexts:
                for c in contexts[p]:
                    distances[c] = min(distances.get(c, d + 1), d + 1)
        return distances

    def records_among(self, ids: Iterable[str], filters: QuestionFilters) -> list[Record]:
        """Return the allowed records whose two ends are both in ``ids``."""
        wanted = list(ids)
        a = self._allowed(filters.allowed_types(self.dataset.vocabulary), filters)
        a = a[is_in(a["source"], wanted) & is_in(a["target"], wanted)]
        columns = [a[c].tolist() for c in RECORD_COLUMNS]
        return [Record(*row) for row in zip(*columns, strict=True)]

    def shortest_paths(
        self, a: str, b: str, filters: QuestionFilters, *, limit: int
    ) -> tuple[int, list[tuple[str, ...]]]:
        """Return how many shortest paths join ``a`` and ``b``, and the first ``limit`` by ids.

        One breadth-first search from ``b`` gives every node's distance to it; the shortest
        paths are then the walks from ``a`` that get one step closer each time. They are
        counted without being listed, and the first ones listed in id order.
        """
        graph = self._graph(filters.path_types(self.dataset.vocabulary), filters)
        if a not in graph or b not in graph:
            return 0, []
        to_b = nx.single_source_shortest_path_length(graph, b, cutoff=filters.max_length)
        if a not in to_b:
            return 0, []

        def closer(u: str) -> list[str]:
            return sorted(v for v in graph[u] if to_b.get(v) == to_b[u] - 1)

        @cache
        def count(u: str) -> int:
            return 1 if u == b else sum(count(v) for v in closer(u))

        def walks(u: str) -> Iterator[tuple[str, ...]]:
            if u == b:
                yield (b,)
                return
            for v in closer(u):
                for rest in walks(v):
                    yield (u, *rest)

        first: list[tuple[str, ...]] = []
        for path in walks(a):
            if len(first) >= limit:
                break
            first.append(path)
        return count(a), first
