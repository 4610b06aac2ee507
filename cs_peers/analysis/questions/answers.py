"""Questions about one, two or several people, answered the same way from files or from Neo4j.

Three questions analysts ask every day (i2's "find path" and "find connecting network"):

* :func:`ego_network` — who and what lies within ``depth`` associations of one person;
* :func:`shortest_paths` — the shortest chains of associations between two people;
* :func:`connecting_network` — the smallest network joining several people (a Steiner tree).

Each takes a :class:`CaseSource`: the embedded store (NetworkX over a validated dataset) or a
Neo4j database (the ``cypher/`` templates), both in :mod:`cs_peers.question_sources`. Where
several answers are equally short the answer is still defined, so both stores give *equal*
results: shortest paths come sorted by their sequence of ids, and the Steiner tree is built
from the first of them (Kou, Markowitz and Berman's 2-approximation, with every tie broken by
id). The results are dataclasses with the provenance of every link, never its notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from cs_peers.analysis.questions.steiner import Forest, steiner_edges
from cs_peers.analysis.questions.types import (
    CONFIDENCE_AT_LEAST,
    Link,
    Node,
    QuestionFilters,
    Record,
    links_from_records,
)
from cs_peers.errors import PersonNotFoundError, QuestionError

__all__ = [
    "CONFIDENCE_AT_LEAST",
    "CaseSource",
    "ConnectAnswer",
    "EgoAnswer",
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
