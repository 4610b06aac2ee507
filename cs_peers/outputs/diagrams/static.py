"""Static exports of diagrams — PNG, SVG and PDF pages — for paper and projectors.

(The picture a Word seed and the briefing print is the drawing alone, without this page around
it: :mod:`cs_peers.outputs.diagrams.static`.)

Drawn with matplotlib (Agg for PNG; its own PDF and SVG writers), from the same
:class:`~cs_peers.outputs.diagrams.scene.Scene` as the HTML page: the same seeded positions, shapes,
colours and legend. No browser is needed: matplotlib installs from wheels on Linux, macOS and
Windows and draws in-process. Each page carries the protective marking at the top and the
bottom, the title and summary, the caveat, the network, the legend (with the strengths recorded)
and the provenance block; every block is measured before it is placed, so none overlaps another.

A candidate group's drawing for paper: its network above its whole legend, at printed size.

The Word seed and the briefing print the same picture of a group, made once by
:func:`print_drawing` from the group's scene (the seeded positions of the HTML page). It is the
drawing alone, not a page: the documents around it carry the marking, the title, the caveat
and the provenance, so the picture has no bands of its own. It is drawn at the size it is
printed, the text width of an A4 page with 2.54 cm margins (15.9 cm), landscape, with labels of
8 points on paper, and the legend gets all the room it needs in columns under the network —
never cut. It is drawn without anti-aliasing and saved as a palette PNG (a fraction of the
size, and as legible on paper at 150 dpi), which says its resolution, so that Word and PDF
readers know its printed size.

Its pixels (matplotlib's lines and shapes, Pillow's words, a palette PNG) are made by
:mod:`cs_peers.outputs.diagrams._static_pixels`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from PIL import Image

from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.diagrams._page import _provenance as page_provenance
from cs_peers.outputs.diagrams._static_legend import (
    SWATCH,
    Box,
    Placed,
    TextItem,
    caveat_box,
    draw_legend,
    draw_rows,
    figure,
    legend_height,
    legend_rows,
    place_text,
    printed_positions,
    split_rows,
    static_style,
    text_height,
    wrap,
)
from cs_peers.outputs.diagrams._static_network import (
    draw_network,
    draw_placed_network,
    marker_diameter,
)
from cs_peers.outputs.diagrams._static_pixels import crop, draw_texts, palette_png, rendered
from cs_peers.outputs.diagrams._static_vector import VectorDrawing, vector_drawing
from cs_peers.outputs.diagrams.options import DiagramOptions
from cs_peers.outputs.diagrams.scene import Scene
from cs_peers.outputs.diagrams.styles import LineStyle, line_styles

__all__ = [
    "LABEL_SIZE",
    "LANDSCAPE",
    "PORTRAIT",
    "PRINT_DPI",
    "PRINT_RC",
    "PRINT_WIDTH",
    "STATIC_FORMATS",
    "SWATCH_HEIGHT",
    "DrawingContent",
    "LegendPiece",
    "PageShape",
    "PrintDrawing",
    "draw_diagram",
    "draw_marking",
    "draw_texts",
    "drawing_figure",
    "export_scene",
    "palette_png",
    "print_drawing",
    "rendered",
]


STATIC_FORMATS = ("png", "svg", "pdf")
_MARGIN = 22.0
_PNG_DPI = 200


@dataclass(frozen=True)
class PageShape:
    """The size of a static page in points."""

    width: float
    height: float


LANDSCAPE = PageShape(841.9, 595.3)  # A4 landscape: a printed page, or a projector
PORTRAIT = PageShape(451.0, 620.0)  # the text width and height of A4 with 2.54 cm margins


def draw_marking(fig: Figure, marking: str, *, size: float = 10.0) -> tuple[float, float]:
    """Return the heights the marking takes at the top and the bottom, drawn in both places."""
    width, height = fig.get_size_inches() * 72.0
    lines = wrap(marking, width - 2 * _MARGIN, size, "bold")
    used = text_height(len(lines), size)
    for top in (height - 10.0, 10.0 + used):  # the top of the page, then the bottom
        place_text(
            fig,
            width / 2,
            top,
            lines,
            size,
            weight="bold",
            align="center",
            color="#8b0000",
            gid="marking",
        )
    return used + 16.0, used + 16.0


def _strength_section(strengths: list[str] | None) -> list[dict[str, object]]:
    if strengths is None:
        return []
    entries = [{"kind": "text", "text": s} for s in strengths] or [
        {
            "kind": "text",
            "text": "No protective peer or trusted adult is recorded for this group: ask who "
            "the protective people around these young people are.",
        }
    ]
    return [{"title": "Strengths recorded", "entries": entries}]


def draw_diagram(fig: Figure, box: Box, scene: Scene, styles: dict[str, LineStyle]) -> None:
    """Draw the scene's network and legend into ``box``: legend beside it, or below if narrow."""
    sections = [*_strength_section(scene.strengths), *scene.legend]
    width, height = fig.get_size_inches() * 72.0
    if box.width > box.height * 1.15:
        legend_w = min(max(box.width * 0.34, 200.0), 300.0)
        net = Box(box.x, box.y, box.width - legend_w - 12.0, box.height)
        draw_legend(
            fig, Box(box.x + net.width + 12.0, box.y, legend_w, box.height), sections, styles
        )
    else:
        col_w = (box.width - 12.0) / 2
        # The legend below takes what it needs at a readable size, but at most half the box.
        halves = _balanced(sections, col_w)
        need = max(legend_height(h, col_w, 6.5) for h in halves) if sections else 0.0
        legend_h = min(need, box.height * 0.5)
        net = Box(box.x, box.y + legend_h + 8.0, box.width, box.height - legend_h - 8.0)
        for k, half in enumerate(halves):
            draw_legend(fig, Box(box.x + k * (col_w + 12.0), box.y, col_w, legend_h), half, styles)
    ax = fig.add_axes((net.x / width, net.y / height, net.width / width, net.height / height))
    ax.set_gid("network")
    draw_network(
        ax, scene.network.nodes, scene.network.edges, styles, box_pt=(net.width, net.height)
    )


