"""Which of a user's headers is which contract column, from the headers' words alone; and
which of a table's top rows holds the headers.

Spellings seen in exports for each contract column, and the words that mark the two ends of a
link ("Subject URN" / "Associate URN", "Ref 1" / "Ref 2", "From" / "To"). Only
``cs-peers mapping init`` uses these (through :mod:`~cs_peers.inputs.mapping._guess`), to draft
a mapping for the analyst to check.

The synonym list: words seen in exports for the contract's values, shipped as data.

``cs_peers/data/synonyms.toml`` sits beside the vocabulary. Only ``cs-peers mapping init`` uses
it, to draft value lines that it marks as guesses for the analyst to check; reading data never
does (an unmapped word stays an error, or a row set aside).

Examples
--------
>>> words = load_synonyms()
>>> words.value_of("type", "Siblings"), words.value_of("type", "Co-accused")
('sibling', 'co_arrested')
>>> words.value_of("type", "Cousin") is None
True
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

import pandas as pd

from cs_peers.errors import PackagingError
from cs_peers.inputs.mapping._values import date_share
from cs_peers.inputs.mapping.spec import CONTRACT_COLUMNS

__all__ = [
    "ID_WORDS",
    "ROLE_WORDS",
    "SYNONYM_COLUMNS",
    "Synonyms",
    "columns_from_headers",
    "end_column",
    "guess_header_row",
    "load_synonyms",
    "normalise_header",
    "word_key",
]


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
            "incident type",
            "concern type",
            "type of link",
            "type of association",
            "nature",
            "connection type",
            "category",
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
            "when",
            "date of association",
            "association date",
            "date linked",
            "link date",
            "date time",
            "date and time",
            "incident date time",
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
            "date added",
            "added",
            "date logged",
            "logged",
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
            "recorded by",
            "reporting agency",
            "source of information",
            "service",
            "team",
            "added by",
        ),
        "confidence": ("confidence", "reliability", "certainty", "confidence level"),
        "grading": (
            "grading",
            "grade",
            "3x5x2",
            "5x5x5",
            "intelligence grading",
            "intel grading",
            "intel grade",
            "nim grading",
            "evaluation",
        ),
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
            "crime ref",
            "crime number",
            "occurrence",
            "occurrence number",
            "log ref",
            "incident number",
            "intel ref",
            "intelligence reference",
        ),
        "notes": (
            "notes",
            "note",
            "comments",
            "comment",
            "details",
            "description",
            "narrative",
            "summary",
        ),
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
            "person reference",
            "upn",
            "crn",
            "nominal",
        ),
        "kind": ("kind", "type", "person type", "role", "category"),
        "label": ("label", "initials", "pseudonym", "display name", "alias"),
        "name": ("name", "full name", "real name", "person name", "forename surname"),
    },
    "contexts": {
        "id": ("id", "context id", "place id", "location id", "school id", "venue id", "ref"),
        "kind": ("kind", "type", "place type", "context type", "category"),
        "name": ("name", "place", "place name", "location", "school", "venue", "context name"),
    },
}
_END_A = {"a", "1", "from", "first", "subject", "primary"}
_END_B = {"b", "2", "to", "second", "associate", "linked", "other", "secondary", "associated"}
# Words of a header that holds an id (of a person or a link's end).
ID_WORDS = {
    "id", "ref", "reference", "urn", "number", "no", "code", "person", "nominal", "entity",
    "upn", "crn", "case", "child", "pupil", "student", "young", "yp", "individual", "subject",
}  # fmt: skip
# Words of a header that describes one end of a link rather than naming it.
ROLE_WORDS = {
    "_name": {"name", "names", "full", "surname", "forename"},
    "_label": {"initials", "label", "pseudonym", "alias"},
    "_kind": {"type", "kind", "role", "category"},
}
_END_ROLES = (*ROLE_WORDS.items(), ("", ID_WORDS))
_TEXT_CELL = re.compile(r"^(?!\d+([.,/\-]\d+)*$).+")


def normalise_header(text: str) -> str:
    """Return a header or word reduced to lower-case words, for matching.

    >>> normalise_header("  Person-A_ID ")
    'person a id'
    """
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def end_column(header: str) -> str | None:
    """Return the end column (``source``, ``target_name``…) a header's own words name, if any."""
    words = set(normalise_header(header).split())
    ends = [end for end, marks in (("source", _END_A), ("target", _END_B)) if words & marks]
    if len(ends) != 1:
        return None
    rest = words - _END_A - _END_B
    for suffix, roles in _END_ROLES:
        if rest & roles or (suffix == "" and not rest):
            return ends[0] + suffix
    return None


