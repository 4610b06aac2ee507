"""Text files as exports come: UTF-8 with or without a BOM, UTF-16, Windows-1252; comma, tab or
semicolon between the cells; title rows above the headers.

Excel's "CSV" on Windows is Windows-1252, its "Unicode text" is UTF-16 with tabs, and its "CSV
UTF-8" starts with a byte-order mark. :func:`decode_text` reads any of them — the encoding set
in a mapping, else detected from the bytes — and says which it used and why, so that nothing is
read in an encoding nobody was told about. Where the bytes do not tell (UTF-8 sequences beside
bytes that are not UTF-8, or a byte Windows-1252 does not define), it refuses, naming the row
and how to say the encoding.

Examples
--------
>>> decode_text("Zoë".encode("cp1252"), "people.csv").encoding
'windows-1252'
>>> decode_text(b"\\xef\\xbb\\xbfid,kind", "people.csv").how
'UTF-8 with a byte-order mark'
>>> sniff_delimiter(["Person\\tAssociate\\tType", "A1\\tB2\\tFriend"])
'\\t'

Reading one CSV file as it comes: its encoding, its delimiter, title rows above its headers.

:func:`read_csv_table` turns a file's bytes into a table of text cells under its headers as
written; :mod:`cs_peers.inputs.reading` (the contract's files) and
:mod:`cs_peers.inputs.mapping._tables` (users' own files) read CSV files through it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from cs_peers.errors import DataProblem
from cs_peers.inputs.limits import InputLimits, scan_csv_file

__all__ = [
    "ENCODINGS",
    "CsvTable",
    "DecodedText",
    "decode_text",
    "delimiter_name",
    "read_csv_table",
    "skip_rows",
    "sniff_delimiter",
]


# What a mapping's ``encoding`` may say.
ENCODINGS = ("utf-8", "utf-16", "windows-1252")
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Bytes Windows-1252 leaves undefined: a file holding one is not Windows-1252.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# A UTF-8 sequence of two to four bytes: found beside invalid bytes, the file mixes encodings.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_DELIMITERS = (",", "\t", ";")
_SAY_IT = (
    'say which in the mapping (encoding = "utf-8", "utf-16" or "windows-1252"), or save the '
    "file as 'CSV UTF-8' (Excel)"
)


@dataclass(frozen=True)
class DecodedText:
    """A text file decoded: its UTF-8 bytes (no BOM), the encoding read and why."""

    utf8: bytes
    encoding: str
    how: str

    @property
    def text(self) -> str:
        """Return the text (decoded again from the UTF-8 bytes, which is fast)."""
        return self.utf8.decode("utf-8")


def _row_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """Return ``utf-16-le`` or ``utf-16-be`` when the bytes plainly are UTF-16 text, else None."""
    head = data[:4096]
    if len(head) < 4 or b"\0" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    # Mostly-ASCII UTF-16 has a NUL in every other byte; anything else is not text.
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _as_set(data: bytes, encoding: str, file: str) -> DecodedText | DataProblem:
    """Decode with the encoding a mapping sets, reporting the first byte it cannot read."""
    codec = {"utf-8": "utf-8-sig", "utf-16": "utf-16", "windows-1252": "cp1252"}[encoding]
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        return DataProblem(
            file,
            _row_of(data, exc.start),
            None,
            f"byte 0x{data[exc.start]:02X}",
            f"not {encoding} text, as the mapping says; check the mapping's encoding",
        )
    return DecodedText(text.encode("utf-8"), encoding, "set in the mapping")


def decode_text(
    data: bytes, file: str, *, encoding: str | None = None
) -> DecodedText | DataProblem:
    """Return the file's text as UTF-8 bytes and how it was read, or the problem that stops it.

    ``encoding`` (one of :data:`ENCODINGS`) is the mapping's; without it the encoding is
    detected: a byte-order mark says UTF-8 or UTF-16; UTF-16 without one shows as a NUL in
    every other byte; bytes that are valid UTF-8 are UTF-8; others are Windows-1252 when every
    byte is defined there and no UTF-8 sequence sits beside them.
    """
    if encoding is not None:
        return _as_set(data, encoding, file)
    if data.startswith(_UTF8_BOM):
        body = data[len(_UTF8_BOM) :]
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            return _not_utf8(body, exc, file, bom=True)
        return DecodedText(body, "utf-8", "UTF-8 with a byte-order mark")
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return DataProblem(file, None, None, None, f"starts like UTF-16 but is not; {_SAY_IT}")
        return DecodedText(
            text.encode("utf-8"), "utf-16", "UTF-16 with a byte-order mark (Excel's Unicode text)"
        )
    wide = _utf16_without_bom(data)
    if wide is not None:
        try:
            return DecodedText(
                data.decode(wide).encode("utf-8"),
                "utf-16",
                "UTF-16 without a byte-order mark (detected)",
            )
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: read on as single-byte text
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _not_utf8(data, exc, file, bom=False)
    return DecodedText(data, "utf-8", "UTF-8")


def _not_utf8(
    data: bytes, exc: UnicodeDecodeError, file: str, *, bom: bool
) -> DecodedText | DataProblem:
    row = _row_of(data, exc.start)
    byte = f"byte 0x{data[exc.start]:02X}"
    sequence = _UTF8_SEQUENCE.search(data)
    if bom or sequence is not None:
        # Part of the file is UTF-8 and part is not: which is right cannot be told from bytes.
        where = f" (row {_row_of(data, sequence.start())} reads as UTF-8)" if sequence else ""
        first = "starts with a UTF-8 byte-order mark" if bom else "mixes UTF-8"
        return DataProblem(
            file, row, None, byte, f"the file {first}{where} but this is not UTF-8; {_SAY_IT}"
        )
    undefined = next((i for i, b in enumerate(data) if b in _CP1252_UNDEFINED), None)
    if undefined is not None:
        return DataProblem(
            file,
            _row_of(data, undefined),
            None,
            f"byte 0x{data[undefined]:02X}",
            f"neither UTF-8 nor Windows-1252 text; {_SAY_IT}",
        )
    shown = data[exc.start : exc.start + 1].decode("cp1252")
    return DecodedText(
        data.decode("cp1252").encode("utf-8"),
        "windows-1252",
        f"Windows-1252, detected: not UTF-8 (row {row} has byte 0x{data[exc.start]:02X}, "
        f"read as {shown!r})",
    )


def skip_rows(utf8: bytes, count: int) -> bytes:
    """Return the text after its first ``count`` lines (title and blank rows above headers)."""
    offset = 0
    for _ in range(count):
        found = utf8.find(b"\n", offset)
        if found < 0:
            return b""
        offset = found + 1
    return utf8[offset:]


def sniff_delimiter(lines: list[str]) -> str:
    """Return the delimiter that splits ``lines`` into the most cells: comma, tab or semicolon.

    A tie goes to the comma. Cells in quotes are respected.
    """
    best, widest = ",", 0
    for delimiter in _DELIMITERS:
        rows = list(csv.reader(lines, delimiter=delimiter))
        width = max((len(r) for r in rows), default=0)
        if width > widest:
            best, widest = delimiter, width
    return best


def delimiter_name(delimiter: str) -> str:
    """Return how people call a delimiter: ``comma``, ``tab`` or ``semicolon``."""
    return {",": "comma", "\t": "tab", ";": "semicolon"}.get(delimiter, repr(delimiter))


_PARSER_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass(frozen=True)
class CsvTable:
    """A CSV file as read: cells as text under its headers as written (trimmed), and how it was
    read — the encoding, why that one (:mod:`cs_peers.inputs._text_files`), the delimiter.

    Rows that are not rows of the table (more or fewer cells than the header) are left out of
    ``frame`` and listed in ``unreadable`` (row number, what was wrong); ``rows`` then gives the
    row number of each row of ``frame``.
    """

    frame: pd.DataFrame
    encoding: str
    how: str
    delimiter: str
    rows: np.ndarray | None = None
    unreadable: tuple[tuple[int, str], ...] = ()


def _not_a_row(expected: int, saw: int) -> str:
    return f"not a CSV table: expected {expected} fields as in the header, saw {saw}"


def _arrow_frame(
    data: bytes, delimiter: str, header: list[str], skipped: list[tuple[int, str]] | None
) -> pd.DataFrame:
    """Return the table read by Arrow; with ``skipped``, rows of the wrong width are left out
    and listed there (record number from the header's, what was wrong)."""

    def skip(row: pacsv.InvalidRow) -> str:
        assert skipped is not None
        skipped.append((int(row.number or 0), _not_a_row(row.expected_columns, row.actual_columns)))
        return "skip"

    # Arrow's reader is many times faster than pandas' on millions of rows; every column is
    # read as text and empty cells stay "" (never NaN), as the contract treats them.
    table = pacsv.read_csv(
        io.BytesIO(data),
        # Leaving out rows needs their numbers, which only a single-threaded read knows.
        read_options=pacsv.ReadOptions(use_threads=skipped is None, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter,
            newlines_in_values=skipped is not None,
            invalid_row_handler=skip if skipped is not None else None,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    frame: pd.DataFrame = table.to_pandas()
    frame.columns = pd.Index([str(c).strip() for c in frame.columns])
    return frame


def _frame_from_bytes(
    data: bytes, file: str, problems: list[DataProblem], delimiter: str, header_row: int
) -> tuple[pd.DataFrame, list[tuple[int, str]]] | None:
    first_line = data.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8")
    if not data.strip():
        problems.append(DataProblem(file, None, None, None, "the file is empty"))
        return None
    try:
        header = next(csv.reader([first_line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        header = []
    try:
        return _arrow_frame(data, delimiter, header, None), []
    except pa.ArrowInvalid:
        pass
    skipped: list[tuple[int, str]] = []
    try:
        # Again, leaving out the rows of another width (a comma in an unquoted note).
        frame = _arrow_frame(data, delimiter, header, skipped)
    except pa.ArrowInvalid:
        # Arrow does not say what else is broken, nor where; pandas' parser does, so ask it.
        text_frame = _frame_from_text(data, file, problems, delimiter, header_row)
        return None if text_frame is None else (text_frame, [])
    return frame, [(number + header_row - 1, why) for number, why in skipped]


def _frame_from_text(
    data: bytes, file: str, problems: list[DataProblem], delimiter: str, header_row: int
) -> pd.DataFrame | None:
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            engine="c",
            encoding="utf-8",
        )
    except pd.errors.ParserError as exc:
        match = _PARSER_LINE.search(str(exc))
        if match:
            fields, line, saw = match.groups()
            problems.append(
                DataProblem(
                    file, int(line) + header_row - 1, None, None, _not_a_row(int(fields), int(saw))
                )
            )
        else:
            problems.append(DataProblem(file, None, None, None, f"not a CSV table ({exc})"))
        return None
    except pd.errors.EmptyDataError:
        problems.append(DataProblem(file, None, None, None, "the file is empty"))
        return None
    frame.columns = pd.Index([str(c).strip() for c in frame.columns])
    return frame


def read_csv_table(
    path: Path,
    problems: list[DataProblem],
    limits: InputLimits | None = None,
    *,
    encoding: str | None = None,
    header_row: int = 1,
) -> CsvTable | None:
    """Return a CSV file's cells as text under its headers (as written), or ``None``.

    The encoding is ``encoding`` (a mapping's) or detected, the delimiter (comma, tab or
    semicolon) is the one that splits the header row into most cells, and rows above
    ``header_row`` (a title, blank rows) are skipped. Problems met reading it (a limit it
    breaks among them) are appended to ``problems``. Mapped reading
    (:mod:`cs_peers.inputs.mapping._tables`) reads users' own CSV files through this too.
    """
    file = path.name
    try:
        too_big = scan_csv_file(path, limits or InputLimits())
        if too_big is not None:
            problems.append(too_big)
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.append(DataProblem(file, None, None, None, f"cannot be read ({exc.strerror})"))
        return None
    decoded = decode_text(data, file, encoding=encoding)
    if isinstance(decoded, DataProblem):
        problems.append(decoded)
        return None
    utf8 = decoded.utf8
    if b"\0" in utf8:
        row = utf8.count(b"\n", 0, utf8.index(b"\0")) + 1
        problems.append(DataProblem(file, row, None, None, "not a text file (it has NUL bytes)"))
        return None
    body = skip_rows(utf8, header_row - 1)
    lines = body[: 1 << 16].decode("utf-8", "ignore").splitlines()[:1]
    delimiter = sniff_delimiter(lines)
    read = _frame_from_bytes(body, file, problems, delimiter, header_row)
    if read is None:
        return None
    frame, unreadable = read
    rows = None
    if unreadable:
        every = np.arange(header_row + 1, header_row + 1 + len(frame) + len(unreadable))
        rows = every[~np.isin(every, [row for row, _why in unreadable])]
    return CsvTable(frame, decoded.encoding, decoded.how, delimiter, rows, tuple(unreadable))
