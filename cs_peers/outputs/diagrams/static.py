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

A printed drawing's pixels: matplotlib's lines and shapes, the words drawn on by Pillow, and
the palette PNG they are saved as.

matplotlib costs about a millisecond and a half per piece of text it draws (laying it out,
finding its font, placing its glyphs), and a group's drawing has seventy: more than half its
time. Pillow draws the same DejaVu Sans (matplotlib's own copy) onto the pixels in a few
microseconds a line. The words are placed where the layout measured them
(:mod:`cs_peers.outputs.diagrams._static_legend`), and drawn without anti-aliasing, like the rest.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image, ImageDraw, ImageFont

from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.diagrams._page import _provenance as page_provenance
from cs_peers.outputs.diagrams._static_legend import (
    LINE_SPACING,
    Box,
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
    "DrawingContent",
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


# zlib's level 6: a tenth larger than level 9, at a sixth of the time (0.013 s against 0.085 s).
_PNG_LEVEL = 6
_FACES = {
    ("normal", "normal"): "DejaVuSans.ttf",
    ("bold", "normal"): "DejaVuSans-Bold.ttf",
    ("normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
}


@lru_cache(maxsize=32)
def _font(weight: str, style: str, pixels: float) -> Any:
    face = _FACES[(weight, style)]
    folder = resources.files("matplotlib") / "mpl-data" / "fonts" / "ttf"
    with resources.as_file(folder / face) as path:
        return ImageFont.truetype(str(path), pixels)


def rendered(fig: Figure, dpi: int) -> Image.Image:
    """Return ``fig`` drawn by matplotlib at ``dpi`` as an RGB image."""
    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]  # untyped in matplotlib
    size = canvas.get_width_height()
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    return Image.frombuffer("RGBA", size, pixels, "raw", "RGBA", 0, 1).convert("RGB")


def draw_texts(image: Image.Image, texts: Sequence[TextItem], dpi: int) -> None:
    """Draw ``texts`` onto ``image``, whose height in points is that of its figure."""
    scale = dpi / 72.0
    height_pt = image.height / scale
    pen = ImageDraw.Draw(image)
    pen.fontmode = "1"  # no anti-aliasing
    for item in texts:
        font = _font(item.weight, item.style, item.size * scale)
        anchor = "ma" if item.align == "center" else "la"
        top = (height_pt - item.y_top) * scale
        step = item.size * LINE_SPACING * scale
        for k, line in enumerate(item.lines):
            at = (item.x * scale, top + k * step)
            if item.halo:
                left, upper, right, lower = pen.textbbox(at, line, font=font, anchor=anchor)
                pen.rectangle((left - 1, upper - 1, right + 1, lower + 1), fill="white")
            pen.text(at, line, font=font, fill=item.color, anchor=anchor)


def palette_png(image: Image.Image, dpi: int) -> bytes:
    """Return ``image`` as a palette PNG with its resolution recorded.

    Drawn without anti-aliasing, a drawing has a few hundred colours at most, kept exactly;
    more (from many overlapping lines) are reduced to 256 by an octree, without dithering.
    """
    found = image.getcolors(256)
    if found is None:
        small = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    else:
        palette = Image.new("P", (1, 1))
        palette.putpalette([v for _, colour in sorted(found) for v in colour])  # type: ignore[attr-defined]
        small = image.quantize(palette=palette, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", compress_level=_PNG_LEVEL, dpi=(dpi, dpi))
    return out.getvalue()


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

    Call it within :func:`~cs_peers.outputs.diagrams._static_legend.static_style` and
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
