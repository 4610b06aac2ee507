"""Limits on what an input may hold, checked before anything is loaded into memory.

A 191 MB label, a row of a million columns or a 4 MB workbook that expands to 4 GB would each
take gigabytes to parse. Every input is first *scanned* — the file's size, then its rows in
fixed-size chunks, or a workbook's table of contents — and refused with a message naming the
limit and how to raise it, so a rejected input never costs more than a chunk of memory.

The defaults leave room for a police force's network (a million young people is about 0.7 GB
of associations) and are raised with ``cs-peers --limit NAME=VALUE COMMAND …``.

Examples
--------
>>> InputLimits().with_overrides({"row_kb": "2048"}).row_kb
2048
>>> InputLimits().with_overrides({"rows": "x"})
Traceback (most recent call last):
...
cs_peers.errors.CsPeersError: limit rows=x: the value must be a whole number
"""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass, fields, replace
from pathlib import Path

from cs_peers.errors import CsPeersError, DataProblem

__all__ = ["LOAD_BATCH_ROWS", "InputLimits", "scan_csv_file", "scan_workbook"]

_CHUNK = 1 << 22
# How many rows of a dataset go to Neo4j in one transaction (`cs-peers load --batch-size`):
# the Bolt messages stay a few megabytes, and a load stopped half-way redoes one batch at most.
LOAD_BATCH_ROWS = 20_000
_MB = 1 << 20


@dataclass(frozen=True)
class InputLimits:
    """How large an input may be; each field can be raised with ``--limit NAME=VALUE``."""

    file_mb: int = 2048  # one CSV file or workbook on disk
    row_kb: int = 1024  # one CSV row: a field too large, or too many columns, exceeds it
    columns: int = 500  # columns in a header
    rows: int = 20_000_000  # rows in one CSV file or sheet
    workbook_mb: int = 512  # a workbook's contents once unzipped

    def with_overrides(self, overrides: dict[str, str]) -> InputLimits:
        """Return these limits with ``overrides`` (name → whole number as text) applied."""
        known = {f.name for f in fields(self)}
        changes: dict[str, int] = {}
        for name, text in overrides.items():
            if name not in known:
                raise CsPeersError(
                    f"limit {name}={text}: unknown limit; known: {', '.join(sorted(known))}",
                    parameter="limit",
                )
            if not text.strip().isdigit() or int(text) < 1:
                raise CsPeersError(
                    f"limit {name}={text}: the value must be a whole number", parameter="limit"
                )
            changes[name] = int(text)
        return replace(self, **changes)


def _too_big(file: str, what: str, limit: str) -> DataProblem:
    return DataProblem(file, None, None, None, f"{what}; raise the limit with --limit {limit}")


def scan_csv_file(path: Path, limits: InputLimits) -> DataProblem | None:
    """Return the first limit ``path`` breaks, as a problem, or None when it may be read.

    Reads the file once in 4 MiB chunks, keeping only counters, so even a rejected multi-GB
    file costs a few MiB.
    """
    import numpy as np  # here: the CLI reads InputLimits' defaults for --help without numpy

    file = path.name
    size = path.stat().st_size
    if size > limits.file_mb * _MB:
        return _too_big(
            file,
            f"the file is {size / _MB:,.0f} MB; the limit is {limits.file_mb:,} MB",
            f"file_mb={size // _MB + 1}",
        )
    row_limit = limits.row_kb * 1024
    rows, carry, header = 0, 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
            if rows == 0 and len(ends):
                header = (header + chunk[: ends[0]])[: row_limit + 1]
            elif rows == 0:
                header = (header + chunk)[: row_limit + 1]
            # Lengths of the lines that end in this chunk; the first continues the last chunk's.
            lengths = np.diff(ends, prepend=-1) - 1
            if len(lengths):
                lengths[0] += carry
                carry = len(chunk) - int(ends[-1]) - 1
            else:
                carry += len(chunk)
            long = np.flatnonzero(lengths > row_limit)
            if len(long) or carry > row_limit:
                row = rows + (int(long[0]) if len(long) else len(lengths)) + 1
                return DataProblem(
                    file, row, None, None,
                    f"the row is longer than {limits.row_kb:,} KB (a field too large, or too "
                    "many columns); raise the limit with --limit row_kb=N",
                )  # fmt: skip
            rows += len(lengths)
            if rows > limits.rows + 1:
                return _too_big(file, f"the file has more than {limits.rows:,} rows", "rows=N")
    # UTF-16 puts a NUL beside each ASCII byte; a tab or a semicolon may separate the cells.
    text = header.replace(b"\0", b"").decode("utf-8", "replace")
    columns = max(len(next(csv.reader([text], delimiter=d), [])) for d in ",\t;")
    if columns > limits.columns:
        return DataProblem(
            file, 1, None, None,
            f"the header has {columns:,} columns; the limit is {limits.columns:,}; "
            "raise it with --limit columns=N",
        )  # fmt: skip
    return None


def scan_workbook(path: Path, limits: InputLimits) -> DataProblem | None:
    """Return the first limit the workbook at ``path`` breaks, as a problem, or None.

    Reads only the zip's table of contents, so a "zip bomb" is refused before it expands.
    """
    file = path.name
    size = path.stat().st_size
    if size > limits.file_mb * _MB:
        return _too_big(
            file, f"the workbook is {size / _MB:,.0f} MB; the limit is {limits.file_mb:,} MB",
            f"file_mb={size // _MB + 1}",
        )  # fmt: skip
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return None  # not a zip: the workbook reader says what is wrong with it
    if expanded > limits.workbook_mb * _MB:
        return _too_big(
            file,
            f"the workbook expands to {expanded / _MB:,.0f} MB when opened; the limit is "
            f"{limits.workbook_mb:,} MB",
            f"workbook_mb={expanded // _MB + 1}",
        )
    return None
