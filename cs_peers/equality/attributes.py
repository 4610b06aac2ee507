"""Which attributes of the young people the data carries, and each young person's value.

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

from cs_peers.columns import iso_days
from cs_peers.dataset import PEOPLE_COLUMNS, Dataset
from cs_peers.errors import CsPeersError

__all__ = [
    "AGE_BANDS",
    "DEFAULT_ATTRIBUTES",
    "NOT_RECORDED",
    "UNREADABLE",
    "AttributeValues",
    "attribute_values",
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
    """One attribute: what outputs call it, its column, and one value per young person.

    ``values`` is indexed like the young people it was made from; ``order`` is the order the
    values are shown in (age bands youngest first, other values alphabetically, then "not
    recorded" and "not readable"); ``note`` says how the values were derived ("" when taken as
    recorded).
    """

    name: str
    column: str
    values: pd.Series
    order: tuple[str, ...]
    note: str = ""


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
    dates = pd.concat([a["observed_on"], a["recorded_on"]])
    dates = dates[dates != ""]
    if len(dates):
        latest = str(dates.max())
        return date.fromisoformat(latest), f"ages on {latest}, the latest date in the data"
    today = date.today()
    return today, f"ages on {today.isoformat()} (today: no association in the data is dated)"


def _band(ages: np.ndarray) -> np.ndarray:
    lows = np.array([low for low, _ in AGE_BANDS])
    labels = np.array([label for _, label in AGE_BANDS], dtype=object)
    return np.asarray(labels[np.searchsorted(lows, ages, side="right") - 1], dtype=object)


def _age_bands(raw: pd.Series, column: str, on: date, how: str) -> AttributeValues:
    text = raw.astype(str).str.strip()
    blank = (text == "").to_numpy()
    if column.casefold() == "date_of_birth":
        days, bad = iso_days(text)
        born = pd.to_datetime(days.where(days != ""), format="%Y-%m-%d")
        years = on.year - born.dt.year
        before_birthday = (born.dt.month > on.month) | (
            (born.dt.month == on.month) & (born.dt.day > on.day)
        )
        ages = (years - before_birthday.astype(int)).to_numpy(dtype=float, na_value=np.nan)
        note = f"from {column}, {how}"
    else:
        ages = pd.to_numeric(text.where(~blank), errors="coerce").to_numpy(dtype=float)
        bad = ~blank & np.isnan(ages)
        note = f"from the {column} column, as recorded"
    readable = ~np.isnan(ages)
    whole = readable & (np.nan_to_num(ages) == np.floor(np.nan_to_num(ages)))
    in_range = whole & (np.nan_to_num(ages) >= 0) & (np.nan_to_num(ages) <= _OLDEST)
    values = np.full(len(text), NOT_RECORDED, dtype=object)
    values[bad | (readable & ~in_range)] = UNREADABLE
    values[in_range] = _band(np.nan_to_num(ages)[in_range].astype(int))
    order = (*(label for _, label in AGE_BANDS), NOT_RECORDED, UNREADABLE)
    series = pd.Series(values, index=raw.index, dtype=object)
    return AttributeValues("age band", column, series, order, note)


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
    >>> list(attribute_values(people, "age", on=date(2026, 10, 31)).values)
    ['under 10', '14–15', 'not recorded', 'not readable', '16–17']
    >>> born = pd.DataFrame({"date_of_birth": ["2012-11-01", "2012-10-31"]})
    >>> list(attribute_values(born, "date_of_birth", on=date(2026, 10, 31)).values)
    ['10–13', '14–15']
    """
    raw = young_people[column]
    if column.casefold() in _AGE_COLUMNS:
        return _age_bands(raw, column, on, how or f"ages on {on.isoformat()}")
    values = raw.astype(str).str.strip()
    values = values.where(values != "", NOT_RECORDED).astype(object)
    recorded = sorted((v for v in values.unique() if v != NOT_RECORDED), key=str.casefold)
    order = (*recorded, NOT_RECORDED)
    return AttributeValues(column.casefold(), column, values, order)
