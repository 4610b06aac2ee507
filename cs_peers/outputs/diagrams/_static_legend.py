"""The legend of a static export: each section drawn into a column, fitted to the room it has.

The sections are the HTML page's own (:mod:`cs_peers.outputs.diagrams.styles`), worded for paper and
with each association type's swatch in the pattern its lines are drawn in. When they do not fit,
the text gets smaller down to a floor, and then the longest section is cut with a line saying
how many entries the HTML diagram has besides.

Text for static exports: measured, wrapped and placed in points, so that nothing overlaps.

Every static page is laid out in points from the bottom-left corner of the figure. Text is
wrapped by measuring it with matplotlib's own font metrics (DejaVu Sans, which ships inside
matplotlib, so a page looks the same on every machine), and each block reports the height it
took, so the next one starts below it.

Node positions for a printed drawing: the layout's seeded positions, fitted to a box in
points and pushed apart until every label, at its printed size, has room of its own.

The layout (:mod:`cs_peers.outputs.diagrams._layout`) spaces nodes for a screen, where labels are
15 pixels on a 1,560-pixel canvas; a drawing 16 cm wide shrinks that canvas to about a quarter,
and labels of a readable 8 points would overlap. Here each node and its label is a rectangle in
points; overlapping rectangles are pushed apart along the axis where they overlap least, and
the whole is fitted back into the box, a few times over. The shape of the picture stays the
layout's; only crowded places open up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager
from matplotlib.ft2font import FT2Font, LoadFlags
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from cs_peers.outputs.diagrams._static_network import MARKERS, marker_diameter, parse_color
from cs_peers.outputs.diagrams.styles import LineStyle

__all__ = [
    "LINE_SPACING",
    "RC",
    "SWATCH",
    "Box",
    "LegendRow",
    "Placed",
    "TextItem",
    "caveat_box",
    "draw_legend",
    "draw_rows",
    "figure",
    "legend_height",
    "legend_rows",
    "place_text",
    "printable",
    "printed_positions",
    "split_rows",
    "static_style",
    "text_height",
    "text_width",
    "wrap",
]


# matplotlib's own settings for every static page: the bundled font, text kept as text in SVG
# and PDF (so it can be searched, read aloud and checked), no mathtext (a label with "$" in it
# is a label), and no time stamps or random ids (equal input gives equal files).
RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "text.parse_math": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "cs-peers",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "lines.scale_dashes": False,
    "path.simplify": True,
    # Unhinted glyphs everywhere: text is then as wide in a PNG as in the PDF and SVG, and as
    # wide as the layout measured it (hinting widens small text at low resolutions).
    "text.hinting": "no_hinting",
}
LINE_SPACING = 1.2


@dataclass(frozen=True)
class TextItem:
    """Text to be drawn later: its top-left (or top-centre) in points from the bottom-left.

    Printed drawings draw their text onto the pixels themselves (quicker than a matplotlib
    text each); ``halo`` puts white behind it, where lines may cross.
    """

    x: float
    y_top: float
    lines: tuple[str, ...]
    size: float
    weight: str = "normal"
    style: str = "normal"
    color: str = "#1d1d1d"
    align: str = "left"
    halo: bool = False


_POINTING = re.compile(r";?\s*(point at|click)[^.;]*", re.IGNORECASE)


@contextmanager
def static_style() -> Iterator[None]:
    """Return a context in which figures are drawn and saved with :data:`RC`."""
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        yield


def figure(width_pt: float, height_pt: float) -> Figure:
    """Return a new figure of the given size in points, white, with no axes."""
    fig = Figure(figsize=(width_pt / 72.0, height_pt / 72.0), dpi=72, facecolor="white")
    return fig


@lru_cache(maxsize=8)
def _face(weight: str, style: str) -> Any:
    props = FontProperties(family="DejaVu Sans", weight=weight, style=style)  # type: ignore[arg-type]
    # A face of our own: matplotlib's cached ones change size whenever something is drawn.
    face = FT2Font(fontManager.findfont(props))
    face.set_size(100.0, 72.0)
    return face


@lru_cache(maxsize=8192)
def _advance(char: str, weight: str, style: str) -> float:
    """Return the advance of ``char`` at 1 point, from the font's unhinted metrics."""
    face = _face(weight, style)
    if not face.get_char_index(ord(char)):
        return 0.62  # a missing glyph: about the width of a wide letter
    glyph = face.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    return float(glyph.linearHoriAdvance) / 65536.0 / 100.0


