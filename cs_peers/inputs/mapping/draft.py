"""Writing a starting mapping from the headers and values found in a user's files.

:func:`write_draft_mapping` looks at a CSV file, a folder of them, or every sheet of a
workbook, guesses which table each holds and which header is which contract column
(:mod:`cs_peers.inputs.mapping.guess`), and writes a mapping file for the analyst to check. Words it
cannot place are listed as comments with their counts. It never overwrites a file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cs_peers import clock
from cs_peers.errors import DataProblem, MappingError
from cs_peers.inputs.mapping.guess import guess_columns, guess_date_order, guess_table, guess_word
from cs_peers.inputs.mapping.report import word_counts
from cs_peers.inputs.mapping.spec import allowed_values
from cs_peers.inputs.mapping.tables import (
    UserTable,
    guess_header_row,
    read_user_table,
    workbook_sheets,
)
from cs_peers.inputs.reading import TABLE_NAMES
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = ["Draft", "draft_mapping", "write_draft_mapping"]

_SHOWN_WORDS = 40
_MAX_CODES = 100


@dataclass
class _Found:
    table: str
    path: Path
    sheet: str | None
    header_row: int
    user: UserTable
    columns: dict[str, str]


@dataclass
class Draft:
    """A starting mapping: its TOML text and what was found, for a short summary."""

    text: str
    tables: dict[str, str] = field(default_factory=dict)
    unmapped_words: int = 0
    unused: list[str] = field(default_factory=list)


def _candidates(path: Path) -> list[tuple[Path, str | None]]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))
        if not files:
            raise MappingError(f"{path} holds no .csv or .xlsx file")
        return [c for f in files for c in _candidates(f)]
    if not path.is_file():
        raise MappingError(f"{path} does not exist")
    if path.suffix.lower() == ".xlsx":
        try:
            return [(path, sheet) for sheet in workbook_sheets(path)]
        except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
            raise MappingError(f"{path.name} is not an .xlsx workbook ({exc})") from exc
    if path.suffix.lower() == ".csv":
        return [(path, None)]
    raise MappingError(f"{path} is not a CSV file, an .xlsx workbook or a folder of them")


def _toml(text: str) -> str:
    # TOML basic strings take JSON's escapes.
    return json.dumps(text, ensure_ascii=False)


def _find_tables(path: Path) -> tuple[dict[str, _Found], list[str]]:
    found: dict[str, _Found] = {}
    unused: list[str] = []
    for file, sheet in _candidates(path):
        problems: list[DataProblem] = []
        header_row = guess_header_row(file, sheet) if sheet is not None else 1
        user = read_user_table(
            file, sheet=sheet, table="", header_row=header_row, problems=problems
        )
        where = f"{file.name}, sheet {sheet}" if sheet else file.name
        if user is None:
            unused.append(f"{where}: {'; '.join(p.expected for p in problems)}")
            continue
        headers = [str(c) for c in user.frame.columns]
        table = guess_table(sheet or file.stem, headers)
        if table is None or table in found:
            # Only the count: the first row of an unrecognised sheet may be data, not headers,
            # and a mapping file must never carry anyone's details.
            plural = "s" if len(headers) != 1 else ""
            unused.append(f"{where}: not used ({len(headers)} column{plural})")
            continue
        columns = guess_columns(table, headers)
        found[table] = _Found(table, file, sheet, header_row, user, columns)
    if "associations" not in found:
        raise MappingError(
            f"no associations found in {path}: no file or sheet has two columns that look like "
            "the two ends of a link (e.g. 'Person A ID' and 'Person B ID')"
        )
    return found, unused


def _table_lines(found: _Found, out: Path, vocabulary: Vocabulary, draft: Draft) -> list[str]:
    relative = Path(os.path.relpath(found.path.resolve(), out.resolve().parent)).as_posix()
    lines = [f"[{found.table}]", f"file = {_toml(relative)}"]
    if found.sheet is not None:
        lines.append(f"sheet = {_toml(found.sheet)}")
    if found.header_row != 1:
        lines.append(f"header_row = {found.header_row}")
    lines += ["", f"[{found.table}.columns]"]
    lines += [f"{column} = {_toml(header)}" for column, header in found.columns.items()]
    headers = [str(c) for c in found.user.frame.columns]
    extra = [h for h in headers if h not in found.columns.values()]
    if extra:
        verb = "kept as attributes" if found.table == "people" else "not used"
        lines.append(f"# {verb}: {', '.join(_toml(h) for h in extra)}")
    for column, header in found.columns.items():
        allowed = allowed_values(found.table, column, vocabulary)
        if allowed is None:
            continue
        counts = word_counts(found.user.frame[header])
        # Confidence is read case-insensitively by the contract itself; other codes are exact.
        fold = column == "confidence"
        needed = [(w, n) for w, n in counts if (w.lower() if fold else w) not in allowed]
        if not needed:
            continue
        lines += ["", f"[{found.table}.values.{column}]"]
        if len(counts) > _MAX_CODES:
            # So many different values is not a coded column (it may hold names): list none.
            lines.append(f'# "{header}" has {len(counts)} different values; is it really {column}?')
            draft.unmapped_words += len(needed)
            continue
        if column == "type":
            lines.append(f"# vocabulary types: {', '.join(allowed)}")
        else:
            lines.append(f"# one of: {', '.join(allowed)}")
        for word, count in needed[:_SHOWN_WORDS]:
            rows = f"{count} row{'s' if count != 1 else ''}"
            guess = guess_word(column, word, allowed)
            if guess is not None:
                lines.append(f"{_toml(word)} = {_toml(guess)}   # {rows}; guessed, check it")
            else:
                lines.append(f'# {_toml(word)} = ""   # {rows}; not mapped yet')
                draft.unmapped_words += 1
        if len(needed) > _SHOWN_WORDS:
            lines.append(f"# … and {len(needed) - _SHOWN_WORDS} more words")
            draft.unmapped_words += len(needed) - _SHOWN_WORDS
    return lines


def draft_mapping(path: Path, vocabulary: Vocabulary, *, out: Path) -> Draft:
    """Return a starting mapping for the files at ``path``, to be written at ``out``.

    Raises
    ------
    MappingError
        If ``path`` holds no CSV or workbook, or nothing that looks like associations.
    """
    found, unused = _find_tables(Path(path))
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
