"""Mapping files (format 1): how a user's own spreadsheets become input contract v1.

A mapping is a TOML file that names, for each contract table, the user's file (CSV or .xlsx,
relative to the mapping file), the sheet, which of the user's headers holds each contract
column, and which of the user's words stand for each contract value. It never changes the
user's files: :mod:`cs_peers.inputs.mapping.reading` applies it while reading.

A table without a ``file`` is inferred from the associations (see the README, "Mappings").
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cs_peers.errors import MappingError
from cs_peers.inputs._text_files import ENCODINGS
from cs_peers.inputs.dataset import ASSOCIATION_COLUMNS, CONTEXT_COLUMNS, PEOPLE_COLUMNS
from cs_peers.inputs.vocabulary import CONFIDENCE_LEVELS, CONTEXT_KINDS, PERSON_KINDS, Vocabulary

__all__ = [
    "DATE_ORDERS",
    "END_COLUMNS",
    "MAPPING_FORMAT",
    "Mapping",
    "TableMapping",
    "allowed_values",
    "load_mapping",
    "normalise_word",
]

MAPPING_FORMAT = 1
DATE_ORDERS = ("iso", "day-first", "month-first")
# Columns of a links sheet that describe each end, used only to infer people and contexts.
END_COLUMNS = tuple(
    f"{end}_{what}" for end in ("source", "target") for what in ("kind", "label", "name")
)
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "people": PEOPLE_COLUMNS,
    "contexts": CONTEXT_COLUMNS,
    "associations": ASSOCIATION_COLUMNS + END_COLUMNS,
}
_TABLE_KEYS = {"file", "sheet", "header_row", "encoding", "columns", "values", "kind"}


def normalise_word(value: str) -> str:
    """Return a user's word as value maps compare it: trimmed and case-folded.

    >>> normalise_word("  Seen With ")
    'seen with'
    """
    return value.strip().casefold()


@dataclass(frozen=True)
class TableMapping:
    """How one contract table is read from the user's file.

    ``columns`` maps a contract column to the user's header; ``values`` maps a contract column
    to ``{user's word: contract value}`` as written in the mapping. ``file`` is as written
    (relative to the mapping file, see :meth:`Mapping.file_of`); ``None`` for a table inferred
    from the associations.
    """

    table: str
    file: str | None
    sheet: str | None = None
    header_row: int = 1
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    # A CSV file's encoding (one of text_files.ENCODINGS); None: detected from the bytes.
    encoding: str | None = None

    def lookup(self, column: str) -> dict[str, str]:
        """Return the value map of ``column`` keyed by :func:`normalise_word`."""
        return {normalise_word(k): v for k, v in self.values.get(column, {}).items()}


@dataclass(frozen=True)
class Mapping:
    """A whole mapping file: its tables, the date order and the kind of inferred people."""

    path: Path
    tables: dict[str, TableMapping]
    date_order: str = "iso"
    people_kind: str = "young_person"

    def table(self, name: str) -> TableMapping:
        """Return the mapping of table ``name`` (an inferred one when the file names none)."""
        return self.tables.get(name, TableMapping(name, None))

    def file_of(self, name: str, base: Path | None = None) -> Path:
        """Return where table ``name``'s file is: relative to ``base``, else to the mapping."""
        written = self.tables[name].file
        assert written is not None, "only tables read from a file have one"
        return (base if base is not None else self.path.parent) / written


def allowed_values(table: str, column: str, vocabulary: Vocabulary) -> tuple[str, ...] | None:
    """Return the contract values a column may hold, or ``None`` for free text."""
    if column == "type" and table == "associations":
        return tuple(vocabulary.types)
    if column == "confidence" and table == "associations":
        return CONFIDENCE_LEVELS
    if column == "kind":
        return PERSON_KINDS if table == "people" else CONTEXT_KINDS
    if column in ("source_kind", "target_kind"):
        return PERSON_KINDS + CONTEXT_KINDS
    return None


class _Reader:
    """Checks one parsed mapping, collecting every problem before raising."""

    def __init__(self, path: Path, vocabulary: Vocabulary) -> None:
        self.path = path
        self.vocabulary = vocabulary
        self.problems: list[str] = []

    def problem(self, where: str, text: str) -> None:
        self.problems.append(f"{where}: {text}")

    def text(self, where: str, value: Any) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(where, f"expected a text value in quotes, found {value!r}")
            return None
        return value

    def table(self, name: str, spec: Any) -> TableMapping | None:
        if not isinstance(spec, dict):
            self.problem(f"[{name}]", "expected a table")
            return None
        for key in sorted(set(spec) - _TABLE_KEYS):
            self.problem(
                f"[{name}] {key}", f"unknown key; expected {', '.join(sorted(_TABLE_KEYS))}"
            )
        file = self.text(f"[{name}] file", spec["file"]) if "file" in spec else None
        if "file" in spec and file is None:
            file = ""  # reported above; keeps the table read from a file
        elif "file" not in spec and name == "associations":
            self.problem("[associations]", "file is required (the user's CSV or .xlsx file)")
        for key in ("sheet", "header_row", "encoding", "columns", "values"):
            if key in spec and "file" not in spec:
                self.problem(f"[{name}] {key}", "only with a file (this table is inferred)")
        kind = spec.get("kind")
        if kind is not None and name != "people":
            self.problem(f"[{name}] kind", "only people have a default kind")
        elif kind is not None and kind not in PERSON_KINDS:
            self.problem("[people] kind", f"{kind!r} is not one of {', '.join(PERSON_KINDS)}")
        sheet = self.text(f"[{name}] sheet", spec["sheet"]) if "sheet" in spec else None
        header_row = spec.get("header_row", 1)
        if not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1:
            self.problem(
                f"[{name}] header_row", f"expected a row number from 1, found {header_row!r}"
            )
            header_row = 1
        encoding = spec.get("encoding")
        if encoding is not None and encoding not in ENCODINGS:
            self.problem(
                f"[{name}] encoding",
                f"{encoding!r} is not one of {', '.join(ENCODINGS)} (leave it out to detect it)",
            )
            encoding = None
        elif encoding is not None and sheet is not None:
            self.problem(f"[{name}] encoding", "only for CSV files (a workbook has its own)")
        columns = self.columns(name, spec.get("columns", {}))
        values = self.values(name, spec.get("values", {}), columns)
        return TableMapping(name, file, sheet, header_row, columns, values, encoding)

    def columns(self, name: str, spec: Any) -> dict[str, str]:
        where = f"[{name}.columns]"
        if not isinstance(spec, dict):
            self.problem(where, 'expected a table of contract column = "your header"')
            return {}
        columns: dict[str, str] = {}
        for column, header in spec.items():
            known = CONTRACT_COLUMNS[name]
            if column not in known and name != "people":
                self.problem(
                    f"{where} {column}",
                    f"not a column of {name}; expected one of {', '.join(known)}",
                )
                continue
            text = self.text(f"{where} {column}", header)
            if text is not None:
                # People may keep any other column as an attribute, under a lower-case name.
                columns[column.strip().lower()] = text.strip()
        return columns

    def values(self, name: str, spec: Any, columns: dict[str, str]) -> dict[str, dict[str, str]]:
        if not isinstance(spec, dict):
            self.problem(f"[{name}.values]", "expected tables such as [associations.values.type]")
            return {}
        values: dict[str, dict[str, str]] = {}
        for column, words in spec.items():
            where = f"[{name}.values.{column}]"
            if column not in CONTRACT_COLUMNS[name] and column not in columns:
                self.problem(where, f"{column!r} is not a column of {name}")
                continue
            if not isinstance(words, dict):
                self.problem(where, 'expected lines of "your word" = "contract value"')
                continue
            allowed = allowed_values(name, column, self.vocabulary)
            seen: dict[str, str] = {}
            values[column] = {}
            for word, target in words.items():
                text = self.text(f"{where} {word!r}", target)
                if text is None:
                    continue
                if allowed is not None and text not in allowed:
                    what = "vocabulary type" if column == "type" else "value"
                    self.problem(
                        f"{where} {word!r} = {text!r}",
                        f"not a {what}; expected one of {', '.join(allowed)}",
                    )
                    continue
                key = normalise_word(word)
                if key in seen and seen[key] != text:
                    self.problem(
                        f"{where} {word!r}",
                        f"the same word (ignoring case) is already mapped to {seen[key]!r}",
                    )
                    continue
                seen[key] = text
                values[column][word] = text
        return values


def load_mapping(path: Path, vocabulary: Vocabulary) -> Mapping:
    """Return the mapping read from a TOML file, checked against format 1 and the vocabulary.

    Raises
    ------
    MappingError
        If the file cannot be read or parsed, or breaks the format; the message lists every
        problem, each naming the mapping file and the table and key it concerns.
    """
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise MappingError(f"mapping file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"mapping file {path} cannot be read ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"mapping file {path} is not TOML: {exc}") from exc
    reader = _Reader(path, vocabulary)
    version = document.get("version", MAPPING_FORMAT)
    if version != MAPPING_FORMAT:
        reader.problem("version", f"{version!r} is not a mapping format cs-peers reads (1)")
    tables: dict[str, TableMapping] = {}
    people_kind = "young_person"
    date_order = "iso"
    for key, spec in document.items():
        if key in CONTRACT_COLUMNS:
            table = reader.table(key, spec)
            if table is not None:
                tables[key] = table
                if isinstance(spec, dict) and isinstance(spec.get("kind"), str):
                    people_kind = spec["kind"]
        elif key == "dates":
            order = spec.get("order", "iso") if isinstance(spec, dict) else spec
            if order not in DATE_ORDERS:
                reader.problem("[dates] order", f"{order!r} is not one of {', '.join(DATE_ORDERS)}")
            else:
                date_order = order
        elif key != "version":
            reader.problem(
                key, "unknown table; expected people, contexts, associations, dates or version"
            )
    if "associations" not in tables and not reader.problems:
        reader.problem("[associations]", "the mapping needs an [associations] table with a file")
    if reader.problems:
        lines = [f"mapping file {path} has {len(reader.problems)} problem(s):"]
        lines += [f"  {p}" for p in reader.problems]
        raise MappingError("\n".join(lines))
    # A people or contexts table without a file is the same as leaving it out: inferred.
    tables = {k: v for k, v in tables.items() if v.file is not None}
    return Mapping(path, tables, date_order, people_kind)
