"""The network for IBM i2 Analyst's Notebook: entity and link CSVs, and a README of columns.

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

import networkx as nx
import pandas as pd

from cs_peers.csv_cells import safe_csv_text
from cs_peers.outputs.network_export.graph import EDGE_FIELDS

__all__ = ["ENTITY_COLUMNS", "I2_FILES", "LINK_COLUMNS", "readme_text", "write_i2"]

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

    Every CSV cell a spreadsheet would run is neutralised (:mod:`cs_peers.csv_cells`).
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
