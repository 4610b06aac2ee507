"""Bad rows set aside, visibly (``--set-aside-bad-rows``): a few bad rows do not block a month.

A real export always has a few bad rows — an unknown word, 31/02/2026, an empty cell. Asked to,
:func:`validate_setting_aside` leaves each such row out *whole* (never half-loaded) and lists it
with its file, sheet, row, column and reason, instead of refusing the file. Leaving a row out
can make others bad — a link to a person whose row was set aside — so validation runs again
until nothing more is found. A person or place whose id is on two rows is left out with both
rows (which one is meant cannot be told), and so are the links naming it. Problems of a whole
file or header still stop the run, and so does a file all of whose rows are bad. A row of a
CSV file with more or fewer cells than its header is left out as it is read.

The reasons name the value only where it is a code or a date ("'Cousin' — unknown association
type"): ids and names are written as their header (``<Child ID>``), so the list can travel with
a pack.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from cs_peers.errors import DataProblem, InvalidDataError
from cs_peers.inputs.dataset import Dataset, SetAsideRow
from cs_peers.inputs.reading import RawDataset, RawTable
from cs_peers.inputs.validation import (
    MAX_PROBLEMS,
    ProblemList,
    RowFinding,
    RowsToSetAside,
    check_raw_dataset,
)
from cs_peers.inputs.vocabulary import Vocabulary
from cs_peers.safe_text import safe_csv_text

__all__ = [
    "SET_ASIDE_COLUMNS",
    "SET_ASIDE_FILE",
    "set_aside_csv",
    "set_aside_summary",
    "validate_setting_aside",
    "write_set_aside",
]

SET_ASIDE_FILE = "set-aside.csv"
SET_ASIDE_COLUMNS = ("file", "sheet", "row", "column", "reason")
# Columns whose values are codes or dates, safe to quote in a reason; any other (ids, labels,
# names, references, notes, attributes) may identify someone.
_CODED = {
    "type", "kind", "source_kind", "target_kind", "confidence", "observed_on", "recorded_on",
    "source_agency", "grading",
}  # fmt: skip
_NOT_AN_ID = "not an id in people or contexts"
# Each round finds at least one more bad row; real cascades end in two or three.
_MAX_ROUNDS = 50


def _file_and_sheet(file: str) -> tuple[str, str]:
    """Return a table's file and sheet from how problems name it."""
    if ", sheet " in file:
        name, _, sheet = file.partition(", sheet ")
        return name, sheet
    if file.endswith("]") and " [" in file:
        name, _, sheet = file[:-1].rpartition(" [")
        return name, sheet
    return file, ""


def _masked(text: str, table: RawTable, position: int) -> str:
    """Return ``text`` with the ids of the row written as their headers."""
    for column in ("id", "source", "target"):
        if column in table.frame.columns:
            value = str(table.frame[column].iat[position]).strip()
            if value:
                header = f"<{table.header(column)}>"
                text = text.replace(repr(value), header).replace(f"'{value}'", header)
    return text


def _rows_of(finding: RowFinding, left_out: dict[str, str]) -> list[tuple[SetAsideRow, str | None]]:
    """Return the rows of one finding as set-aside rows, with the id of a node row left out."""
    table = finding.table
    file, sheet = _file_and_sheet(table.file)
    rows = []
    for pos in (int(p) for p in finding.positions):
        reason = finding.reason(pos)
        value = finding.value(pos).strip()
        if finding.column in _CODED and value:
            reason = f"{value!r} — {reason}"
        elif reason == _NOT_AN_ID and value in left_out:
            reason = f"names someone or somewhere whose own row was set aside ({left_out[value]})"
        reason = _masked(reason, table, pos)
        node = None
        if table.name in ("people", "contexts") and "id" in table.frame.columns:
            node = str(table.frame["id"].iat[pos]).strip()
        row = SetAsideRow(file, sheet, table.row_number(pos), table.header(finding.column), reason)
        rows.append((row, node))
    return rows


def _duplicate_ids(
    raw: RawDataset,
) -> tuple[dict[str, np.ndarray], list[SetAsideRow], dict[str, str]]:
    """Return, per node table, the rows whose id is on another row too, and those rows listed."""
    tables = [t for n, t in raw.tables.items() if n in ("people", "contexts") and "id" in t.frame]
    if not tables:
        return {}, [], {}
    ids = pd.concat([t.frame["id"].astype("str").str.strip() for t in tables], ignore_index=True)
    twice = (ids.duplicated(keep=False) & (ids != "")).to_numpy()
    if not twice.any():
        return {}, [], {}
    owners = np.concatenate([np.full(len(t.frame), i) for i, t in enumerate(tables)])
    positions = np.concatenate([np.arange(len(t.frame)) for t in tables])
    places: dict[str, list[str]] = {}
    for index in np.flatnonzero(twice):
        table = tables[owners[index]]
        places.setdefault(str(ids.iat[int(index)]), []).append(
            f"{table.file} row {table.row_number(int(positions[index]))}"
        )
    masks: dict[str, np.ndarray] = {}
    rows = []
    for index in np.flatnonzero(twice):
        table = tables[owners[index]]
        masks.setdefault(table.name, np.zeros(len(table.frame), bool))[positions[index]] = True
        file, sheet = _file_and_sheet(table.file)
        where = ", ".join(places[str(ids.iat[int(index)])])
        rows.append(
            SetAsideRow(
                file,
                sheet,
                table.row_number(int(positions[index])),
                table.header("id"),
                f"the same id is on more than one row ({where}): which one is meant cannot be told",
            )
        )
    return masks, rows, {i: ", ".join(p) for i, p in places.items()}


