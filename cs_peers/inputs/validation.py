"""Validation of a dataset against the input contract, reporting every problem at once.

:func:`validate_raw_dataset` checks tables as read (from files, a mapping or Neo4j) and returns
a :class:`~cs_peers.inputs.dataset.Dataset`, or raises :class:`~cs_peers.errors.InvalidDataError`
naming the file, row, column and value of each problem (up to :data:`MAX_PROBLEMS`). The way
in from files is :func:`cs_peers.inputs.source.load_dataset`.

The problems found in a dataset, collected up to a cap, located by file, row and column.

With ``--set-aside-bad-rows``, problems of single rows are not reported but recorded, every
one of them (:class:`RowsToSetAside`), so that those rows can be left out and listed
(:mod:`cs_peers.inputs.set_aside`); problems of a whole file or column still stop the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NoReturn

import numpy as np
import pandas as pd

from cs_peers.errors import DataProblem, InvalidDataError
from cs_peers.inputs.columns import (
    agency_names,
    index_in,
    is_in,
    iso_days,
    lower_levels,
    text_bytes,
)
from cs_peers.inputs.dataset import (
    ASSOCIATION_COLUMNS,
    CONTEXT_COLUMNS,
    PEOPLE_COLUMNS,
    Dataset,
    fingerprint_tables,
)
from cs_peers.inputs.reading import RawDataset, RawTable
from cs_peers.inputs.vocabulary import (
    CONFIDENCE_LEVELS,
    CONTEXT_KINDS,
    PERSON_KINDS,
    Vocabulary,
    protected_labels,
)
from cs_peers.safe_text import id_problem

__all__ = [
    "MAX_LABEL_LENGTH",
    "MAX_PROBLEMS",
    "ProblemList",
    "RowFinding",
    "RowsToSetAside",
    "check_raw_dataset",
    "validate_raw_dataset",
]


@dataclass(frozen=True)
class RowFinding:
    """Rows of one table with one problem: their positions, the contract column, what was
    expected (or a function of the position giving it), and the values to show."""

    table: RawTable
    positions: np.ndarray
    column: str
    expected: str | Callable[[int], str]
    values: pd.Series | None = None

    def reason(self, position: int) -> str:
        """Return what was expected of the row at ``position``."""
        return self.expected(position) if callable(self.expected) else self.expected

    def value(self, position: int) -> str:
        """Return the value the row holds in the column, as the user wrote it."""
        shown = self.values if self.values is not None else self.table.shown_values(self.column)
        return str(shown.iat[position])


class RowsToSetAside:
    """Every problem of a single row, uncapped: the rows a run leaves out and lists."""

    def __init__(self) -> None:
        self.findings: list[RowFinding] = []

    def __bool__(self) -> bool:
        return bool(self.findings)

    def record(self, finding: RowFinding) -> None:
        if len(finding.positions):
            self.findings.append(finding)

    def masks(self) -> dict[str, np.ndarray]:
        """Return, per table name, which of its rows have a problem."""
        masks: dict[str, np.ndarray] = {}
        for finding in self.findings:
            mask = masks.setdefault(finding.table.name, np.zeros(len(finding.table.frame), bool))
            mask[finding.positions] = True
        return masks


class ProblemList:
    """Collects problems up to a cap, so huge broken files still give a readable report.

    With ``set_aside``, problems of single rows of tables read from files go there instead.
    """

    def __init__(self, cap: int, *, set_aside: RowsToSetAside | None = None) -> None:
        self.cap = cap
        self.items: list[DataProblem] = []
        self.truncated = False
        self.set_aside = set_aside

    @property
    def full(self) -> bool:
        return len(self.items) >= self.cap

    def raise_in_order(self, files: list[str]) -> NoReturn:
        """Raise the problems, ordered by ``files`` (problems of no file first), then row."""
        order = {file: i for i, file in enumerate(files)}
        found = sorted(self.items, key=lambda p: (order.get(p.file, -1), p.row or 0))
        raise InvalidDataError(found, truncated=self.truncated)

    def add(self, problem: DataProblem) -> None:
        if self.full:
            self.truncated = True
        else:
            self.items.append(problem)

    def add_rows(
        self,
        table: RawTable,
        mask: np.ndarray | pd.Series,
        column: str,
        expected: str | Callable[[int], str],
        values: pd.Series | None = None,
    ) -> None:
        """Add one problem per row where ``mask`` is true, naming ``column``'s value."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if len(positions) == 0:
            return
        finding = RowFinding(table, positions, column, expected, values)
        if self.set_aside is not None and not table.inferred:
            self.set_aside.record(finding)
            return
        room = self.cap - len(self.items)
        if len(positions) > room:
            self.truncated = True
            positions = positions[: max(room, 0)]
        for pos in positions:
            self.items.append(
                DataProblem(
                    table.file,
                    table.row_number(int(pos)),
                    table.header(column),
                    finding.value(int(pos)),
                    finding.reason(int(pos)),
                )
            )


