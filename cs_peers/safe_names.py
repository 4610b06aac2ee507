"""Ids that cannot hide, and file names that cannot escape their folder.

Ids are case references typed or exported by people, so they are checked for what a person
cannot see (control, zero-width and bidirectional characters) and for what would make two
different-looking ids the same (Unicode compatibility forms such as full-width digits). Such an
id is rejected with the reason rather than silently normalised: an analyst has to be able to
find the same id in the source system. File names never come from an id directly.

Examples
--------
>>> id_problem("YP001") is None
True
>>> id_problem("../../escaped")
'contains a path separator (/ or \\\\)'
>>> id_problem("YP\\u200b001")
'contains an invisible character (U+200B)'
>>> file_stem("CX-12")
'CX-12'
>>> file_stem("../../../escaped-LC01")
'escaped-LC01-80737715'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["MAX_ID_LENGTH", "file_stem", "id_problem"]

MAX_ID_LENGTH = 200
_SAFE_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_SLUG_DROP = re.compile(r"[^A-Za-z0-9_-]+")


def id_problem(value: str) -> str | None:
    """Return why ``value`` cannot be an id, or None when it can."""
    if len(value) > MAX_ID_LENGTH:
        return f"is {len(value):,} characters long; ids are at most {MAX_ID_LENGTH}"
    if "/" in value or "\\" in value:
        return "contains a path separator (/ or \\)"
    if value in {".", ".."}:
        return "is not a name"
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
    """Return a file name stem for ``identifier``: the id itself when it is plainly safe,
    else a readable slug of it plus a short hash, so different ids never share a file."""
    if _SAFE_STEM.fullmatch(identifier):
        return identifier
    digest = hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:8]
    slug = _SLUG_DROP.sub("-", identifier).strip("-_")[:48]
    return f"{slug}-{digest}" if slug else digest
