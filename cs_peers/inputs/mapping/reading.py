"""Applying a mapping while reading: the user's files become the three contract tables.

Columns are renamed from the user's headers, the user's words are turned into contract values,
dates are read in the mapping's order, and people and contexts the mapping gives no file for are
inferred from the associations. The user's files are only read, never written. Every problem
names the user's own file, sheet, row, header and value; :mod:`cs_peers.inputs.validation` then
checks
the contract with the same names (through :attr:`RawTable.headers` and :attr:`RawTable.shown`).

People and contexts inferred from the associations, when a mapping gives no file for them.

A single sheet of links names only the two ends of each association. Each end is:

- a **context** when its kind column (``source_kind`` / ``target_kind``) gives a context kind,
  or when it is the *target* of a person-to-context type (``attends``, ``frequents``, …) and no
  kind is given; its kind is then the one the type allows (a type allowing fewer kinds decides
  first: a place both attended and the scene of an incident is a school);
- otherwise a **person**, of the kind its kind column gives, else the mapping's
  ``[people] kind`` (``young_person`` unless said otherwise).

Ids never become contexts because of how they look: only a kind column or a type says so.
Labels and names come from ``source_label`` / ``source_name`` (and the target's), first
non-empty value first; people and contexts are listed in order of first appearance.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from cs_peers.errors import DataProblem, MappingError
from cs_peers.inputs.columns import index_in
from cs_peers.inputs.limits import InputLimits
from cs_peers.inputs.mapping._tables import UserTable, read_user_table
from cs_peers.inputs.mapping._values import DATE_EXPECTED, user_days
from cs_peers.inputs.mapping.spec import CONTRACT_COLUMNS, Mapping, TableMapping, normalise_word
from cs_peers.inputs.reading import TABLE_NAMES, RawDataset, RawTable, RowProblem
from cs_peers.inputs.vocabulary import CONTEXT_KINDS, PERSON_KINDS, Vocabulary

__all__ = [
    "REQUIRED_COLUMNS",
    "infer_nodes",
    "mapped_files",
    "read_mapped_dataset",
    "read_mapped_tables",
    "resolve_headers",
    "with_inferred",
]


# Kinds as small codes (0: none said), so that millions of ends are sorted out with numpy.
_KINDS = ("", *PERSON_KINDS, *CONTEXT_KINDS)
_FIRST_CONTEXT = 1 + len(PERSON_KINDS)
_EXPLICIT, _UNSAID = 0, 99


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name].astype("str").str.strip()
    return pd.Series("", index=frame.index, dtype="str")


def _interleave(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Return source and target values in order of appearance: row 1's source, its target…"""
    both = np.empty(2 * len(first), dtype=np.result_type(first, second))
    both[0::2], both[1::2] = first, second
    return both