def guess_header_row(rows: list[list[str]]) -> int:
    """Return the row number (from 1) of the headers among a table's top rows.

    Title rows and blank rows above a table are skipped: the header row is the first with two
    or more filled cells, all different and none a bare number or date, and at least 60% as
    wide as the widest row below it (a two-cell title above six columns is not a header).

    >>> top = [["Links export"], [], ["Child ID", "Linked to", "Date"], ["C1", "C2", "1/2/2025"]]
    >>> guess_header_row(top)
    3
    """
    filled = [[c.strip() for c in row if c and c.strip()] for row in rows]
    widths = [len(cells) for cells in filled]
    for i, cells in enumerate(filled):
        below = max(widths[i + 1 :], default=0)
        if (
            len(cells) >= 2
            and len(cells) >= 0.6 * below
            and all(_TEXT_CELL.match(c) and not date_share(pd.Series([c])) for c in cells)
            and len({c.lower() for c in cells}) == len(cells)
        ):
            return i + 1
    return next((i + 1 for i, width in enumerate(widths) if width >= 2), 1)


def columns_from_headers(table: str, headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """Return the contract columns the headers' words name, and the headers left free."""
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
            end = end_column(header)
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
    return found, free


SYNONYM_COLUMNS = ("type", "kind", "confidence", "source_agency")


def word_key(word: str) -> str:
    """Return a word reduced for matching: lower case, letters and digits, single spaces.

    >>> word_key("  Brother/Sister ")
    'brother sister'
    """
    return " ".join(re.sub(r"[^0-9a-z]+", " ", word.lower()).split())


def _singular(key: str) -> str:
    """Return the key with a plain English plural taken off its last word."""
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith(("ches", "shes", "sses", "xes")):
        return key[:-2]
    if key.endswith("s") and not key.endswith("ss") and len(key) > 3:
        return key[:-1]
    return key


@dataclass(frozen=True)
class Synonyms:
    """For each column, the contract value each known word stands for."""

    words: dict[str, dict[str, str]]

    def value_of(self, column: str, word: str) -> str | None:
        """Return the value ``word`` stands for in ``column`` (``*_kind`` read as ``kind``)."""
        table = self.words.get("kind" if column.endswith("kind") else column, {})
        key = word_key(word)
        return table.get(key) or table.get(_singular(key))


def load_synonyms() -> Synonyms:
    """Return the shipped synonym list.

    Raises
    ------
    PackagingError
        If the shipped file is missing or malformed (the installation, not the user's input).
    """
    try:
        text = (resources.files("cs_peers") / "data" / "synonyms.toml").read_text("utf-8")
        document = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PackagingError(f"cs_peers/data/synonyms.toml cannot be read ({exc})") from exc
    words: dict[str, dict[str, str]] = {}
    for column in SYNONYM_COLUMNS:
        section = document.get(column, {})
        if not isinstance(section, dict):
            raise PackagingError(f"cs_peers/data/synonyms.toml: [{column}] is not a table")
        table: dict[str, str] = {}
        for value, listed in section.items():
            if not isinstance(listed, list) or not all(isinstance(w, str) for w in listed):
                raise PackagingError(
                    f"cs_peers/data/synonyms.toml: [{column}] {value} is not a list of words"
                )
            for word in [value.replace("_", " "), *listed]:
                key = word_key(word)
                if table.get(key, value) != value:
                    raise PackagingError(
                        f"cs_peers/data/synonyms.toml: [{column}] {word!r} is listed under "
                        f"both {table[key]} and {value}"
                    )
                table[key] = value
        words[column] = table
    return Synonyms(words)
