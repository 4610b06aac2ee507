"""Static exports of diagrams — PNG, SVG and PDF pages — for paper and projectors.

(The picture a Word seed and the briefing print is the drawing alone, without this page around
it: :mod:`cs_peers.outputs.diagrams.static_drawing`.)

Drawn with matplotlib (Agg for PNG; its own PDF and SVG writers), from the same
:class:`~cs_peers.outputs.diagrams.scene.Scene` as the HTML page: the same seeded positions, shapes,
colours and legend. No browser is needed: matplotlib installs from wheels on Linux, macOS and
Windows and draws in-process. Each page carries the protective marking at the top and the
bottom, the title and summary, the caveat, the network, the legend (with the strengths recorded)
and the provenance block; every block is measured before it is placed, so none overlaps another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.diagrams.line_styles import LineStyle, line_styles
from cs_peers.outputs.diagrams.options import DiagramOptions
from cs_peers.outputs.diagrams.page import _provenance as page_provenance
from cs_peers.outputs.diagrams.scene import Scene
from cs_peers.outputs.diagrams.static_legend import Box, draw_legend, legend_height
from cs_peers.outputs.diagrams.static_network import draw_network
from cs_peers.outputs.diagrams.static_text import (
    caveat_box,
    figure,
    place_text,
    static_style,
    text_height,
    wrap,
)

__all__ = [
    "LANDSCAPE",
    "PORTRAIT",
    "STATIC_FORMATS",
    "PageShape",
    "draw_diagram",
    "draw_marking",
    "export_scene",
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
