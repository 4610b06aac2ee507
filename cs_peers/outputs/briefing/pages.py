"""The briefing's pages: A4 portrait, the marking at the top and the bottom of every page,
"page N of M", and the cover's contents with the page each part starts on.

The total number of pages, and the page each section starts on, are known only once every
page is laid out. So the canvas keeps each finished page and writes the furniture when the
document is saved (the usual "page N of M" recipe for ReportLab), and the cover's contents is a
block that reserves its room on the cover and is written then too: one layout pass, not two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from cs_peers.outputs.briefing.fonts import BODY, BOLD

__all__ = ["FRAME", "PAGE", "Contents", "Furniture", "furnished_canvas"]

PAGE = A4  # 595.3 x 841.9 points
# The frame text flows in: 72-point sides leave 451 points, the width drawings are made for.
FRAME = (72.0, 54.0, PAGE[0] - 144.0, PAGE[1] - 108.0)  # x, y, width, height
_MARKING = 10.0
_CONTENTS = 10.0
_LEADING = 14.0


@dataclass
class Furniture:
    """What every page carries, and what the contents needs to know when the pages are done."""

    marking: str
    # (title, section name): the contents' lines; the page each section starts on, as laid out.
    parts: Sequence[tuple[str, str]] = ()
    starts: dict[str, int] = field(default_factory=dict)
    contents_at: tuple[float, float] | None = None

    def span(self, name: str, total: int) -> str:
        """Return "page N" or "pages N–M" for the section ``name``."""
        first = self.starts[name]
        later = [p for p in self.starts.values() if p > first]
        last = min(later) - 1 if later else total
        return f"page {first}" if last <= first else f"pages {first}–{last}"


class Contents(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """Room on the cover for one line per part; the lines are written when the pages are."""

    def __init__(self, furniture: Furniture) -> None:
        super().__init__()
        self.furniture = furniture

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Return the room the lines take."""
        return available_width, _LEADING * len(self.furniture.parts)

    def draw(self) -> None:
        """Note where the lines go (their baseline of the first, on this page)."""
        x, y = self.canv.absolutePosition(0, _LEADING * len(self.furniture.parts))
        self.furniture.contents_at = (float(x), float(y) - _CONTENTS)


def _draw_furniture(canvas: Canvas, furniture: Furniture, number: int, total: int) -> None:
    width, height = PAGE
    size = _MARKING
    while stringWidth(furniture.marking, BOLD, size) > width - 40 and size > 6:
        size -= 0.5
    canvas.setFont(BOLD, size)
    canvas.setFillColor(HexColor("#8b0000"))
    canvas.drawCentredString(width / 2, height - 30.0, furniture.marking)
    canvas.drawCentredString(width / 2, 18.0, furniture.marking)
    canvas.setFont(BODY, 8)
    canvas.setFillColor(HexColor("#333333"))
    canvas.drawRightString(width - FRAME[0], 34.0, f"page {number} of {total}")
    if number == 1 and furniture.contents_at is not None:
        x, y = furniture.contents_at
        canvas.setFont(BODY, _CONTENTS)
        canvas.setFillColor(HexColor("#1d1d1d"))
        for title, name in furniture.parts:
            if name in furniture.starts:
                canvas.drawString(x, y, f"{title} — {furniture.span(name, total)}")
                y -= _LEADING


def furnished_canvas(furniture: Furniture) -> type[Canvas]:
    """Return a canvas class that writes ``furniture`` on every page when the PDF is saved."""

    class FurnishedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_furniture(self, furniture, number, total)
                super().showPage()
            super().save()

    return FurnishedCanvas
