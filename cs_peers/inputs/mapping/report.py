"""What a mapping does to the user's files: which header feeds which column, which word which value.

:func:`describe_mapping` is behind ``cs-peers mapping check``: it reads the user's files through
the mapping and lists, per table, the header of each contract column, the headers left unused,
every word of a coded column with its count and what it becomes, and how the dates read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cs_peers.errors import DataProblem
from cs_peers.inputs.mapping.dates import order_evidence, user_days
from cs_peers.inputs.mapping.reading import mapped_files, resolve_headers
from cs_peers.inputs.mapping.spec import Mapping, allowed_values, normalise_word
from cs_peers.inputs.mapping.tables import UserTable, read_user_table
from cs_peers.inputs.reading import TABLE_NAMES
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = ["MappingReport", "describe_mapping", "word_counts"]

_SHOWN_WORDS = 40
_INFERRED = {
    "people": "inferred from the associations (kind from source_kind/target_kind, else {kind})",
    "contexts": "inferred from the associations (kind columns, and targets of person-to-context "
    "types)",
}


def word_counts(values: pd.Series) -> list[tuple[str, int]]:
    """Return each distinct non-empty value (trimmed) with its count, most frequent first.

    >>> word_counts(pd.Series(["Friend", " Sibling", "Friend", ""]))
    [('Friend', 2), ('Sibling', 1)]
    """
    text = values.astype("str").str.strip()
    counts = text[text != ""].value_counts(sort=False)
    return sorted(((str(w), int(n)) for w, n in counts.items()), key=lambda x: (-x[1], x[0]))


@dataclass
class MappingReport:
    """The lines ``mapping check`` prints, and how many words are left unmapped."""

    lines: list[str] = field(default_factory=list)
    unmapped: int = 0
    missing: int = 0


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def _words(
    report: MappingReport,
    mapping: Mapping,
    table: str,
    column: str,
    header: str,
    user: UserTable,
    vocabulary: Vocabulary,
) -> None:
    spec = mapping.tables[table]
    allowed = allowed_values(table, column, vocabulary)
    lookup = spec.lookup(column)
    if allowed is None and not lookup:
        return
    counts = word_counts(user.frame[header])
    report.lines.append(f'  {column} words in "{header}":')
    for word, count in counts[:_SHOWN_WORDS]:
        target = lookup.get(normalise_word(word))
        plain = word.lower() if column == "confidence" else word
        if target is not None:
            report.lines.append(f'    "{word}" → {target} ({_rows(count)})')
        elif allowed is None or plain in allowed:
            report.lines.append(f'    "{word}" (kept as it is; {_rows(count)})')
        else:
            report.lines.append(f'    "{word}" → NOT MAPPED ({_rows(count)})')
            report.unmapped += 1
    if len(counts) > _SHOWN_WORDS:
        report.lines.append(f"    … and {len(counts) - _SHOWN_WORDS} more")
    seen = {normalise_word(w) for w, _ in counts}
    unseen = [w for w in spec.values.get(column, {}) if normalise_word(w) not in seen]
    if unseen:
        report.lines.append(
            "    mapped but not in the data: " + ", ".join(f'"{w}"' for w in unseen)
        )


def _dates(report: MappingReport, mapping: Mapping, header: str, user: UserTable) -> None:
    values = user.frame[header].astype("str")
    days, bad = user_days(values, mapping.date_order)
    read = int((days != "").sum())
    line = f'  dates in "{header}": {read} read {mapping.date_order}'
    if bad.any():
        first = int(bad.argmax())
        line += (
            f", {int(bad.sum())} not dates (first: {str(values.iat[first]).strip()!r}, "
            f"row {user.first_row + first})"
        )
    note = order_evidence(values).note(mapping.date_order)
    if note is not None:
        line += f" ({note})"
    report.lines.append(line)


def describe_mapping(
    mapping: Mapping, vocabulary: Vocabulary, data: Path | None = None
) -> MappingReport:
    """Return what the mapping makes of the user's files, table by table.

    ``data`` replaces where the files are, as with ``--mapping`` on the other commands.
    """
    files = mapped_files(mapping, data)
    report = MappingReport([f"mapping {mapping.path} (format 1); dates {mapping.date_order}"])
    for name in TABLE_NAMES:
        if name not in mapping.tables:
            report.lines.append(f"{name}: " + _INFERRED[name].format(kind=mapping.people_kind))
            continue
        spec = mapping.tables[name]
        problems: list[DataProblem] = []
        user = read_user_table(
            files[name],
            sheet=spec.sheet,
            table=name,
            header_row=spec.header_row,
            problems=problems,
            encoding=spec.encoding,
        )
        if user is None:
            report.lines.append(f"{name}: cannot be read: " + "; ".join(map(str, problems)))
            report.missing += 1
            continue
        header_row = user.first_row - 1
        report.lines.append(
            f"{name}: {user.file}, {_rows(len(user.frame))} (header on row {header_row})"
        )
        if user.read_as:
            report.lines.append(f"  read as {user.read_as}")
        headers = [str(c) for c in user.frame.columns]
        found, missing = resolve_headers(spec, headers, mapping, user.file, header_row)
        width = max((len(c) for c in found), default=0)
        for column, header in found.items():
            same = "" if column in spec.columns else "   (same name as the contract)"
            report.lines.append(f'  {column:<{width}} ← "{header}"{same}')
        for problem in missing:
            report.lines.append(f"  MISSING: {problem}")
        report.missing += len(missing)
        unused = [h for h in headers if h not in found.values()]
        if unused:
            verb = "kept as attributes" if name == "people" else "not used"
            report.lines.append(f"  {verb}: " + ", ".join(f'"{h}"' for h in unused))
        for column, header in found.items():
            _words(report, mapping, name, column, header, user, vocabulary)
            if name == "associations" and column in ("observed_on", "recorded_on"):
                _dates(report, mapping, header, user)
    return report
