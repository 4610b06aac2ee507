"""A PNG placed in a PDF as it is: its compressed pixels copied, not decoded and re-encoded.

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
from dataclasses import dataclass

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFStream
from reportlab.platypus import Flowable

__all__ = ["PngPicture", "png_parts"]

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
