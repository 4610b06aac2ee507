"""The briefing's font: DejaVu Sans, the copy inside matplotlib, embedded in every PDF.

Never a system font: the same data must give the same PDF on any machine, and DejaVu Sans
covers the arrows, stars and dashes the briefing prints. matplotlib ships the four faces in
``mpl-data/fonts/ttf`` (it is already a dependency, for the drawings), so nothing is fetched
or installed. ReportLab embeds a subset of each face used.
"""

from __future__ import annotations

from importlib import resources

__all__ = ["BODY", "BOLD", "BOLD_ITALIC", "ITALIC", "register_fonts"]

BODY = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
_FACES = (BODY, BOLD, ITALIC, BOLD_ITALIC)


def register_fonts() -> None:
    """Register the four faces of DejaVu Sans with ReportLab (once per process)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if BODY in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources.files("matplotlib") / "mpl-data" / "fonts" / "ttf"
    for face in _FACES:
        with resources.as_file(folder / f"{face}.ttf") as path:
            pdfmetrics.registerFont(TTFont(face, str(path)))
    # <b> and <i> in a paragraph pick the bold and italic faces.
    for bold, italic, face in ((0, 0, BODY), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
        addMapping(BODY, bold, italic, face)
