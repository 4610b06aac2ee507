"""The HTML page around a network: our template, with vis-network's JavaScript and CSS.

Why not pyvis' own ``write_html``: its template always loads Bootstrap from a CDN, and
vis-network too unless ``cdn_resources="in_line"`` (its "local" mode links cdnjs as well). Our
template (``cs_peers/outputs/templates/diagram.html``) uses the vis-network files that ship inside
the
pyvis package: inlined, so a page needs nothing but itself, or (``DiagramOptions.assets``) from
a shared ``assets/`` folder beside the pages (:mod:`cs_peers.outputs.diagrams._assets`).
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pyvis.network import Network

from cs_peers.analysis.group_story import GroupStory
from cs_peers.analysis.provenance import cs_peers_version
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs._templating import macro, render
from cs_peers.outputs.diagrams._assets import asset_text, write_swatch
from cs_peers.outputs.diagrams.options import DiagramOptions
from cs_peers.outputs.diagrams.styles import LABEL_FONT
from cs_peers.outputs.folders import current_stamp

__all__ = ["PACKED_TYPE", "Nav", "new_network", "write_page"]


# The type of the data element of a page in a pack: base64 of gzipped JSON.
PACKED_TYPE = "application/x-cs-peers-gzip-base64"

Nav = Sequence[tuple[str, str]]
"""Links shown under the top marking: ``(text, relative href)`` pairs."""

_FONT = "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, Arial, sans-serif"
# Above this many nodes lines are hidden while the picture is dragged, to keep it responsive.
_LARGE = 300


def new_network() -> Network:
    """Return an empty pyvis network to add a diagram's nodes and lines to."""
    # directed=True only switches off pyvis' duplicate-edge check, which scans every edge per
    # added edge (quadratic on an overview); pairs are merged before they reach pyvis, and
    # each edge says itself whether it has arrows.
    return Network(directed=True, cdn_resources="local")


