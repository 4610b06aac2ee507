"""The network of a scene drawn onto matplotlib axes: the same positions, shapes and colours.

Nodes and lines come from the scene's pyvis dicts, positioned by
:mod:`cs_peers.outputs.diagrams._layout`;
only the sizes are converted from screen pixels to points on the page. Each association type is
drawn in its own colour and pattern (:mod:`cs_peers.outputs.diagrams.styles`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from cs_peers.outputs.diagrams.styles import LineStyle

__all__ = ["MARKERS", "draw_network", "draw_placed_network", "marker_diameter", "parse_color"]


# vis-network shapes as matplotlib markers.
MARKERS = {
    "dot": "o",
    "star": "*",
    "diamond": "D",
    "square": "s",
    "triangle": "^",
    "triangleDown": "v",
    "hexagon": "h",
}
_RGBA = re.compile(r"rgba\((\d+),(\d+),(\d+),([\d.]+)\)")


def parse_color(value: Any, default: str = "#888888") -> tuple[float, float, float, float]:
    """Return an RGBA tuple for a vis-network colour (``#rrggbb`` or ``rgba(r,g,b,a)``)."""
    if isinstance(value, dict):
        value = value.get("background", value.get("color", default))
    text = str(value or default).replace(" ", "")
    found = _RGBA.fullmatch(text)
    if found:
        r, g, b, a = found.groups()
        return (int(r) / 255, int(g) / 255, int(b) / 255, float(a))
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        text = default
    return (int(text[1:3], 16) / 255, int(text[3:5], 16) / 255, int(text[5:7], 16) / 255, 1.0)


def _border(node: dict[str, Any]) -> str:
    color = node.get("color")
    return str(color.get("border", "#444444")) if isinstance(color, dict) else "#444444"


def draw_network(
    ax: Axes,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    styles: dict[str, LineStyle],
    *,
    box_pt: tuple[float, float],
) -> None:
    """Draw ``nodes`` and ``edges`` on ``ax``, which is ``box_pt`` (width, height) points big."""
    ax.set_axis_off()
    if not nodes:
        ax.text(0.5, 0.5, "nothing to draw", ha="center", va="center", transform=ax.transAxes)
        return
    xy = {str(n["id"]): (float(n.get("x", 0)), -float(n.get("y", 0))) for n in nodes}
    points = np.array(list(xy.values()))
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.maximum(high - low, 1.0)
    # Room around the outermost nodes for their shapes and labels (about 8% each side).
    pad = span * 0.08 + 30.0
    low, high = low - pad, high + pad
    span = high - low
    scale = min(box_pt[0] / span[0], box_pt[1] / span[1])  # points per layout pixel
    centre = (low + high) / 2
    half = np.array(box_pt) / scale / 2
    ax.set_xlim(centre[0] - half[0], centre[0] + half[0])
    ax.set_ylim(centre[1] - half[1], centre[1] + half[1])
    ax.set_aspect("equal", adjustable="box")
    label_size = min(max(9.0 * min(scale, 1.0) ** 0.5, 5.0), 9.0)
    draw_placed_network(ax, nodes, edges, styles, xy, scale=scale, label_size=label_size)


def draw_placed_network(
    ax: Axes,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    styles: dict[str, LineStyle],
    xy: dict[str, tuple[float, float]],
    *,
    scale: float,
    label_size: float,
    opaque: bool = False,
    labels: bool = True,
) -> None:
    """Draw ``nodes`` at ``xy`` (the axes' own units) with labels of ``label_size`` points.

    ``scale`` is points per layout pixel: it sizes the shapes and lines as the layout meant them.
    ``opaque`` draws faded lines and shapes in their colour mixed with white instead of
    translucent, and labels on white: the same look on a white page, in a few colours.
    Without ``labels`` the caller draws the labels (see
    :mod:`cs_peers.outputs.diagrams.static`).
    """
    _draw_edges(ax, edges, xy, styles, scale, opaque)
    _draw_nodes(ax, nodes, xy, scale, label_size, opaque, labels)


def _on_white(rgba: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Return a translucent colour as the opaque colour it makes on white."""
    r, g, b, a = rgba
    return (1 - a * (1 - r), 1 - a * (1 - g), 1 - a * (1 - b), 1.0)


def marker_diameter(node: dict[str, Any], scale: float) -> float:
    """Return the diameter in points a node's shape is drawn at, ``scale`` points per pixel."""
    # vis sizes are radii in pixels; a star or diamond of the same size looks smaller.
    factor = 2.6 if MARKERS.get(str(node.get("shape", "dot")), "o") == "*" else 2.0
    return min(max(float(node.get("size", 10)) * factor * scale, 4.0), 30.0)


def _draw_edges(
    ax: Axes,
    edges: list[dict[str, Any]],
    xy: dict[str, tuple[float, float]],
    styles: dict[str, LineStyle],
    scale: float,
    opaque: bool = False,
) -> None:
    # One collection per look: a few draw calls instead of one per line.
    batches: dict[tuple[Any, ...], list[list[tuple[float, float]]]] = defaultdict(list)
    stars: list[tuple[float, float, str]] = []
    arrows: list[tuple[tuple[float, float], tuple[float, float], str]] = []
    line_scale = min(max(scale, 0.35), 1.0) * 0.75
    for edge in edges:
        a, b = xy.get(str(edge.get("from"))), xy.get(str(edge.get("to")))
        if a is None or b is None:
            continue
        color = edge.get("color") or {}
        opacity = float(color.get("opacity", 1.0)) if isinstance(color, dict) else 1.0
        style = styles.get(str(edge.get("association_type", "")))
        if style is not None:
            rgba, dashes = parse_color(style.color), style.dashes
        else:
            rgba = parse_color(color.get("color") if isinstance(color, dict) else color)
            dashes = (6.0, 4.0) if edge.get("dashes") else ()
        width = max(float(edge.get("width", 1.5)) * line_scale, 0.4)
        key = (rgba[:3], round(opacity, 2), round(width, 2), dashes)
        batches[key].append([a, b])
        # "★ new": a protective line recorded since the last meeting keeps its star on paper.
        if str(edge.get("label", "")).startswith("★"):
            stars.append(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, _hex(rgba)))
        if (edge.get("arrows") or {}).get("to", {}).get("enabled"):
            arrows.append((a, b, _hex(rgba)))
    for (rgb, opacity, width, dashes), segments in sorted(batches.items()):
        style_arg: Any = "solid" if not dashes else (0, dashes)
        ax.add_collection(
            LineCollection(
                segments,
                colors=[_on_white((*rgb, opacity)) if opaque else (*rgb, opacity)],
                linewidths=width,
                linestyles=[style_arg],
                zorder=1,
                capstyle="butt",
            ),
            # The limits are set before drawing: no need to grow the data limits line by line.
            autolim=False,
        )
    for a, b, hexcolor in arrows:
        # A small head two thirds of the way along: who protects, or who is of concern, to whom.
        tip = (a[0] + (b[0] - a[0]) * 0.66, a[1] + (b[1] - a[1]) * 0.66)
        tail = (a[0] + (b[0] - a[0]) * 0.6, a[1] + (b[1] - a[1]) * 0.6)
        ax.annotate(
            "",
            xy=tip,
            xytext=tail,
            arrowprops={"arrowstyle": "-|>", "color": hexcolor, "lw": 0.8, "mutation_scale": 9},
            zorder=2,
        )
    for x, y, hexcolor in stars:
        ax.text(x, y, "★", color=hexcolor, fontsize=10, ha="center", va="center", zorder=3)


def _hex(rgba: tuple[float, float, float, float]) -> str:
    return "#" + "".join(f"{round(v * 255):02x}" for v in rgba[:3])


def _draw_nodes(
    ax: Axes,
    nodes: list[dict[str, Any]],
    xy: dict[str, tuple[float, float]],
    scale: float,
    label_size: float,
    opaque: bool = False,
    labels: bool = True,
) -> None:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in nodes:
        groups[str(node.get("shape", "dot"))].append(node)
    for shape, members in groups.items():
        if shape == "text" and not labels:
            continue
        if shape == "text":
            for node in members:
                x, y = xy[str(node["id"])]
                ax.text(
                    x,
                    y,
                    str(node.get("label", "")),
                    fontsize=label_size + 1,
                    fontweight="bold",
                    color="#333333",
                    ha="center",
                    va="bottom",
                    zorder=5,
                )
            continue
        marker = MARKERS.get(shape, "o")
        sizes = [marker_diameter(n, scale) ** 2 for n in members]
        ax.scatter(
            [xy[str(n["id"])][0] for n in members],
            [xy[str(n["id"])][1] for n in members],
            s=sizes,
            marker=marker,
            c=[
                _on_white(parse_color(n.get("color"))) if opaque else parse_color(n.get("color"))
                for n in members
            ],
            edgecolors=[_border(n) for n in members],
            linewidths=[min(float(n.get("borderWidth", 1.5)) * 0.6, 2.0) for n in members],
            linestyles=[
                "--" if (n.get("shapeProperties") or {}).get("borderDashes") else "-"
                for n in members
            ],
            zorder=4,
        )
        for node, size in zip(members, sizes, strict=True) if labels else ():
            x, y = xy[str(node["id"])]
            ax.annotate(
                str(node.get("label", "")),
                (x, y),
                xytext=(0, -(size**0.5) / 2 - 1.5),
                textcoords="offset points",
                fontsize=label_size,
                ha="center",
                va="top",
                color="#1d1d1d",
                zorder=6,
                # A light halo keeps a label readable where lines cross it.
                bbox={
                    "boxstyle": "square,pad=0.05",
                    "fc": "white",
                    "ec": "none",
                    "alpha": 1.0 if opaque else 0.7,
                },
            )
