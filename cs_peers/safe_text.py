"""Text that can neither hide nor run: ids checked, file names derived, CSV cells neutralised.

Ids that cannot hide, and file names that never come from an id.

Ids are case references typed or exported by people: police URNs (``12/100045/25``), crime
references with spaces, case numbers with punctuation. They are *data*, accepted as they are,
and never trusted as file names or URLs: :func:`file_stem` always derives a slug plus a hash, so
an id can neither escape a folder nor appear whole in a file name or link. What is refused is
what would hide or run in any context: control, zero-width and bidirectional characters (a
person cannot see them), Unicode compatibility forms such as full-width digits (two
different-looking ids would be the same), and a leading ``= + - @`` (spreadsheets run it as a
formula). Such an id is rejected with the reason rather than silently normalised: an analyst has
to be able to find the same id in the source system.

Examples
--------
>>> id_problem("YP001") is None
True
>>> id_problem("12/100045/25") is None
True
>>> id_problem("YP\\u200b001")
'contains an invisible character (U+200B)'
>>> id_problem("=HYPERLINK(1)")
'starts with =, +, - or @, which spreadsheets run as a formula'
>>> file_stem("12/100045/25")
'12-100045-25-0079676a'
>>> file_stem("../../../escaped-LC01")
'escaped-LC01-80737715'

CSV text that a spreadsheet cannot run: OWASP's rule against formula injection.

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

import hashlib
import re
import unicodedata
from typing import Any

import pandas as pd

__all__ = ["MAX_ID_LENGTH", "file_stem", "id_problem", "neutralise", "safe_csv_text"]


MAX_ID_LENGTH = 200
_SLUG_DROP = re.compile(r"[^A-Za-z0-9_-]+")


def id_problem(value: str) -> str | None:
    """Return why ``value`` cannot be an id, or None when it can."""
    if len(value) > MAX_ID_LENGTH:
        return f"is {len(value):,} characters long; ids are at most {MAX_ID_LENGTH}"
    if value.startswith(("=", "+", "-", "@")):
        return "starts with =, +, - or @, which spreadsheets run as a formula"
    for char in value:
        category = unicodedata.category(char)
        if category in {"Cc", "Cf", "Zl", "Zp"}:
            return f"contains an invisible character (U+{ord(char):04X})"
    normal = unicodedata.normalize("NFKC", value)
    if normal != value:
        return (
            f"is written with compatibility characters (full-width digits, ligatures…); "
            f"write it as {normal!r}"
        )
    if value != value.strip():
        return "starts or ends with a space"
    return None


def file_stem(identifier: str) -> str:
    """Return a file name stem for ``identifier``: a readable slug of it plus a short hash.

    Never the id itself, even when it would be a safe name: the hash keeps different ids apart
    (``a/b`` and ``a-b``), and the slug keeps only ASCII letters, digits, ``-`` and ``_``, so a
    stem never starts with a dot, never holds a separator and is at most 57 characters.
    """
    digest = hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:8]
    slug = _SLUG_DROP.sub("-", identifier).strip("-_")[:48]
    return f"{slug}-{digest}" if slug else digest


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
    # Shallow: pandas copies on write, so the caller's frame is never changed, and a column
    # is copied only when it has a cell to neutralise.
    cleaned = frame.copy(deep=False)
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
