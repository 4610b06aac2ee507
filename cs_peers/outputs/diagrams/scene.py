"""What a diagram shows, whatever it is written as: the network, its legend and its words.

The HTML page (:mod:`cs_peers.outputs.diagrams._page`) and the static exports
(:mod:`cs_peers.outputs.diagrams.static`) are both drawn from one :class:`Scene`, so a printed or
pasted
picture has the same seeded positions, nodes, lines and legend as the diagram on screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyvis.network import Network

from cs_peers.analysis.group_story import GroupStory
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.diagrams._page import Nav, write_page
from cs_peers.outputs.diagrams.options import DiagramOptions

__all__ = ["Scene", "write_scene_page"]


@dataclass(frozen=True)
class Scene:
    """One diagram's content: ``network`` holds positioned nodes and styled lines (pyvis dicts)."""

    kind: str
    title: str
    summary: list[str]
    caveat: str
    network: Network
    legend: list[dict[str, Any]]
    strengths: list[str] | None
    provenance: dict[str, str]
    # Only the HTML page uses these: links to other pages, click targets, the overview's table.
    nav: Nav = ()
    links: Mapping[str, str] | None = None
    groups_table: list[dict[str, Any]] | None = None
    details: str | None = None
    labels_on_zoom: bool = False
    # A group's story (members, decisions, actions, concerns, strengths, places, what is new),
    # shown below the diagram, after the first screen.
    story: GroupStory | None = None


def write_scene_page(
    scene: Scene, path: Path, *, dataset: Dataset, options: DiagramOptions
) -> Path:
    """Return ``path`` after writing ``scene`` as a marked, self-contained HTML page."""
    return write_page(
        path,
        kind=scene.kind,
        title=scene.title,
        summary=scene.summary,
        caveat=scene.caveat,
        dataset=dataset,
        options=options,
        network=scene.network,
        legend=scene.legend,
        strengths=scene.strengths,
        provenance=scene.provenance,
        nav=scene.nav,
        links=scene.links,
        groups_table=scene.groups_table,
        details=scene.details,
        labels_on_zoom=scene.labels_on_zoom,
        story=scene.story,
    )
