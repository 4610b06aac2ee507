"""Files as a data source: a CSV folder or an .xlsx workbook, or your own files via a mapping."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.limits import InputLimits
from cs_peers.inputs.load import load_dataset
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = ["FilesSource"]


@dataclass(frozen=True)
class FilesSource:
    """The dataset in files, validated as it is read (a ``DataSource`` of the analysis).

    ``path`` is a CSV folder or a workbook; with ``mapping`` it may be left out, or say where
    the mapped files are. ``limits`` bound what is read (default :class:`InputLimits`). With
    ``set_aside``, rows with problems are left out and listed (``--set-aside-bad-rows``).
    """

    path: Path | None
    vocabulary: Vocabulary | None = None
    mapping: Path | None = None
    limits: InputLimits | None = None
    set_aside: bool = False

    @property
    def kind(self) -> str:
        """Return ``files``: the store's name recorded with each run."""
        return "files"

    def describe(self) -> str:
        """Return the files read, in words."""
        through = f" through the mapping {self.mapping}" if self.mapping is not None else ""
        return f"files {self.path if self.path is not None else '(as mapped)'}{through}"

    def load(self) -> Dataset:
        """Return the validated dataset read from the files."""
        return load_dataset(
            self.path,
            self.vocabulary,
            mapping=self.mapping,
            limits=self.limits,
            set_aside=self.set_aside,
        )