def _without(raw: RawDataset, masks: dict[str, np.ndarray]) -> RawDataset:
    tables = {
        name: table.keeping(~masks[name]) if name in masks else table
        for name, table in raw.tables.items()
    }
    return replace(raw, tables=tables)


def _all_set_aside(rows: list[SetAsideRow], file: str) -> InvalidDataError:
    problems = [
        DataProblem(file, None, None, None, f"every row was set aside as bad ({len(rows)} rows)")
    ]
    problems += [
        DataProblem(
            f"{r.file}, sheet {r.sheet}" if r.sheet else r.file, r.row, r.column, None, r.reason
        )
        for r in rows[: MAX_PROBLEMS - 1]
    ]
    return InvalidDataError(problems, truncated=len(rows) > MAX_PROBLEMS - 1)


def validate_setting_aside(
    raw: RawDataset,
    vocabulary: Vocabulary,
    complete: Callable[[RawDataset], RawDataset] = lambda raw: raw,
) -> Dataset:
    """Return the dataset of ``raw``'s good rows, with the bad ones listed in ``set_aside``.

    ``raw`` holds the tables read from files; ``complete`` adds what is inferred from them
    (people and contexts under a mapping), and is run again whenever rows are left out.

    Raises
    ------
    InvalidDataError
        For problems of whole files or headers (as without setting rows aside), or when every
        row of the associations is bad.
    """
    set_aside = [
        SetAsideRow(*_file_and_sheet(t.file), row, "", why)
        for t in raw.tables.values()
        for row, why in t.unreadable
    ]
    left_out: dict[str, str] = {}
    current = replace(raw, tables={n: replace(t, unreadable=()) for n, t in raw.tables.items()})
    for _ in range(_MAX_ROUNDS):
        masks, twice, places = _duplicate_ids(current)
        set_aside += twice
        left_out |= places
        current = _without(current, masks)
        recorder = RowsToSetAside()
        problems = ProblemList(MAX_PROBLEMS, set_aside=recorder)
        completed = complete(current)
        dataset = check_raw_dataset(completed, vocabulary, problems)
        if problems.items or (dataset is None and not recorder):
            problems.raise_in_order([t.file for t in completed.tables.values()])
        if dataset is not None:
            return replace(dataset, set_aside=tuple(_in_order(set_aside, raw)))
        for finding in recorder.findings:
            for row, node in _rows_of(finding, left_out):
                set_aside.append(row)
                if node:
                    left_out.setdefault(node, f"{finding.table.file} row {row.row}")
        current = _without(current, recorder.masks())
        links = current.tables.get("associations")
        if links is not None and links.frame.empty and len(raw.tables["associations"].frame):
            raise _all_set_aside(_in_order(set_aside, raw), links.file)
    raise AssertionError("setting rows aside did not settle")  # pragma: no cover


def _in_order(rows: list[SetAsideRow], raw: RawDataset) -> list[SetAsideRow]:
    order = {_file_and_sheet(t.file): i for i, t in enumerate(raw.tables.values())}
    return sorted(rows, key=lambda r: (order.get((r.file, r.sheet), -1), r.row))


def set_aside_csv(rows: tuple[SetAsideRow, ...]) -> str:
    """Return the rows set aside as the text of ``set-aside.csv`` (cells neutralised)."""
    frame = pd.DataFrame(
        [(r.file, r.sheet, str(r.row), r.column, r.reason) for r in rows],
        columns=list(SET_ASIDE_COLUMNS),
        dtype="str",
    )
    return safe_csv_text(frame)


def set_aside_summary(rows: tuple[SetAsideRow, ...]) -> str:
    """Return how many rows were set aside, and from which files, in a few words.

    >>> rows = [SetAsideRow("links.csv", "", n, "Date", "x") for n in (7, 7, 9)]
    >>> set_aside_summary(tuple(rows))
    '2 bad rows set aside (links.csv: 2)'
    """
    distinct = {(r.file, r.sheet, r.row) for r in rows}
    per_file: dict[str, int] = {}
    for file, sheet, _row in sorted(distinct):
        name = f"{file}, sheet {sheet}" if sheet else file
        per_file[name] = per_file.get(name, 0) + 1
    where = ", ".join(f"{name}: {n}" for name, n in per_file.items())
    count = len(distinct)
    return f"{count} bad row{'s' if count != 1 else ''} set aside" + (
        f" ({where})" if where else ""
    )


def write_set_aside(folder: Path, rows: tuple[SetAsideRow, ...]) -> Path:
    """Write ``set-aside.csv`` into ``folder`` (replacing the list an earlier run left there)
    and return its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SET_ASIDE_FILE
    tmp = path.with_name(f".{SET_ASIDE_FILE}.tmp")
    tmp.write_text(set_aside_csv(rows), "utf-8")
    os.replace(tmp, path)
    return path