def _balanced(sections: list[dict[str, object]], width: float) -> list[list[dict[str, object]]]:
    """Return the sections split in two columns of about equal height, in order."""
    heights = [legend_height([s], width, 6.5) for s in sections]
    total, run, split = sum(heights), 0.0, len(sections)
    for k, h in enumerate(heights):
        if run + h / 2 > total / 2:
            split = k
            break
        run += h
    return [sections[:split], sections[split:]]


def _draw_page(fig: Figure, scene: Scene, *, dataset: Dataset, options: DiagramOptions) -> None:
    width, height = fig.get_size_inches() * 72.0
    top_used, bottom_used = draw_marking(fig, options.marking)
    full = width - 2 * _MARGIN
    y = height - top_used - 4.0
    _, used = place_text(
        fig, _MARGIN, y, wrap(scene.title, full, 14, "bold"), 14, weight="bold", gid="title"
    )
    y -= used + 4.0
    _, used = place_text(
        fig,
        _MARGIN,
        y,
        wrap(" · ".join(scene.summary), full, 8.5),
        8.5,
        color="#333333",
        gid="summary",
    )
    y -= used + 6.0
    caveat_h = caveat_box(
        fig,
        _MARGIN,
        y,
        full,
        scene.caveat,
        8.5,
        pad=8.0,
        inset=6.0,
        page=(width, height),
        gid="caveat",
    )
    y -= caveat_h + 8.0 + 8.0
    bottom = bottom_used + 4.0 + _provenance_block(fig, bottom_used + 4.0, dataset, options, scene)
    draw_diagram(
        fig,
        Box(_MARGIN, bottom + 8.0, full, y - bottom - 8.0),
        scene,
        line_styles(dataset.vocabulary),
    )


