"""The four CSV files of a sample: people, contexts, associations and the planted truth.

CSV files assembled as bytes, fast enough for ten million rows.

Each column is a lookup table of encoded cells (separator included) and a chunk of rows is
scattered into one byte buffer with a few numpy operations. Kept over the libraries because of
``benchmarks/bench_csv.py`` (same codes, same run, bytes compared): ``DataFrame.to_csv`` writes
the same bytes but takes 6× the CPU time at 100,000 rows and 16× at a million; pyarrow's writer
is no faster at a million rows and cannot write these files at all, since its "needed" quoting
quotes every string and its "none" refuses the commas of values such as the ethnicity
"Black, Black British, Caribbean or African".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cs_peers.inputs.sample._contexts import Layout
from cs_peers.inputs.sample._people import (
    BIRTH_DATES,
    ETHNICITIES,
    FIRST_NAMES,
    GENDERS,
    ROLES,
    SURNAMES,
    Attributes,
    Cohort,
    People,
)
from cs_peers.inputs.sample._rows import (
    AGENCIES,
    CONFIDENCES,
    SAMPLE_DAYS,
    START_DATE,
    TYPES,
    Associations,
)

__all__ = [
    "Cells",
    "id_cells",
    "node_ids",
    "number_cells",
    "text_cells",
    "write_associations",
    "write_contexts",
    "write_csv",
    "write_people",
    "write_truth",
]


Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Cells:
    """Encoded cells, one per row of ``data`` (zero-padded to the widest), and their lengths."""

    data: npt.NDArray[np.uint8]
    lens: Ints

    @property
    def fixed(self) -> bool:
        """Return whether every cell is as wide as ``data`` (so no masking is needed)."""
        return bool(np.all(self.lens == self.data.shape[1]))


def _quote(text: str) -> str:
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def text_cells(values: Sequence[str], end: str = ",") -> Cells:
    """Return cells of the given texts, CSV-quoted where needed, each followed by ``end``."""
    encoded = [(_quote(v) + end).encode("utf-8") for v in values]
    lens = np.array([len(e) for e in encoded], dtype=np.int64)
    data = np.zeros((len(encoded), max(int(lens.max(initial=0)), 1)), dtype=np.uint8)
    data[np.arange(data.shape[1]) < lens[:, None]] = np.frombuffer(b"".join(encoded), np.uint8)
    return Cells(data, lens)


def _digits(out: npt.NDArray[np.uint8], values: Ints) -> None:
    values = values.copy()
    for column in range(out.shape[1] - 1, -1, -1):
        out[:, column] = ord("0") + values % 10
        values //= 10


def id_cells(prefixes: Sequence[tuple[str, int]], digits: int, end: str = ",") -> Cells:
    """Return cells ``<prefix><zero-padded number>``, numbered from 1 within each prefix."""
    total = sum(count for _, count in prefixes)
    data = np.empty((total, 2 + digits + len(end)), dtype=np.uint8)
    row = 0
    for prefix, count in prefixes:
        block = data[row : row + count]
        block[:, :2] = np.frombuffer(prefix.encode("ascii"), np.uint8)
        _digits(block[:, 2 : 2 + digits], np.arange(1, count + 1, dtype=np.int64))
        block[:, 2 + digits :] = np.frombuffer(end.encode("ascii"), np.uint8)
        row += count
    return Cells(data, np.full(total, data.shape[1], dtype=np.int64))


def number_cells(count: int, digits: int, end: str = ",") -> Cells:
    """Return cells of the zero-padded numbers 0 … count-1."""
    data = np.empty((count, digits + len(end)), dtype=np.uint8)
    _digits(data[:, :digits], np.arange(count, dtype=np.int64))
    data[:, digits:] = np.frombuffer(end.encode("ascii"), np.uint8)
    return Cells(data, np.full(count, data.shape[1], dtype=np.int64))


_CHUNK_ROWS = 1 << 16


def write_csv(
    path: Path, header: Sequence[str], pieces: Sequence[tuple[Cells, npt.NDArray[Any]]]
) -> int:
    """Return the number of rows written: row i is ``cells.data[codes[i]]`` of every piece.

    A chunk of rows is laid out as a matrix of zero-padded cells side by side; dropping the
    padding (UTF-8 text has no zero bytes) leaves the rows back to back.
    """
    rows = len(pieces[0][1])
    width = sum(cells.data.shape[1] for cells, _ in pieces)
    padded = not all(cells.fixed for cells, _ in pieces)
    # Each cell as one opaque item: numpy gathers those far faster than rows of a byte matrix.
    whole_cells = [
        np.ascontiguousarray(cells.data).view(f"V{cells.data.shape[1]}").ravel()
        for cells, _ in pieces
    ]
    with path.open("wb") as out:
        out.write((",".join(header) + "\n").encode("ascii"))
        for begin in range(0, rows, _CHUNK_ROWS):
            end = min(rows, begin + _CHUNK_ROWS)
            block = np.empty((end - begin, width), dtype=np.uint8)
            column = 0
            for whole, (cells, codes) in zip(whole_cells, pieces, strict=True):
                cell_width = cells.data.shape[1]
                picked = whole[codes[begin:end]].view(np.uint8).reshape(end - begin, cell_width)
                block[:, column : column + cell_width] = picked
                column += cell_width
            out.write((block[block != 0] if padded else block).tobytes())
    return rows


_ASSOCIATION_HEADER = (
    "source", "target", "type", "observed_on", "recorded_on", "source_agency", "confidence",
    "reference", "notes",
)  # fmt: skip


def node_ids(people: People, layout: Layout) -> Cells:
    """Return the id cells of every node: young people ``YP…``, adults ``AD…``, contexts ``CX…``."""
    digits = max(6, len(str(max(people.young, people.adults, layout.total))))
    return id_cells([("YP", people.young), ("AD", people.adults), ("CX", layout.total)], digits)


def write_people(path: Path, ids: Cells, people: People, attributes: Attributes) -> None:
    """Write ``people.csv``: every young person and adult, with an invented name.

    The fictional equality attributes (ethnicity, gender, date_of_birth) are the last columns.
    """
    everyone = np.arange(people.total)
    write_csv(
        path,
        ("id", "kind", "label", "name", "age", "role", "ethnicity", "gender", "date_of_birth"),
        [
            (ids, everyone),
            (
                text_cells(["young_person", "adult"]),
                (everyone >= people.young).astype(np.int64),
            ),
            (text_cells([f[0] + "." for f in FIRST_NAMES], ""), people.first_name),
            (text_cells([s[0] + "." for s in SURNAMES], ""), people.surname),
            (number_cells(100, 2), people.label_number),
            (text_cells(FIRST_NAMES, " "), people.first_name),
            (text_cells(SURNAMES), people.surname),
            (number_cells(100, 2), people.age),
            (text_cells([*ROLES, ""]), people.role),
            (text_cells(ETHNICITIES), attributes.ethnicity),
            (text_cells(GENDERS), attributes.gender),
            (text_cells(BIRTH_DATES, "\n"), attributes.birth),
        ],
    )


def write_contexts(
    path: Path, ids: Cells, layout: Layout, names: list[str], first_context: int
) -> None:
    """Write ``contexts.csv``: schools, then places, then online spaces.

    Context 0 is node ``first_context`` of ``ids`` (contexts are numbered after the people).
    """
    kinds = np.zeros(layout.total, dtype=np.int64)
    kinds[layout.public :] = 1
    kinds[layout.platform :] = 2
    write_csv(
        path,
        ("id", "kind", "name"),
        [
            (ids, first_context + np.arange(layout.total)),
            (text_cells(["school", "location", "online"]), kinds),
            (text_cells(names, "\n"), np.arange(layout.total)),
        ],
    )


def write_associations(path: Path, ids: Cells, assoc: Associations, note_texts: list[str]) -> int:
    """Return the number of rows written to ``associations.csv``."""
    days = [(START_DATE + dt.timedelta(days=d)).isoformat() for d in range(SAMPLE_DAYS)]
    years = sorted({d[:4] for d in days})
    dated = np.where(assoc.observed >= 0, assoc.observed, assoc.recorded)
    year_of_day = np.array([years.index(d[:4]) for d in days], dtype=np.int64)
    date_cells = text_cells([*days, ""])  # code -1 picks the last cell, the empty one
    return write_csv(
        path,
        _ASSOCIATION_HEADER,
        [
            (ids, assoc.source),
            (ids, assoc.target),
            (text_cells(TYPES), assoc.kind),
            (date_cells, assoc.observed),
            (date_cells, assoc.recorded),
            (text_cells(AGENCIES), assoc.agency),
            (text_cells(CONFIDENCES), assoc.confidence),
            (text_cells([f"REF-{y}-" for y in years], ""), year_of_day[dated]),
            (number_cells(1_000_000, 6), assoc.reference),
            (text_cells(note_texts, "\n"), assoc.note),
        ],
    )


def write_truth(path: Path, ids: Cells, cohort: Cohort) -> None:
    """Write ``truth.csv``: every planted member and their group, by group then person."""
    group = np.repeat(np.arange(cohort.n_groups), cohort.sizes)
    order = np.lexsort((cohort.members, group))
    group_ids = id_cells([("PG", cohort.n_groups)], max(5, len(str(cohort.n_groups))), "\n")
    write_csv(
        path,
        ("person_id", "group_id"),
        [(ids, cohort.members[order]), (group_ids, group[order])],
    )
