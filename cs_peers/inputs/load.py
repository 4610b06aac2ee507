"""The one way into the analysis: a dataset read from files, checked against the contract.

:func:`load_dataset` reads a CSV folder or an .xlsx workbook (or the user's own files, through
a mapping), validates it (:mod:`cs_peers.inputs.validation`) and returns the
:class:`~cs_peers.inputs.dataset.Dataset` every analysis starts from.
"""

from __future__ import annotations

from pathlib import Path

from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.limits import InputLimits
from cs_peers.inputs.reading import read_raw_dataset
from cs_peers.inputs.validation import MAX_PROBLEMS, validate_raw_dataset
from cs_peers.inputs.vocabulary import Vocabulary, load_vocabulary

__all__ = ["load_dataset"]


def load_dataset(
    path: Path | None,
    vocabulary: Vocabulary | None = None,
    *,
    mapping: Path | None = None,
    limits: InputLimits | None = None,
) -> Dataset:
    """Return the validated dataset read from a CSV folder or an .xlsx workbook.

    With ``mapping`` (a mapping file, see :mod:`cs_peers.inputs.mapping.spec`) the user's own files
    are read
    through it; ``path`` may then be left out, or name where the mapped files are instead.

    Raises
    ------
    InvalidDataError
        If anything breaks the input contract; the message lists every problem found (up to
        :data:`MAX_PROBLEMS`) with file, row, column, value and what was expected.
    MappingError
        If the mapping file cannot be read or breaks mapping format 1.
    """
    vocabulary = vocabulary or load_vocabulary()
    if mapping is not None:
        from cs_peers.inputs.mapping.reading import read_mapped_dataset
        from cs_peers.inputs.mapping.spec import load_mapping

        raw = read_mapped_dataset(
            load_mapping(mapping, vocabulary),
            vocabulary,
            None if path is None else Path(path),
            cap=MAX_PROBLEMS,
            limits=limits,
        )
        return validate_raw_dataset(raw, vocabulary)
    if path is None:
        raise ValueError("load_dataset needs a path, a mapping, or both")
    return validate_raw_dataset(read_raw_dataset(Path(path), limits), vocabulary)
