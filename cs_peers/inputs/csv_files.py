"""Reading one CSV file as it comes: its encoding, its delimiter, title rows above its headers.

:func:`read_csv_table` turns a file's bytes into a table of text cells under its headers as
written; :mod:`cs_peers.inputs.reading` (the contract's files) and
:mod:`cs_peers.inputs.mapping.tables` (users' own files) read CSV files through it.
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
from cs_peers.inputs.text_files import decode_text, skip_rows, sniff_delimiter

__all__ = ["CsvTable", "read_csv_table"]

_PARSER_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass(frozen=True)
class CsvTable:
    """A CSV file as read: cells as text under its headers as written (trimmed), and how it was
    read — the encoding, why that one (:mod:`cs_peers.inputs.text_files`), the delimiter.

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
    (:mod:`cs_peers.inputs.mapping.tables`) reads users' own CSV files through this too.
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
