"""The equality figures: for each attribute value, who is placed in groups and who is recorded.

Two kinds of outcome are counted for every value of every attribute, over the young people in
the data: being **placed in a candidate group**, and being **recorded in a concern** (an
association of the vocabulary's ``concern`` category), by any agency and by each agency that
recorded one. Side by side they help tell recording bias (who gets recorded, by whom) from
grouping bias (what the method does with those records).

Nothing here is about one child: every figure is a count of young people with a value, and
counts that could identify a child are held back (see :mod:`cs_peers.analysis.equality.model`).

Which attributes of the young people the data carries, and each young person's value.

Attributes are extra columns of ``people.csv`` (the input contract keeps any other column as an
attribute). By default cs-peers looks for ``ethnicity``, ``gender``, ``sex``, ``age`` and
``date_of_birth`` (case-insensitively); a caller (or, later, a mapping) may name others.
Ages and dates of birth are shown as age bands, never as single years, so that a table cannot
single out the one fifteen-year-old of a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cs_peers import clock
from cs_peers.analysis.equality.model import (
    COMPLEMENT,
    FEWER_THAN,
    HELD_BACK,
    NO_AGENCY,
    NO_COMPARISON,
    OTHER_VALUES,
    WITHHELD,
    AttributeFigures,
    Count,
    EqualityFigures,
    OutcomeFigures,
    RateRatio,
    ValueFigures,
    complete_suppression,
    rate_ratio,
    small,
)
from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.errors import CsPeersError
from cs_peers.inputs.columns import is_in
from cs_peers.inputs.dataset import PEOPLE_COLUMNS, Dataset

__all__ = [
    "AGE_BANDS",
    "DEFAULT_ATTRIBUTES",
    "NOT_RECORDED",
    "OTHER_VALUES",
    "UNREADABLE",
    "AttributeFigures",
    "AttributeValues",
    "Count",
    "EqualityFigures",
    "OutcomeFigures",
    "ValueFigures",
    "attribute_values",
    "equality_figures",
    "find_attribute_columns",
    "reference_date",
]


DEFAULT_ATTRIBUTES = ("ethnicity", "gender", "sex", "age", "date_of_birth")
# (lowest age in the band, label); a band runs up to the next band's lowest age.
AGE_BANDS = ((0, "under 10"), (10, "10–13"), (14, "14–15"), (16, "16–17"), (18, "18 and over"))
NOT_RECORDED = "not recorded"
UNREADABLE = "not readable"
_AGE_COLUMNS = ("age", "date_of_birth")
_OLDEST = 120


@dataclass(frozen=True)
class AttributeValues:
    """One attribute: what outputs call it, its column, and each young person's value.

    ``codes`` gives each young person's value as a position in ``order``, the order values are
    shown in (age bands youngest first, other values alphabetically, then "not recorded" and
    "not readable"); ``note`` says how the values were derived ("" when taken as recorded).
    """

    name: str
    column: str
    codes: np.ndarray
    order: tuple[str, ...]
    note: str = ""

    @property
    def values(self) -> list[str]:
        """Return each young person's value as text."""
        return [self.order[c] for c in self.codes.tolist()]


def find_attribute_columns(
    people_columns: Sequence[str], requested: Sequence[str] | None = None
) -> list[str]:
    """Return the people.csv columns to report on, in the order they will be shown.

    Without ``requested``: every column of :data:`DEFAULT_ATTRIBUTES` present (by name, any
    case), except ``age`` when ``date_of_birth`` is also there (both would give the same age
    bands; a date of birth gives them exactly). With ``requested``: exactly those columns.

    Raises
    ------
    CsPeersError
        If a requested column is not in people.csv, or is one of id, kind, label, name.

    Examples
    --------
    >>> find_attribute_columns(["id", "kind", "label", "name", "Gender", "age", "role"])
    ['Gender', 'age']
    >>> find_attribute_columns(["id", "kind", "age", "date_of_birth"])
    ['date_of_birth']
    """
    extra = [c for c in people_columns if c.casefold() not in PEOPLE_COLUMNS]
    by_name = {c.casefold(): c for c in extra}
    if requested is None:
        found = [by_name[a] for a in DEFAULT_ATTRIBUTES if a in by_name]
        if "date_of_birth" in by_name and "age" in by_name:
            found.remove(by_name["age"])
        return found
    chosen: list[str] = []
    for wanted in requested:
        key = wanted.strip().casefold()
        if key in PEOPLE_COLUMNS:
            raise CsPeersError(
                f"people.csv, column {wanted!r}: {key} is part of the input contract, not an "
                "attribute of the young people; name an attribute column instead"
            )
        if key not in by_name:
            known = ", ".join(extra) or "none"
            raise CsPeersError(
                f"people.csv has no column {wanted!r}; its attribute columns are: {known}"
            )
        if by_name[key] not in chosen:
            chosen.append(by_name[key])
    return chosen


def reference_date(dataset: Dataset) -> tuple[date, str]:
    """Return the date ages are worked out on, and how it was chosen.

    It is the latest date in the associations (observed or recorded), so a pack rebuilt later
    from the same data shows the same age bands; with no dated association, today.
    """
    a = dataset.associations
    # ISO strings sort as dates, and "" (undated) sorts first, so the maximum is the latest.
    latest = max((str(a[c].max()) for c in ("observed_on", "recorded_on") if len(a)), default="")
    if latest:
        return date.fromisoformat(latest), f"ages on {latest}, the latest date in the data"
    today = clock.today()
    return today, f"ages on {today.isoformat()} (today: no association in the data is dated)"


