"""Reading one of a user's own tables — a CSV file or a workbook sheet — keeping their headers.

Every cell becomes text. Excel date cells become ISO days (``2025-01-13``) so that they read the
same whatever a mapping's date order says; whole numbers stay whole (``7``, not ``7.0``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from cs_peers.errors import DataProblem
from cs_peers.inputs.limits import InputLimits, scan_workbook
from cs_peers.inputs.reading import read_csv_frame

__all__ = ["UserTable", "cell_text", "guess_header_row", "read_user_table", "workbook_sheets"]


@dataclass(frozen=True)
class UserTable:
    """A user's table as read: ``frame`` has the user's headers (trimmed), cells are text.

    ``file`` is how problems name it (``links.xlsx, sheet Links`` or ``links.csv``); data row
    ``i`` (0-based) is row ``first_row + i`` of the sheet or file.
    """

    file: str
    frame: pd.DataFrame
    first_row: int = 2


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


def _csv_headers(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        return [h.strip() for h in next(csv.reader(handle), [])]


def _read_csv(
    path: Path, problems: list[DataProblem], limits: InputLimits | None
) -> UserTable | None:
    frame = read_csv_frame(path, problems, limits)
    if frame is None:
        return None
    headers = _csv_headers(path)
    if len(headers) == len(frame.columns):
        frame.columns = pd.Index(headers)
    return UserTable(path.name, frame)


def workbook_sheets(path: Path) -> list[str]:
    """Return the names of a workbook's sheets, in workbook order."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def guess_header_row(path: Path, sheet: str, *, look: int = 10) -> int:
    """Return the first of a sheet's top rows with two or more filled cells (a title is not)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book[sheet].iter_rows(max_row=look, values_only=True)
        for number, row in enumerate(rows, start=1):
            if sum(1 for v in row if cell_text(v)) >= 2:
                return number
    finally:
        book.close()
    return 1


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
    seen: set[str] = set()
    for column in names:
        if column.lower() in seen:
            problems.append(
                DataProblem(file, header_row, column, column, "each header may appear only once")
            )
            return None
        seen.add(column.lower())
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
) -> UserTable | None:
    """Return one of the user's tables, or ``None`` with the reason appended to ``problems``.

    ``path`` is a CSV file or an .xlsx workbook; for a workbook, ``sheet`` names the sheet (a
    workbook of one sheet, or with a sheet named like ``table``, needs none).
    """
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "does not exist"
        problems.append(DataProblem(path.name, None, None, None, f"{path} {what}"))
        return None
    if path.suffix.lower() == ".xlsx":
        return _read_sheet(path, sheet, table, header_row, problems, limits)
    if sheet is not None or header_row != 1:
        problems.append(
            DataProblem(path.name, None, None, None, "sheet and header_row are only for .xlsx")
        )
        return None
    return _read_csv(path, problems, limits)