def _first_of(ids: np.ndarray, where: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct ids among the ends ``where`` is true, and the first end of each."""
    positions = np.flatnonzero(where)
    distinct, first = np.unique(ids[positions], return_index=True)
    return distinct, positions[first]


class _Ends:
    """Every association end, in order of appearance: id code, kind code, rank, label, name."""

    def __init__(self, table: RawTable, vocabulary: Vocabulary) -> None:
        frame = table.frame
        self.table = table
        n = len(frame)
        implied_kind = np.zeros(len(vocabulary.types) + 1, dtype=np.int64)
        implied_rank = np.full(len(vocabulary.types) + 1, _UNSAID, dtype=np.int64)
        for i, name in enumerate(vocabulary.types):
            spec = vocabulary[name]
            if spec.between == "person_and_context" and spec.contexts:
                implied_kind[i] = _KINDS.index(spec.contexts[0])
                implied_rank[i] = len(spec.contexts)
        type_code = index_in(_column(frame, "type"), list(vocabulary.types))
        kinds, ranks = [], []
        self.bad: dict[str, np.ndarray] = {}
        for end in ("source", "target"):
            said = index_in(_column(frame, f"{end}_kind"), list(_KINDS))
            self.bad[end] = said < 0
            kind = np.maximum(said, 0)
            rank = np.where(kind > 0, _EXPLICIT, _UNSAID)
            if end == "target":
                use = (kind == 0) & (implied_kind[type_code] > 0)
                kind = np.where(use, implied_kind[type_code], kind)
                rank = np.where(use, implied_rank[type_code], rank)
            kinds.append(kind)
            ranks.append(rank)
        codes, self.uniques = pd.factorize(
            pd.concat([_column(frame, "source"), _column(frame, "target")], ignore_index=True)
        )
        self.id = _interleave(codes[:n], codes[n:])
        self.valid = self.id >= 0
        self.valid[self.valid] = np.asarray(self.uniques)[self.id[self.valid]] != ""
        self.kind = _interleave(kinds[0], kinds[1])
        self.rank = _interleave(ranks[0], ranks[1])
        self.label = _interleave(
            _column(frame, "source_label").to_numpy(dtype=object),
            _column(frame, "target_label").to_numpy(dtype=object),
        )
        self.name = _interleave(
            _column(frame, "source_name").to_numpy(dtype=object),
            _column(frame, "target_name").to_numpy(dtype=object),
        )

    def ids_in(self, table: RawTable | None) -> np.ndarray:
        """Return, per distinct id, whether ``table`` (read from a file) lists it."""
        if table is None:
            return np.zeros(len(self.uniques), dtype=bool)
        return np.asarray(pd.Index(self.uniques).isin(table.frame["id"]), dtype=bool)

    def text_of(self, values: np.ndarray, ids: np.ndarray, where: np.ndarray) -> np.ndarray:
        """Return, for each of ``ids``, its first non-empty value among the ends ``where``."""
        said, first = _first_of(self.id, where & (values != ""))
        out = np.full(len(ids), "", dtype=object)
        if len(said) == 0:
            return out
        found = np.searchsorted(said, ids)
        hit = (found < len(said)) & (said[np.minimum(found, len(said) - 1)] == ids)
        out[hit] = values[first[found[hit]]]
        return out


def _conflicts(ends: _Ends, where: np.ndarray, what: str) -> list[RowProblem]:
    """Return a problem per kind column, marking the rows whose end contradicts an earlier one."""
    said, first = _first_of(ends.id, where)
    first_kind = np.zeros(len(ends.uniques), dtype=np.int64)
    first_at = np.zeros(len(ends.uniques), dtype=np.int64)
    first_kind[said], first_at[said] = ends.kind[first], first
    clash = where & (ends.kind != first_kind[np.maximum(ends.id, 0)])
    found = []
    for parity, column in enumerate(("source_kind", "target_kind")):

        def expected(pos: int, parity: int = parity) -> str:
            node = ends.id[2 * pos + parity]
            row = ends.table.row_number(int(first_at[node]) // 2)
            return (
                f"{ends.uniques[node]!r} is {_KINDS[first_kind[node]]} in row {row}; "
                f"each {what} has one kind"
            )

        found.append(RowProblem(clash[parity::2], column, expected))
    return found


def _table(
    ends: _Ends, where: np.ndarray, kinds: np.ndarray, columns: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Return one row per distinct id among the ends ``where``, in order of first appearance."""
    ids, first = _first_of(ends.id, where)
    order = np.argsort(first, kind="stable")
    ids = ids[order]
    data = {
        "id": np.asarray(ends.uniques)[ids],
        "kind": np.asarray(_KINDS, dtype=object)[kinds[ids]],
    }
    data |= {name: ends.text_of(values, ids, where) for name, values in columns.items()}
    return pd.DataFrame(data, dtype="str")


def infer_nodes(
    associations: RawTable,
    vocabulary: Vocabulary,
    *,
    people: RawTable | None,
    contexts: RawTable | None,
    infer_people: bool,
    infer_contexts: bool,
    people_kind: str = "young_person",
) -> tuple[dict[str, RawTable], list[RowProblem]]:
    """Return the people and/or contexts tables inferred from the associations, and problems.

    ``people`` and ``contexts`` are the tables read from files, if any: their ids are never
    inferred as the other kind of node. The problems (kind words that are not kinds, one id
    given two kinds) mark rows of the associations, for validation to report in the user's
    words (or to set aside).
    """
    if not (infer_people or infer_contexts):
        return {}, []
    ends = _Ends(associations, vocabulary)
    allowed = ", ".join(_KINDS[1:])
    problems = [
        RowProblem(
            ends.bad[end],
            f"{end}_kind",
            f"expected one of {allowed} (or map the word in [associations.values.{end}_kind])",
        )
        for end in ("source", "target")
    ]
    node = np.maximum(ends.id, 0)
    is_context = ends.valid & (ends.kind >= _FIRST_CONTEXT)
    context_id = np.zeros(len(ends.uniques), dtype=bool)
    context_id[ends.id[is_context]] = True
    source = f"inferred from {associations.file}"
    found: dict[str, RawTable] = {}
    if infer_people:
        persons = ends.valid & ~context_id[node] & ~ends.ids_in(contexts)[node]
        explicit = persons & (ends.kind > 0)
        problems += _conflicts(ends, explicit, "person")
        kinds = np.full(len(ends.uniques), _KINDS.index(people_kind), dtype=np.int64)
        said, first = _first_of(ends.id, explicit)
        kinds[said] = ends.kind[first]
        frame = _table(ends, persons, kinds, {"label": ends.label, "name": ends.name})
        found["people"] = RawTable("people", f"people ({source})", frame, inferred=True)
    if infer_contexts:
        places = is_context & ~ends.ids_in(people)[node]
        problems += _conflicts(ends, places & (ends.rank == _EXPLICIT), "context")
        kinds = np.zeros(len(ends.uniques), dtype=np.int64)
        # The kind said, else the one implied by the type allowing fewest kinds, else the first.
        by_rank = np.lexsort((np.arange(len(ends.id)), ends.rank))
        chosen = by_rank[places[by_rank]]
        distinct, first = np.unique(ends.id[chosen], return_index=True)
        kinds[distinct] = ends.kind[chosen[first]]
        frame = _table(ends, places, kinds, {"name": ends.name})
        found["contexts"] = RawTable("contexts", f"contexts ({source})", frame, inferred=True)
    return found, problems


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
    its associations (:func:`cs_peers.inputs.mapping.reading.infer_nodes`); the problems met
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
