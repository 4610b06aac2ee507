"""The network as Gephi, Cytoscape.js and Kumu read it: GraphML, GEXF and two JSON shapes.

Each function takes the graph of :func:`~cs_peers.outputs.network_export.graph.network_graph`
and writes or returns one format, with NetworkX's own writers where it has one. Every file
carries the graph's metadata (the protective marking first) where its format keeps such things:
GraphML graph attributes, the GEXF ``<meta>`` description, a ``data`` object in Cytoscape.js
JSON, a ``metadata`` object in Kumu's (and the marking on each element and connection, since
Kumu keeps only those).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from cs_peers import clock

__all__ = ["cytoscape_json", "kumu_json", "write_gexf", "write_graphml"]


def write_graphml(graph: nx.MultiGraph, path: Path) -> None:
    """Write ``graph`` as GraphML: one ``<edge>`` per association record, its id the record's.

    Keys are named after the attributes (``named_key_ids``), so the file reads on its own.
    """
    nx.write_graphml(graph, path, named_key_ids=True)


def _gexf_graph(graph: nx.MultiGraph) -> nx.MultiGraph:
    """Return a copy of ``graph`` shaped for NetworkX's GEXF writer.

    GEXF's edge ``type`` means directed or undirected, so the association type travels as the
    edge's ``label`` and, renamed after writing, as an attribute; ``start`` is the date the
    association was observed, so Gephi's timeline shows each record from then on (a record
    with no such date is always shown).
    """
    shaped = nx.MultiGraph(name="cs-peers network")
    shaped.add_nodes_from(graph.nodes(data=True))
    for u, v, key, data in graph.edges(keys=True, data=True):
        fields = {k: value for k, value in data.items() if k != "type"}
        timed = {"start": data["observed_on"]} if data["observed_on"] else {}
        shaped.add_edge(
            u, v, key=key, id=key, label=data["type"], association_type=data["type"], **fields
        )
        shaped.edges[u, v, key].update(timed)
    return shaped


def _rename_attribute(root: Element, old: str, new: str | None) -> None:
    """Rename the GEXF attribute titled ``old`` to ``new``; with None, drop it and its values."""
    for attributes in root.iter("attributes"):
        for attribute in list(attributes):
            if attribute.get("title") != old:
                continue
            if new is not None:
                attribute.set("title", new)
                continue
            attributes.remove(attribute)
            for values in root.iter("attvalues"):
                for value in [v for v in values if v.get("for") == attribute.get("id")]:
                    values.remove(value)


def write_gexf(graph: nx.MultiGraph, path: Path) -> None:
    """Write ``graph`` as GEXF 1.2 (NetworkX's newest; Gephi 0.9+ reads it), dynamic by date.

    The ``<meta>`` element carries the marking and the metadata as its description and the
    marking as keywords; its date comes from cs-peers' clock (``SOURCE_DATE_EPOCH``), so the
    same data gives the same bytes.
    """
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(_gexf_graph(graph))
    root = writer.xml
    # NetworkX adds the multigraph key as an attribute: the edge id already holds it.
    _rename_attribute(root, "networkx_key", None)
    _rename_attribute(root, "association_type", "type")
    meta = root.find("meta")
    assert meta is not None  # GEXFWriter always writes one
    meta.set("lastmodifieddate", clock.today().isoformat())
    creator = meta.find("creator")
    assert creator is not None
    creator.text = str(graph.graph["written_by"])
    SubElement(meta, "keywords").text = str(graph.graph["marking"])
    SubElement(meta, "description").text = "\n".join(
        f"{key}: {value}" for key, value in graph.graph.items()
    )
    with open(path, "wb") as handle:
        writer.write(handle)


def cytoscape_json(graph: nx.MultiGraph) -> dict[str, Any]:
    """Return ``graph`` as Cytoscape.js elements JSON (``elements: {nodes, edges}``, each
    ``{data: …}``), by NetworkX's ``cytoscape_data``.

    ``data`` (the metadata) is an object, as ``cy.json()`` gives it, not NetworkX's list of
    pairs; every edge's ``id`` is its record's. Cytoscape shows a node's ``name``: it holds the
    label, never a real name.
    """
    data: dict[str, Any] = nx.cytoscape_data(graph, name="label")
    data["data"] = dict(graph.graph)
    for edge in data["elements"]["edges"]:
        edge["data"]["id"] = edge["data"]["key"]
    return data


def kumu_json(graph: nx.MultiGraph) -> dict[str, Any]:
    """Return ``graph`` as a Kumu blueprint: ``elements`` and ``connections`` with ids.

    Kumu matches connections to elements by ``id`` (labels need not be unique); an element's
    ``type`` is its kind, a connection's its association type, every connection undirected.
    """
    marking = str(graph.graph["marking"])
    elements = []
    for node, data in graph.nodes(data=True):
        fields = {k: v for k, v in data.items() if k not in ("kind", "label")}
        elements.append(
            {"id": node, "label": data["label"], "type": data["kind"], **fields, "marking": marking}
        )
    connections = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        connections.append(
            {"id": key, "from": u, "to": v, "direction": "undirected", **data, "marking": marking}
        )
    return {"metadata": dict(graph.graph), "elements": elements, "connections": connections}
