"""The equality figures: for each attribute value, who is placed in groups and who is recorded.

Two kinds of outcome are counted for every value of every attribute, over the young people in
the data: being **placed in a candidate group**, and being **recorded in a concern** (an
association of the vocabulary's ``concern`` category), by any agency and by each agency that
recorded one. Side by side they help tell recording bias (who gets recorded, by whom) from
grouping bias (what the method does with those records).

Nothing here is about one child: every figure is a count of young people with a value, and
counts that could identify a child are held back (see :mod:`cs_peers.analysis.equality.rates`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cs_peers.analysis.equality.attributes import (
    DEFAULT_ATTRIBUTES,
    AttributeValues,
    attribute_values,
    find_attribute_columns,
    reference_date,
)
from cs_peers.analysis.equality.model import (
    COMPLEMENT,
    HELD_BACK,
    NO_AGENCY,
    NO_COMPARISON,
    OTHER_VALUES,
    AttributeFigures,
    Count,
    EqualityFigures,
    OutcomeFigures,
    ValueFigures,
)
from cs_peers.analysis.equality.rates import (
    FEWER_THAN,
    WITHHELD,
    RateRatio,
    complete_suppression,
    rate_ratio,
    small,
)
from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.inputs.columns import is_in
from cs_peers.inputs.dataset import Dataset

__all__ = [
    "OTHER_VALUES",
    "AttributeFigures",
    "Count",
    "EqualityFigures",
    "OutcomeFigures",
    "ValueFigures",
    "equality_figures",
]


def _outcomes(
    dataset: Dataset, groups: PeerGroups, ids: pd.Series
) -> list[tuple[str, str, np.ndarray]]:
    """Return (key, title, who has it) for being placed and for each kind of concern record."""
    placed = is_in(ids, groups.memberships["person_id"])
    outcomes = [("placed", "placed in candidate groups", placed)]
    concern_types = [n for n, t in dataset.vocabulary.types.items() if t.category == "concern"]
    a = dataset.associations
    a = a[is_in(a["type"], concern_types)]
    ends = pd.DataFrame(
        {
            "person": pd.concat([a["source"], a["target"]], ignore_index=True),
            "agency": pd.concat([a["source_agency"]] * 2, ignore_index=True),
        }
    )
    ends = ends[is_in(ends["person"], ids)]
    ends = ends.assign(agency=ends["agency"].where(ends["agency"].str.strip() != "", NO_AGENCY))
    outcomes.append(("concern", "recorded in a concern (any agency)", is_in(ids, ends["person"])))
    for agency in sorted(ends["agency"].unique()):
        who = ends.loc[ends["agency"] == agency, "person"]
        title = f"recorded in a concern by {agency}"
        outcomes.append((f"concern:{agency}", title, is_in(ids, who)))
    return outcomes


@dataclass(frozen=True)
class _Rows:
    """The rows of an attribute's tables: a label per row, the row of each value, the counts."""

    labels: list[str]
    row_of: np.ndarray
    n: list[int]


def _rows(values: AttributeValues) -> _Rows:
    """Return one row per value held by 5 or more young people, and one for all the others.

    Values held by fewer than 5 are combined into :data:`OTHER_VALUES` (the last row), so that
    no small value is named with its count, and the rest need no cell of theirs held back.
    """
    counts = np.bincount(values.codes, minlength=len(values.order))
    present = [i for i in range(len(values.order)) if counts[i] > 0]
    large = [i for i in present if not small(int(counts[i]))]
    row_of = np.full(len(values.order), -1, dtype=np.int64)
    labels = [values.order[i] for i in large]
    row_of[large] = np.arange(len(large))
    others = [i for i in present if i not in large]
    if others:
        row_of[others] = len(labels)
        labels.append(OTHER_VALUES)
    n = np.bincount(row_of[values.codes], minlength=len(labels))
    return _Rows(labels, row_of, [int(x) for x in n])


def _held(n: list[int], n_status: list[str], g: list[int], total_small: bool) -> list[str]:
    """Return each row's status for its count with the outcome, before any complement."""
    status = []
    for n_v, g_v, held in zip(n, g, n_status, strict=True):
        if total_small or held or small(g_v):
            status.append(FEWER_THAN)
        elif small(n_v - g_v):
            status.append(WITHHELD)  # else the young people without it could be worked out
        else:
            status.append("")
    return status


def _rates(n: list[int], g: list[int], shown: list[bool]) -> list[RateRatio | None]:
    total_n, total_g = sum(n), sum(g)
    return [
        rate_ratio(g_v, n_v, total_g - g_v, total_n - n_v) if ok else None
        for n_v, g_v, ok in zip(n, g, shown, strict=True)
    ]


