"""The briefing's blocks as ReportLab flowables: paragraphs, tables whose cells wrap, pictures.

Platypus does the layout: a paragraph breaks into lines at its width, a table's cells wrap and
the table splits over pages with its header repeated, a block moves to the next page when it
does not fit. Nothing is ever cut to fit. Text is escaped before it reaches ReportLab's
paragraph markup, so a label such as ``<YP & co>`` prints as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from cs_peers.outputs.briefing.fonts import BODY, BOLD, ITALIC
from cs_peers.outputs.briefing.model import Block, BriefingTable, Facts

__all__ = ["STYLES", "SectionStart", "block_flowables", "caveat_box", "para", "table"]


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
