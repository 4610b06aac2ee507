"""Fast column operations on string columns, done by Arrow's compute kernels.

pandas' own string membership and date parsing walk Python objects row by row: about a minute
for the six million associations of a million-young-person dataset. Arrow's kernels do the same
in seconds, which is why pyarrow is a dependency.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "agency_names",
    "agency_text",
    "index_in",
    "is_in",
    "iso_days",
    "lower_levels",
    "per_distinct",
    "text_bytes",
]


def _arrow(values: pd.Series | pd.Index | np.ndarray | list[str]) -> pa.Array | pa.ChunkedArray:
    """Return the values as Arrow text ("" for missing), without copying Arrow-backed strings."""
    if isinstance(values, pd.Series | pd.Index):
        # Arrow-backed strings convert without copying; anything else goes through object.
        array = pa.array(values.astype("str"), from_pandas=True)
    else:
        array = pa.array(values, type=pa.string())
    if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
        array = array.cast(pa.large_string())
    # Kept in its chunks and its own string type: at a million young people a column is 100 MB,
    # and joining the chunks or widening the offsets would copy it on every look-up.
    return array.fill_null("") if array.null_count else array


def text_bytes(values: pd.Series) -> int:
    """Return the UTF-8 bytes a text column holds in all ("" for missing).

    Read from Arrow's offsets, without decoding a character: at a million young people,
    pandas' ``str.len`` of every column took 2 s of reading the files.
    """
    total = pc.sum(pc.binary_length(_arrow(values))).as_py()
    return int(total or 0)


def _matching(
    values: pd.Series, keys: pd.Series | pd.Index | np.ndarray | list[str]
) -> tuple[pa.Array | pa.ChunkedArray, pa.Array | pa.ChunkedArray]:
    """Return values and keys as Arrow text of one type (the keys cast when they differ)."""
    left, right = _arrow(values), _arrow(keys)
    if left.type != right.type:
        right = right.cast(pa.large_string())
        if left.type != right.type:
            left = left.cast(pa.large_string())
    if isinstance(right, pa.ChunkedArray):
        right = right.combine_chunks()
    return left, right


def is_in(values: pd.Series, allowed: pd.Series | pd.Index | np.ndarray | list[str]) -> np.ndarray:
    """Return a boolean array: whether each value is among ``allowed``."""
    left, right = _matching(values, allowed)
    mask = pc.is_in(left, value_set=right)
    return np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)


def index_in(values: pd.Series, keys: pd.Series | pd.Index | np.ndarray | list[str]) -> np.ndarray:
    """Return, for each value, its position in ``keys`` (the first one), or -1 if absent."""
    left, right = _matching(values, keys)
    positions = pc.index_in(left, value_set=right)
    return np.asarray(positions.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _distinct(values: pd.Series) -> tuple[pa.Array, np.ndarray]:
    """Return the distinct values as Arrow text, and each value's position among them."""
    array = _arrow(values)
    distinct = pc.unique(array)
    at = pc.index_in(array, value_set=distinct).to_numpy(zero_copy_only=False)
    return distinct, np.asarray(at)


def _spread(values: pd.Series, distinct: pa.Array, done: pa.Array, at: np.ndarray) -> pd.Series:
    """Return the column whose values are ``done[at]``: ``values`` itself where that is it."""
    if done.equals(distinct.cast(done.type)) and not values.isna().any():
        return values.astype("str")
    column = pc.take(done, pa.array(at)).to_pandas()
    return pd.Series(column, index=values.index, dtype="str")


def per_distinct(values: pd.Series, transform: Callable[[pa.Array], pa.Array]) -> pd.Series:
    """Return ``transform`` of the values (Arrow text), worked out once per distinct value.

    A column of millions of dates, agencies or levels holds a few hundred distinct values:
    transforming those alone saves each full-length intermediate (at a million young people
    a column is 100 MB) and its time. When the transform changes no value the column itself
    comes back, not a copy.

    >>> per_distinct(pd.Series(["a", "B", "a"]), pc.utf8_upper).tolist()
    ['A', 'B', 'A']
    """
    distinct, at = _distinct(values)
    return _spread(values, distinct, transform(distinct), at)


def lower_levels(values: pd.Series, *, default: str) -> pd.Series:
    """Return the values in lower case, ``default`` where empty.

    >>> lower_levels(pd.Series(["High", "", "low"]), default="medium").tolist()
    ['high', 'medium', 'low']
    """
    return per_distinct(
        values, lambda levels: pc.if_else(pc.equal(levels, ""), default, pc.utf8_lower(levels))
    )


def _checked_days(text: pa.Array) -> pa.Array:
    """Return each value as an ISO day, "" where empty, null where it is not a real date."""
    text = pc.utf8_trim_whitespace(text)
    text = pc.replace_substring_regex(text, pattern=r"[ T]00:00:00$", replacement="")
    shaped = pc.match_substring_regex(text, pattern=r"^\d{4}-\d{2}-\d{2}$")
    parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls 2025-02-31 over to 2025-03-03; a real date keeps its day of the month.
    day = pc.cast(pc.if_else(shaped, pc.utf8_slice_codeunits(text, 8, 10), "0"), pa.int64())
    ok = pc.fill_null(pc.and_(shaped, pc.equal(pc.day(parsed), day)), False)
    empty = pc.equal(text, "")
    return pc.if_else(ok, text, pc.if_else(empty, "", pa.scalar(None, text.type)))


def iso_days(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Return the values as ISO days ("" where empty) and a mask of values that are not dates.

    Accepts ``YYYY-MM-DD`` and Excel's ``YYYY-MM-DD 00:00:00``. Impossible dates such as
    2025-02-31 are refused: a value is a date only if it reads back unchanged. Each distinct
    value is checked once (a year of records holds a few hundred days).

    >>> days, bad = iso_days(pd.Series(["2025-02-28", " 2025-03-01 00:00:00", "", "2025-02-31"]))
    >>> days.tolist(), bad.tolist()
    (['2025-02-28', '2025-03-01', '', ''], [False, False, False, True])
    """
    distinct, at = _distinct(values)
    checked = _checked_days(distinct)
    bad = np.asarray(checked.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    return _spread(values, distinct, checked.fill_null(""), at), bad[at]


# Runs of spaces, hyphens and underscores between the words of an agency's name.
_AGENCY_GAPS = r"[\s_\-]+"


def agency_names(values: pd.Series) -> pd.Series:
    """Return agencies as one spelling: trimmed, lower case, words joined by one ``_``.

    So "Police", " police " and "POLICE" count as one agency, and "Youth Service" is
    ``youth_service`` as the contract writes it.

    >>> agency_names(pd.Series(["Police", " youth  Service", "social_care", ""])).tolist()
    ['police', 'youth_service', 'social_care', '']
    """
    return per_distinct(
        values,
        lambda text: pc.replace_substring_regex(
            pc.utf8_lower(pc.utf8_trim_whitespace(text)), pattern=_AGENCY_GAPS, replacement="_"
        ),
    )


def agency_text(value: str) -> str:
    """Return one agency as :func:`agency_names` writes it.

    >>> agency_text("Children's Social Care")
    "children's_social_care"
    """
    return re.sub(_AGENCY_GAPS, "_", value.strip().lower())
