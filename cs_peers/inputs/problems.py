"""The problems found in a dataset, collected up to a cap, located by file, row and column.

With ``--set-aside-bad-rows``, problems of single rows are not reported but recorded, every
one of them (:class:`RowsToSetAside`), so that those rows can be left out and listed
(:mod:`cs_peers.inputs.set_aside`); problems of a whole file or column still stop the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

import numpy as np
import pandas as pd

from cs_peers.errors import DataProblem, InvalidDataError
from cs_peers.inputs.reading import RawTable

__all__ = ["ProblemList", "RowFinding", "RowsToSetAside"]


@dataclass(frozen=True)
class RowFinding:
    """Rows of one table with one problem: their positions, the contract column, what was
    expected (or a function of the position giving it), and the values to show."""

    table: RawTable
    positions: np.ndarray
    column: str
    expected: str | Callable[[int], str]
    values: pd.Series | None = None

    def reason(self, position: int) -> str:
        """Return what was expected of the row at ``position``."""
        return self.expected(position) if callable(self.expected) else self.expected

    def value(self, position: int) -> str:
        """Return the value the row holds in the column, as the user wrote it."""
        shown = self.values if self.values is not None else self.table.shown_values(self.column)
        return str(shown.iat[position])


class RowsToSetAside:
    """Every problem of a single row, uncapped: the rows a run leaves out and lists."""

    def __init__(self) -> None:
        self.findings: list[RowFinding] = []

    def __bool__(self) -> bool:
        return bool(self.findings)

    def record(self, finding: RowFinding) -> None:
        if len(finding.positions):
            self.findings.append(finding)

    def masks(self) -> dict[str, np.ndarray]:
        """Return, per table name, which of its rows have a problem."""
        masks: dict[str, np.ndarray] = {}
        for finding in self.findings:
            mask = masks.setdefault(finding.table.name, np.zeros(len(finding.table.frame), bool))
            mask[finding.positions] = True
        return masks


class ProblemList:
    """Collects problems up to a cap, so huge broken files still give a readable report.

    With ``set_aside``, problems of single rows of tables read from files go there instead.
    """

    def __init__(self, cap: int, *, set_aside: RowsToSetAside | None = None) -> None:
        self.cap = cap
        self.items: list[DataProblem] = []
        self.truncated = False
        self.set_aside = set_aside

    @property
    def full(self) -> bool:
        return len(self.items) >= self.cap

    def raise_in_order(self, files: list[str]) -> NoReturn:
        """Raise the problems, ordered by ``files`` (problems of no file first), then row."""
        order = {file: i for i, file in enumerate(files)}
        found = sorted(self.items, key=lambda p: (order.get(p.file, -1), p.row or 0))
        raise InvalidDataError(found, truncated=self.truncated)

    def add(self, problem: DataProblem) -> None:
        if self.full:
            self.truncated = True
        else:
            self.items.append(problem)

    def add_rows(
        self,
        table: RawTable,
        mask: np.ndarray | pd.Series,
        column: str,
        expected: str | Callable[[int], str],
        values: pd.Series | None = None,
    ) -> None:
        """Add one problem per row where ``mask`` is true, naming ``column``'s value."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if len(positions) == 0:
            return
        finding = RowFinding(table, positions, column, expected, values)
        if self.set_aside is not None and not table.inferred:
            self.set_aside.record(finding)
            return
        room = self.cap - len(self.items)
        if len(positions) > room:
            self.truncated = True
            positions = positions[: max(room, 0)]
        for pos in positions:
            self.items.append(
                DataProblem(
                    table.file,
                    table.row_number(int(pos)),
                    table.header(column),
                    finding.value(int(pos)),
                    finding.reason(int(pos)),
                )
            )
