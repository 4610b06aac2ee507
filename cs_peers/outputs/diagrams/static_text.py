"""Text for static exports: measured, wrapped and placed in points, so that nothing overlaps.

Every static page is laid out in points from the bottom-left corner of the figure. Text is
wrapped by measuring it with matplotlib's own font metrics (DejaVu Sans, which ships inside
matplotlib, so a page looks the same on every machine), and each block reports the height it
took, so the next one starts below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager
from matplotlib.ft2font import FT2Font, LoadFlags
from matplotlib.patches import Rectangle
from matplotlib.text import Text

__all__ = [
    "LINE_SPACING",
    "RC",
    "TextItem",
    "caveat_box",
    "figure",
    "place_text",
    "printable",
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