def text_width(text: str, size: float, weight: str = "normal", style: str = "normal") -> float:
    """Return the width in points of one line of ``text`` (a little generous, never short).

    Summed from each character's advance rather than laid out by FreeType: laying out a string
    costs about a millisecond, and a page wraps thousands of candidate lines. Kerning only ever
    narrows DejaVu Sans' lines; 6% more covers the wider advances of hinted glyphs and
    rounding.
    """
    return 1.06 * size * sum(_advance(c, weight, style) for c in text)


def text_height(lines: int, size: float) -> float:
    """Return the height in points of ``lines`` lines of text of ``size`` points."""
    return lines * size * LINE_SPACING if lines else 0.0


def wrap(
    text: str, width_pt: float, size: float, weight: str = "normal", style: str = "normal"
) -> list[str]:
    """Return ``text`` broken into lines no wider than ``width_pt`` (long words are cut)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, weight, style) <= width_pt:
                current = candidate
                continue
            if current:
                lines.append(current)
            # A word wider than the line (a long path or id) is cut where it must be.
            while text_width(word, size, weight, style) > width_pt and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], size, weight, style) > width_pt:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def place_text(
    fig: Figure,
    x: float,
    y_top: float,
    lines: list[str],
    size: float,
    *,
    weight: str = "normal",
    style: str = "normal",
    color: str = "#1d1d1d",
    align: str = "left",
    gid: str = "",
) -> tuple[Text, float]:
    """Return the text drawn with its top-left (or top-centre) at ``x, y_top``, and its height."""
    width, height = fig.get_size_inches() * 72.0
    artist = fig.text(
        x / width,
        y_top / height,
        "\n".join(lines),
        fontsize=size,
        fontweight=weight,
        fontstyle=style,
        color=color,
        ha=align,
        va="top",
        linespacing=LINE_SPACING,
        parse_math=False,
    )
    if gid:
        artist.set_gid(gid)
    return artist, text_height(len(lines), size)


def caveat_box(
    fig: Figure,
    x: float,
    y_top: float,
    width: float,
    text: str,
    size: float,
    *,
    pad: float,
    inset: float,
    page: tuple[float, float],
    gid: str,
) -> float:
    """Return the height of a caveat's text after drawing it, in italics, in a pale yellow box.

    The box's top-left is at ``x, y_top``; it is ``width`` wide and ``pad`` taller than the
    text, whose lines stand ``inset`` in from either side. ``page`` is the figure's width and
    height in points.
    """
    lines = wrap(text, width - 2 * inset, size, style="italic")
    height = text_height(len(lines), size)
    page_width, page_height = page
    fig.add_artist(
        Rectangle(
            (x / page_width, (y_top - height - pad) / page_height),
            width / page_width,
            (height + pad) / page_height,
            transform=fig.transFigure,
            facecolor="#fff6d6",
            edgecolor="#d6b656",
            linewidth=0.6,
        )
    )
    place_text(fig, x + inset, y_top - pad / 2, lines, size, style="italic", gid=gid)
    return height


def printable(text: str) -> str:
    """Return legend wording fit for paper: what to point at or click means nothing there."""
    cleaned = _POINTING.sub("", text).strip()
    if cleaned and cleaned[-1] not in ".:)":
        cleaned += "."
    return cleaned


_SIZES = (8.0, 7.5, 7.0, 6.5, 6.0, 5.5)
SWATCH = 24.0  # width of a swatch, points


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in points: left, bottom, width, height."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        """Return the top edge."""
        return self.y + self.height


def _entry_text(entry: dict[str, Any]) -> str:
    text = printable(str(entry.get("text", "")))
    # "seen together — seen together": a description that only repeats the name is dropped.
    name, dash, rest = text.partition(" — ")
    if dash and rest.rstrip(".").strip() == name.lstrip("★ ").strip():
        return f"{name}."
    return text


def _entry_lines(entry: dict[str, Any], width: float, size: float) -> list[str]:
    indent = 0.0 if entry.get("kind") == "text" else SWATCH + 4.0
    return wrap(_entry_text(entry), width - indent, size)


def legend_height(sections: list[dict[str, Any]], width: float, size: float) -> float:
    """Return the height in points the sections take at text ``size``."""
    return sum(r.height for r in legend_rows(sections, width, size))


def _fitted(sections: list[dict[str, Any]], box: Box) -> tuple[list[dict[str, Any]], float]:
    for size in _SIZES:
        if legend_height(sections, box.width, size) <= box.height:
            return sections, size
    size = _SIZES[-1]
    cut = [dict(s, entries=list(s.get("entries", []))) for s in sections]
    while legend_height(cut, box.width, size) > box.height:
        longest = max(cut, key=lambda s: len(s["entries"]))
        if len(longest["entries"]) <= 1:
            break
        dropped = int(longest.get("dropped", 0)) + (2 if longest["entries"][-1].get("more") else 1)
        longest["entries"] = [e for e in longest["entries"] if not e.get("more")][:-1]
        longest["dropped"] = dropped
        longest["entries"].append(
            {"kind": "text", "more": True, "text": f"… and {dropped} more: see the HTML diagram"}
        )
    return cut, size


@dataclass(frozen=True)
class Placed:
    """A legend title, or an entry with its words and its swatch's left and middle (points)."""

    title: str
    entry: dict[str, Any] | None = None
    text: str = ""
    x: float = 0.0
    y: float = 0.0

    @property
    def swatched(self) -> bool:
        """Return whether the entry has a swatch (a line or a shape) beside its words."""
        return self.entry is not None and self.entry.get("kind") != "text"


