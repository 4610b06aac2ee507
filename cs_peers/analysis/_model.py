"""The case network as a NetworkX graph: people and contexts, one edge per recorded association.

This is the graph analysts explore in Python (ego networks, paths, who connects whom). Every
edge keeps its provenance; repeated records of a pair stay separate edges of the multigraph,
because each has its own date, agency, confidence and reference.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from cs_peers.errors import PersonNotFoundError
from cs_peers.inputs.columns import is_in
from cs_peers.inputs.dataset import ASSOCIATION_COLUMNS, Dataset

__all__ = ["build_case_graph", "ego_graph"]


_PROVENANCE = [c for c in ASSOCIATION_COLUMNS if c not in ("source", "target")]


def build_case_graph(
    dataset: Dataset, *, around: Iterable[str] | None = None, reveal_names: bool = False
) -> nx.MultiGraph:
    """Return the case network: a MultiGraph of people and contexts.

    Nodes carry ``node_type`` (``person`` or ``context``), ``kind`` and ``label`` (the name
    only when ``reveal_names``). Each association is one edge keyed by its row number, with
    ``type``, ``category`` and every provenance column. With ``around``, only associations that
    touch those ids are included (with the nodes at their other ends).

    Examples
    --------
    >>> from cs_peers.inputs.sample.generate import borough_dataset
    >>> graph = build_case_graph(borough_dataset(), around=["YP001"])
    >>> sorted({d["confidence"] for _, _, d in graph.edges(data=True)}) <= ["high", "low", "medium"]
    True
    >>> graph.nodes["YP001"]["node_type"]
    'person'
    """
    a = dataset.associations
    # Read ``around`` once: it may be an iterator, and it is needed twice.
    ids = None if around is None else list(around)
    if ids is not None:
        a = a[is_in(a["source"], ids) | is_in(a["target"], ids)]
    category = {name: t.category for name, t in dataset.vocabulary.types.items()}
    labels = dataset.labels(reveal_names=reveal_names)
    used = set(a["source"]) | set(a["target"]) | set(ids or [])
    graph = nx.MultiGraph()
    people = dataset.people[is_in(dataset.people["id"], list(used))]
    for pid, kind in zip(people["id"], people["kind"], strict=True):
        graph.add_node(pid, node_type="person", kind=kind, label=labels[pid])
    contexts = dataset.contexts[is_in(dataset.contexts["id"], list(used))]
    for cid, kind in zip(contexts["id"], contexts["kind"], strict=True):
        graph.add_node(cid, node_type="context", kind=kind, label=labels[cid])
    columns = {c: a[c].tolist() for c in _PROVENANCE}
    for i, (row, source, target) in enumerate(zip(a.index, a["source"], a["target"], strict=True)):
        provenance = {c: values[i] for c, values in columns.items()}
        graph.add_edge(
            source, target, key=int(row), category=category[provenance["type"]], **provenance
        )
    return graph


def ego_graph(dataset: Dataset, person_id: str, *, depth: int = 1) -> nx.MultiGraph:
    """Return the people and contexts within ``depth`` associations of one person.

    Raises
    ------
    PersonNotFoundError
        If ``person_id`` is not a person in the dataset.
    """
    if not is_in(dataset.people["id"], [person_id]).any():
        raise PersonNotFoundError(f"person {person_id!r} is not in the data")
    frontier, seen = {person_id}, {person_id}
    for _ in range(depth):
        graph = build_case_graph(dataset, around=frontier)
        frontier = set(graph.nodes) - seen
        seen |= frontier
    return nx.MultiGraph(build_case_graph(dataset, around=seen).subgraph(seen))
