"""Best guesses for a starting mapping: which header is which column, which word which value.

Guesses are only ever written into a draft mapping for the analyst to check
(``cs-peers mapping init``); reading never guesses. A word that is not clearly one contract
value is left for the analyst, never matched to the nearest-looking one.
"""

from __future__ import annotations

import re

import pandas as pd

from cs_peers.inputs.mapping.spec import CONTRACT_COLUMNS

__all__ = ["guess_columns", "guess_date_order", "guess_table", "guess_word", "normalise_header"]

# Spellings of each contract column seen in exports (after normalise_header).
_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "associations": {
        "type": (
            "type",
            "relationship",
            "relationship type",
            "relation",
            "association",
            "association type",
            "link",
            "link type",
            "connection",
            "nature of link",
        ),
        "observed_on": (
            "observed on",
            "observed",
            "date seen",
            "seen on",
            "date observed",
            "date",
            "event date",
            "incident date",
            "date of contact",
            "seen",
        ),
        "recorded_on": (
            "recorded on",
            "recorded",
            "date recorded",
            "date entered",
            "entered",
            "date created",
            "created",
            "entry date",
            "input date",
        ),
        "source_agency": (
            "source agency",
            "agency",
            "source",
            "reported by",
            "organisation",
            "organization",
            "partner",
            "information source",
            "provider",
        ),
        "confidence": ("confidence", "reliability", "certainty"),
        "grading": ("grading", "grade", "3x5x2", "intelligence grading", "nim grading"),
        "reference": (
            "reference",
            "ref",
            "record reference",
            "record",
            "document",
            "crime reference",
            "log number",
            "record id",
            "source reference",
        ),
        "notes": ("notes", "note", "comments", "comment", "details", "description", "narrative"),
    },
    "people": {
        "id": (
            "id",
            "person id",
            "case reference",
            "case ref",
            "reference",
            "ref",
            "urn",
            "child id",
            "yp id",
            "case id",
            "person ref",
            "nominal id",
        ),
        "kind": ("kind", "type", "person type", "role", "category"),
        "label": ("label", "initials", "pseudonym", "display name", "alias"),
        "name": ("name", "full name", "real name", "person name"),
    },
    "contexts": {
        "id": ("id", "context id", "place id", "location id", "school id", "venue id", "ref"),
        "kind": ("kind", "type", "place type", "context type", "category"),
        "name": ("name", "place", "place name", "location", "school", "venue", "context name"),
    },
}
_END_A = {"a", "1", "from", "first", "subject"}
_END_B = {"b", "2", "to", "second", "associate", "linked"}
_END_ROLES = (
    ("_name", {"name", "names"}),
    ("_label", {"initials", "label", "pseudonym", "alias"}),
    ("_kind", {"type", "kind", "role", "category"}),
    ("", {"id", "ref", "reference", "urn", "number", "no", "code", "person", "nominal"}),
)
_TABLE_HINTS = {
    "associations": ("link", "association", "relationship", "connection", "edge", "contact"),
    "contexts": ("context", "place", "location", "school", "venue", "space"),
    "people": ("people", "person", "young", "child", "cohort", "nominal", "individual"),
}
# Words that clearly mean one contract value (after normalise_header).
_WORDS: dict[str, dict[str, str]] = {
    "kind": {
        "yp": "young_person",
        "young person": "young_person",
        "child": "young_person",
        "juvenile": "young_person",
        "adult": "adult",
        "place": "location",
        "address": "location",
        "venue": "location",
        "academy": "school",
        "app": "online",
    },
    "confidence": {"h": "high", "m": "medium", "med": "medium", "l": "low"},
    "type": {
        "friends": "friend",
        "brother": "sibling",
        "sister": "sibling",
        "co accused": "co_arrested",
        "co offender": "co_arrested",
        "arrested with": "co_arrested",
        "missing with": "missing_together",
        "pupil at": "attends",
        "student at": "attends",
    },
}


def normalise_header(text: str) -> str:
    """Return a header or word reduced to lower-case words, for matching.

    >>> normalise_header("  Person-A_ID ")
    'person a id'
    """
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def _end_column(header: str) -> str | None:
    words = set(normalise_header(header).split())
    ends = [end for end, marks in (("source", _END_A), ("target", _END_B)) if words & marks]
    if len(ends) != 1:
        return None
    rest = words - _END_A - _END_B
    for suffix, roles in _END_ROLES:
        if rest & roles or (suffix == "" and not rest):
            return ends[0] + suffix
    return None


def guess_columns(table: str, headers: list[str]) -> dict[str, str]:
    """Return the best guess of the user's header for each contract column of ``table``."""
    found: dict[str, str] = {}
    free = list(headers)
    by_norm = {normalise_header(h): h for h in headers}
    for column in CONTRACT_COLUMNS[table]:
        # "source" is a person only beside "target"; alone it is usually the agency.
        if column == "source" and "target" not in by_norm:
            continue
        if normalise_header(column) in by_norm and by_norm[normalise_header(column)] in free:
            found[column] = by_norm[normalise_header(column)]
            free.remove(found[column])
    if table == "associations":
        for header in list(free):
            end = _end_column(header)
            if end is not None and end not in found:
                found[end] = header
                free.remove(header)
    for column, spellings in _SYNONYMS[table].items():
        if column in found:
            continue
        for spelling in spellings:
            match = [h for h in free if normalise_header(h) == spelling]
            if match:
                found[column] = match[0]
                free.remove(match[0])
                break
    order = list(CONTRACT_COLUMNS[table])
    return dict(sorted(found.items(), key=lambda item: order.index(item[0])))


def guess_table(name: str, headers: list[str]) -> str | None:
    """Return which contract table a file or sheet called ``name`` most likely holds."""
    columns = guess_columns("associations", headers)
    if "source" in columns and "target" in columns:
        return "associations"
    lowered = name.lower()
    for table in ("contexts", "people"):
        if any(hint in lowered for hint in _TABLE_HINTS[table]):
            return table
    if "id" in guess_columns("people", headers):
        return "people"
    return None


def guess_word(column: str, word: str, allowed: tuple[str, ...]) -> str | None:
    """Return the contract value ``word`` clearly stands for, or ``None`` when unsure.

    >>> guess_word("type", "Seen together", ("friend", "seen_together"))
    'seen_together'
    >>> guess_word("type", "Associate", ("friend", "seen_together")) is None
    True
    """
    norm = normalise_header(word)
    for value in allowed:
        if norm == normalise_header(value):
            return value
    key = "kind" if column.endswith("kind") else column
    guess = _WORDS.get(key, {}).get(norm)
    return guess if guess in allowed else None


def guess_date_order(values: pd.Series) -> tuple[str, str]:
    """Return the likely date order of some dates, and why.

    >>> guess_date_order(pd.Series(["03/04/2025", "13/01/2025"]))
    ('day-first', 'a first number above 12 (13/01/2025)')
    """
    text = values.astype("str").str.strip().reset_index(drop=True)
    parts = text.str.extract(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-]\d{4}")
    numeric = parts.dropna()
    if numeric.empty:
        return "iso", "no day/month/year dates seen"
    first, second = numeric[0].astype(int), numeric[1].astype(int)
    if (first > 12).any():
        return "day-first", f"a first number above 12 ({text[numeric.index[first > 12][0]]})"
    if (second > 12).any():
        return "month-first", f"a second number above 12 ({text[numeric.index[second > 12][0]]})"
    return "day-first", "ambiguous: no number above 12 seen; the UK order is assumed"
