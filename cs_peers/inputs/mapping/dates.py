"""Dates as users write them (13/01/2025, 01/13/2025, 13 Jan 2025), turned into ISO days.

A mapping's ``[dates] order`` says how to read day and month when both are numbers. Dates that
cannot be misread — ISO ``2025-01-13``, Excel date cells, ``13 Jan 2025`` — are accepted in any
order. Impossible dates (31/02/2025) are refused, never rolled over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cs_peers.inputs.columns import iso_days

__all__ = ["DATE_EXPECTED", "OrderEvidence", "order_evidence", "user_days"]

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