@dataclass(frozen=True)
class LegendRow:
    """One row of a drawn legend: a section title, or a row of entries, and its height."""

    height: float
    title: str = ""
    entries: tuple[dict[str, Any], ...] = ()
    columns: int = 1


def legend_rows(sections: list[dict[str, Any]], width: float, size: float) -> list[LegendRow]:
    """Return the rows the sections make in a column ``width`` points wide, top down."""
    rows = []
    for section in sections:
        entries = list(section.get("entries", []))
        title = text_height(1, size + 0.5) + size * 0.3 + (0.0 if entries else size * 0.6)
        rows.append(LegendRow(title, str(section.get("title", ""))))
        columns = 2 if section.get("compact") else 1
        col_width = (width - 6.0 * (columns - 1)) / columns
        for start in range(0, len(entries), columns):
            row = tuple(entries[start : start + columns])
            lines = max(len(_entry_lines(e, col_width, size)) for e in row)
            # The last row of a section keeps a gap below it, before the next title.
            gap = size * 0.6 if start + columns >= len(entries) else 0.0
            height = text_height(lines, size) + size * 0.35 + gap
            rows.append(LegendRow(height, entries=row, columns=columns))
    return rows


def split_rows(rows: list[LegendRow], columns: int) -> list[list[LegendRow]]:
    """Return ``rows`` cut into ``columns`` runs of about equal height, in order.

    A section title never ends a column: it moves to the top of the next one.
    """
    total = sum(r.height for r in rows)
    cuts: list[list[LegendRow]] = [[]]
    used = 0.0
    for row in rows:
        room = total * len(cuts) / columns
        if cuts[-1] and len(cuts) < columns and used + row.height / 2 > room:
            # Move a title left alone at the bottom along with its first row.
            carried = [cuts[-1].pop()] if cuts[-1][-1].title else []
            cuts.append(carried)
        cuts[-1].append(row)
        used += row.height
    return cuts


