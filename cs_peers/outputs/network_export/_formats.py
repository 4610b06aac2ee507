"""The network as Gephi, Cytoscape.js and Kumu read it: GraphML, GEXF and two JSON shapes.

Each function takes the graph of :func:`~cs_peers.outputs.network_export._graph.network_graph`
and writes or returns one format, with NetworkX's own writers where it has one. Every file
carries the graph's metadata (the protective marking first) where its format keeps such things:
GraphML graph attributes, the GEXF ``<meta>`` description, a ``data`` object in Cytoscape.js
JSON, a ``metadata`` object in Kumu's (and the marking on each element and connection, since
Kumu keeps only those).

The network for IBM i2 Analyst's Notebook: entity and link CSVs, and a README of columns.

Analyst's Notebook imports text files through an *import specification* the analyst builds
once in its wizard: which column is an entity's identity, type and label, which columns make a
link, its date and its grading. cs-peers writes the two files such a specification reads —
``entities.csv`` (one row per person or context) and ``links.csv`` (one row per association
record, with both ends, so that one Entity–Link–Entity design can import it on its own) — and
``README.txt``, which names every column, says how to map it, and carries the protective
marking and the provenance. Every row carries the marking too, so it stays with the data in a
chart or a spreadsheet.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement

import networkx as nx
import pandas as pd
from networkx.readwrite.gexf import GEXFWriter

from cs_peers import clock
from cs_peers.outputs.network_export._graph import EDGE_FIELDS
from cs_peers.safe_text import safe_csv_text

__all__ = [
    "ENTITY_COLUMNS",
    "I2_FILES",
    "LINK_COLUMNS",
    "cytoscape_json",
    "kumu_json",
    "readme_text",
    "write_gexf",
    "write_graphml",
    "write_i2",
]


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


I2_FILES = ("entities.csv", "links.csv", "README.txt")
# i2 entity types, by kind: words an import specification can map to its own types.
_ENTITY_TYPES = {
    "young_person": "Young person",
    "adult": "Adult",
    "school": "School",
    "location": "Location",
    "online": "Online space",
    "other": "Other context",
}
ENTITY_COLUMNS = {
    "entity_id": "the identity: a case reference (a pseudonym for a partner); map to Identity",
    "entity_type": "Young person, Adult, School, Location, Online space or Other context; map "
    "to the entity type (or an icon)",
    "label": "what charts show (never a real name); map to Label",
    "kind": "the input contract's kind (young_person, adult, school, location, online, other)",
    "group": "the candidate peer group of a young person ('' when in none): a candidate for "
    "practitioners to check, not a membership",
    "review_status": "what the meeting decided about that group (unreviewed, confirmed, "
    "needs-review, needs review again)",
    "membership_confidence": "share of detection runs that placed the young person with the "
    "group (0–1): how sure the grouping is, not a score of the child",
    "marking": "the protective marking of this export",
}
LINK_COLUMNS = {
    "link_id": "one per association record (association/N); keep links apart by it",
    "from_id": "identity of one end; map to the first entity's Identity",
    "from_type": "its entity type",
    "from_label": "its label",
    "to_id": "identity of the other end",
    "to_type": "its entity type",
    "to_label": "its label",
    "type": "association type from the vocabulary (friend, seen_together, attends, …); map to "
    "the link type and label",
    "category": "peer, family, protective, concern or context",
    "observed_on": "date observed (YYYY-MM-DD); map to the link's Date",
    "recorded_on": "date recorded",
    "source_agency": "agency that recorded it; map to Source Type",
    "confidence": "high, medium or low",
    "grading": "the record's grading as given (e.g. 3x5x2), kept whole; map to your grading fields",
    "reference": "source record reference ('' for a partner); map to Source Reference",
    "marking": "the protective marking of this export",
}


def _entities(graph: nx.MultiGraph, marking: str) -> pd.DataFrame:
    rows = [
        {
            "entity_id": node,
            "entity_type": _ENTITY_TYPES.get(data["kind"], data["kind"]),
            "label": data["label"],
            "kind": data["kind"],
            "group": data.get("group", ""),
            "review_status": data.get("review_status", ""),
            "membership_confidence": data.get("membership_confidence", ""),
            "marking": marking,
        }
        for node, data in graph.nodes(data=True)
    ]
    return pd.DataFrame(rows, columns=list(ENTITY_COLUMNS), dtype=object)


def _links(graph: nx.MultiGraph, marking: str) -> pd.DataFrame:
    nodes = graph.nodes
    rows = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        ends: dict[str, str] = {}
        for side, node in (("from", u), ("to", v)):
            kind = nodes[node]["kind"]
            ends |= {
                f"{side}_id": node,
                f"{side}_type": _ENTITY_TYPES.get(kind, kind),
                f"{side}_label": nodes[node]["label"],
            }
        rows.append(
            {"link_id": key, **ends, **{f: data[f] for f in EDGE_FIELDS}, "marking": marking}
        )
    return pd.DataFrame(rows, columns=list(LINK_COLUMNS), dtype=object)


def _columns_text(columns: dict[str, str]) -> str:
    width = max(map(len, columns)) + 4
    return "\n".join(
        textwrap.fill(
            meaning, 92, initial_indent=f"  {name}".ljust(width), subsequent_indent=" " * width
        )
        for name, meaning in columns.items()
    )


def readme_text(graph: nx.MultiGraph) -> str:
    """Return ``README.txt``: the marking at top and bottom, the columns, how to import them,
    and the metadata (caveat and provenance)."""
    meta = dict(graph.graph)
    marking = str(meta["marking"])
    about = "\n".join(f"  {key}: {value}" for key, value in meta.items() if key != "marking")
    return f"""{marking}

cs-peers network for i2 Analyst's Notebook
==========================================

{graph.number_of_nodes()} entities (people and contexts) in entities.csv and
{graph.number_of_edges()} links (one per recorded association) in links.csv.

{textwrap.fill(str(meta["caveat"]), 92)}

How to import
-------------
1. Import entities.csv with an Entity design: Identity = entity_id, Label = label, type from
   entity_type; keep group, review_status and membership_confidence as attributes.
2. Import links.csv with an Entity-Link-Entity design: the first entity from from_id,
   from_type and from_label, the second from to_id, to_type and to_label (the same identity
   columns as step 1, so the entities merge), the link type and label from type, its date from
   observed_on, Source Reference from reference, Source Type from source_agency, grading and
   confidence to your grading fields.
3. Links are undirected. Set the link multiplicity to keep multiple links between the same
   pair, so that every record stays a link with its own date and provenance.
Save the specification: next month's export has the same columns.

entities.csv
------------
{_columns_text(ENTITY_COLUMNS)}

links.csv
---------
{_columns_text(LINK_COLUMNS)}

About this export
-----------------
{about}

{marking}
"""


def write_i2(graph: nx.MultiGraph, folder: Path) -> list[Path]:
    """Return the files written into ``folder``: entities.csv, links.csv and README.txt.

    Every CSV cell a spreadsheet would run is neutralised (:mod:`cs_peers.safe_text`).
    """
    marking = str(graph.graph["marking"])
    texts = (
        safe_csv_text(_entities(graph, marking)),
        safe_csv_text(_links(graph, marking)),
        readme_text(graph),
    )
    written = []
    for name, text in zip(I2_FILES, texts, strict=True):
        path = folder / name
        path.write_text(text, "utf-8")
        written.append(path)
    return written
