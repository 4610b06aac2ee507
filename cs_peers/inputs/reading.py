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

__all__ = ["TABLE_NAMES", "RawDataset", "RawTable", "read_csv_frame", "read_raw_dataset"]

TABLE_NAMES = ("people", "contexts", "associations")
_BOM = b"\xef\xbb\xbf"
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


def _frame_from_bytes(
    data: bytes, text: str, file: str, problems: list[DataProblem]
) -> pd.DataFrame | None:
    if not text.strip():
        problems.append(DataProblem(file, None, None, None, "the file is empty"))
        return None
    try:
        header = next(csv.reader([text.split("\n", 1)[0].rstrip("\r")]))
        # Arrow's reader is many times faster than pandas' on millions of rows; every column is
        # read as text and empty cells stay "" (never NaN), as the contract treats them.
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 24),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        frame = table.to_pandas()
    except (pa.ArrowInvalid, csv.Error, StopIteration):
        # Arrow does not say which line is broken; pandas' parser does, so ask it.
        return _frame_from_text(text, file, problems)
    return _normalise_columns(frame, file, problems)


def _frame_from_text(text: str, file: str, problems: list[DataProblem]) -> pd.DataFrame | None:
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, engine="c"
        )
    except pd.errors.ParserError as exc:
        match = _PARSER_LINE.search(str(exc))
        if match:
            fields, line, saw = match.groups()
            problems.append(
                DataProblem(
                    file,
                    int(line),
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
    return _normalise_columns(frame, file, problems)


def _normalise_columns(
    frame: pd.DataFrame, file: str, problems: list[DataProblem]
) -> pd.DataFrame | None:
    columns = [str(c).strip().lower() for c in frame.columns]
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            problems.append(
                DataProblem(file, 1, column, column, "each column name may appear only once")
            )
            return None
        seen.add(column)
    frame.columns = pd.Index(columns)
    return frame


def _read_csv_file(
    path: Path, problems: list[DataProblem], limits: InputLimits
) -> pd.DataFrame | None:
    file = path.name
    try:
        too_big = scan_csv_file(path, limits)
        if too_big is not None:
            problems.append(too_big)
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.append(DataProblem(file, None, None, None, f"cannot be read ({exc.strerror})"))
        return None
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text" and some exports save UTF-16: say so rather than "byte 0xFF".
        problems.append(
            DataProblem(
                file,
                None,
                None,
                None,
                "UTF-16 text (it starts with a UTF-16 byte-order mark); save it as "
                "'CSV UTF-8' (Excel) or convert it to UTF-8",
            )
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        problems.append(
            DataProblem(
                file,
                row,
                None,
                f"byte 0x{data[exc.start]:02X}",
                "not UTF-8 text; save it as 'CSV UTF-8' (Excel) or convert it",
            )
        )
        return None
    if "\0" in text:
        row = text.count("\n", 0, text.index("\0")) + 1
        problems.append(
            DataProblem(
                file,
                row,
                None,
                None,
                "not a text file (it has NUL bytes: UTF-16 text without a byte-order mark, "
                "or not text at all); save it as 'CSV UTF-8'",
            )
        )
        return None
    return _frame_from_bytes(data, text, file, problems)


def read_csv_frame(
    path: Path, problems: list[DataProblem], limits: InputLimits | None = None
) -> pd.DataFrame | None:
    """Return one CSV file as a table of strings with lower-cased column names, or ``None``.

    Problems met reading it (a limit it breaks among them) are appended to ``problems``.
    Mapped reading (:mod:`cs_peers.inputs.mapping.reading`) reads users' own CSV files through this
    too.
    """
    return _read_csv_file(path, problems, limits or InputLimits())


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
