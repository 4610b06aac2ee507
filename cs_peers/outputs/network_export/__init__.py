"""The network for other tools: Gephi (GraphML, GEXF), Cytoscape.js, Kumu and i2.

:func:`export_network` writes the people, contexts and association records of an analysis —
already redacted for its audience (:func:`cs_peers.outputs.audiences.for_audience`) — in one
format, marked, with provenance, never with real names or notes. :func:`check_export` refuses
a bad format or ``out`` before any work. File formats are written to a temporary sibling and
renamed into place; an existing file is replaced only if cs-peers wrote it. ``i2`` writes a
folder (entities.csv, links.csv, README.txt), like every other output folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cs_peers.errors import UsageError
from cs_peers.outputs.folders import (
    check_output_file,
    check_output_folder,
    output_file,
    output_folder,
)
from cs_peers.outputs.network_export._graph import SIGNATURE, network_graph

if TYPE_CHECKING:
    from cs_peers.analysis.run import Analysis

__all__ = ["EXPORT_FORMATS", "I2_KIND", "NetworkExport", "check_export", "export_network"]

# Each format and the file name endings its --out may have (i2 writes a folder: none).
EXPORT_FORMATS: dict[str, tuple[str, ...]] = {
    "graphml": (".graphml", ".xml"),
    "gexf": (".gexf",),
    "cytoscape": (".json", ".cyjs"),
    "kumu": (".json",),
    "i2": (),
}
I2_KIND = "i2 network export"


@dataclass(frozen=True)
class NetworkExport:
    """What an export wrote: the format, where, and how many people, contexts and records."""

    format: str
    path: Path
    people: int
    contexts: int
    associations: int


def _is_ours(head: str) -> bool:
    return SIGNATURE in head


def check_export(out: Path, format: str, *, protect: Iterable[Path] = ()) -> None:
    """Return nothing if ``format`` is known and ``out`` may be written as it; raise if not.

    Raises
    ------
    UsageError
        An unknown format, or an ``out`` whose name does not fit it (exit 2).
    OutputError
        ``out`` is a file or folder cs-peers did not write, or holds what the command reads.
    """
    if format not in EXPORT_FORMATS:
        raise UsageError(
            f"unknown export format {format!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    endings = EXPORT_FORMATS[format]
    suffix = Path(out).suffix.lower()
    if not endings:
        if suffix in {e for es in EXPORT_FORMATS.values() for e in es} | {".csv", ".txt"}:
            raise UsageError(
                f"--out {out}: the i2 export is a folder (entities.csv, links.csv, README.txt); "
                "give a folder name"
            )
        check_output_folder(Path(out), I2_KIND, protect=protect)
        return
    if suffix not in endings:
        raise UsageError(
            f"--out {out}: a {format} export is a file ending in {' or '.join(endings)}"
        )
    check_output_file(Path(out), is_ours=_is_ours)


def export_network(
    analysis: Analysis, out: Path, *, format: str, marking: str, protect: Iterable[Path] = ()
) -> NetworkExport:
    """Return what was written after exporting the network of ``analysis`` to ``out``.

    ``analysis`` is shown as it is: redact it for the audience first. ``marking`` (with the
    audience named: :func:`cs_peers.outputs.audiences.marking_for`) heads the metadata.
    GraphML, GEXF, Cytoscape and Kumu keep one edge per association record.

    Examples
    --------
    >>> import tempfile
    >>> from cs_peers.analysis.run import analyse
    >>> from cs_peers.analysis.grouping.parameters import GroupingParameters
    >>> from cs_peers.inputs.source import load_dataset
    >>> from cs_peers.inputs.sample.generate import sample_path
    >>> analysis = analyse(load_dataset(sample_path()), GroupingParameters(runs=2))
    >>> out = Path(tempfile.mkdtemp()) / "borough.gexf"
    >>> done = export_network(analysis, out, format="gexf", marking="OFFICIAL-SENSITIVE")
    >>> done.associations == len(analysis.dataset.associations), out.exists()
    (True, True)
    """
    check_export(out, format, protect=protect)
    graph = network_graph(analysis, marking=marking)
    if format == "i2":
        from cs_peers.outputs.network_export._formats import write_i2

        with output_folder(Path(out), I2_KIND, protect=protect) as tmp:
            write_i2(graph, tmp)
    else:
        from cs_peers.outputs.network_export import _formats as formats

        with output_file(Path(out), is_ours=_is_ours) as tmp:
            if format == "graphml":
                formats.write_graphml(graph, tmp)
            elif format == "gexf":
                formats.write_gexf(graph, tmp)
            else:
                shaped = (formats.cytoscape_json if format == "cytoscape" else formats.kumu_json)(
                    graph
                )
                tmp.write_text(json.dumps(shaped, ensure_ascii=False, indent=1), "utf-8")
    return NetworkExport(
        format=format,
        path=Path(out),
        people=len(analysis.dataset.people),
        contexts=len(analysis.dataset.contexts),
        associations=graph.number_of_edges(),
    )
