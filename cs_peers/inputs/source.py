"""Files as a data source: a CSV folder or an .xlsx workbook, or your own files via a mapping.

The one way into the analysis: a dataset read from files, checked against the contract.

:func:`load_dataset` reads a CSV folder or an .xlsx workbook (or the user's own files, through
a mapping), validates it (:mod:`cs_peers.inputs.validation`) — setting bad rows aside when asked
(:mod:`cs_peers.inputs.set_aside`) — and returns the
:class:`~cs_peers.inputs.dataset.Dataset` every analysis starts from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.limits import InputLimits
from cs_peers.inputs.reading import RawDataset, read_raw_dataset
from cs_peers.inputs.validation import validate_raw_dataset
from cs_peers.inputs.vocabulary import Vocabulary, load_vocabulary

__all__ = ["FilesSource", "load_dataset"]


def _read(
    path: Path | None, vocabulary: Vocabulary, mapping: Path | None, limits: InputLimits | None
) -> tuple[RawDataset, Callable[[RawDataset], RawDataset]]:
    """Return the tables read from files, and what completes them (inferred people, contexts)."""
    if mapping is not None:
        from cs_peers.inputs.mapping.reading import read_mapped_tables, with_inferred
        from cs_peers.inputs.mapping.spec import load_mapping

        spec = load_mapping(mapping, vocabulary)
        raw = read_mapped_tables(
            spec, vocabulary, None if path is None else Path(path), limits=limits
        )
        return raw, lambda tables: with_inferred(tables, spec, vocabulary)
    if path is None:
        raise ValueError("load_dataset needs a path, a mapping, or both")
    return read_raw_dataset(Path(path), limits), lambda tables: tables


def load_dataset(
    path: Path | None,
    vocabulary: Vocabulary | None = None,
    *,
    mapping: Path | None = None,
    limits: InputLimits | None = None,
    set_aside: bool = False,
) -> Dataset:
    """Return the validated dataset read from a CSV folder or an .xlsx workbook.

    With ``mapping`` (a mapping file, see :mod:`cs_peers.inputs.mapping.spec`) the user's own files
    are read through it; ``path`` may then be left out, or name where the mapped files are
    instead. With ``set_aside``, rows with problems are left out whole and listed in the
    dataset's ``set_aside`` rather than refused.

    Raises
    ------
    InvalidDataError
        If anything breaks the input contract (with ``set_aside``: anything but single rows);
        the message lists every problem found (up to
        :data:`~cs_peers.inputs.validation.MAX_PROBLEMS`) with file, row, column, value and
        what was expected.
    MappingError
        If the mapping file cannot be read or breaks mapping format 1.
    """
    vocabulary = vocabulary or load_vocabulary()
    raw, complete = _read(path, vocabulary, mapping, limits)
    try:
        if set_aside:
            from cs_peers.inputs.set_aside import validate_setting_aside

            return validate_setting_aside(raw, vocabulary, complete)
        return validate_raw_dataset(complete(raw), vocabulary)
    finally:
        del raw
        # Arrow keeps what reading and checking freed (700 MB at a million young people) for
        # its own next use; the analysis allocates through numpy, which cannot reuse it.
        pa.default_memory_pool().release_unused()


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
