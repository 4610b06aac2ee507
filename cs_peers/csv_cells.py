"""CSV text that a spreadsheet cannot run: OWASP's rule against formula injection.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)`` can send data away). Every CSV
cs-peers writes goes through :func:`safe_csv_text`, which prefixes such a cell with ``'`` so it
shows as the text it is. Numbers are left alone: ``-0.5`` is a number, not a formula.

Examples
--------
>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise("YP001"), neutralise("-0.25"), neutralise("-rm")
('YP001', '-0.25', "'-rm")
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["neutralise", "safe_csv_text"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """Return ``value`` with a leading ``'`` when a spreadsheet would run it; others unchanged."""
    if isinstance(value, str) and value.startswith(_TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_csv_text(frame: pd.DataFrame) -> str:
    """Return ``frame`` as CSV text (no index, ``\\n`` lines) with every text cell neutralised."""
    cleaned = frame.copy()
    for column in cleaned.columns:
        values = cleaned[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            # Only cells starting with a trigger can need the quote: find them for the whole
            # column at once, then look at those alone (a million cells in a few ms).
            try:
                starts = values.str.startswith(_TRIGGERS)
            except AttributeError:  # an object column holding no text at all
                continue
            suspect = starts.fillna(False).to_numpy(dtype=bool)
            if suspect.any():
                cleaned.loc[suspect, column] = values[suspect].map(neutralise)
    cleaned.columns = [str(neutralise(str(c))) for c in cleaned.columns]
    return str(cleaned.to_csv(index=False, lineterminator="\n"))
