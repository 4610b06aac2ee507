"""Offline network diagrams: one page per candidate peer group and an overview of all groups.

pyvis builds the network (node and edge option dicts for vis-network); the page around it is
ours (``cs_peers/outputs/templates/diagram.html``). Why not pyvis' own ``write_html``: its template
always
loads Bootstrap from a CDN, and vis-network too unless ``cdn_resources="in_line"`` (its "local"
mode links cdnjs as well). A diagram that fetches anything when opened tells a third party that a
safeguarding diagram was opened, and shows nothing on a laptop with no network. Our template
inlines the vis-network JavaScript and CSS that ship inside the pyvis package, so a page needs
nothing but itself; its Content-Security-Policy forbids any fetch besides.

Positions are computed in Python with a fixed seed (:mod:`cs_peers.outputs.diagrams._layout`)
and the browser's physics is off: the same data draws the same picture at every meeting, and a
1,500-node overview appears at once instead of after a long simulation. Output is
byte-identical for identical input: nothing time-dependent goes in unless the caller puts it in
``provenance``.

Modules: ``options`` (options and colours), ``group`` (one group's diagram), ``overview``
(all groups: ``overview_members`` draws each young person, ``overview_collapsed`` each group
as a circle, from an ``overview_input``), ``records`` (records merged into lines), ``nodes``
(how people are drawn), ``legend``, ``page`` (the HTML page), ``layout`` (positions) and
``wording`` (caveats and counted nouns), ``assets`` (the files pages share) and ``colouring``
(colours that differ between linked groups).
"""

from __future__ import annotations

from cs_peers.outputs.diagrams._assets import write_assets
from cs_peers.outputs.diagrams._overview import render_overview
from cs_peers.outputs.diagrams.group import render_group_diagram
from cs_peers.outputs.diagrams.options import GROUP_PALETTE, DiagramOptions, group_colors
from cs_peers.outputs.diagrams.records import CAVEAT
from cs_peers.outputs.diagrams.styles import neighbour_colors

__all__ = [
    "CAVEAT",
    "GROUP_PALETTE",
    "DiagramOptions",
    "group_colors",
    "neighbour_colors",
    "render_group_diagram",
    "render_overview",
    "write_assets",
]
