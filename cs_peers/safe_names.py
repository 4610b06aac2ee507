"""Ids that cannot hide, and file names that never come from an id.

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
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["MAX_ID_LENGTH", "file_stem", "id_problem"]

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