def _provenance_block(
    fig: Figure, bottom: float, dataset: Dataset, options: DiagramOptions, scene: Scene
) -> float:
    """Return the height of the provenance block drawn upwards from ``bottom``."""
    width = fig.get_size_inches()[0] * 72.0
    items = page_provenance(dataset, options, scene.provenance)
    columns = 3 if width > 600 else 2
    col_w = (width - 2 * _MARGIN - 10.0 * (columns - 1)) / columns
    size = 6.5
    wrapped = [wrap(f"{k}: {v}", col_w, size) for k, v in items]
    # Items fill the columns in order, each column taking about an equal share of lines.
    total = sum(len(w) for w in wrapped)
    per_column = -(-total // columns)
    cols: list[list[str]] = [[] for _ in range(columns)]
    k = 0
    for lines in wrapped:
        if len(cols[k]) + len(lines) > per_column and cols[k] and k < columns - 1:
            k += 1
        cols[k].extend(lines)
    body = text_height(max(len(c) for c in cols), size)
    head = text_height(1, 7.0)
    top = bottom + body + head + 2.0
    place_text(fig, _MARGIN, top, ["Provenance"], 7.0, weight="bold", gid="provenance")
    for k, lines in enumerate(cols):
        if lines:
            place_text(
                fig,
                _MARGIN + k * (col_w + 10.0),
                top - head - 2.0,
                lines,
                size,
                color="#333333",
                gid="provenance",
            )
    return top - bottom


def _page(scene: Scene, dataset: Dataset, options: DiagramOptions, shape: PageShape) -> Figure:
    fig = figure(shape.width, shape.height)
    _draw_page(fig, scene, dataset=dataset, options=options)
    return fig


def export_scene(
    scene: Scene,
    stem: Path,
    formats: Iterable[str],
    *,
    dataset: Dataset,
    options: DiagramOptions,
    shape: PageShape = LANDSCAPE,
) -> list[Path]:
    """Return the files written for ``scene``: ``stem`` with each format's suffix.

    Raises
    ------
    ValueError
        If a format is not one of :data:`STATIC_FORMATS`.
    """
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in STATIC_FORMATS]
    if unknown:
        raise ValueError(f"unknown static format {unknown[0]!r}; choose from png, svg, pdf")
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    with static_style():
        fig = _page(scene, dataset, options, shape)
        for fmt in wanted:
            path = stem.with_name(f"{stem.name}.{fmt}")
            # No dates in the files: the same data gives the same bytes.
            metadata = {"pdf": {"CreationDate": None}, "svg": {"Date": None}}.get(fmt, {})
            fig.savefig(path, format=fmt, dpi=_PNG_DPI, metadata=metadata)
            written.append(path)
    return written


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
class LegendPiece:
    """One line of a printed legend set as text: a title, or an entry's words after its
    swatch (row ``swatch`` of the drawing's ``swatches`` picture; none for a note)."""

    title: str = ""
    text: str = ""
    swatch: int | None = None


@dataclass(frozen=True)
class PrintDrawing:
    """A group's drawing for print and the size in points it is printed at.

    For the Word seed, ``png`` is the network with its labels and ``legend`` its whole legend,
    column by column, to be set as text under it (words cost far fewer bytes as text than as
    pixels), each entry after its row of ``swatches`` (:data:`SWATCH_HEIGHT` points each, one
    picture: one file in the document rather than one per entry). For the briefing,
    ``vectors`` is the network and legend drawn together. Either is left out when not asked
    for.
    """

    png: bytes | None
    width: float
    height: float
    vectors: VectorDrawing | None = None
    legend: tuple[tuple[LegendPiece, ...], ...] = ()
    swatches: bytes | None = None  # a PNG: the legend's swatches one under another

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
    content: DrawingContent,
    styles: dict[str, LineStyle],
    *,
    width: float = PRINT_WIDTH,
    columns: list[list[Placed]] | None = None,
) -> tuple[Figure, list[TextItem]]:
    """Return the figure :func:`print_drawing` draws (1 point to 1 point of paper), with its
    words: the labels and legend, drawn onto the pixels afterwards.

    Call it within :func:`~cs_peers.outputs.diagrams._static_legend.static_style` and
    :data:`PRINT_RC`, as :func:`print_drawing` does. ``columns`` receives the legend's titles
    and entries, column by column, with where each swatch is drawn.
    """
    cut, col_w, legend_h = _legend(content, width)
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
    for k, rows in enumerate(cut):
        placed: list[Placed] = []
        left = k * (col_w + _GAP)
        draw_rows(fig, left, legend_h, col_w, rows, LABEL_SIZE, styles, texts, placed)
        if columns is not None:
            columns.append(placed)
    return fig, texts


