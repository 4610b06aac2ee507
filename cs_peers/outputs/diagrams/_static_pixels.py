"""A printed drawing's pixels: matplotlib's lines and shapes, the words drawn on by Pillow, and
the palette PNG they are saved as.

matplotlib costs about a millisecond and a half per piece of text it draws (laying it out,
finding its font, placing its glyphs), and a group's drawing has seventy: more than half its
time. Pillow draws the same DejaVu Sans (matplotlib's own copy) onto the pixels in a few
microseconds a line. The words are placed where the layout measured them
(:mod:`cs_peers.outputs.diagrams._static_legend`), and drawn without anti-aliasing, like the rest.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image, ImageDraw, ImageFont

from cs_peers.outputs.diagrams._static_legend import LINE_SPACING, TextItem

__all__ = ["crop", "draw_texts", "palette_png", "rendered"]


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


def draw_texts(
    image: Image.Image, texts: Sequence[TextItem], dpi: int, *, height: float | None = None
) -> None:
    """Draw ``texts`` onto ``image``, the top part of a figure ``height`` points high (by
    default the whole figure: the image's own height)."""
    scale = dpi / 72.0
    height_pt = image.height / scale if height is None else height
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


def crop(image: Image.Image, box: tuple[float, float, float, float], dpi: int) -> Image.Image:
    """Return the part of ``image`` in ``box`` (left, bottom, right, top in points)."""
    scale = dpi / 72.0
    height = image.height / scale
    left, bottom, right, top = box
    return image.crop(
        (
            round(left * scale),
            round((height - top) * scale),
            round(right * scale),
            round((height - bottom) * scale),
        )
    )
