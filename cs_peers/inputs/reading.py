"""Reading the three tables of a dataset from a folder of CSV files or an .xlsx workbook.

Reading only turns bytes into tables of strings and records where each row came from;
:mod:`cs_peers.inputs.validation` decides whether the tables keep the input contract.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from cs_peers.errors import DataProblem
from cs_peers.inputs._text_files import read_csv_table
from cs_peers.inputs.limits import InputLimits, scan_workbook

__all__ = [
    "TABLE_NAMES",
    "RawDataset",
    "RawTable",
    "RowProblem",
    "read_raw_dataset",
]

TABLE_NAMES = ("people", "contexts", "associations")


@dataclass(frozen=True)
class RowProblem:
    """A problem found in some rows of a table before validation (a date that cannot be read,
    a kind word that is not a kind): ``mask`` marks the rows, ``column`` is the contract
    column, ``expected`` says what was expected (or, given a row's position, returns it)."""

    mask: np.ndarray
    column: str
    expected: str | Callable[[int], str]


@dataclass(frozen=True)
class RawTable:
    """One table as read: every cell a string, column names lower-cased.

    ``first_row`` is the spreadsheet row number of the first data row (the header is row 1), so
    data row ``i`` (0-based) sits at row ``first_row + i`` of ``file`` — unless ``rows`` gives
    each row's number (rows were set aside). ``headers`` and ``shown`` (contract column → the
    user's header, and the user's values) come from a mapping, as do ``row_problems`` found
    while mapping; ``inferred`` marks a table built from the associations rather than read;
    ``unreadable`` lists rows of a CSV file left out of ``frame`` as not rows of the table.
    """

    name: str
    file: str
    frame: pd.DataFrame
    first_row: int = 2
    # Set by mapped reading (cs_peers.inputs.mapping.reading), so problems speak the user's words.
    headers: dict[str, str] | None = None
    shown: pd.DataFrame | None = None
    inferred: bool = False
    rows: np.ndarray | None = None
    row_problems: tuple[RowProblem, ...] = ()
    # Rows that are not rows of the table (another number of cells): row number, what is wrong.
    unreadable: tuple[tuple[int, str], ...] = ()

    def header(self, column: str) -> str:
        """Return what problems call ``column``: the user's own header when mapped."""
        return (self.headers or {}).get(column, column)

    def shown_values(self, column: str) -> pd.Series:
        """Return ``column`` as the user wrote it, before a mapping's value words applied."""
        if self.shown is not None and column in self.shown.columns:
            return self.shown[column]
        return self.frame[column]

    def row_number(self, position: int) -> int:
        """Return the spreadsheet row number of data row ``position`` (0-based)."""
        if self.rows is not None:
            return int(self.rows[position])
        return self.first_row + int(position)

    def row_numbers(self) -> np.ndarray:
        """Return the spreadsheet row number of every data row."""
        if self.rows is not None:
            return self.rows
        return np.arange(self.first_row, self.first_row + len(self.frame), dtype=np.int64)

    def keeping(self, keep: np.ndarray) -> RawTable:
        """Return this table with only the rows ``keep`` marks, each keeping its row number."""
        return replace(
            self,
            frame=self.frame[keep].reset_index(drop=True),
            shown=None if self.shown is None else self.shown[keep].reset_index(drop=True),
            rows=self.row_numbers()[keep],
            row_problems=tuple(replace(p, mask=p.mask[keep]) for p in self.row_problems),
        )


@dataclass(frozen=True)
class RawDataset:
    """The tables that could be read and the problems met reading them."""

    source: str
    tables: dict[str, RawTable]
    problems: list[DataProblem]


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


def _read_csv_file(
    name: str, path: Path, problems: list[DataProblem], limits: InputLimits
) -> RawTable | None:
    table = read_csv_table(path, problems, limits)
    if table is None:
        return None
    frame = _normalise_columns(table.frame, path.name, problems)
    if frame is None:
        return None
    return RawTable(name, path.name, frame, rows=table.rows, unreadable=table.unreadable)


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
        table = _read_csv_file(name, path, problems, limits)
        if table is not None:
            tables[name] = table
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