def _weights(rates: list[RateRatio | None]) -> list[float]:
    return [r.weight if r is not None else 0.0 for r in rates]


def _tables(
    values: AttributeValues, outcomes: list[tuple[str, str, np.ndarray]]
) -> tuple[OutcomeFigures, ...]:
    """Return one table per outcome for an attribute, every small count protected.

    The counts in the data are the same column in every table, so the count withheld to protect
    a small one in it is the same in all of them: the least telling (see
    :func:`~cs_peers.analysis.equality.rates.complete_suppression`) across the tables.
    """
    rows = _rows(values)
    n = rows.n
    n_held = [FEWER_THAN if small(x) else "" for x in n]
    g_of = [
        [int(x) for x in np.bincount(rows.row_of[values.codes[has]], minlength=len(n))]
        for _, _, has in outcomes
    ]
    g_held = [_held(n, n_held, g, small(sum(g))) for g in g_of]
    provisional = [
        _rates(n, g, [not h for h in held]) for g, held in zip(g_of, g_held, strict=True)
    ]
    weights = [max(w) for w in zip(*(_weights(r) for r in provisional), strict=True)] or []
    n_status = complete_suppression(n, n_held, weights)
    tables = []
    for (key, title, _), g, held, rates in zip(outcomes, g_of, g_held, provisional, strict=True):
        # The row whose count in the data is withheld keeps its count with the outcome back too.
        held = [
            h or (WITHHELD if ns == WITHHELD else "") for h, ns in zip(held, n_status, strict=True)
        ]
        g_status = complete_suppression(g, held, _weights(rates))
        tables.append(_table(key, title, rows.labels, n, n_status, g, g_status))
    return tuple(tables)


def _table(
    key: str,
    title: str,
    labels: list[str],
    n: list[int],
    n_status: list[str],
    g: list[int],
    g_status: list[str],
) -> OutcomeFigures:
    total_n, total_g = sum(n), sum(g)
    rates = _rates(n, g, [not (a or b) for a, b in zip(n_status, g_status, strict=True)])
    figures = []
    for label, n_v, g_v, ns, gs, rate in zip(labels, n, g, n_status, g_status, rates, strict=True):
        if FEWER_THAN in (ns, gs):
            why = HELD_BACK
        elif ns or gs:
            why = COMPLEMENT
        elif rate is None:
            why = NO_COMPARISON
        else:
            why = ""
        figures.append(
            ValueFigures(
                value=label,
                in_data=Count(None if ns else n_v, ns),
                with_outcome=Count(None if gs else g_v, gs),
                share_of_data=None if ns else n_v / total_n,
                share_of_outcome=None if gs or total_g == 0 else g_v / total_g,
                relative_rate=rate,
                withheld=why,
            )
        )
    total = Count(None, FEWER_THAN) if small(total_g) else Count(total_g)
    return OutcomeFigures(key, title, total, tuple(figures))


def equality_figures(
    dataset: Dataset, groups: PeerGroups, *, attributes: Sequence[str] | None = None
) -> EqualityFigures:
    """Return, per attribute value, who is placed in candidate groups and who is recorded.

    ``attributes`` names people.csv columns to report on; by default every column of
    :data:`~cs_peers.analysis.equality.attributes.DEFAULT_ATTRIBUTES` the data carries. Only young
    people are counted. With no such column the result has no attributes (and says what was
    looked for).

    Examples
    --------
    >>> from cs_peers.analysis.run import analyse
    >>> from cs_peers.analysis.grouping.parameters import GroupingParameters
    >>> from cs_peers.inputs.sample.shipped import borough_dataset
    >>> borough = borough_dataset()
    >>> figures = equality_figures(borough, analyse(borough, GroupingParameters(runs=1)).groups)
    >>> figures.young_people
    80
    """
    people = dataset.people
    columns = find_attribute_columns(list(people.columns), attributes)
    # Only the columns needed: taking every column of a million people costs seconds.
    young = people.loc[people["kind"] == "young_person", ["id", *columns]].reset_index(drop=True)
    on, how = reference_date(dataset)
    outcomes = _outcomes(dataset, groups, young["id"]) if columns else []
    found = []
    age_note = ""
    for column in columns:
        values = attribute_values(young, column, on=on, how=how)
        if values.name == "age band":
            age_note = values.note
        found.append(AttributeFigures(values.name, column, values.note, _tables(values, outcomes)))
    placed = int(is_in(young["id"], groups.memberships["person_id"]).sum())
    looked_for = tuple(attributes) if attributes is not None else DEFAULT_ATTRIBUTES
    return EqualityFigures(len(young), placed, tuple(found), looked_for, age_note)