def write_page(
    path: Path,
    *,
    kind: str,
    title: str,
    summary: list[str],
    caveat: str,
    dataset: Dataset,
    options: DiagramOptions,
    network: Network,
    legend: list[dict[str, Any]],
    strengths: list[str] | None,
    provenance: dict[str, str],
    nav: Nav = (),
    links: Mapping[str, str] | None = None,
    groups_table: list[dict[str, Any]] | None = None,
    details: str | None = None,
    labels_on_zoom: bool = False,
    story: GroupStory | None = None,
) -> Path:
    """Return ``path`` after writing ``network`` into a marked page.

    ``provenance`` adds footer items (group, algorithm, …) to those every page shows; items
    the caller put in ``options.provenance`` come first and are not overridden. ``nav`` links
    the page to others; ``links`` maps a node id to the page a click on it opens;
    ``groups_table`` rows (``group_id, node, href, color, size, last_observed,
    shared_contexts``) make a searchable table beside the map; ``details`` is HTML (already
    escaped by the caller) shown between the map and the provenance. With ``labels_on_zoom``
    (a map of hundreds of groups) labels are drawn only once zooming in makes them 13 px or
    more, instead of being enlarged to be legible at fit, where they would sit on each other.
    ``story`` (a group's) is shown below the diagram, after the first screen.
    """
    js, css = _vis_assets()
    vis_options = _vis_options(large=len(network.nodes) > _LARGE, seed=options.seed)
    if labels_on_zoom:
        vis_options["nodes"]["scaling"] = {"label": {"drawThreshold": 13}}
    payload = {
        "nodes": [_compact_node(n) for n in network.nodes],
        "edges": [_compact_edge(e) for e in network.edges],
        "options": vis_options,
        "links": dict(links or {}),
        "labelsOnZoom": labels_on_zoom,
    }
    path = Path(path)
    if options.assets is not None:
        legend = _shared_swatches(legend, path.parent / options.assets)
    html = render(
        "diagram.html",
        assets=options.assets,
        nav=list(nav),
        groups_table=groups_table,
        details=Markup(details) if details else None,
        story=story,
        page_css=Markup(asset_text("diagram.css").replace("</style", "<\\/style")),
        page_js=Markup(asset_text("diagram.js").replace("</script", "<\\/script")),
        kind=kind,
        title=title,
        summary=summary,
        caveat=caveat,
        marking=options.marking,
        legend=legend,
        strengths=strengths,
        # With the audit entry of the export this page is part of (none outside an export).
        # Pages only: a picture (PNG, SVG, PDF) is not where `audit --against` looks.
        provenance=[*_provenance(dataset, options, provenance), *current_stamp().items()],
        node_count=len(network.nodes),
        edge_count=len(network.edges),
        data_json=Markup(_script_json(payload) if options.assets is None else _packed(payload)),
        data_type="application/json" if options.assets is None else PACKED_TYPE,
        vis_js=Markup(js),
        vis_css=Markup(css),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # Bytes, not text mode: no platform newline translation, so equal input gives equal files.
    path.write_bytes(html.encode("utf-8"))
    return path


def _shared_swatches(legend: list[dict[str, Any]], assets: Path) -> list[dict[str, Any]]:
    """Return ``legend`` with each drawing written once into ``assets`` and named by ``src``."""
    draw = macro("swatch.html", "swatch_svg")
    return [
        {
            **section,
            "entries": [
                {**e, "src": write_swatch(assets, str(draw(e)))}
                if e.get("kind") in ("line", "node")
                else e
                for e in section["entries"]
            ],
        }
        for section in legend
    ]


def _compact_node(node: dict[str, Any]) -> dict[str, Any]:
    """Return ``node`` without the hover and highlight colours diagram.js derives again.

    Pointed at or selected, a node keeps its fill and gets a black outline (:func:`node_color`);
    saying so once in the script instead of twice per node keeps large packs small.
    """
    color = node.get("color")
    if isinstance(color, dict):
        same = {"background": color.get("background"), "border": "#000000"}
        if color.get("highlight") == same and color.get("hover") == same:
            node = {**node, "color": {"background": color["background"], "border": color["border"]}}
    return node


def _compact_edge(edge: dict[str, Any]) -> dict[str, Any]:
    """Return ``edge`` without what diagram.js and vis-network assume: no arrows, own colour."""
    edge = dict(edge)
    if edge.get("arrows") == {"to": {"enabled": False}}:
        del edge["arrows"]
    color = edge.get("color")
    if isinstance(color, dict) and color.get("highlight") == color.get("hover") == color.get(
        "color"
    ):
        edge["color"] = {k: v for k, v in color.items() if k not in ("highlight", "hover")}
    return edge


def _vis_options(*, large: bool, seed: int) -> dict[str, Any]:
    # Not pyvis' set_options: it strips every space from the JSON (breaking font names).
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "font": {
                "face": _FONT,
                "size": LABEL_FONT,
                "color": "#1d1d1d",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 1.0},
    }


@cache
def _vis_assets() -> tuple[str, str]:
    """Return the vis-network JavaScript and CSS shipped inside the pyvis package."""
    lib = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    js = lib.joinpath("vis-network.min.js").read_text("utf-8")
    css = lib.joinpath("vis-network.css").read_text("utf-8")
    # Neither file contains these today; the replacements keep a future copy from ending the
    # inline <script>/<style> element early.
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


def _packed(data: Any) -> str:
    """Return ``data`` as gzipped JSON in base64: a third of the size, for pages in a pack.

    diagram.js unpacks it with the browser's own ``DecompressionStream`` (no library, nothing
    fetched). ``mtime=0`` keeps equal input giving equal files.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)).decode()


def _script_json(data: Any) -> str:
    """Return ``data`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where their ``\\u`` escapes mean the
    same: a label such as ``</script><script>…`` cannot end the element.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def _provenance(
    dataset: Dataset, options: DiagramOptions, extra: dict[str, str]
) -> list[tuple[str, str]]:
    items = dict(options.provenance)
    defaults = {
        "data fingerprint": dataset.fingerprint,
        "selection": dataset.selection,
        **extra,
        "layout": f"seeded force-directed layout computed in Python (seed {options.seed}); "
        "browser physics off",
        "names": "shown (explicitly requested)" if options.reveal_names else "hidden; labels only",
        "cs-peers version": cs_peers_version(),
    }
    for key, value in defaults.items():
        items.setdefault(key, value)
    return [(str(k), str(v)) for k, v in items.items()]
