"""Guesses from what a user's columns hold, for where headers say too little.

Which two columns are the ends of a link (their values are the same kind of id, and the same
ids turn up in both), which hold dates, agencies, gradings, confidence or relationship words,
and whether ids are people's names. Only ``cs-peers mapping init`` uses these, to draft a
mapping for the analyst to check; each looks at the first few thousand values of a column and
keeps none of them.

Examples
--------
>>> value_shape("12/100045/25"), value_shape("YP-0042"), value_shape("Larkfield Academy")
('9/9/9', 'A-9', 'A A')
>>> date_share(pd.Series(["13/01/2026", "2026-01-14", "14 Jan 2026 10:30", "soon"]))
0.75
>>> grading_share(pd.Series(["1AP", "2/B/C", "B2", "X9"]))
0.75
>>> name_share(pd.Series(["Jordan Smith", "SMITH, Jordan", "Zoë O'Neil", "YP0042"]))
0.75
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

__all__ = [
    "date_share",
    "find_link_ends",
    "grading_share",
    "link_score",
    "name_share",
    "sample_values",
    "value_shape",
    "word_share",
]

# Enough values to tell what a column holds, few enough for a workbook of a million rows.
_SAMPLE = 5000
_DATE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}"
    r"|\d{1,2}[ \-][A-Za-z]{3,9}[ \-,]+\d{4}|[A-Za-z]{3,9} \d{1,2},? \d{4})"
    r"([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$"
)
# 3x5x2 (source 1-3, intelligence A-E, handling P or C) and 5x5x5 (A-E, 1-5, 1-5) gradings.
_GRADING = re.compile(
    r"^([1-3]\s*[/\-]?\s*[A-E]\s*[/\-]?\s*[PC]?|[A-E]\s*[/\-]?\s*[1-5](\s*[/\-]?\s*[1-5])?)$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’\-]*(['’\-][^\W\d_]+)*$")


def sample_values(values: pd.Series) -> pd.Series:
    """Return the first few thousand non-empty values of a column, trimmed."""
    text = values.iloc[: 4 * _SAMPLE].astype("str").str.strip()
    return text[text != ""].iloc[:_SAMPLE]


def value_shape(value: str) -> str:
    """Return the shape of a value: letters as ``A``, digits as ``9``, runs as one."""
    shape = re.sub(r"[^\W\d_]+", "A", value)
    return re.sub(r"\d+", "9", shape)


def _share(values: pd.Series, test: Callable[[str], bool]) -> float:
    shown = sample_values(values)
    if shown.empty:
        return 0.0
    return float(shown.map(test).mean())


def date_share(values: pd.Series) -> float:
    """Return the share of a column's values that are dates (any order, with or without time)."""
    return _share(values, lambda v: _DATE.match(v) is not None)


def grading_share(values: pd.Series) -> float:
    """Return the share of a column's values that are 3x5x2 or 5x5x5 intelligence gradings."""
    return _share(values, lambda v: _GRADING.match(v) is not None)


def _is_name(value: str) -> bool:
    if "," in value:
        surname, _, forenames = value.partition(",")
        words = [surname.strip(), *forenames.split()]
    else:
        words = value.split()
    if not 2 <= len(words) <= 4:
        return False
    return all(_NAME_WORD.match(w) and w[0].isupper() for w in words)


def name_share(values: pd.Series) -> float:
    """Return the share of a column's values that look like people's names (two to four
    capitalised words of letters, or ``SURNAME, Forename``)."""
    return _share(values, _is_name)


def word_share(values: pd.Series, value_of: Callable[[str], str | None]) -> float:
    """Return the share of a column's values (by rows) that ``value_of`` recognises."""
    shown = sample_values(values)
    if shown.empty:
        return 0.0
    known = {w: value_of(w) is not None for w in shown.unique()}
    return float(shown.map(known).mean())


def link_score(first: pd.Series, second: pd.Series) -> float:
    """Return how much two columns look like the two ends of links (0 to 2).

    The share of distinct values they have in common (the same young person turns up on either
    side of different links), plus the share of the second's values shaped like the first's
    commonest shapes. A shape counts only if it has a digit: names and words share shapes by
    chance, case numbers do not.
    """
    a, b = sample_values(first), sample_values(second)
    if a.empty or b.empty:
        return 0.0
    left, right = set(a), set(b)
    overlap = len(left & right) / min(len(left), len(right))
    shapes = a.map(value_shape).value_counts()
    common = {s for s in shapes.index[:3] if any(c.isdigit() for c in s)}
    alike = float(b.map(value_shape).isin(common).mean()) if common else 0.0
    return overlap + alike


def find_link_ends(frame: pd.DataFrame, free: list[str], *, found: str | None) -> list[str]:
    """Return the headers of the two ends of the links among ``free``, or of the one missing.

    With ``found`` (the header of one end, known from its name), return the free column most
    like it; otherwise the best-scoring pair, left one first. Empty when nothing scores 0.5.
    """
    if found is not None:
        scored = [(link_score(frame[found], frame[h]), -i, h) for i, h in enumerate(free)]
        best = max(scored, default=(0.0, 0, ""))
        return [best[2]] if best[0] >= 0.5 else []
    pairs = [
        (link_score(frame[a], frame[b]), -i, -j, a, b)
        for i, a in enumerate(free)
        for j, b in enumerate(free)
        if i < j
    ]
    best_pair = max(pairs, default=(0.0, 0, 0, "", ""))
    return [best_pair[3], best_pair[4]] if best_pair[0] >= 0.5 else []
