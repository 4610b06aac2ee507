"""The problems found in a dataset, collected up to a cap, located by file, row and column."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from cs_peers.errors import DataProblem
from cs_peers.inputs.reading import RawTable

__all__ = ["ProblemList"]


class ProblemList:
    """Collects problems up to a cap, so huge broken files still give a readable report."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.items: list[DataProblem] = []
        self.truncated = False

    @property
    def full(self) -> bool:
        return len(self.items) >= self.cap

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
        shown = values if values is not None else table.shown_values(column)
        room = self.cap - len(self.items)
        if len(positions) > room:
            self.truncated = True
            positions = positions[: max(room, 0)]
        for pos in positions:
            text = expected(int(pos)) if callable(expected) else expected
            self.items.append(
                DataProblem(
                    table.file,
                    table.first_row + int(pos),
                    table.header(column),
                    str(shown.iat[int(pos)]),
                    text,
                )
            )
