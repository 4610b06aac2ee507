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

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

from cs_peers.analysis.equality.attributes import (
    DEFAULT_ATTRIBUTES,
    AttributeValues,
    attribute_values,
    find_attribute_columns,
    reference_date,
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
    "AttributeFigures",
    "Count",
    "EqualityFigures",
    "OutcomeFigures",
    "ValueFigures",
    "equality_figures",
]

NO_AGENCY = "agency not recorded"
HELD_BACK = "rate withheld: small numbers"
COMPLEMENT = "rate withheld: a count is withheld so that a small one cannot be worked out"
NO_COMPARISON = "rate withheld: no one else to compare with"


@dataclass(frozen=True)
class Count:
    """A count of young people as outputs may show it: the number, or why it is held back."""

    number: int | None
    held_back: str = ""

    @property
    def text(self) -> str:
        """Return the count as shown: the number, "fewer than 5" or "withheld"."""
        return self.held_back or str(self.number)


@dataclass(frozen=True)
class ValueFigures:
    """One value of an attribute against one outcome.

    ``relative_rate`` is ``None`` when it is held back, with ``withheld`` saying why.
    """

    value: str
    in_data: Count
    with_outcome: Count
    share_of_data: float | None
    share_of_outcome: float | None
    relative_rate: RateRatio | None
    withheld: str = ""

    @property
    def attention(self) -> bool:
        """Return whether the rate's 95% interval excludes 1 (marked for attention)."""
        return self.relative_rate is not None and self.relative_rate.excludes_one


_T = TypeVar("_T")


def _first(items: Iterable[_T], wanted: Callable[[_T], bool], missing: str) -> _T:
    """Return the first of ``items`` that is ``wanted``; a KeyError saying ``missing`` if none is.

    A KeyError, as a mapping's look-up gives: the figures are looked up by code, not by a user.
    """
    for item in items:
        if wanted(item):
            return item
    raise KeyError(missing)


@dataclass(frozen=True)
class OutcomeFigures:
    """One outcome (placed in groups, recorded in a concern…) for every value of an attribute."""

    key: str
    title: str
    total: Count
    rows: tuple[ValueFigures, ...]

    def row(self, value: str) -> ValueFigures:
        """Return the figures of one value (KeyError if the attribute has no such value)."""
        return _first(
            self.rows, lambda row: row.value == value, f"no value {value!r} in {self.title}"
        )


@dataclass(frozen=True)
class AttributeFigures:
    """One attribute of the young people: how it was read, and a table per outcome."""

    name: str
    column: str
    note: str
    outcomes: tuple[OutcomeFigures, ...]

    def outcome(self, key: str) -> OutcomeFigures:
        """Return one outcome's table by key ("placed", "concern", "concern:police"…)."""
        return _first(self.outcomes, lambda o: o.key == key, f"no outcome {key!r} for {self.name}")


@dataclass(frozen=True)
class EqualityFigures:
    """Every attribute's tables, how many young people they cover, and what was looked for."""

    young_people: int
    placed: int
    attributes: tuple[AttributeFigures, ...]
    looked_for: tuple[str, ...]
    age_note: str

    def attribute(self, name: str) -> AttributeFigures:
        """Return one attribute's figures by name or column (any case)."""
        wanted = name.casefold()
        return _first(
            self.attributes,
            lambda a: wanted in (a.name.casefold(), a.column.casefold()),
            f"no attribute {name!r} in these figures",
        )

    def marked(self) -> Iterator[tuple[AttributeFigures, OutcomeFigures, ValueFigures]]:
        """Yield every value whose interval excludes 1, with its attribute and outcome."""
        for attribute in self.attributes:
            for outcome in attribute.outcomes:
                for row in outcome.rows:
                    if row.attention:
                        yield attribute, outcome, row


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


def _data_column(values: AttributeValues) -> tuple[list[int], list[int], list[str]]:
    """Return the values present (positions in ``order``), their counts and statuses."""
    counts = np.bincount(values.codes, minlength=len(values.order))
    present = [i for i in range(len(values.order)) if counts[i] > 0]
    n = [int(counts[i]) for i in present]
    return present, n, complete_suppression(n, [FEWER_THAN if small(x) else "" for x in n])


def _table(
    key: str,
    title: str,
    values: AttributeValues,
    has: np.ndarray,
    data: tuple[list[int], list[int], list[str]],
) -> OutcomeFigures:
    present, n, n_status = data
    total_n, total_g = sum(n), int(has.sum())
    g_by = np.bincount(values.codes[has], minlength=len(values.order))
    g = [int(g_by[i]) for i in present]
    total_small = small(total_g)
    g_status = []
    for n_v, g_v, status in zip(n, g, n_status, strict=True):
        if total_small or status == FEWER_THAN or small(g_v):
            g_status.append(FEWER_THAN)
        elif small(n_v - g_v):
            g_status.append(WITHHELD)  # else the young people without it could be worked out
        else:
            g_status.append("")
    g_status = complete_suppression(g, g_status)
    rows = []
    for code, n_v, g_v, ns, gs in zip(present, n, g, n_status, g_status, strict=True):
        rate = None if ns or gs else rate_ratio(g_v, n_v, total_g - g_v, total_n - n_v)
        if FEWER_THAN in (ns, gs):
            why = HELD_BACK
        elif ns or gs:
            why = COMPLEMENT
        elif rate is None:
            why = NO_COMPARISON
        else:
            why = ""
        rows.append(
            ValueFigures(
                value=values.order[code],
                in_data=Count(None if ns else n_v, ns),
                with_outcome=Count(None if gs else g_v, gs),
                share_of_data=None if ns else n_v / total_n,
                share_of_outcome=None if gs or total_g == 0 else g_v / total_g,
                relative_rate=rate,
                withheld=why,
            )
        )
    total = Count(None, FEWER_THAN) if total_small else Count(total_g)
    return OutcomeFigures(key, title, total, tuple(rows))


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
        data = _data_column(values)
        tables = tuple(_table(k, t, values, has, data) for k, t, has in outcomes)
        found.append(AttributeFigures(values.name, column, values.note, tables))
    placed = int(is_in(young["id"], groups.memberships["person_id"]).sum())
    looked_for = tuple(attributes) if attributes is not None else DEFAULT_ATTRIBUTES
    return EqualityFigures(len(young), placed, tuple(found), looked_for, age_note)
