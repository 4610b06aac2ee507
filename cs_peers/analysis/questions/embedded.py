"""Questions answered in-process: NetworkX graphs over a validated dataset.

The case network (:func:`cs_peers.analysis.model.build_case_graph`) keeps one edge per record,
which is
what a diagram needs but more than a search does: a search only asks which pairs are linked
by an allowed record. So each set of filters gets a simple :class:`networkx.Graph` of linked
pairs, built from the association table at once (a second at a hundred thousand young
people), and records are looked up in the table only for the links an answer shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import networkx as nx
import pandas as pd

from cs_peers.analysis.questions.types import RECORD_COLUMNS, Node, QuestionFilters, Record
from cs_peers.inputs.columns import is_in
from cs_peers.inputs.dataset import Dataset

__all__ = ["EmbeddedSource"]


class EmbeddedSource:
    """A validated dataset as a source of answers (see
    :class:`cs_peers.analysis.questions.answers.CaseSource`).

    Examples
    --------
    >>> from cs_peers.inputs.sample.shipped import borough_dataset
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
