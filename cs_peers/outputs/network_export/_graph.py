"""The network every export writes: one NetworkX multigraph, one edge per recorded association.

Nodes are the people and contexts of the (audience's) analysis, keyed by id, with ``kind``,
``label`` and, for each young person, the candidate ``group`` and its ``review_status`` (and
``membership_confidence`` for members). Never a real name, a note or any other attribute of a
person: an export is a map, not a case file. Edges are the association records, each with its
provenance. The graph's own attributes are the export's metadata: the protective marking,
the caveat and the provenance of the run.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import networkx as nx

from cs_peers.outputs.audiences import DECISIONS_HIDDEN
from cs_peers.outputs.diagrams.records import OVERVIEW_CAVEAT
from cs_peers.outputs.folders import current_stamp

if TYPE_CHECKING:
    from cs_peers.analysis.run import Analysis

__all__ = ["EDGE_FIELDS", "NODE_FIELDS", "SIGNATURE", "edge_id", "export_metadata", "network_graph"]


# Every export says who wrote it near its start: an existing file is replaced only if it does.
SIGNATURE = "cs-peers network export"
NODE_FIELDS = ("kind", "label", "group", "review_status", "membership_confidence")
# An allow-list, not the contract's ASSOCIATION_COLUMNS: a column added to the contract
# travels only once it is named here, and ``notes`` never does.
EDGE_FIELDS = (
    "type",
    "category",
    "observed_on",
    "recorded_on",
    "source_agency",
    "confidence",
    "grading",
    "reference",
)
# A young person in no group, and a group's status when the run was not kept (reviews apply
# only to kept runs).
NO_GROUP = ""
NOT_KEPT = "not known (run not kept)"


def edge_id(number: int) -> str:
    """Return the id of the ``number``-th association (from 1): a slash, which no person or
    context id may hold, keeps it apart from every node id (Kumu wants them all distinct).

    Examples
    --------
    >>> edge_id(12)
    'association/12'
    """
    return f"association/{number}"


def export_metadata(analysis: Analysis, marking: str) -> dict[str, str]:
    """Return what every export says about itself: marking first, then caveat and provenance.

    Keys are snake_case (``data source`` → ``data_source``) so that every format can carry them.
    """
    provenance = {
        re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_"): value
        # With the audit entry the export is logged under (see `cs-peers audit --against`).
        for key, value in {**analysis.shown_provenance(), **current_stamp()}.items()
    }
    version = analysis.provenance.version if analysis.provenance is not None else ""
    return {
        "marking": marking,
        "written_by": f"{SIGNATURE}, cs-peers {version}".strip(),
        "caveat": OVERVIEW_CAVEAT,
        "edges": "one per recorded association (parallel edges between the same pair)",
        **provenance,
    }


def _review_statuses(analysis: Analysis) -> dict[str, str]:
    """Return each group's review status as exports show it (short words, for filtering)."""
    statuses = {}
    hidden = analysis.provenance is not None and analysis.provenance.decisions_hidden
    for group_id in analysis.groups.groups["group_id"]:
        if analysis.reviews is None:
            statuses[group_id] = DECISIONS_HIDDEN[1] if hidden else NOT_KEPT
            continue
        state = analysis.reviews.of(group_id)
        statuses[group_id] = "needs review again" if state.reopened else state.status
    return statuses


def network_graph(analysis: Analysis, *, marking: str) -> nx.MultiGraph:
    """Return the people, contexts and association records of ``analysis`` as a multigraph.

    Associations are undirected, as the input contract reads them (either column may hold
    either end); ``source`` and ``target`` order is not kept. Edge keys are
    :func:`edge_id`\\ s in the order of the records.

    Examples
    --------
    >>> from cs_peers.analysis.run import analyse
    >>> from cs_peers.analysis.grouping.parameters import GroupingParameters
    >>> from cs_peers.inputs.source import load_dataset
    >>> from cs_peers.inputs.sample.generate import sample_path
    >>> analysis = analyse(load_dataset(sample_path()), GroupingParameters(runs=2))
    >>> graph = network_graph(analysis, marking="OFFICIAL-SENSITIVE")
    >>> graph.number_of_edges() == len(analysis.dataset.associations)
    True
    >>> graph.graph["marking"], "name" in graph.nodes["YP001"]
    ('OFFICIAL-SENSITIVE', False)
    """
    dataset, groups = analysis.dataset, analysis.groups
    graph = nx.MultiGraph(**export_metadata(analysis, marking))
    labels = dataset.labels(reveal_names=False)
    memberships = groups.memberships
    group_of = dict(zip(memberships["person_id"], memberships["group_id"], strict=True))
    confidence_of = dict(zip(memberships["person_id"], memberships["confidence"], strict=True))
    statuses = _review_statuses(analysis)
    people = dataset.people
    for person, kind in zip(people["id"], people["kind"], strict=True):
        attributes: dict[str, str | float] = {"kind": kind, "label": labels[person]}
        if kind == "young_person":
            group = group_of.get(person, NO_GROUP)
            attributes |= {"group": group, "review_status": statuses.get(group, "")}
            if group:
                attributes["membership_confidence"] = round(float(confidence_of[person]), 3)
        graph.add_node(person, **attributes)
    contexts = dataset.contexts
    for context, kind in zip(contexts["id"], contexts["kind"], strict=True):
        graph.add_node(context, kind=kind, label=labels[context])
    vocabulary = dataset.vocabulary
    a = dataset.associations
    # Every field but the category (the vocabulary's) comes from the record itself.
    recorded = [f for f in EDGE_FIELDS if f not in ("type", "category")]
    columns = [a[c].astype(str) for c in ("source", "target", "type", *recorded)]
    for number, (source, target, kind, *values) in enumerate(zip(*columns, strict=True), 1):
        record = dict(zip(recorded, values, strict=True))
        category = vocabulary[kind].category
        graph.add_edge(source, target, key=edge_id(number), type=kind, category=category, **record)
    return graph