def draw_rows(
    fig: Figure,
    x: float,
    y_top: float,
    width: float,
    rows: list[LegendRow],
    size: float,
    styles: dict[str, LineStyle],
    texts: list[TextItem] | None = None,
    placed: list[Placed] | None = None,
) -> float:
    """Return the height drawn after placing ``rows`` from ``x, y_top`` downwards.

    With ``texts``, the words are added to it to be drawn later, and only the swatches drawn.
    With ``placed``, each title and entry is added to it in order, with where its swatch is.
    """
    y = y_top
    page = tuple(fig.get_size_inches() * 72.0)
    for row in rows:
        if row.title:
            if texts is None:
                place_text(fig, x, y, [row.title], size + 0.5, weight="bold", gid="legend")
            else:
                texts.append(TextItem(x, y, (row.title,), size + 0.5, weight="bold"))
            if placed is not None:
                placed.append(Placed(row.title))
            y -= row.height
            continue
        col_width = (width - 6.0 * (row.columns - 1)) / row.columns
        for k, entry in enumerate(row.entries):
            left = x + k * (col_width + 6.0)
            lines = _entry_lines(entry, col_width, size)
            indent = 0.0 if entry.get("kind") == "text" else SWATCH + 4.0
            style = "italic" if entry.get("kind") == "text" else "normal"
            if texts is None:
                place_text(
                    fig, left + indent, y, lines, size, style=style, color="#333333", gid="legend"
                )
            else:
                item = TextItem(left + indent, y, tuple(lines), size, style=style, color="#333333")
                texts.append(item)
            if entry.get("kind") != "text":
                _swatch(fig, entry, left, y - size * 0.6, size, styles, (page[0], page[1]))
            if placed is not None:
                placed.append(Placed("", entry, _entry_text(entry), left, y - size * 0.6))
        y -= row.height
    return y_top - y


def draw_legend(
    fig: Figure, box: Box, sections: list[dict[str, Any]], styles: dict[str, LineStyle]
) -> None:
    """Draw ``sections`` into ``box``, top down, never past its bottom edge."""
    sections, size = _fitted(sections, box)
    draw_rows(fig, box.x, box.top, box.width, legend_rows(sections, box.width, size), size, styles)


def _swatch(
    fig: Figure,
    entry: dict[str, Any],
    x: float,
    y: float,
    size: float,
    styles: dict[str, LineStyle],
    page: tuple[float, float],
) -> None:
    w, h = page
    if entry.get("kind") == "line":
        style = styles.get(str(entry.get("association_type", "")))
        color = style.color if style else str(entry.get("color", "#444444"))
        dashes = style.dashes if style else ((6.0, 4.0) if entry.get("dashes") else ())
        line = Line2D(
            [x / w, (x + SWATCH) / w],
            [y / h, y / h],
            color=color,
            alpha=float(entry.get("opacity", 1.0)),
            linewidth=min(float(entry.get("width", 1.5)) * 0.8, 3.5),
            transform=fig.transFigure,
        )
        if dashes:
            line.set_dashes(dashes)
        fig.add_artist(line)
        if entry.get("star"):
            fig.text(
                (x + SWATCH / 2) / w,
                y / h,
                "★",
                color=color,
                fontsize=size + 1,
                ha="center",
                va="center",
            )
        return
    marker = MARKERS.get(str(entry.get("shape", "dot")), "o")
    fig.add_artist(
        Line2D(
            [(x + SWATCH / 2) / w],
            [y / h],
            marker=marker,
            markersize=size * (1.5 if marker == "*" else 1.1),
            markerfacecolor=parse_color(entry.get("fill", "#888888")),
            markeredgecolor=str(entry.get("border", "#444444")),
            markeredgewidth=1.0,
            linestyle="none",
            transform=fig.transFigure,
        )
    )


_LABEL_GAP = 1.5  # points between a shape and the label under it (as static_network draws it)
_PAD = 2.0  # points kept free between two rectangles
_MARKER_SCALE = (0.2, 0.45)  # points per layout pixel for shapes: never dots, never blobs
_ROUNDS = 4


def _boxes(nodes: list[dict[str, Any]], label_size: float, scale: float) -> np.ndarray:
    """Return each node's rectangle relative to its centre: left, right, bottom, top (points)."""
    rel = np.zeros((len(nodes), 4))
    for i, node in enumerate(nodes):
        lines = str(node.get("label", "")).split("\n")
        width = max((text_width(line, label_size) for line in lines), default=0.0)
        height = text_height(len(lines), label_size)
        if node.get("shape") == "text":  # a caption drawn above its point
            rel[i] = (-width / 2, width / 2, 0.0, height)
            continue
        d = marker_diameter(node, scale)
        half = max(d, width) / 2
        rel[i] = (-half, half, -(d / 2 + _LABEL_GAP + height), d / 2)
    return rel


