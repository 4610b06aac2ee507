"""CSV text that a spreadsheet cannot run: OWASP's rule against formula injection.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)`` can send data away). Every CSV
cs-peers writes goes through :func:`safe_csv_text`, which prefixes such a cell with ``'`` so it
shows as the text it is. Numbers are left alone: ``-0.5`` is a number, not a formula.

A spreadsheet set for a locale whose list separator is ``;`` (most of Europe) splits a comma
CSV's cells at every ``;``, and one reading tab-separated text at every tab: each piece after
one is a cell of its own, so it is neutralised in the same way.

Examples
--------
>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise("YP001"), neutralise("-0.25"), neutralise("-rm")
('YP001', '-0.25', "'-rm")
>>> neutralise("x;=HYPERLINK(1)"), neutralise("a;b;-1")
("x;'=HYPERLINK(1)", 'a;b;-1')
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["neutralise", "safe_csv_text"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SEPARATORS = re.compile(r"([;\t])")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _piece(text: str) -> str:
    if text.startswith(_TRIGGERS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def neutralise(value: Any) -> Any:
    """Return ``value`` with a leading ``'`` when a spreadsheet would run it (and after each
    ``;`` or tab before a piece it would run); others unchanged."""
    if not isinstance(value, str):
        return value
    if ";" not in value and "\t" not in value:
        return _piece(value)
    head, *rest = _SEPARATORS.split(value)
    # The first piece starts as the whole cell does: the cell's own rule covers it.
    pieces = ["'" if _piece(value) != value else "", head]
    for i in range(0, len(rest), 2):
        pieces += [rest[i], _piece(rest[i + 1])]
    return "".join(pieces)


def safe_csv_text(frame: pd.DataFrame) -> str:
    """Return ``frame`` as CSV text (no index, ``\\n`` lines) with every text cell neutralised."""
    cleaned = frame.copy()
    for column in cleaned.columns:
        values = cleaned[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            # Only cells starting with a trigger, or holding a ';' or a tab (a locale's cell
            # separator), can need the quote: find them for the whole column at once, then look
            # at those alone (a million cells in a few ms).
            try:
                starts = values.str.startswith(_TRIGGERS) | values.str.contains("[;\t]")
            except AttributeError:  # an object column holding no text at all
                continue
            suspect = starts.fillna(False).to_numpy(dtype=bool)
            if suspect.any():
                cleaned.loc[suspect, column] = values[suspect].map(neutralise)
    cleaned.columns = [str(neutralise(str(c))) for c in cleaned.columns]
    return str(cleaned.to_csv(index=False, lineterminator="\n"))
