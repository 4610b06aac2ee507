"""A printed drawing as PDF vector operators: the briefing's copy of a group's picture.

The Word seed carries the drawing as a PNG (Word cannot take PDF vectors); the briefing draws
the same figure — the same layout, shapes, lines and words — as PDF path operators and text.
A group's picture is then about 3 KB of compressed page content instead of a 25 KB image, sharp
at any zoom, and its labels and legend are text a reader can search and read aloud.

The figure is laid out once (:func:`~cs_peers.outputs.diagrams.static.drawing_figure`) and
drawn twice: by Agg into the PNG, and by :class:`_Recorder`, a matplotlib renderer that writes
each path it is given as PDF operators in points (the figure is at 72 dpi, one pixel a point).
Translucent colours are written as the opaque colour they make on white, as the PNG's palette
holds them. The words laid out for Pillow (:class:`TextItem`) are kept as they are, for the
briefing to set in the same DejaVu Sans. What comes back is plain strings and dataclasses, so
it travels from a worker process to the one that writes the briefing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matplotlib.backend_bases import GraphicsContextBase, RendererBase
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Transform

from cs_peers.outputs.diagrams._static_legend import TextItem

__all__ = ["Glyphs", "VectorDrawing", "vector_drawing"]


@dataclass(frozen=True)
class Glyphs:
    """Text matplotlib placed itself (the star on a protective line): its baseline's start."""

    x: float
    y: float
    text: str
    size: float
    bold: bool
    italic: bool
    color: tuple[float, float, float]


@dataclass(frozen=True)
class VectorDrawing:
    """A drawing ``width`` by ``height`` points: PDF path operators and glyphs, in drawing
    order, then the words (labels and legend) drawn over them."""

    width: float
    height: float
    marks: tuple[str | Glyphs, ...]
    texts: tuple[TextItem, ...]


def _num(value: float, places: int = 2) -> str:
    """Return ``value`` to ``places`` decimals, without trailing zeros (a PDF number)."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _at(value: float) -> str:
    """Return a coordinate to a tenth of a point (0.035 mm on paper: finer than any printer's
    dot at 600 dpi), a third shorter than to a hundredth."""
    return _num(value, 1)


def _on_white(rgba: Any, alpha: float) -> tuple[float, float, float]:
    r, g, b = (float(v) for v in rgba[:3])
    return (1 - alpha * (1 - r), 1 - alpha * (1 - g), 1 - alpha * (1 - b))


_CAPS = {"butt": 0, "round": 1, "projecting": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}


class _Recorder(RendererBase):
    """A matplotlib renderer that keeps each path as PDF operators, in points."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.marks: list[str | Glyphs] = []
        # The graphics state last written, so that only changes are written again.
        self._state: dict[str, str] = {}

    def get_canvas_width_height(self) -> tuple[float, float]:
        """Return the drawing's size in points."""
        return self.width, self.height

    def flipy(self) -> bool:
        """Return False: y grows upwards, in matplotlib as in PDF."""
        return False

    def points_to_pixels(self, points: Any) -> Any:
        """Return ``points``: the figure is at 72 dpi, a pixel is a point."""
        return points

    def new_gc(self) -> GraphicsContextBase:
        """Return a fresh graphics context."""
        return GraphicsContextBase()

    def _set(self, key: str, operator: str, out: list[str]) -> None:
        if self._state.get(key) != operator:
            self._state[key] = operator
            out.append(operator)

    def draw_path(
        self,
        gc: GraphicsContextBase,
        path: MplPath,
        transform: Transform,
        rgbFace: Any = None,  # matplotlib's own argument name
    ) -> None:
        """Keep ``path`` as PDF operators, filled with ``rgbFace`` and stroked as ``gc`` says."""
        rgb = gc.get_rgb()
        forced = gc.get_forced_alpha()
        stroke_alpha = float(gc.get_alpha()) if forced else float(rgb[3])
        fill_alpha = 1.0
        if rgbFace is not None:
            fill_alpha = (
                float(gc.get_alpha()) if forced else float(rgbFace[3] if len(rgbFace) > 3 else 1.0)
            )
        fill = rgbFace is not None and fill_alpha > 0
        stroke = gc.get_linewidth() > 0 and stroke_alpha > 0
        if not (fill or stroke):
            return
        shape, low, high = _path_operators(path, transform)
        if not shape:
            return
        out: list[str] = []
        clip = gc.get_clip_rectangle()
        clipped = clip is not None and bool(
            low[0] < clip.x0 or low[1] < clip.y0 or high[0] > clip.x1 or high[1] > clip.y1
        )
        if clip is not None and clipped:
            # Only what leaves the axes is clipped, as Agg clips it; the state starts afresh.
            out.append(
                f"q {_num(clip.x0)} {_num(clip.y0)} {_num(clip.width)} {_num(clip.height)} re W n"
            )
            saved, self._state = self._state, {}
        if fill:
            r, g, b = _on_white(rgbFace, fill_alpha)
            self._set("fill", f"{_num(r)} {_num(g)} {_num(b)} rg", out)
        if stroke:
            r, g, b = _on_white(rgb, stroke_alpha)
            self._set("stroke", f"{_num(r)} {_num(g)} {_num(b)} RG", out)
            self._set("width", f"{_num(gc.get_linewidth())} w", out)
            offset, dashes = gc.get_dashes()
            lengths: Any = dashes if dashes is not None else []  # typed loosely by matplotlib
            pattern = " ".join(_num(float(d)) for d in lengths)
            self._set("dash", f"[{pattern}] {_num(offset or 0)} d", out)
            self._set("cap", f"{_CAPS.get(gc.get_capstyle(), 0)} J", out)
            self._set("join", f"{_JOINS.get(gc.get_joinstyle(), 0)} j", out)
        out.append(shape)
        out.append("B" if fill and stroke else "f" if fill else "S")
        if clipped:
            out.append("Q")
            self._state = saved
        self.marks.append(" ".join(out))

    def draw_text(
        self,
        gc: GraphicsContextBase,
        x: float,
        y: float,
        s: str,
        prop: Any,
        angle: float,
        ismath: Any = False,
        mtext: Any = None,
    ) -> None:
        """Keep text matplotlib placed (its baseline's start at ``x, y``) as :class:`Glyphs`."""
        if not s:
            return
        rgb = gc.get_rgb()
        alpha = float(gc.get_alpha()) if gc.get_forced_alpha() else float(rgb[3])
        weight = prop.get_weight()
        bold = weight in ("bold", "heavy", "extra bold", "black") or (
            isinstance(weight, int) and weight >= 600
        )
        italic = prop.get_style() in ("italic", "oblique")
        size = float(prop.get_size_in_points())
        self.marks.append(Glyphs(x, y, s, size, bold, italic, _on_white(rgb, alpha)))

    def draw_image(
        self, gc: GraphicsContextBase, x: float, y: float, im: Any, transform: Any = None
    ) -> None:
        """Refuse: a printed drawing is lines, shapes and words only."""
        raise NotImplementedError("a printed drawing has no images")


