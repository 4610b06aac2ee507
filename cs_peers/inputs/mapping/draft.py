"""Writing a starting mapping from the headers and values found in a user's files.

:func:`write_draft_mapping` looks at a CSV file, a folder of them, or every sheet of a
workbook, finds the header row under any title, guesses which table each holds and which
header is which contract column (:mod:`cs_peers.inputs.mapping._guess`), the date order and a
CSV file's encoding, and writes a mapping file for the analyst to check. Every guess is marked
as one; words it cannot place are listed as comments with their counts. It never overwrites a
file.

What a mapping does to the user's files: which header feeds which column, which word which value.

:func:`describe_mapping` is behind ``cs-peers mapping check``: it reads the user's files through
the mapping and lists, per table, the header of each contract column, the headers left unused,
every word of a coded column with its count and what it becomes, and how the dates read.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cs_peers import clock
from cs_peers.errors import DataProblem, MappingError
from cs_peers.inputs.columns import agency_text
from cs_peers.inputs.mapping._guess import (
    ColumnGuess,
    guess_date_order,
    guess_header_row,
    guess_table,
    guess_word,
)
from cs_peers.inputs.mapping._headers import Synonyms, load_synonyms
from cs_peers.inputs.mapping._tables import UserTable, peek_rows, read_user_table, workbook_sheets
from cs_peers.inputs.mapping._values import order_evidence, user_days
from cs_peers.inputs.mapping.reading import mapped_files, resolve_headers
from cs_peers.inputs.mapping.spec import Mapping, allowed_values, normalise_word
from cs_peers.inputs.reading import TABLE_NAMES
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "Draft",
    "MappingReport",
    "describe_mapping",
    "draft_mapping",
    "word_counts",
    "write_draft_mapping",
]


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


_SHOWN_WORDS = 40
_MAX_CODES = 100
# CSV files, Excel's "Unicode text" (.txt, tab-separated UTF-16) and workbooks.
_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
# The columns whose words a draft maps: coded columns, and agencies (free text, but the same
# agency spelt two ways would split its counts).
_WORD_COLUMNS = ("type", "kind", "source_kind", "target_kind", "confidence", "source_agency")


@dataclass
class _Found:
    table: str
    path: Path
    sheet: str | None
    header_row: int
    user: UserTable
    guess: ColumnGuess

    @property
    def columns(self) -> dict[str, str]:
        return self.guess.columns


@dataclass
class Draft:
    """A starting mapping: its TOML text and what was found, for a short summary."""

    text: str
    tables: dict[str, str] = field(default_factory=dict)
    unmapped_words: int = 0
    unused: list[str] = field(default_factory=list)


def _candidates(path: Path) -> list[tuple[Path, str | None]]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
        if not files:
            raise MappingError(f"{path} holds no .csv, .tsv, .txt or .xlsx file")
        return [c for f in files for c in _candidates(f)]
    if not path.is_file():
        raise MappingError(f"{path} does not exist")
    if path.suffix.lower() == ".xlsx":
        try:
            return [(path, sheet) for sheet in workbook_sheets(path)]
        except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
            raise MappingError(f"{path.name} is not an .xlsx workbook ({exc})") from exc
    if path.suffix.lower() in _SUFFIXES:
        return [(path, None)]
    raise MappingError(
        f"{path} is not a CSV (or tab-separated .tsv/.txt) file, an .xlsx workbook or a folder "
        "of them"
    )


def _toml(text: str) -> str:
    # TOML basic strings take JSON's escapes.
    return json.dumps(text, ensure_ascii=False)


def _find_tables(path: Path, vocabulary: Vocabulary) -> tuple[dict[str, _Found], list[str]]:
    found: dict[str, _Found] = {}
    unused: list[str] = []
    for file, sheet in _candidates(path):
        problems: list[DataProblem] = []
        header_row = guess_header_row(peek_rows(file, sheet))
        user = read_user_table(
            file, sheet=sheet, table="", header_row=header_row, problems=problems
        )
        where = f"{file.name}, sheet {sheet}" if sheet else file.name
        if user is None:
            unused.append(f"{where}: {'; '.join(p.expected for p in problems)}")
            continue
        headers = [str(c) for c in user.frame.columns]
        guessed = guess_table(sheet or file.stem, user.frame, vocabulary=vocabulary)
        if guessed is None or guessed[0] in found:
            # Only the count: the first row of an unrecognised sheet may be data, not headers,
            # and a mapping file must never carry anyone's details.
            plural = "s" if len(headers) != 1 else ""
            unused.append(f"{where}: not used ({len(headers)} column{plural})")
            continue
        table, columns = guessed
        found[table] = _Found(table, file, sheet, header_row, user, columns)
    if "associations" not in found:
        raise MappingError(
            f"no associations found in {path}: no file or sheet has two columns that look like "
            "the two ends of a link (by their headers, e.g. 'Child ID' and 'Linked to', or by "
            "their values: the same kind of ids in both)"
        )
    return found, unused


def _word_lines(
    found: _Found,
    column: str,
    header: str,
    vocabulary: Vocabulary,
    synonyms: Synonyms,
    draft: Draft,
) -> list[str]:
    """Return the ``[TABLE.values.COLUMN]`` lines of one coded column (none when not needed)."""
    allowed = allowed_values(found.table, column, vocabulary)
    counts = word_counts(found.user.frame[header])
    if column == "confidence":
        # Confidence is read case-insensitively by the contract itself.
        needed = [(w, n) for w, n in counts if w.lower() not in (allowed or ())]
    elif column == "source_agency":
        # Agencies are free text, read in lower case with "_" for spaces: only synonyms matter.
        needed = [(w, n) for w, n in counts if agency_text(w) != synonyms.value_of(column, w)]
    else:
        needed = [(w, n) for w, n in counts if w not in (allowed or ())]
    if not needed:
        return []
    lines = ["", f"[{found.table}.values.{column}]"]
    if len(counts) > _MAX_CODES:
        # So many different values is not a coded column (it may hold names): list none.
        lines.append(f'# "{header}" has {len(counts)} different values; is it really {column}?')
        if allowed is not None:
            draft.unmapped_words += len(needed)
        return lines
    if column == "type":
        lines.append(f"# vocabulary types: {', '.join(allowed or ())}")
    elif allowed is not None:
        lines.append(f"# one of: {', '.join(allowed)}")
    else:
        lines.append("# agencies are kept in lower case with _ for spaces; map other spellings")
    for word, count in needed[:_SHOWN_WORDS]:
        rows = f"{count} row{'s' if count != 1 else ''}"
        guess = guess_word(column, word, allowed, synonyms)
        if guess is not None:
            value, source = guess
            mark = "guessed from the synonym list" if source == "synonym list" else "guessed"
            lines.append(f"{_toml(word)} = {_toml(value)}   # {rows}; {mark}, check it")
        elif allowed is None:
            lines.append(f"# {_toml(word)} is kept as {_toml(agency_text(word))}   # {rows}")
        else:
            lines.append(f'# {_toml(word)} = ""   # {rows}; not mapped yet')
            draft.unmapped_words += 1
    if len(needed) > _SHOWN_WORDS:
        lines.append(f"# … and {len(needed) - _SHOWN_WORDS} more words")
        if allowed is not None:
            draft.unmapped_words += len(needed) - _SHOWN_WORDS
    return lines


def _table_lines(found: _Found, out: Path, vocabulary: Vocabulary, draft: Draft) -> list[str]:
    relative = Path(os.path.relpath(found.path.resolve(), out.resolve().parent)).as_posix()
    lines = [f"[{found.table}]", f"file = {_toml(relative)}"]
    if found.sheet is not None:
        lines.append(f"sheet = {_toml(found.sheet)}")
    if found.header_row != 1:
        lines.append(f"header_row = {found.header_row}   # the rows above are a title or blank")
    if found.user.encoding and found.user.encoding != "utf-8":
        lines.append(f"encoding = {_toml(found.user.encoding)}   # {found.user.read_as}")
    lines += ["", f"[{found.table}.columns]"]
    for column, header in found.columns.items():
        why = found.guess.why.get(column)
        lines.append(f"{column} = {_toml(header)}" + (f"   # {why}" if why else ""))
    headers = [str(c) for c in found.user.frame.columns]
    extra = [h for h in headers if h not in found.columns.values()]
    if extra:
        verb = "kept as attributes" if found.table == "people" else "not used"
        lines.append(f"# {verb}: {', '.join(_toml(h) for h in extra)}")
    synonyms = load_synonyms()
    for column, header in found.columns.items():
        if column in _WORD_COLUMNS and (column != "type" or found.table == "associations"):
            lines += _word_lines(found, column, header, vocabulary, synonyms, draft)
    return lines


def _label_lines(found: dict[str, _Found]) -> list[str]:
    """Return a warning when nothing gives people a label or a name: outputs would show ids."""
    people = found.get("people")
    if people is not None:
        if {"label", "name"} & set(people.columns):
            return []
    else:
        links = found["associations"].columns
        if {"source_label", "target_label", "source_name", "target_name"} & set(links):
            return []
    return [
        "# No label or name column was found: outputs would show case ids, which identify a",
        "# child to anyone with system access. Map a label (initials or a pseudonym) or a name",
        "# (labels are then initials derived from it, never the name): label/name under",
        "# [people.columns], or source_label/target_label, source_name/target_name under",
        "# [associations.columns].",
        "",
    ]


def draft_mapping(path: Path, vocabulary: Vocabulary, *, out: Path) -> Draft:
    """Return a starting mapping for the files at ``path``, to be written at ``out``.

    Raises
    ------
    MappingError
        If ``path`` holds no CSV or workbook, or nothing that looks like associations.
    """
    found, unused = _find_tables(Path(path), vocabulary)
    source = Path(path).name
    draft = Draft("", unused=unused)
    lines = [
        f"# cs-peers mapping (format 1), drafted by `cs-peers mapping init` from {source}",
        f"# on {clock.today().isoformat()}. Every match below is a guess: check each line, map",
        "# the words listed as comments, then run: cs-peers mapping check --mapping THIS_FILE",
        "version = 1",
        "",
    ]
    for name in TABLE_NAMES:
        if name in found:
            lines += [*_table_lines(found[name], out, vocabulary, draft), ""]
            where = found[name].path.name
            if found[name].sheet:
                where += f", sheet {found[name].sheet}"
            draft.tables[name] = where
    if "people" not in found:
        lines += [
            "# No people table was found: people are inferred from the associations, as",
            "# young_person unless a kind column (source_kind, target_kind) says otherwise.",
            "[people]",
            'kind = "young_person"',
            "",
        ]
    if "contexts" not in found:
        lines += [
            "# No contexts table was found: contexts are inferred from the associations — the",
            "# target of attends, frequents, member_of or incident_at, or an end whose kind",
            "# column says school, location, online or other.",
            "",
        ]
    lines += _label_lines(found)
    links = found["associations"]
    dated = [links.columns[c] for c in ("observed_on", "recorded_on") if c in links.columns]
    empty = pd.Series([], dtype="str")
    values = pd.concat([links.user.frame[h] for h in dated]) if dated else empty
    order, why = guess_date_order(values)
    lines += ["[dates]", f'order = "{order}"   # {why}', ""]
    for item in unused:
        lines.append(f"# {item}")
    draft.text = "\n".join(lines).rstrip() + "\n"
    return draft


def write_draft_mapping(path: Path, vocabulary: Vocabulary, *, out: Path) -> Draft:
    """Write a starting mapping for ``path`` to ``out`` and return it; never overwrites.

    Raises
    ------
    MappingError
        If ``out`` already exists, or the files hold nothing to map.
    """
    out = Path(out)
    if out.exists():
        raise MappingError(
            f"{out} already exists; cs-peers never overwrites a file: give another --out"
        )
    draft = draft_mapping(path, vocabulary, out=out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
        handle.write(draft.text)
    return draft
