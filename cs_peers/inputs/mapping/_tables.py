"""Reading one of a user's own tables — a CSV file or a workbook sheet — keeping their headers.

Every cell becomes text. Excel date cells become ISO days (``2025-01-13``) so that they read the
same whatever a mapping's date order says; whole numbers stay whole (``7``, not ``7.0``). A CSV
file may be UTF-8, UTF-16 or Windows-1252, separated by commas, tabs or semicolons
(:mod:`cs_peers.inputs._text_files`); rows above the header row (a title, blank rows) are skipped
in files as in sheets.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from cs_peers.errors import DataProblem
from cs_peers.inputs._text_files import decode_text, delimiter_name, read_csv_table, sniff_delimiter
from cs_peers.inputs.limits import InputLimits, scan_workbook

__all__ = ["UserTable", "cell_text", "peek_rows", "read_user_table", "workbook_sheets"]


@dataclass(frozen=True)
class UserTable:
    """A user's table as read: ``frame`` has the user's headers (trimmed), cells are text.

    ``file`` is how problems name it (``links.xlsx, sheet Links`` or ``links.csv``); data row
    ``i`` (0-based) is row ``first_row + i`` of the sheet or file. ``read_as`` says how a CSV
    file was read (its encoding and why, its delimiter) and ``encoding`` names the encoding;
    both are empty for a sheet. ``rows`` and ``unreadable`` are a CSV file's, as in
    :class:`~cs_peers.inputs._text_files.CsvTable`.
    """

    file: str
    frame: pd.DataFrame
    first_row: int = 2
    read_as: str = ""
    encoding: str = ""
    rows: np.ndarray | None = None
    unreadable: tuple[tuple[int, str], ...] = ()


def cell_text(value: object) -> str:
    """Return a workbook cell as text: dates as ISO days, whole numbers without ``.0``.

    >>> cell_text(datetime(2025, 1, 13, 0, 0)), cell_text(7.0), cell_text(None), cell_text(2.5)
    ('2025-01-13', '7', '', '2.5')
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _unique_headers(headers: list[str], file: str, row: int, problems: list[DataProblem]) -> bool:
    seen: set[str] = set()
    for header in headers:
        if header.lower() in seen:
            problems.append(
                DataProblem(file, row, header, header, "each header may appear only once")
            )
            return False
        seen.add(header.lower())
    return True


def _read_csv(
    path: Path,
    problems: list[DataProblem],
    limits: InputLimits | None,
    *,
    encoding: str | None,
    header_row: int,
) -> UserTable | None:
    table = read_csv_table(path, problems, limits, encoding=encoding, header_row=header_row)
    if table is None:
        return None
    headers = [str(c) for c in table.frame.columns]
    if not _unique_headers(headers, path.name, header_row, problems):
        return None
    read_as = f"{table.how}; {delimiter_name(table.delimiter)}-separated"
    return UserTable(
        path.name,
        table.frame,
        header_row + 1,
        read_as,
        table.encoding,
        table.rows,
        table.unreadable,
    )


def workbook_sheets(path: Path) -> list[str]:
    """Return the names of a workbook's sheets, in workbook order."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def peek_rows(
    path: Path, sheet: str | None, *, look: int = 20, encoding: str | None = None
) -> list[list[str]]:
    """Return the top ``look`` rows of a sheet or CSV file as text cells, for guessing where
    its headers are (nothing is kept: a draft mapping never copies them)."""
    if sheet is None:
        decoded = decode_text(path.read_bytes(), path.name, encoding=encoding)
        if isinstance(decoded, DataProblem):
            return []
        lines = decoded.utf8[: 1 << 20].decode("utf-8", "ignore").splitlines()[:look]
        delimiter = sniff_delimiter(lines)
        return [[c.strip() for c in row] for row in csv.reader(lines, delimiter=delimiter)]
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book[sheet].iter_rows(max_row=look, values_only=True)
        return [[cell_text(v) for v in row] for row in rows]
    finally:
        book.close()


def _pick_sheet(
    names: list[str], sheet: str | None, table: str, file: str, problems: list[DataProblem]
) -> str | None:
    if sheet is not None:
        matches = [n for n in names if n == sheet] or [
            n for n in names if n.strip().lower() == sheet.strip().lower()
        ]
        if matches:
            return matches[0]
        problems.append(
            DataProblem(file, None, None, sheet, f"no such sheet (it has: {', '.join(names)})")
        )
        return None
    if len(names) == 1:
        return names[0]
    named = [n for n in names if n.strip().lower() == table]
    if named:
        return named[0]
    problems.append(
        DataProblem(
            file,
            None,
            None,
            None,
            f'which sheet holds {table}? add sheet = "…" to [{table}] in the mapping '
            f"(it has: {', '.join(names)})",
        )
    )
    return None


def _read_sheet(
    path: Path,
    sheet: str | None,
    table: str,
    header_row: int,
    problems: list[DataProblem],
    limits: InputLimits | None,
) -> UserTable | None:
    from openpyxl import load_workbook

    too_big = scan_workbook(path, limits or InputLimits())
    if too_big is not None:
        problems.append(too_big)
        return None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        problems.append(
            DataProblem(
                path.name, None, None, None, f"not an .xlsx workbook ({exc.__class__.__name__})"
            )
        )
        return None
    try:
        name = _pick_sheet(list(book.sheetnames), sheet, table, path.name, problems)
        if name is None:
            return None
        file = f"{path.name}, sheet {name}"
        rows = [
            [cell_text(v) for v in row]
            for row in book[name].iter_rows(min_row=header_row, values_only=True)
        ]
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        problems.append(DataProblem(file, None, None, None, "the sheet is empty"))
        return None
    width = max(len(r) for r in rows)
    header = rows[0] + [""] * (width - len(rows[0]))
    body = [r + [""] * (width - len(r)) for r in rows[1:]]
    # Excel often reports formatted but empty columns; drop those without header or data.
    keep = [i for i in range(width) if header[i] or any(r[i] for r in body)]
    names = [header[i] or f"(column {i + 1})" for i in keep]
    if not _unique_headers(names, file, header_row, problems):
        return None
    frame = pd.DataFrame([[r[i] for i in keep] for r in body], columns=names, dtype=object)
    if not body:
        frame = pd.DataFrame({n: pd.Series([], dtype=object) for n in names})
    return UserTable(file, frame, header_row + 1)


def read_user_table(
    path: Path,
    *,
    sheet: str | None,
    table: str,
    header_row: int,
    problems: list[DataProblem],
    limits: InputLimits | None = None,
    encoding: str | None = None,
) -> UserTable | None:
    """Return one of the user's tables, or ``None`` with the reason appended to ``problems``.

    ``path`` is a CSV (or tab-separated text) file or an .xlsx workbook; for a workbook,
    ``sheet`` names the sheet (a workbook of one sheet, or with a sheet named like ``table``,
    needs none). ``encoding`` is a CSV file's, when the mapping sets it (else detected).
    """
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "does not exist"
        problems.append(DataProblem(path.name, None, None, None, f"{path} {what}"))
        return None
    if path.suffix.lower() == ".xlsx":
        return _read_sheet(path, sheet, table, header_row, problems, limits)
    if sheet is not None:
        problems.append(DataProblem(path.name, None, None, None, "sheet is only for .xlsx"))
        return None
    return _read_csv(path, problems, limits, encoding=encoding, header_row=header_row)