def _arrow_text(raw: pd.Series) -> pa.Array:
    array = pa.array(raw.astype("str"), from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return pc.utf8_trim_whitespace(array.cast(pa.large_string()).fill_null(""))


def _numbers(text: pa.Array, start: int, stop: int, ok: pa.Array) -> np.ndarray:
    """Return the digits at [start, stop) of each text as integers (0 where not ``ok``)."""
    part = pc.if_else(ok, pc.utf8_slice_codeunits(text, start, stop), "0")
    return np.asarray(pc.cast(part, pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def _age_bands(raw: pd.Series, column: str, on: date, how: str) -> AttributeValues:
    text = _arrow_text(raw)
    blank = np.asarray(pc.equal(text, "").to_numpy(zero_copy_only=False), dtype=bool)
    if column.casefold() == "date_of_birth":
        # ISO dates, also as Excel writes them ("2012-03-04 00:00:00"); 2012-02-30 is unreadable.
        ok_arrow = pc.match_substring_regex(text, pattern=r"^\d{4}-\d{2}-\d{2}([ T]00:00:00)?$")
        ok = np.asarray(ok_arrow.to_numpy(zero_copy_only=False), dtype=bool)
        year, month, day = (_numbers(text, a, b, ok_arrow) for a, b in ((0, 4), (5, 7), (8, 10)))
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
        ok &= (month >= 1) & (month <= 12) & (day >= 1)
        ok &= day <= month_days[np.clip(month, 0, 12)] + (leap & (month == 2))
        before_birthday = (month > on.month) | ((month == on.month) & (day > on.day))
        ages = on.year - year - before_birthday.astype(np.int64)
        note = f"from {column}, {how}"
    else:
        # Whole years, as typed or as Excel writes a number ("15.0").
        ok_arrow = pc.match_substring_regex(text, pattern=r"^\d{1,3}(\.0*)?$")
        ok = np.asarray(ok_arrow.to_numpy(zero_copy_only=False), dtype=bool)
        whole = pc.if_else(ok_arrow, pc.replace_substring_regex(text, r"\..*$", ""), "0")
        ages = np.asarray(pc.cast(whole, pa.int64()).to_numpy(zero_copy_only=False))
        note = f"from the {column} column, as recorded"
    ok &= (ages >= 0) & (ages <= _OLDEST)
    lows = np.array([low for low, _ in AGE_BANDS])
    codes = np.full(len(ages), len(AGE_BANDS) + 1, dtype=np.int64)  # "not readable"
    codes[blank] = len(AGE_BANDS)  # "not recorded"
    codes[ok] = np.searchsorted(lows, ages[ok], side="right") - 1
    order = (*(label for _, label in AGE_BANDS), NOT_RECORDED, UNREADABLE)
    return AttributeValues("age band", column, codes, order, note)


def attribute_values(
    young_people: pd.DataFrame, column: str, *, on: date, how: str = ""
) -> AttributeValues:
    """Return each young person's value of one attribute column.

    ``age`` and ``date_of_birth`` become age bands (see :data:`AGE_BANDS`), a date of birth as
    of ``on``; other columns are taken as recorded, trimmed. Empty cells are "not recorded";
    ages or dates that cannot be read are "not readable" (counted, never an error: attributes
    are optional and a pack must not fail on them).

    Examples
    --------
    >>> people = pd.DataFrame({"age": ["9", "15", "", "x", "17"]})
    >>> attribute_values(people, "age", on=date(2026, 10, 31)).values
    ['under 10', '14–15', 'not recorded', 'not readable', '16–17']
    >>> born = pd.DataFrame({"date_of_birth": ["2012-11-01", "2012-10-31"]})
    >>> attribute_values(born, "date_of_birth", on=date(2026, 10, 31)).values
    ['10–13', '14–15']
    """
    raw = young_people[column]
    if column.casefold() in _AGE_COLUMNS:
        return _age_bands(raw, column, on, how or f"ages on {on.isoformat()}")
    encoded = pc.dictionary_encode(_arrow_text(raw))
    dictionary = [str(v) for v in encoded.dictionary.to_pylist()]
    recorded = sorted((v for v in dictionary if v != ""), key=lambda v: (v.casefold(), v))
    order = (*recorded, NOT_RECORDED)
    position = {v: i for i, v in enumerate(recorded)} | {"": len(recorded)}
    remap = np.array([position[v] for v in dictionary], dtype=np.int64)
    indices = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return AttributeValues(column.casefold(), column, remap[indices], order)


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
    :func:`~cs_peers.analysis.equality.model.complete_suppression`) across the tables.
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
    :data:`~cs_peers.analysis.equality.figures.DEFAULT_ATTRIBUTES` the data carries. Only young
    people are counted. With no such column the result has no attributes (and says what was
    looked for).

    Examples
    --------
    >>> from cs_peers.analysis.run import analyse
    >>> from cs_peers.analysis.grouping.parameters import GroupingParameters
    >>> from cs_peers.inputs.sample.generate import borough_dataset
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