def _path_operators(
    path: MplPath, transform: Transform
) -> tuple[str, tuple[float, float], tuple[float, float]]:
    """Return ``path`` as PDF path construction operators, with its lowest and highest corner."""
    parts: list[str] = []
    xs: list[float] = []
    ys: list[float] = []
    last = (0.0, 0.0)
    for vertices, code in path.iter_segments(transform, remove_nans=True, simplify=False):
        points = [(float(vertices[k]), float(vertices[k + 1])) for k in range(0, len(vertices), 2)]
        if code == MplPath.CURVE3:
            # A quadratic curve as the cubic PDF draws: controls two thirds towards its own.
            (qx, qy), (ex, ey) = points
            points = [
                (last[0] + 2 / 3 * (qx - last[0]), last[1] + 2 / 3 * (qy - last[1])),
                (ex + 2 / 3 * (qx - ex), ey + 2 / 3 * (qy - ey)),
                (ex, ey),
            ]
        if code == MplPath.CLOSEPOLY:
            parts.append("h")
            continue
        operator = {MplPath.MOVETO: "m", MplPath.LINETO: "l"}.get(code, "c")
        parts.append(" ".join(f"{_at(px)} {_at(py)}" for px, py in points) + f" {operator}")
        xs += [p[0] for p in points]
        ys += [p[1] for p in points]
        last = points[-1]
    if not xs:
        return "", (0.0, 0.0), (0.0, 0.0)
    return " ".join(parts), (min(xs), min(ys)), (max(xs), max(ys))


def vector_drawing(fig: Figure, texts: list[TextItem]) -> VectorDrawing:
    """Return ``fig`` (at 72 dpi, before any other drawing changes it) and its words as
    vectors.

    Raises
    ------
    ValueError
        If the figure is not at 72 dpi (its pixels would not be points).
    """
    if fig.dpi != 72:
        raise ValueError(f"a printed drawing is recorded at 72 dpi, not {fig.dpi}")
    width, height = (float(v) * 72.0 for v in fig.get_size_inches())
    recorder = _Recorder(width, height)
    # The white page under the drawing is the paper's own colour: nothing to draw.
    fig.patch.set_visible(False)
    try:
        fig.draw(recorder)
    finally:
        fig.patch.set_visible(True)
    return VectorDrawing(width, height, tuple(recorder.marks), tuple(texts))
