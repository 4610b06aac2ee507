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
import pyarrow as pa
import pyarrow.compute as pc

from cs_peers import clock
from cs_peers.errors import CsPeersError
from cs_peers.inputs.dataset import PEOPLE_COLUMNS, Dataset

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
