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

A PNG placed in a PDF as it is: its compressed pixels copied, not decoded and re-encoded.

ReportLab's own images decode a PNG to RGB and compress it again, which makes a palette
drawing three to four times larger in the PDF than on disk. A PNG's pixel data (its IDAT
chunks) is a zlib stream with a filter byte per row, which is exactly what PDF's FlateDecode
with PNG predictors (``/Predictor 15``) reads, and its palette is a PDF ``/Indexed`` colour
space: so the drawing a Word seed embeds goes into the briefing byte for byte. This is what
img2pdf does; here it is a flowable that registers the image with ReportLab's document.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFStream
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from cs_peers.outputs.briefing._content import Block, BriefingTable, Facts

__all__ = [
    "BODY",
    "BOLD",
    "BOLD_ITALIC",
    "ITALIC",
    "STYLES",
    "PngPicture",
    "SectionStart",
    "block_flowables",
    "caveat_box",
    "para",
    "png_parts",
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


_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class _PngParts:
    width: int
    height: int
    bits: int
    palette: bytes
    pixels: bytes


def png_parts(png: bytes) -> _PngParts:
    """Return the size, bit depth, palette and compressed pixels of a palette PNG.

    Raises
    ------
    ValueError
        If ``png`` is not a non-interlaced palette PNG without transparency (the drawings
        cs-peers makes are always one).
    """
    if not png.startswith(_SIGNATURE):
        raise ValueError("not a PNG")
    at, chunks = len(_SIGNATURE), []
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        chunks.append((png[at + 4 : at + 8], png[at + 8 : at + 8 + length]))
        at += 12 + length
    kinds = [kind for kind, _ in chunks]
    width, height, bits, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if colour != 3 or interlace or b"tRNS" in kinds:
        raise ValueError("only a non-interlaced palette PNG without transparency can be copied")
    palette = next(data for kind, data in chunks if kind == b"PLTE")
    pixels = b"".join(data for kind, data in chunks if kind == b"IDAT")
    return _PngParts(width, height, bits, palette, pixels)


class _Literal(PDFObject):  # type: ignore[misc]  # ReportLab is untyped
    """Bytes written into the PDF as they are (here, the palette as a hex string)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: object) -> bytes:
        return self.data


def _image_stream(parts: _PngParts) -> PDFStream:
    colours = len(parts.palette) // 3
    space = PDFArray(
        [
            PDFName("Indexed"),
            PDFName("DeviceRGB"),
            colours - 1,
            _Literal(b"<" + parts.palette.hex().encode("ascii") + b">"),
        ]
    )
    predictor = PDFDictionary(
        {
            "Predictor": 15,
            "Colors": 1,
            "BitsPerComponent": parts.bits,
            "Columns": parts.width,
        }
    )
    dictionary = PDFDictionary(
        {
            "Type": PDFName("XObject"),
            "Subtype": PDFName("Image"),
            "Width": parts.width,
            "Height": parts.height,
            "BitsPerComponent": parts.bits,
            "ColorSpace": space,
            "Filter": PDFName("FlateDecode"),
            "DecodeParms": predictor,
        }
    )
    # "Filter" is set, so ReportLab writes the content as it is.
    return PDFStream(dictionary, parts.pixels)


class PngPicture(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A palette PNG drawn ``width`` by ``height`` points, its pixels copied into the PDF."""

    def __init__(self, png: bytes, width: float, height: float) -> None:
        super().__init__()
        self.parts = png_parts(png)
        zlib.decompressobj().decompress(self.parts.pixels[:64])  # fail here, not in a reader
        self.name = "png" + hashlib.sha256(png).hexdigest()[:24]
        self.width, self.height = width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Return the printed size."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the picture, registering its image once per document."""
        canvas = self.canv
        document = canvas._doc
        internal = document.getXObjectName(self.name)
        if internal not in document.idToObject:
            document.Reference(_image_stream(self.parts), internal)
        # What Canvas.drawImage does after making its own image object.
        canvas._currentPageHasImages = 1
        canvas.saveState()
        canvas.transform(self.width, 0, 0, self.height, 0, 0)
        canvas._code.append(f"/{internal} Do")
        canvas.restoreState()
        canvas._formsinuse.append(self.name)