def _extent(pos: np.ndarray, rel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the lower-left and upper-right corners of every rectangle together."""
    low = np.array([(pos[:, 0] + rel[:, 0]).min(), (pos[:, 1] + rel[:, 2]).min()])
    high = np.array([(pos[:, 0] + rel[:, 1]).max(), (pos[:, 1] + rel[:, 3]).max()])
    return low, high


def _fit(points: np.ndarray, rel: np.ndarray, box: tuple[float, float]) -> np.ndarray:
    """Return ``points`` scaled about their centre, as large as fits ``box``, and centred in it.

    The rectangles keep their size; only the distances between nodes change (bisection on the
    scale, since the room taken grows with it).
    """
    centred = points - (points.min(axis=0) + points.max(axis=0)) / 2
    room = np.array(box)

    def fits(s: float) -> bool:
        low, high = _extent(centred * s, rel)
        return bool(((high - low) <= room + 1e-6).all())

    low_s, high_s = 0.0, 1.0
    while fits(high_s) and high_s < 1e6:
        low_s, high_s = high_s, high_s * 2
    for _ in range(40):
        middle = (low_s + high_s) / 2
        low_s, high_s = (middle, high_s) if fits(middle) else (low_s, middle)
    pos = centred * low_s
    low, high = _extent(pos, rel)
    placed: np.ndarray = pos + (room - (high - low)) / 2 - low
    return placed


def _separate(pos: np.ndarray, rel: np.ndarray, rounds: int = 150) -> np.ndarray:
    """Return ``pos`` with overlapping rectangles pushed apart (deterministic, vectorised)."""
    n = len(pos)
    if n < 2:
        return pos
    pos = pos.copy()
    order = np.arange(n)
    # A fixed direction, by index, for two nodes at the same place.
    tie = np.where(order[:, None] < order[None, :], -1.0, 1.0)
    # Both axes at once (0: x, 1: y): the same sums as one after the other, half the calls.
    low_rel, high_rel = rel[:, [0, 2]].T, rel[:, [1, 3]].T
    for _ in range(rounds):
        low, high = pos.T + low_rel, pos.T + high_rel
        overlap = np.minimum(high[:, :, None], high[:, None, :]) - np.maximum(
            low[:, :, None], low[:, None, :]
        )
        overlap += _PAD
        hit = (overlap[0] > 0) & (overlap[1] > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        along_x = overlap[0] <= overlap[1]
        along = np.stack((hit & along_x, hit & ~along_x))
        centre = (low + high) / 2
        side = np.sign(centre[:, :, None] - centre[:, None, :])
        side = np.where(side == 0, tie, side)
        moved = pos + (np.where(along, side * overlap, 0.0).sum(axis=2) * 0.25).T
        if np.array_equal(moved, pos):  # nothing moves: every later round would be this one
            break
        pos = moved
    return pos


def printed_positions(
    nodes: list[dict[str, Any]], box: tuple[float, float], *, label_size: float
) -> tuple[dict[str, tuple[float, float]], float]:
    """Return each node's position in points within ``box`` (width, height; y up), and the
    scale in points per layout pixel that its shape and lines are to be drawn at.

    Every node's shape and label (``label_size`` points, under the shape) lies inside the box;
    labels overlap only where the box is too small to hold them all apart.
    """
    if not nodes:
        return {}, 1.0
    raw = np.array([(float(n.get("x", 0)), -float(n.get("y", 0))) for n in nodes])
    span = np.maximum(np.ptp(raw, axis=0), 1.0)
    scale = float(np.clip(min(box[0] / span[0], box[1] / span[1]), *_MARKER_SCALE))
    rel = _boxes(nodes, label_size, scale)
    pos = _fit(raw, rel, box)
    for _ in range(_ROUNDS):
        pos = _fit(_separate(pos, rel), rel, box)
    return {str(n["id"]): (float(x), float(y)) for n, (x, y) in zip(nodes, pos, strict=True)}, scale
