"""The four CSV files of a sample: people, contexts, associations and the planted truth."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from cs_peers.inputs.sample.attributes import BIRTH_DATES, ETHNICITIES, GENDERS, Attributes
from cs_peers.inputs.sample.cohort import Cohort
from cs_peers.inputs.sample.contexts import Layout
from cs_peers.inputs.sample.csv_writer import (
    Cells,
    id_cells,
    number_cells,
    text_cells,
    write_csv,
)
from cs_peers.inputs.sample.people import FIRST_NAMES, ROLES, SURNAMES, People
from cs_peers.inputs.sample.provenance import AGENCIES, CONFIDENCES, Associations
from cs_peers.inputs.sample.rows import SAMPLE_DAYS, START_DATE, TYPES

__all__ = [
    "node_ids",
    "write_associations",
    "write_contexts",
    "write_people",
    "write_truth",
]

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
