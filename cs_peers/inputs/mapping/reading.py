"""Applying a mapping while reading: the user's files become the three contract tables.

Columns are renamed from the user's headers, the user's words are turned into contract values,
dates are read in the mapping's order, and people and contexts the mapping gives no file for are
inferred from the associations. The user's files are only read, never written. Every problem
names the user's own file, sheet, row, header and value; :mod:`cs_peers.inputs.validation` then
checks
the contract with the same names (through :attr:`RawTable.headers` and :attr:`RawTable.shown`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from cs_peers.errors import DataProblem, MappingError
from cs_peers.inputs.limits import InputLimits
from cs_peers.inputs.mapping.dates import DATE_EXPECTED, user_days
from cs_peers.inputs.mapping.inference import infer_nodes
from cs_peers.inputs.mapping.spec import CONTRACT_COLUMNS, Mapping, TableMapping, normalise_word
from cs_peers.inputs.mapping.tables import UserTable, read_user_table
from cs_peers.inputs.reading import TABLE_NAMES, RawDataset, RawTable, RowProblem
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "REQUIRED_COLUMNS",
    "mapped_files",
    "read_mapped_dataset",
    "read_mapped_tables",
    "resolve_headers",
    "with_inferred",
]

# People need no kind column under a mapping: without one, everyone has the default kind.
REQUIRED_COLUMNS = {
    "people": ("id",),
    "contexts": ("id", "kind"),
    "associations": ("source", "target", "type"),
}
_DATE_COLUMNS = ("observed_on", "recorded_on")


def mapped_files(mapping: Mapping, data: Path | None = None) -> dict[str, Path]:
    """Return the file each mapped table is read from.

    ``data`` (the DATA argument) may replace where the files are: a folder stands for the
    mapping's folder; a single file replaces the file of every table, which is allowed only when
    they all name the same one (say, next month's export of the same sheet of links).
    """
    if data is None or Path(data).is_dir():
        return {name: mapping.file_of(name, data) for name in mapping.tables}
    written = {t.file for t in mapping.tables.values()}
    if len(written) > 1:
        raise MappingError(
            f"DATA is one file, but {mapping.path.name} reads several "
            f"({', '.join(sorted(str(w) for w in written))}); give their folder, or leave DATA out"
        )
    return {name: Path(data) for name in mapping.tables}


def resolve_headers(
    spec: TableMapping, headers: list[str], mapping: Mapping, file: str, row: int
) -> tuple[dict[str, str], list[DataProblem]]:
    """Return which of the user's headers holds each contract column, and what is missing.

    A column the mapping does not name is taken from a header spelt like the contract column
    (case-insensitively), as in a file that already keeps the contract.
    """
    by_lower = {h.lower(): h for h in headers}
    shown = ", ".join(f'"{h}"' for h in headers) or "nothing"
    found: dict[str, str] = {}
    problems = []
    for column, header in spec.columns.items():
        if header.lower() in by_lower:
            found[column] = by_lower[header.lower()]
        else:
            problems.append(
                DataProblem(
                    file,
                    row,
                    header,
                    None,
                    f"no such header (the mapping {mapping.path.name} takes {spec.table}."
                    f"{column} from it; the header has: {shown})",
                )
            )
    for column in CONTRACT_COLUMNS[spec.table]:
        if column not in spec.columns and column in by_lower:
            found[column] = by_lower[column]
    for column in REQUIRED_COLUMNS[spec.table]:
        if column not in spec.columns and column not in found:
            problems.append(
                DataProblem(
                    file,
                    row,
                    None,
                    None,
                    f"no header gives the required column {column!r}: add "
                    f'{column} = "YOUR HEADER" to [{spec.table}.columns] in '
                    f"{mapping.path.name} (the header has: {shown})",
                )
            )
    return found, problems


def _apply(
    spec: TableMapping, user: UserTable, mapping: Mapping, problems: list[DataProblem]
) -> RawTable | None:
    headers = [str(c) for c in user.frame.columns]
    found, missing = resolve_headers(spec, headers, mapping, user.file, user.first_row - 1)
    if missing:
        problems.extend(missing)
        return None
    out: dict[str, pd.Series] = {}
    shown: dict[str, pd.Series] = {}
    row_problems: list[RowProblem] = []
    for column, header in found.items():
        values = user.frame[header].astype("str").str.strip()
        lookup = spec.lookup(column)
        dated = spec.table == "associations" and column in _DATE_COLUMNS
        if lookup or dated:
            # Coded columns and dates repeat a few values many times: work on each value once.
            codes, uniques = pd.factorize(values)
            distinct = pd.Series(uniques, dtype="str")
            shown[column] = values
            if lookup:
                words = [lookup.get(normalise_word(v), v) for v in distinct]
                distinct = pd.Series(words, dtype="str")
            if dated:
                distinct, bad = user_days(distinct, mapping.date_order)
                expected = f"not a date ({DATE_EXPECTED[mapping.date_order]})"
                row_problems.append(RowProblem(bad[codes] & (codes >= 0), column, expected))
            values = distinct.take(codes).set_axis(user.frame.index)
        out[column] = values
    if spec.table == "people":
        if "kind" not in out:
            out["kind"] = pd.Series(mapping.people_kind, index=user.frame.index, dtype="str")
        # As in the contract, every other column of people is kept as an attribute.
        used = set(found.values())
        for header in headers:
            name = header.strip().lower()
            if header not in used and name not in out:
                out[name] = user.frame[header].astype("str")
    return RawTable(
        spec.table,
        user.file,
        pd.DataFrame(out, index=user.frame.index),
        user.first_row,
        headers=found,
        shown=pd.DataFrame(shown, index=user.frame.index) if shown else None,
        rows=user.rows,
        row_problems=tuple(row_problems),
        unreadable=user.unreadable,
    )


def read_mapped_tables(
    mapping: Mapping,
    vocabulary: Vocabulary,
    data: Path | None = None,
    *,
    limits: InputLimits | None = None,
) -> RawDataset:
    """Return the contract tables the mapping reads from the user's files (none inferred yet),
    with the problems met reading them.

    Problems of whole files and headers are collected, not raised, so that validation can
    report them together with its own; problems of single rows (a date that cannot be read)
    travel with their table as :class:`~cs_peers.inputs.reading.RowProblem`.
    """
    files = mapped_files(mapping, data)
    problems: list[DataProblem] = []
    tables: dict[str, RawTable] = {}
    for name in TABLE_NAMES:
        if name not in mapping.tables:
            continue
        spec = mapping.tables[name]
        user = read_user_table(
            files[name],
            sheet=spec.sheet,
            table=name,
            header_row=spec.header_row,
            problems=problems,
            limits=limits,
            encoding=spec.encoding,
        )
        if user is not None:
            table = _apply(spec, user, mapping, problems)
            if table is not None:
                tables[name] = table
    names = sorted({p.name for p in files.values()})
    source = f"{mapping.path} ({', '.join(names)})"
    return RawDataset(source, tables, problems)


def with_inferred(raw: RawDataset, mapping: Mapping, vocabulary: Vocabulary) -> RawDataset:
    """Return ``raw`` with the people and contexts the mapping gives no file for, inferred from
    its associations (:func:`cs_peers.inputs.mapping.inference.infer_nodes`); the problems met
    inferring them mark the associations' rows."""
    tables = dict(raw.tables)
    if "associations" in tables:
        inferred, problems = infer_nodes(
            tables["associations"],
            vocabulary,
            people=tables.get("people"),
            contexts=tables.get("contexts"),
            infer_people="people" not in mapping.tables,
            infer_contexts="contexts" not in mapping.tables,
            people_kind=mapping.people_kind,
        )
        links = tables["associations"]
        tables["associations"] = replace(links, row_problems=(*links.row_problems, *problems))
        tables |= inferred
    ordered = {name: tables[name] for name in TABLE_NAMES if name in tables}
    return RawDataset(raw.source, ordered, raw.problems)


def read_mapped_dataset(
    mapping: Mapping,
    vocabulary: Vocabulary,
    data: Path | None = None,
    *,
    limits: InputLimits | None = None,
) -> RawDataset:
    """Return the contract tables the mapping makes of the user's files, with the problems met.

    People or contexts the mapping gives no file for are inferred from the associations
    (:func:`with_inferred`).
    """
    return with_inferred(
        read_mapped_tables(mapping, vocabulary, data, limits=limits), mapping, vocabulary
    )
