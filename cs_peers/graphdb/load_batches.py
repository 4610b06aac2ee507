"""How a load's rows travel to Neo4j: batches shaped for the Python driver to pack quickly.

The driver packs values one at a time in Python, so the shape of a batch decides the client's
cost: node batches go as one list per column (about twice as fast as one map per row), and
association batches as one joined text per column, which Cypher's ``split`` unpacks (about
three times cheaper again). Association ends are found by the element ids the node loads
returned (:class:`NodeEnds`), so the server seeks them directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cs_peers.errors import Neo4jError

__all__ = [
    "NodeEnds",
    "association_texts",
    "column_lists",
    "joined_columns",
    "people_batch",
    "returned_element_ids",
    "row_batches",
]

# The texts of an association batch (see load_associations.cypher), by dataset column.
_BATCH_TEXTS = {
    "type": "types",
    "observed_on": "observed_on",
    "recorded_on": "recorded_on",
    "source_agency": "source_agencies",
    "confidence": "confidences",
    "grading": "gradings",
    "reference": "references",
    "notes": "notes",
}
# Where each row sat in its file; a name no attribute column of the contract can take lightly.


def row_batches(frame: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), size):
        yield frame.iloc[start : start + size]


def column_lists(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[Any]]:
    """Return a batch as one list of plain Python values per column, with row positions.

    The driver packs a few long lists about twice as fast as one map per row.
    """
    batch: dict[str, list[Any]] = {c: frame[c].tolist() for c in columns}
    batch["position"] = frame.index.tolist()
    return batch


def joined_columns(columns: dict[str, list[str]]) -> dict[str, str]:
    """Return each column's values joined by a separator that occurs in no value."""
    separator = "\x1f"
    joined = {name: separator.join(values) for name, values in columns.items()}
    # With a one-character separator, n values hold exactly n - 1 of them unless a value has it.
    if all(text.count(separator) == len(columns[name]) - 1 for name, text in joined.items()):
        joined["separator"] = separator
        return joined
    while any(separator in value for values in columns.values() for value in values):
        separator += "\x1e"
    joined = {name: separator.join(values) for name, values in columns.items()}
    joined["separator"] = separator
    return joined


@dataclass(frozen=True)
class NodeEnds:
    """The element id of every loaded node, to find by node id quickly."""

    ids: pd.Index
    element_ids: np.ndarray

    def of(self, node_ids: pd.Series, column: str) -> list[str]:
        positions = self.ids.get_indexer(pd.Index(node_ids))
        if (positions < 0).any():
            missing = node_ids.iloc[int(np.flatnonzero(positions < 0)[0])]
            raise Neo4jError(f"association {column} {missing!r} was not loaded into Neo4j")
        found: list[str] = self.element_ids[positions].tolist()
        return found


def association_texts(frame: pd.DataFrame, ends: NodeEnds) -> dict[str, str]:
    """Return a batch of associations as one text per column, joined by a separator.

    The driver packs values one at a time in Python; a few long texts pack at once, which
    makes the client about three times cheaper, and Cypher's ``split`` unpacks them.
    """
    columns: dict[str, list[str]] = {
        "sources": ends.of(frame["source"], "source"),
        "targets": ends.of(frame["target"], "target"),
        "keys": frame["key"].astype(str).tolist(),
        "positions": frame.index.astype(str).tolist(),
    }
    for column, name in _BATCH_TEXTS.items():
        columns[name] = frame[column].astype(str).tolist()
    return joined_columns(columns)


def people_batch(frame: pd.DataFrame) -> dict[str, list[Any]]:
    columns = [str(c) for c in frame.columns]
    values = [frame[c].tolist() for c in columns]
    properties = [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
    return {"id": frame["id"].tolist(), "position": frame.index.tolist(), "properties": properties}


def returned_element_ids(result: pd.DataFrame, expected: int) -> list[str]:
    """Return the element ids a node load returned, checking there is one per row."""
    values: list[Any] = result["element_ids"].tolist() if len(result) else [[]]
    found = [str(v) for v in values[0]]
    if len(found) != expected:
        raise Neo4jError(f"Neo4j stored {len(found)} of a batch of {expected} nodes")
    return found
