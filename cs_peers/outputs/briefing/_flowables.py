"""The briefing's blocks as ReportLab flowables: paragraphs, tables whose cells wrap, pictures.

Platypus does the layout: a paragraph breaks into lines at its width, a table's cells wrap and
the table splits over pages with its header repeated, a block moves to the next page when it
does not fit. Nothing is ever cut to fit. Text is escaped before it reaches ReportLab's
paragraph markup, so a label such as ``<YP & co>`` prints as written.

The briefing's font: DejaVu Sans, the copy inside matplotlib, embedded in every PDF.

Never a system font: the same data must give the same PDF on any machine, and DejaVu Sans
covers the arrows, stars and dashes the briefing prints. matplotlib ships the four faces in
``mpl-data/fonts/ttf`` (it is already a dependency, for the drawings), so nothing is fetched
or installed. ReportLab embeds a subset of each face used.

A group's drawing as vectors: the same figure as the Word seed's PNG, as PDF operators.

The drawing's lines and shapes come as PDF path operators in points
(:mod:`cs_peers.outputs.diagrams._static_vector`), written into the page where the flowable
stands; its words are set here in the briefing's DejaVu Sans, where the PNG's layout placed
them, so ReportLab embeds only the glyphs used. A group's picture is then a few kilobytes of
compressed page content rather than an image, and its labels can be searched.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from cs_peers.outputs.briefing._content import Block, BriefingTable, Facts
from cs_peers.outputs.diagrams._static_legend import LINE_SPACING, TextItem
from cs_peers.outputs.diagrams._static_vector import Glyphs, VectorDrawing

__all__ = [
    "BODY",
    "BOLD",
    "BOLD_ITALIC",
    "ITALIC",
    "STYLES",
    "SectionStart",
    "VectorPicture",
    "block_flowables",
    "caveat_box",
    "para",
    "register_fonts",
    "table",
]


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


def _style(name: str, size: float, font: str = BODY, **more: object) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, **more)


STYLES = {
    "title": _style("title", 20, BOLD, spaceAfter=14),
    "heading": _style("heading", 13, BOLD, spaceAfter=8),
    "group": _style("group", 15, BOLD, spaceAfter=2),
    "subtitle": _style("subtitle", 9.5, textColor=colors.HexColor("#333333"), spaceAfter=8),
    "field": _style("field", 11, spaceAfter=3),
    "body": _style("body", 9, spaceAfter=6),
    "facts heading": _style("facts heading", 9, BOLD, spaceBefore=4, spaceAfter=1),
    "fact": _style("fact", 8.5, leftIndent=8, spaceAfter=1),
    "caveat": _style("caveat", 10, ITALIC),
    "cell": _style("cell", 8),
    "cell header": _style("cell header", 8, BOLD),
    "small heading": _style("small heading", 8.5, BOLD, spaceBefore=10, spaceAfter=2),
    "small": _style("small", 7.5, textColor=colors.HexColor("#333333"), spaceAfter=1),
    "contents heading": _style("contents heading", 11, BOLD, spaceBefore=24, spaceAfter=4),
}
_GRID = colors.HexColor("#999999")
_HEADER_FILL = colors.HexColor("#eeeeee")


def para(text: str, style: str = "body") -> Paragraph:
    """Return ``text`` as a paragraph of one of :data:`STYLES`, escaped (never markup)."""
    return Paragraph(escape(text), STYLES[style])


def table(block: BriefingTable, width: float) -> Flowable:
    """Return a table ``width`` points wide whose cells wrap and whose header repeats.

    A table without rows is its ``empty`` line instead, as the HTML pages say it.
    """
    if not block.rows:
        return para(block.empty)
    n = len(block.header)
    shares = block.widths or tuple(1.0 for _ in range(n))
    widths = [width * s / sum(shares) for s in shares]
    data = [[para(h, "cell header") for h in block.header]]
    data += [[para(c, "cell") for c in row] for row in block.rows]
    flowable = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    flowable.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), BODY, 8),  # the table's own, not Helvetica
                ("GRID", (0, 0), (-1, -1), 0.4, _GRID),
                ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return flowable


def caveat_box(text: str, width: float) -> Table:
    """Return ``text`` in italics in a pale yellow box ``width`` points wide."""
    box = Table([[para(text, "caveat")]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), BODY, 10),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff6d6")),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#d6b656")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return box


def block_flowables(blocks: Iterable[Block], width: float) -> list[Flowable]:
    """Return the flowables of paragraphs, tables and facts, in order."""
    out: list[Flowable] = []
    for block in blocks:
        if isinstance(block, BriefingTable):
            out += [table(block, width), Spacer(1, 8)]
        elif isinstance(block, Facts):
            lines = [para(line, "fact") for line in block.lines]
            # A heading never ends a page without its first line.
            out.append(KeepTogether([para(block.heading, "facts heading"), *lines[:1]]))
            out += lines[1:]
        else:
            out.append(para(block))
    return out


class SectionStart(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A mark taking no room that notes the page a section starts on, for the contents."""

    def __init__(self, name: str, starts: dict[str, int]) -> None:
        super().__init__()
        self.name = name
        self.starts = starts

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Return no size: the mark takes no room."""
        return 0.0, 0.0

    def draw(self) -> None:
        """Note the page the mark is drawn on."""
        self.starts[self.name] = int(self.canv.getPageNumber())


def _face(bold: bool, italic: bool) -> str:
    return {(False, False): BODY, (True, False): BOLD, (False, True): ITALIC}.get(
        (bold, italic), BOLD_ITALIC
    )


class VectorPicture(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A printed drawing (:class:`VectorDrawing`) drawn at its size, in vectors and text."""

    def __init__(self, drawing: VectorDrawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Return the printed size."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the lines and shapes, then the words over them, as the PNG has them."""
        canvas = self.canv
        canvas.saveState()
        for mark in self.drawing.marks:
            if isinstance(mark, Glyphs):
                canvas.setFillColorRGB(*mark.color)
                canvas.setFont(_face(mark.bold, mark.italic), mark.size)
                canvas.drawString(mark.x, mark.y, mark.text)
            else:
                # The path operators change only what canvas.restoreState() puts back.
                canvas._code.append(mark)
        for item in self.drawing.texts:
            self._words(item)
        canvas.restoreState()

    def _words(self, item: TextItem) -> None:
        canvas = self.canv
        face = _face(item.weight == "bold", item.style == "italic")
        ascent = pdfmetrics.getAscent(face, item.size)
        descent = -pdfmetrics.getDescent(face, item.size)
        lines = []
        for k, line in enumerate(item.lines):
            # Pillow placed the line by the top of its ascender ("la" and "ma" anchors).
            base = item.y_top - k * item.size * LINE_SPACING - ascent
            width = pdfmetrics.stringWidth(line, face, item.size)
            left = item.x - width / 2 if item.align == "center" else item.x
            lines.append((left, base, line))
            if item.halo:
                # White under the label, as in the PNG: it stays readable where lines cross.
                canvas.setFillColorRGB(1, 1, 1)
                top = base + item.size * 0.76 + 0.5
                height = top - base + descent + 0.5
                canvas.rect(left - 0.5, base - descent - 0.5, width + 1, height, stroke=0, fill=1)
        # The lines of an item in one text object: its font and colour said once.
        text = canvas.beginText()
        text.setFont(face, item.size)
        text.setFillColor(colors.HexColor(item.color))
        for left, base, line in lines:
            text.setTextOrigin(left, base)
            text.textOut(line)
        canvas.drawText(text)