MAX_PROBLEMS = 100
# Labels (initials, a pseudonym) and context names are drawn on diagrams and written into every
# line that names a person or place: a long one squeezes a diagram and slows every page.
MAX_LABEL_LENGTH = 80
# Characters that reorder the text around them (Unicode's bidirectional controls): a label
# holding one could make the record beside it read backwards.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SHOWN_TEXT = {"people": "label", "contexts": "name"}
_REQUIRED = {
    "people": ("id", "kind"),
    "contexts": ("id", "kind"),
    "associations": ("source", "target", "type"),
}
_WANTED = {
    "people": PEOPLE_COLUMNS,
    "contexts": CONTEXT_COLUMNS,
    "associations": ASSOCIATION_COLUMNS,
}


def _check_columns(table: RawTable, problems: ProblemList) -> bool:
    missing = [c for c in _REQUIRED[table.name] if c not in table.frame.columns]
    for column in missing:
        header = ", ".join(table.frame.columns) or "nothing"
        problems.add(
            DataProblem(
                table.file,
                1,
                table.header(column),
                None,
                f"required column is missing (the header has: {header})",
            )
        )
    return not missing


def _clean(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Return ``frame`` with the contract's columns present (empty when absent) and trimmed."""
    # A shallow copy: columns are replaced, never changed in place, and only those with a value
    # to trim are kept trimmed (at a million young people each column is 100 MB).
    frame = frame.copy(deep=False)
    for column in columns:
        if column not in frame.columns:
            frame[column] = ""
        values = frame[column].astype(str)
        trimmed = values.str.strip()
        # Trimming only ever removes characters: the same total length (in bytes) means
        # nothing changed, and the column as read is kept (one trimmed column alive at a
        # time, not a table).
        if text_bytes(trimmed) != text_bytes(values):
            values = trimmed
        del trimmed
        frame[column] = values
    return frame


def _check_nodes(table: RawTable, kinds: tuple[str, ...], problems: ProblemList) -> None:
    frame = table.frame
    problems.add_rows(table, frame["id"] == "", "id", "an id is required")
    bad_kind = ~frame["kind"].isin(kinds)
    problems.add_rows(table, bad_kind, "kind", f"expected one of {', '.join(kinds)}")
    if not table.inferred:  # inferred ids are checked where they were read: the links' ends
        _check_id_text(table, problems)


def _check_id_text(table: RawTable, problems: ProblemList, column: str = "id") -> None:
    """Add a problem for every id a person could not read back or a spreadsheet would run."""
    ids = table.frame[column]
    # Only ids outside plain printable ASCII, or with a formula start, need the full check.
    suspect = ~ids.str.fullmatch(r"[\x20-\x7e]{0,200}") | ids.str.match(r"[=+\-@]")
    reasons = {int(i): id_problem(str(ids.iat[int(i)])) for i in np.flatnonzero(suspect)}
    bad = np.zeros(len(ids), dtype=bool)
    bad[[i for i, why in reasons.items() if why]] = True
    problems.add_rows(table, bad, column, lambda pos: f"this id {reasons[pos]}")


def _label_problem(text: str) -> str | None:
    """Return why ``text`` cannot be shown as a label or name, or None when it can."""
    if len(text) > MAX_LABEL_LENGTH:
        return (
            f"is {len(text):,} characters long; a label or name shown on diagrams is at most "
            f"{MAX_LABEL_LENGTH} (use initials or a short pseudonym)"
        )
    control = _BIDI_CONTROLS.search(text) or re.search(r"[\x00-\x1f\x7f-\x9f]", text)
    if control:
        return (
            f"contains an invisible control character (U+{ord(control.group()):04X}), which "
            "would reorder or break the text shown around it; remove it"
        )
    return None


def _check_shown_text(table: RawTable, problems: ProblemList) -> None:
    """Add a problem for every label or context name too long or holding a control character."""
    column = _SHOWN_TEXT[table.name]
    values = table.frame[column]
    suspect = (values.str.len() > MAX_LABEL_LENGTH) | values.str.contains(
        "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x1f\x7f-\x9f]", regex=True
    )
    reasons = {int(i): _label_problem(str(values.iat[int(i)])) for i in np.flatnonzero(suspect)}
    bad = np.zeros(len(values), dtype=bool)
    bad[[i for i, why in reasons.items() if why]] = True
    shown = table.shown_values(column).map(lambda v: v if len(v) <= 60 else v[:40] + "…")
    problems.add_rows(table, bad, column, lambda pos: f"this {column} {reasons[pos]}", shown)


def _check_unique_ids(tables: list[RawTable], problems: ProblemList) -> None:
    ids = pd.concat([t.frame["id"] for t in tables], ignore_index=True)
    owners = np.concatenate([np.full(len(t.frame), i) for i, t in enumerate(tables)])
    positions = np.concatenate([np.arange(len(t.frame)) for t in tables])
    duplicated = (ids.duplicated(keep="first") & (ids != "")).to_numpy()
    first_at = (
        {v: i for i, v in reversed(list(enumerate(ids))) if v != ""} if duplicated.any() else {}
    )
    for index in np.flatnonzero(duplicated):
        table = tables[owners[index]]
        first = first_at[ids.iat[int(index)]]
        where = (
            f"{tables[owners[first]].file} row {tables[owners[first]].row_number(positions[first])}"
        )
        problems.add(
            DataProblem(
                table.file,
                table.row_number(int(positions[index])),
                table.header("id"),
                str(ids.iat[int(index)]),
                f"ids must be unique across people and contexts; already used at {where}",
            )
        )
        if problems.full:
            problems.truncated = bool(duplicated.sum() > 1)
            return


def _iso_dates(table: RawTable, column: str, problems: ProblemList) -> pd.Series:
    """Return the column as ISO day strings ("" where empty), reporting impossible dates."""
    days, bad = iso_days(table.frame[column])
    problems.add_rows(
        table, bad, column, "not a real date in the form YYYY-MM-DD (e.g. 2025-02-28)"
    )
    return days


# What each end of an association is, as small integers so millions of rows check quickly.
_UNKNOWN, _YOUNG, _ADULT = 0, 1, 2
_END_NAMES = ["", "young_person", "adult"] + [f"a context of kind {k}" for k in CONTEXT_KINDS]
_BETWEEN_CODES = {"people": 1, "adult_and_young_person": 2, "person_and_context": 3}


def _check_associations(
    table: RawTable,
    people: pd.DataFrame,
    contexts: pd.DataFrame,
    vocabulary: Vocabulary,
    problems: ProblemList,
) -> pd.DataFrame:
    frame = table.frame
    for column in ("source", "target", "type"):
        problems.add_rows(
            table, (frame[column] == "").to_numpy(), column, f"a {column} is required"
        )
    types = list(vocabulary.types)
    type_code = index_in(frame["type"], types)
    known_type = type_code >= 0
    problems.add_rows(
        table,
        ~known_type & (frame["type"] != "").to_numpy(),
        "type",
        f"unknown association type; expected one of {', '.join(types)}"
        f" (vocabulary: {vocabulary.source})",
    )
    node_ids = pd.concat([people["id"], contexts["id"]], ignore_index=True)
    person_codes = np.where(people["kind"].to_numpy() == "adult", _ADULT, _YOUNG)
    context_codes = 3 + np.maximum(index_in(contexts["kind"], list(CONTEXT_KINDS)), 0)
    node_codes = np.concatenate([person_codes, context_codes, [_UNKNOWN]])
    ends = {}
    for column in ("source", "target"):
        ends[column] = node_codes[index_in(frame[column], node_ids)]
        missing = (ends[column] == _UNKNOWN) & (frame[column] != "").to_numpy()
        problems.add_rows(table, missing, column, "not an id in people or contexts")
    problems.add_rows(
        table,
        ((frame["source"] == frame["target"]) & (frame["source"] != "")).to_numpy(),
        "target",
        "an association needs two different ends (source and target are the same)",
    )
    src, dst = ends["source"], ends["target"]
    resolved = (src != _UNKNOWN) & (dst != _UNKNOWN) & known_type
    type_between = np.array([_BETWEEN_CODES[vocabulary[t].between] for t in types] + [0])
    between = type_between[type_code]
    ctx_s, ctx_t = src >= 3, dst >= 3
    adult_and_young = ((src == _ADULT) & (dst == _YOUNG)) | ((src == _YOUNG) & (dst == _ADULT))

    def _describe(expected: str) -> Callable[[int], str]:
        return lambda pos: (
            f"type '{frame['type'].iat[pos]}' {expected}; here it links "
            f"{_END_NAMES[src[pos]]} '{frame['source'].iat[pos]}' and "
            f"{_END_NAMES[dst[pos]]} '{frame['target'].iat[pos]}'"
        )

    for rule, expected in (
        ((between == 1) & (ctx_s | ctx_t), "links two people, not a context"),
        ((between == 2) & ~adult_and_young, "links an adult and a young person"),
        (
            (between == 3) & (ctx_s == ctx_t),
            "links a person to a context (school, location, online, other)",
        ),
    ):
        problems.add_rows(table, resolved & rule, "type", _describe(expected))
    # Which context kinds each person-to-context type may point at, as a type × kind table.
    allowed = np.zeros((len(types) + 1, len(CONTEXT_KINDS)), dtype=bool)
    for i, name in enumerate(types):
        for kind in vocabulary[name].contexts:
            allowed[i, CONTEXT_KINDS.index(kind)] = True
    context_end = np.where(ctx_s, src, dst) - 3
    pointing = resolved & (between == 3) & (ctx_s != ctx_t)
    wrong_kind = pointing & ~allowed[type_code, np.clip(context_end, 0, len(CONTEXT_KINDS) - 1)]
    problems.add_rows(
        table,
        wrong_kind,
        "type",
        lambda pos: (
            f"type '{frame['type'].iat[pos]}' points at a context of kind "
            f"'{CONTEXT_KINDS[context_end[pos]]}'; it takes "
            f"{', '.join(vocabulary[str(frame['type'].iat[pos])].contexts)}"
        ),
    )
    confidence = lower_levels(frame["confidence"], default="medium")
    problems.add_rows(
        table,
        ~is_in(confidence, list(CONFIDENCE_LEVELS)),
        "confidence",
        "expected high, medium or low (a 3x5x2 grade goes in the 'grading' column)",
    )
    observed = _iso_dates(table, "observed_on", problems)
    recorded = _iso_dates(table, "recorded_on", problems)
    # No copy: pandas copies on write, and the columns below are replaced, not changed.
    out = frame.loc[:, list(ASSOCIATION_COLUMNS)]
    out["observed_on"] = observed
    out["recorded_on"] = recorded.where(recorded != "", observed)
    out["confidence"] = confidence
    # One agency, one spelling: "Police" and "police " must not split its counts.
    out["source_agency"] = agency_names(frame["source_agency"])
    return out


def check_raw_dataset(
    raw: RawDataset, vocabulary: Vocabulary, problems: ProblemList
) -> Dataset | None:
    """Return the validated dataset built from ``raw``, or ``None`` when ``problems`` (reported,
    or rows to set aside) were found."""
    for problem in raw.problems:
        problems.add(problem)
    tables = {name: t for name, t in raw.tables.items() if _check_columns(t, problems)}
    tables = {name: replace(t, frame=_clean(t.frame, _WANTED[name])) for name, t in tables.items()}
    for t in tables.values():
        # No contexts, or no people of one kind, is real data (a network of people only); no
        # associations at all leaves nothing to analyse.
        if t.frame.empty and t.name == "associations" and not t.inferred:
            problems.add(DataProblem(t.file, None, None, None, "the file has a header but no rows"))
        for found in t.row_problems:  # met while mapping: dates, kind words
            problems.add_rows(t, found.mask, found.column, found.expected)
        for row, why in t.unreadable:
            problems.add(DataProblem(t.file, row, None, None, why))
    if "people" in tables:
        _check_nodes(tables["people"], PERSON_KINDS, problems)
        _check_shown_text(tables["people"], problems)
    if "contexts" in tables:
        _check_nodes(tables["contexts"], CONTEXT_KINDS, problems)
        _check_shown_text(tables["contexts"], problems)
    node_tables = [tables[n] for n in ("people", "contexts") if n in tables]
    if node_tables:
        _check_unique_ids(node_tables, problems)
    associations = None
    if "associations" in tables and "people" in tables and "contexts" in tables:
        if any(t.inferred for t in node_tables):
            for end in ("source", "target"):
                _check_id_text(tables["associations"], problems, end)
        associations = _check_associations(
            tables["associations"],
            tables["people"].frame,
            tables["contexts"].frame,
            vocabulary,
            problems,
        )
    if problems.items or problems.set_aside or associations is None:
        return None
    people = tables["people"].frame.reset_index(drop=True)
    people["label"] = protected_labels(people)
    contexts = tables["contexts"].frame.loc[:, list(CONTEXT_COLUMNS)].reset_index(drop=True)
    associations = associations.reset_index(drop=True)
    return Dataset(
        people=people,
        contexts=contexts,
        associations=associations,
        vocabulary=vocabulary,
        source=raw.source,
        fingerprint=fingerprint_tables(people, contexts, associations),
    )


def validate_raw_dataset(
    raw: RawDataset, vocabulary: Vocabulary, *, cap: int = MAX_PROBLEMS
) -> Dataset:
    """Return the validated dataset built from ``raw``, or raise listing every problem.

    Raises
    ------
    InvalidDataError
        With one :class:`~cs_peers.errors.DataProblem` per problem, up to ``cap``.
    """
    problems = ProblemList(cap)
    dataset = check_raw_dataset(raw, vocabulary, problems)
    if dataset is None:
        problems.raise_in_order([t.file for t in raw.tables.values()])
    return dataset
