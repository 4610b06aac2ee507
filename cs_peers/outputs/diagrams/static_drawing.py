"""A candidate group's drawing for paper: its network above its whole legend, at printed size.

The Word seed and the briefing print the same picture of a group, made once by
:func:`print_drawing` from the group's scene (the seeded positions of the HTML page). It is the
drawing alone, not a page: the documents around it carry the marking, the title, the caveat
and the provenance, so the picture has no bands of its own. It is drawn at the size it is
printed, the text width of an A4 page with 2.54 cm margins (15.9 cm), landscape, with labels of
8 points on paper, and the legend gets all the room it needs in columns under the network —
never cut. It is drawn without anti-aliasing and saved as a palette PNG (a fraction of the
size, and as legible on paper at 150 dpi), which says its resolution, so that Word and PDF
readers know its printed size.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from PIL import Image

from cs_peers.outputs.diagrams.line_styles import LineStyle
from cs_peers.outputs.diagrams.scene import Scene
from cs_peers.outputs.diagrams.static_legend import draw_rows, legend_rows, split_rows
from cs_peers.outputs.diagrams.static_network import draw_placed_network, marker_diameter
from cs_peers.outputs.diagrams.static_pixels import draw_texts, palette_png, rendered
from cs_peers.outputs.diagrams.static_placement import printed_positions
from cs_peers.outputs.diagrams.static_text import TextItem, figure, static_style, text_height

__all__ = [
    "LABEL_SIZE",
    "PRINT_DPI",
    "PRINT_RC",
    "PRINT_WIDTH",
    "DrawingContent",
    "PrintDrawing",
    "drawing_figure",
    "print_drawing",
]

# Points: 15.92 cm, the text width of A4 with 2.54 cm margins (451.28 points), taken down to a
# width that is a whole number of pixels at 150 dpi (940), so that none is lost to rounding.
PRINT_WIDTH = 451.2
PRINT_DPI = 150
LABEL_SIZE = 8.0  # node labels and legend text, in points on paper
_GAP = 10.0  # between the network and the legend, and between legend columns
_NETWORK_SHARE = (0.42, 0.62)  # the network's height as a share of the width: least, usual
_MOST = 0.96  # the picture stays landscape: its height at most this share of its width
# Printed at 150 dpi, anti-aliasing buys little and costs much: its thousands of blended
# colours make the file about 2.5 times larger (26 KB against 65 KB for a demo group).
PRINT_RC = {"text.antialiased": False, "lines.antialiased": False, "patch.antialiased": False}


@dataclass(frozen=True)
class DrawingContent:
    """What a printed drawing shows: a scene's positioned nodes, lines and legend sections.

    Plain lists and dicts, so that it travels to another process (a pyvis network may not).
    """

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[dict[str, Any]]

    @classmethod
    def of(cls, scene: Scene) -> DrawingContent:
        """Return the content of ``scene`` (its strengths are listed by the documents)."""
        return cls(list(scene.network.nodes), list(scene.network.edges), list(scene.legend))


@dataclass(frozen=True)
class PrintDrawing:
    """A PNG drawn for print, and the size in points it is meant to be printed at."""

    png: bytes
    width: float
    height: float

    @property
    def width_cm(self) -> float:
        """Return the printed width in centimetres."""
        return self.width / 72.0 * 2.54


def _legend(content: DrawingContent, width: float) -> tuple[list[Any], float, float]:
    """Return the legend's columns, their width and the height of the tallest.

    Two columns, or three when two would leave the network too little room.
    """
    best: tuple[list[Any], float, float] | None = None
    for columns in (2, 3):
        col_w = (width - _GAP * (columns - 1)) / columns
        cut = split_rows(legend_rows(content.legend, col_w, LABEL_SIZE), columns)
        height = max((sum(r.height for r in c) for c in cut), default=0.0)
        best = (cut, col_w, height)
        if height + width * _NETWORK_SHARE[1] <= width * _MOST:
            break
    assert best is not None
    return best


def _label_texts(
    nodes: list[dict[str, Any]], xy: dict[str, tuple[float, float]], scale: float, base: float
) -> list[TextItem]:
    """Return the nodes' labels, centred under their shapes (captions above their point)."""
    texts = []
    for node in nodes:
        lines = tuple(str(node.get("label", "")).split("\n"))
        if not any(lines):
            continue
        x, y = xy[str(node["id"])]
        if node.get("shape") == "text":
            top = base + y + text_height(len(lines), LABEL_SIZE + 1)
            texts.append(
                TextItem(x, top, lines, LABEL_SIZE + 1, "bold", color="#333333", align="center")
            )
            continue
        top = base + y - marker_diameter(node, scale) / 2 - 1.5
        texts.append(TextItem(x, top, lines, LABEL_SIZE, align="center", halo=True))
    return texts


def drawing_figure(
    content: DrawingContent, styles: dict[str, LineStyle], *, width: float = PRINT_WIDTH
) -> tuple[Figure, list[TextItem]]:
    """Return the figure :func:`print_drawing` draws (1 point to 1 point of paper), with its
    words: the labels and legend, drawn onto the pixels afterwards.

    Call it within :func:`~cs_peers.outputs.diagrams.static_text.static_style` and
    :data:`PRINT_RC`, as :func:`print_drawing` does.
    """
    columns, col_w, legend_h = _legend(content, width)
    least, usual = (width * share for share in _NETWORK_SHARE)
    network_h = min(max(width * _MOST - legend_h - _GAP, least), usual)
    height = network_h + _GAP + legend_h
    fig = figure(width, height)
    ax = fig.add_axes((0.0, (legend_h + _GAP) / height, 1.0, network_h / height))
    ax.set_gid("network")
    ax.set_axis_off()
    ax.set_xlim(0.0, width)
    ax.set_ylim(0.0, network_h)
    xy, scale = printed_positions(content.nodes, (width, network_h), label_size=LABEL_SIZE)
    draw_placed_network(
        ax,
        content.nodes,
        content.edges,
        styles,
        xy,
        scale=scale,
        label_size=LABEL_SIZE,
        opaque=True,
        labels=False,
    )
    texts = _label_texts(content.nodes, xy, scale, legend_h + _GAP)
    for k, rows in enumerate(columns):
        draw_rows(fig, k * (col_w + _GAP), legend_h, col_w, rows, LABEL_SIZE, styles, texts)
    return fig, texts


def print_drawing(
    content: DrawingContent,
    styles: dict[str, LineStyle],
    *,
    width: float = PRINT_WIDTH,
    dpi: int = PRINT_DPI,
) -> PrintDrawing:
    """Return the network and whole legend of ``content`` drawn for print, ``width`` points wide.

    The picture is landscape: the legend's columns take what they need under the network, which
    gets the rest of a picture about 0.7 times as high as it is wide (never less than 0.42).
    ``dpi`` is the resolution at the printed size (150 prints sharply and keeps files small).
    """
    with static_style(), matplotlib.rc_context(PRINT_RC):  # type: ignore[arg-type]
        fig, texts = drawing_figure(content, styles, width=width)
        image = rendered(fig, dpi)
    draw_texts(image, texts, dpi)
    png = palette_png(image, dpi)
    # The printed height follows the pixels, so that the picture is never stretched.
    pixels = Image.open(io.BytesIO(png)).size
    return PrintDrawing(png, width, width * pixels[1] / pixels[0])