SWATCH_HEIGHT = LABEL_SIZE * 1.5  # a swatch's height: its largest shape, with room


def _legend_pieces(
    image: Image.Image, columns: list[list[Placed]], dpi: int
) -> tuple[tuple[tuple[LegendPiece, ...], ...], bytes | None]:
    """Return the legend's titles and entries, and their swatches cut from the drawn ``image``
    and set one under another in one PNG."""
    half = SWATCH_HEIGHT / 2
    cuts: list[Image.Image] = []
    out = []
    for column in columns:
        pieces = []
        for place in column:
            swatch = None
            if place.swatched:
                swatch = len(cuts)
                box = (place.x, place.y - half, place.x + SWATCH, place.y + half)
                cuts.append(crop(image, box, dpi))
            pieces.append(LegendPiece(place.title, place.text, swatch))
        out.append(tuple(pieces))
    if not cuts:
        return tuple(out), None
    width, height = cuts[0].size
    sheet = Image.new("RGB", (width, height * len(cuts)), "white")
    for k, cut in enumerate(cuts):
        sheet.paste(cut.resize((width, height)), (0, k * height))
    return tuple(out), palette_png(sheet, dpi)


def print_drawing(
    content: DrawingContent,
    styles: dict[str, LineStyle],
    *,
    width: float = PRINT_WIDTH,
    dpi: int = PRINT_DPI,
    png: bool = True,
    vectors: bool = True,
) -> PrintDrawing:
    """Return the network and whole legend of ``content`` drawn for print, ``width`` points wide.

    The picture is landscape: the legend's columns take what they need under the network, which
    gets the rest of a picture about 0.7 times as high as it is wide (never less than 0.42).
    With ``png``, the network is a palette PNG at ``dpi`` at the printed size (150 prints
    sharply and keeps files small) and the legend is words with swatches cut from the same
    pixels; with ``vectors``, network and legend are PDF operators and text
    (:mod:`cs_peers.outputs.diagrams._static_vector`).
    """
    columns: list[list[Placed]] = []
    with static_style(), matplotlib.rc_context(PRINT_RC):  # type: ignore[arg-type]
        fig, texts = drawing_figure(content, styles, width=width, columns=columns)
        height = float(fig.get_size_inches()[1]) * 72.0
        network = next(a for a in fig.axes if a.get_gid() == "network")
        # Where the legend ends and the network begins: the middle of the gap between them.
        cut = network.get_position().y0 * height - _GAP / 2
        # Recorded first: rendering the PNG sets the figure's resolution to ``dpi``.
        recorded = vector_drawing(fig, texts) if vectors else None
        image = rendered(fig, dpi) if png else None
    if image is None:
        return PrintDrawing(None, width, height, recorded)
    legend, swatches = _legend_pieces(image, columns, dpi)
    picture = crop(image, (0.0, cut, width, height), dpi)
    draw_texts(picture, [t for t in texts if t.y_top > cut], dpi, height=height)
    data = palette_png(picture, dpi)
    # The printed height follows the pixels, so that the picture is never stretched.
    height = width * picture.height / picture.width
    return PrintDrawing(data, width, height, recorded, legend, swatches)
