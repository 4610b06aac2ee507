"""Reading the three tables of a dataset from a folder of CSV files or an .xlsx workbook.

Reading only turns bytes into tables of strings and records where each row came from;
:mod:`cs_peers.inputs.validation` decides whether the tables keep the input contract.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from cs_peers.errors import DataProblem
from cs_peers.inputs.limits import InputLimits, scan_csv_file, scan_workbook
from cs_peers.inputs.text_files import decode_text, skip_rows, sniff_delimiter

__all__ = [
    "TABLE_NAMES",
    "CsvTable",
    "RawDataset",
    "RawTable",
    "read_csv_table",
    "read_raw_dataset",
]

TABLE_NAMES = ("people", "contexts", "associations")
_PARSER_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass(frozen=True)
class RawTable:
    """One table as read: every cell a string, column names lower-cased.

    ``first_row`` is the spreadsheet row number of the first data row (the header is row 1), so
    data row ``i`` (0-based) sits at row ``first_row + i`` of ``file``. ``headers`` and
    ``shown`` (contract column → the user's header, and the user's values) come from a mapping;
    ``inferred`` marks a table built from the associations rather than read.
    """

    name: str
    file: str
    frame: pd.DataFrame
    first_row: int = 2
    # Set by mapped reading (cs_peers.inputs.mapping.reading), so problems speak the user's words.
    headers: dict[str, str] | None = None
    shown: pd.DataFrame | None = None
    inferred: bool = False

    def header(self, column: str) -> str:
        """Return what problems call ``column``: the user's own header when mapped."""
        return (self.headers or {}).get(column, column)

    def shown_values(self, column: str) -> pd.Series:
        """Return ``column`` as the user wrote it, before a mapping's value words applied."""
        if self.shown is not None and column in self.shown.columns:
            return self.shown[column]
        return self.frame[column]


@dataclass(frozen=True)
class RawDataset:
    """The tables that could be read and the problems met reading them."""

    source: str
    tables: dict[str, RawTable]
    problems: list[DataProblem]


@dataclass(frozen=True)
class CsvTable:
    """A CSV file as read: cells as text under its headers as written (trimmed), and how it was
    read — the encoding, why that one (:mod:`cs_peers.inputs.text_files`), the delimiter."""

    frame: pd.DataFrame
    encoding: str
    how: str
    delimiter: str


def _frame_from_bytes(
    data: bytes, file: str, problems: list[DataProblem], delimiter: str, header_row: int
) -> pd.DataFrame | None:
    first_line = data.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8")
    if not data.strip():
        problems.append(DataProblem(file, None, None, None, "the file is empty"))
        return None
    try:
        header = next(csv.reader([first_line], delimiter=delimiter))
        # Arrow's reader is many times faster than pandas' on millions of rows; every column is
        # read as text and empty cells stay "" (never NaN), as the contract treats them.
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        frame: pd.DataFrame = table.to_pandas()
    except (pa.ArrowInvalid, csv.Error, StopIteration):
        # Arrow does not say which line is broken; pandas' parser does, so ask it.
        return _frame_from_text(data, file, problems, delimiter, header_row)
    frame.columns = pd.Index([str(c).strip() for c in frame.columns])
    return frame


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
                    file,
                    int(line) + header_row - 1,
                    None,
                    None,
                    f"not a CSV table: expected {fields} fields as in the header, saw {saw}",
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


def _normalise_columns(
    frame: pd.DataFrame, file: str, problems: list[DataProblem], row: int = 1
) -> pd.DataFrame | None:
    columns = [str(c).strip().lower() for c in frame.columns]
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            problems.append(
                DataProblem(file, row, column, column, "each column name may appear only once")
            )
            return None
        seen.add(column)
    frame.columns = pd.Index(columns)
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
    frame = _frame_from_bytes(body, file, problems, delimiter, header_row)
    if frame is None:
        return None
    return CsvTable(frame, decoded.encoding, decoded.how, delimiter)


def _read_csv_file(
    path: Path, problems: list[DataProblem], limits: InputLimits
) -> pd.DataFrame | None:
    table = read_csv_table(path, problems, limits)
    if table is None:
        return None
    return _normalise_columns(table.frame, path.name, problems)


def _read_folder(folder: Path, limits: InputLimits) -> RawDataset:
    problems: list[DataProblem] = []
    tables: dict[str, RawTable] = {}
    for name in TABLE_NAMES:
        path = folder / f"{name}.csv"
        if not path.is_file():
            # Accept PEOPLE.csv or People.CSV: column and file names are case-insensitive.
            matches = [p for p in folder.iterdir() if p.name.lower() == f"{name}.csv"]
            if not matches:
                problems.append(
                    DataProblem(
                        f"{name}.csv", None, None, None, f"the file is missing from {folder}"
                    )
                )
                continue
            path = matches[0]
        frame = _read_csv_file(path, problems, limits)
        if frame is not None:
            tables[name] = RawTable(name, path.name, frame)
    return RawDataset(str(folder), tables, problems)


def _read_workbook(path: Path, limits: InputLimits) -> RawDataset:
    problems: list[DataProblem] = []
    tables: dict[str, RawTable] = {}
    too_big = scan_workbook(path, limits)
    if too_big is not None:
        return RawDataset(str(path), tables, [too_big])
    try:
        data = path.read_bytes()
        sheets = pd.read_excel(
            io.BytesIO(data), sheet_name=None, dtype=str, keep_default_na=False, engine="openpyxl"
        )
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        problems.append(
            DataProblem(
                path.name, None, None, None, f"not an .xlsx workbook ({exc.__class__.__name__})"
            )
        )
        return RawDataset(str(path), tables, problems)
    by_name = {str(k).strip().lower(): v for k, v in sheets.items()}
    for name in TABLE_NAMES:
        file = f"{path.name} [{name}]"
        if name not in by_name:
            problems.append(
                DataProblem(file, None, None, None, f"the workbook has no sheet '{name}'")
            )
            continue
        frame = by_name[name].fillna("").astype(str)
        if frame.empty and len(frame.columns) == 0:
            problems.append(DataProblem(file, None, None, None, "the sheet is empty"))
            continue
        normalised = _normalise_columns(frame, file, problems)
        if normalised is not None:
            tables[name] = RawTable(name, file, normalised)
    return RawDataset(str(path), tables, problems)


def read_raw_dataset(path: Path, limits: InputLimits | None = None) -> RawDataset:
    """Return the tables read from a CSV folder or an .xlsx workbook, with reading problems.

    Problems (missing files, empty files, bytes that are not UTF-8, rows that do not parse as
    CSV, inputs beyond ``limits``) are collected, not raised, so that validation can report
    them all at once. A file beyond a limit is refused before it is loaded.
    """
    path = Path(path)
    limits = limits or InputLimits()
    if path.is_dir():
        return _read_folder(path, limits)
    if path.suffix.lower() == ".xlsx" and path.is_file():
        return _read_workbook(path, limits)
    expected = "a folder of CSV files or an .xlsx workbook"
    what = "does not exist" if not path.exists() else f"is not {expected}"
    return RawDataset(
        str(path),
        {},
        [DataProblem(path.name, None, None, None, f"{path} {what}; expected {expected}")],
    )
