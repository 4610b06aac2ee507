"""What a user's columns hold: value guesses for a draft mapping, and dates as users write them.

Guesses from what a user's columns hold, for where headers say too little.

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

Dates as users write them (13/01/2025, 01/13/2025, 13 Jan 2025), turned into ISO days.

A mapping's ``[dates] order`` says how to read day and month when both are numbers. Dates that
cannot be misread — ISO ``2025-01-13``, Excel date cells, ``13 Jan 2025`` — are accepted in any
order. Impossible dates (31/02/2025) are refused, never rolled over.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cs_peers.inputs.columns import iso_days

__all__ = [
    "DATE_EXPECTED",
    "OrderEvidence",
    "date_share",
    "find_link_ends",
    "grading_share",
    "link_score",
    "name_share",
    "order_evidence",
    "sample_values",
    "user_days",
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


DATE_EXPECTED = {
    "iso": "iso: year-month-day, e.g. 2025-01-13",
    "day-first": "day-first: day/month/year, e.g. 13/01/2025",
    "month-first": "month-first: month/day/year, e.g. 01/13/2025",
}
_SEP = r"[/.\-]"
_NUMERIC = rf"^(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{4}})$"
_REWRITE = {"day-first": r"\3-\2-\1", "month-first": r"\3-\1-\2"}
# Month names are unambiguous, so they are read whatever the order.
_NAMED_FORMATS = ("%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%B-%Y", "%b %d %Y", "%B %d %Y")


@dataclass(frozen=True)
class OrderEvidence:
    """What some dates say about their order: how many are numeric d/m/y or m/d/y, and the first
    one whose first number is above 12 (so day-first) and whose second is (so month-first)."""

    numeric: int
    day_first: str
    month_first: str

    def note(self, order: str) -> str | None:
        """Return what a reader of dates in ``order`` should be told, or None when they decide.

        >>> order_evidence(pd.Series(["01/02/2025"])).note("day-first")
        'ambiguous: no number above 12 in 1 date, so only the mapping says which is the day'
        """
        if self.numeric == 0 or order == "iso":
            return None
        if self.day_first and self.month_first:
            return f"both orders seen ({self.day_first} and {self.month_first}): check the file"
        against = self.month_first if order == "day-first" else self.day_first
        if against:
            return f"{against} is not {order}"
        if not (self.day_first or self.month_first):
            plural = "s" if self.numeric != 1 else ""
            return (
                f"ambiguous: no number above 12 in {self.numeric} date{plural}, so only the "
                "mapping says which is the day"
            )
        return None


def order_evidence(values: pd.Series) -> OrderEvidence:
    """Return what numeric dates among ``values`` say about day and month order."""
    text = values.astype("str").str.strip().reset_index(drop=True)
    parts = text.str.extract(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-]\d{4}")
    numeric = parts.dropna()
    if numeric.empty:
        return OrderEvidence(0, "", "")
    first, second = numeric[0].astype(int), numeric[1].astype(int)
    day = numeric.index[first > 12]
    month = numeric.index[second > 12]
    return OrderEvidence(
        len(numeric),
        str(text[day[0]]) if len(day) else "",
        str(text[month[0]]) if len(month) else "",
    )


def _named_month(text: str) -> str:
    cleaned = " ".join(text.replace(",", " ").split())
    for fmt in _NAMED_FORMATS:
        try:
            return datetime.strptime(cleaned if "-" not in fmt else text, fmt).date().isoformat()
        except ValueError:
            continue
    return text


def user_days(values: pd.Series, order: str) -> tuple[pd.Series, np.ndarray]:
    """Return the values as ISO days ("" where empty) and a mask of values that are not dates.

    ``order`` is ``"iso"``, ``"day-first"`` or ``"month-first"``. A time of day after the date
    is dropped (associations are dated by the day).

    >>> dates = pd.Series(["13/01/2025", "2025-01-14", "31/02/2025", ""])
    >>> days, bad = user_days(dates, "day-first")
    >>> days.tolist(), bad.tolist()
    (['2025-01-13', '2025-01-14', '', ''], [False, False, True, False])
    """
    text = pa.array(values.astype("str"), type=pa.large_string()).fill_null("")
    text = pc.utf8_trim_whitespace(text)
    text = pc.replace_substring_regex(
        text, pattern=r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", replacement=""
    )
    if order in _REWRITE:
        # Pad 1/2/2025 to 01/02/2025, then move the parts into ISO order.
        text = pc.replace_substring_regex(text, pattern=rf"^(\d)({_SEP})", replacement=r"0\1\2")
        # RE2 rewrites take one digit after a backslash: \10 is group 1, then a zero.
        text = pc.replace_substring_regex(
            text, pattern=rf"^(\d\d{_SEP})(\d)({_SEP})", replacement=r"\10\2\3"
        )
        text = pc.replace_substring_regex(text, pattern=_NUMERIC, replacement=_REWRITE[order])
    candidate = pd.Series(text.to_pandas(), index=values.index, dtype="str")
    days, bad = iso_days(candidate)
    if bad.any():
        # Rare forms (13 Jan 2025) are read one by one, only where the fast path failed.
        positions = np.flatnonzero(bad)
        retried = candidate.iloc[positions].map(_named_month)
        again, still_bad = iso_days(retried)
        days.iloc[positions[~still_bad]] = again.to_numpy()[~still_bad]
        bad[positions[~still_bad]] = False
    return days, bad
