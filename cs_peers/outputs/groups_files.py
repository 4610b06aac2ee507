"""``groups.csv``, and what travels with it: a README and an ``.xlsx`` twin that say what it is.

``groups.csv`` is the one output a spreadsheet opens as a list of children, so it must not read
like a matrix: no per-child number that reads as a score (``placed_with_group`` says "9 of 10
runs", how clearly the records place a young person with the group — never anything about the
young person), and no column that reads as a role (``ties_also_to`` names another group many
of their recorded ties also lead to; "bridge" read as a broker's role). The CSV itself stays a
plain table (``group_id`` in the first cell of the first row), so every CSV reader still reads
it; the protective marking and the candidate caveat travel beside it:

- ``groups-README.txt``: the marking first and last, the caveat, what each column means and the
  run's provenance — plain text any machine opens;
- ``groups.xlsx``: the same table on the sheet "Groups", after a first sheet "Read me" holding
  the marking, the caveat and the columns; both sheets carry the marking in the header and the
  footer of every printed page.

The run history keeps the number (``confidence``, the share of runs): only what is written for
people reads in words.
"""

from __future__ import annotations

import io
import textwrap
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from cs_peers.analysis.provenance import Provenance
from cs_peers.analysis.run import Analysis
from cs_peers.outputs.folders import stable_zip
from cs_peers.safe_text import safe_csv_text

__all__ = [
    "CAVEAT",
    "GROUPS_COLUMNS",
    "GROUPS_CSV",
    "GROUPS_README",
    "GROUPS_XLSX",
    "OLD_GROUPS_COLUMNS",
    "groups_csv_text",
    "groups_readme",
    "groups_table",
    "groups_xlsx",
    "write_groups_files",
]

# What every page of the pack and every groups file says first (it is the pack's caveat).
CAVEAT = (
    "These are candidate peer groups identified from recorded associations. Verify them with "
    "the people who know these young people before acting. Membership reflects what agencies "
    "recorded, not behaviour; it is not a label, a score or a list of suspects."
)

GROUPS_CSV = "groups.csv"
GROUPS_README = "groups-README.txt"
GROUPS_XLSX = "groups.xlsx"
GROUPS_COLUMNS = ("group_id", "person_id", "placed_with_group", "ties_also_to")
# The header earlier versions wrote: a file that starts with it is ours to replace.
OLD_GROUPS_COLUMNS = ("group_id", "person_id", "confidence", "bridge_to")

# What each column means, said once for the README and the workbook.
COLUMN_MEANINGS = {
    "group_id": (
        "The candidate group's id (PG-0001 …), the same as on the pack's pages. It names one "
        "group of one dataset in this workspace and stays with it from meeting to meeting."
    ),
    "person_id": (
        "The young person's reference as this output's audience sees it (for a partner "
        "agency, a pseudonym kept for that audience only)."
    ),
    "placed_with_group": (
        "How many of the grouping's runs, each from a different random start, placed them with "
        "this group (e.g. '9 of 10 runs'): how clearly the records place them here, nothing "
        "about the young person. 'added by the meeting of DATE' when a meeting put them in."
    ),
    "ties_also_to": (
        "Another candidate group that many of their recorded ties also lead to (empty when "
        "none). It reflects where associations were recorded, not a role the young person plays."
    ),
}

_ORDER_NOTE = (
    "One row per young person placed in a candidate group, in the order of group id, then "
    "person id: the order means nothing about the young people. Young people in no group are "
    "not listed; candidates a meeting judged not a group (with nothing new recorded since) are "
    "left out."
)


def _placed(confidence: float, runs: int, added_on: str) -> str:
    """Return how a membership reads: "9 of 10 runs", or that a meeting put them in."""
    if added_on:
        return f"added by the meeting of {added_on}"
    times = round(confidence * runs)
    if times == 0:
        # Every member the runs found sat with the group in at least the run that defined it;
        # none means a meeting's review put them in (a partner's pack does not say which).
        return "added by a meeting"
    return f"{times} of {runs} runs"


def groups_table(analysis: Analysis) -> pd.DataFrame:
    """Return ``group_id, person_id, placed_with_group, ties_also_to``, one row per member.

    Examples
    --------
    >>> from cs_peers.inputs.sample.generate import sample_path
    >>> from cs_peers.inputs.source import load_dataset
    >>> from cs_peers.analysis.run import analyse
    >>> from cs_peers.analysis.grouping.parameters import GroupingParameters
    >>> found = analyse(load_dataset(sample_path("borough")), GroupingParameters(runs=4))
    >>> groups_table(found).iloc[0].tolist()
    ['PG-0001', 'YP001', '4 of 4 runs', '']
    """
    m = analysis.groups.memberships
    runs = analysis.groups.parameters.runs
    added: dict[tuple[str, str], str] = {}
    if analysis.reviews is not None:
        for group_id, state in analysis.reviews.groups.items():
            added.update({(group_id, p): day for p, day in state.added_on.items()})
    groups = m["group_id"].astype(str)
    people = m["person_id"].astype(str)
    confidence = m["confidence"].astype(float)
    # Whole columns, each distinct confidence put in words once (a run has a handful): a
    # million members as Python strings would cost hundreds of MB.
    words = {c: _placed(c, runs, "") for c in confidence.unique().tolist()}
    placed = confidence.map(words).astype("str")
    if added:
        # What a meeting added is said per member (a meeting adds a few).
        rows = zip(groups.tolist(), people.tolist(), confidence.tolist(), strict=True)
        for row, (group_id, person_id, share) in enumerate(rows):
            if (group_id, person_id) in added:
                placed.iat[row] = _placed(share, runs, added[(group_id, person_id)])
    return pd.DataFrame(
        {
            "group_id": groups,
            "person_id": people,
            "placed_with_group": placed,
            "ties_also_to": m["bridge_to"].fillna("").astype(str),
        },
        columns=list(GROUPS_COLUMNS),
    ).reset_index(drop=True)


def groups_csv_text(analysis: Analysis) -> str:
    """Return ``groups.csv``: :func:`groups_table` as CSV text a spreadsheet cannot run."""
    return safe_csv_text(groups_table(analysis))


def _provenance(analysis: Analysis) -> list[tuple[str, str]]:
    return list(analysis.shown_provenance().items())


def groups_readme(analysis: Analysis, *, marking: str, table: pd.DataFrame | None = None) -> str:
    """Return ``groups-README.txt``: marking, caveat, columns, provenance, marking.

    ``table`` is :func:`groups_table` of ``analysis`` when the caller has it already.
    """
    table = groups_table(analysis) if table is None else table

    def paragraph(text: str, indent: str = "") -> list[str]:
        # Plain text opens in editors that do not wrap: lines of at most 92 characters.
        return textwrap.wrap(text, 92, initial_indent=indent, subsequent_indent=indent) or [""]

    lines = [marking, ""]
    lines += paragraph(
        f"{GROUPS_CSV} — candidate peer groups: {len(table)} young people in "
        f"{table['group_id'].nunique()} groups"
    )
    for text in (
        CAVEAT,
        _ORDER_NOTE,
        f"{GROUPS_CSV} holds the table alone, so that every CSV reader reads it: this file "
        f"carries its protective marking and caveat. {GROUPS_XLSX} holds the same table with "
        "them on its first sheet ('Read me') and the marking in the header and footer of every "
        "printed page.",
    ):
        lines += ["", *paragraph(text)]
    lines += ["", "Columns"]
    for column in GROUPS_COLUMNS:
        lines += ["", f"  {column}", *paragraph(COLUMN_MEANINGS[column], "    ")]
    lines += ["", "Provenance (which data, selection, algorithm, parameters and seed)", ""]
    provenance = _provenance(analysis)
    key_width = max((len(k) for k, _ in provenance), default=0)
    lines += [f"  {key.ljust(key_width)}  {value}" for key, value in provenance]
    lines += ["", marking]
    return "\n".join(lines) + "\n"


def _header_text(marking: str) -> str:
    # In an Excel header or footer "&" starts a code: "&&" prints one.
    return marking.replace("&", "&&")


def _when(provenance: Provenance | None) -> datetime | None:
    value = provenance.generated_at if provenance is not None else ""
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None) if value else None
    except ValueError:
        return None


def groups_xlsx(analysis: Analysis, *, marking: str, table: pd.DataFrame | None = None) -> bytes:
    """Return ``groups.xlsx``: a "Read me" sheet (marking, caveat, columns), then "Groups".

    Every printed page of both sheets carries the marking in its header and footer; every
    value is a text cell (never a formula). Dated from the provenance's ``generated at``, so
    equal inputs give equal bytes. ``table`` is :func:`groups_table` of ``analysis`` when the
    caller has it already.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.writer.excel import ExcelWriter

    table = groups_table(analysis) if table is None else table
    book = Workbook()
    marked = Font(bold=True, color="FFFFFF")
    red = PatternFill("solid", fgColor="8A1C1C")
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(sheet: Any, row: int, column: int, value: str) -> Any:
        cell = sheet.cell(row=row, column=column)
        cell.value = value
        cell.data_type = "s"  # text, even when it starts with "=": a cell never runs
        cell.alignment = wrap
        return cell

    readme = book.active
    readme.title = "Read me"
    rows: list[tuple[str, str]] = [
        (marking, ""),
        ("", ""),
        (f"{GROUPS_CSV} and this workbook: candidate peer groups", ""),
        (CAVEAT, ""),
        (_ORDER_NOTE, ""),
        ("", ""),
        ("Column", "What it means"),
        *((c, COLUMN_MEANINGS[c]) for c in GROUPS_COLUMNS),
        ("", ""),
        ("Provenance", ""),
        *_provenance(analysis),
        ("", ""),
        (marking, ""),
    ]
    for r, (first, second) in enumerate(rows, start=1):
        put(readme, r, 1, first)
        if second:
            put(readme, r, 2, second)
    for r in (1, len(rows)):
        cell = readme.cell(row=r, column=1)
        cell.font, cell.fill = marked, red
    for r in (3, 7, 7 + len(GROUPS_COLUMNS) + 2):
        readme.cell(row=r, column=1).font = Font(bold=True)
    readme.cell(row=7, column=2).font = Font(bold=True)
    readme.column_dimensions["A"].width = 60
    readme.column_dimensions["B"].width = 90
    sheet = book.create_sheet("Groups")
    for c, name in enumerate(GROUPS_COLUMNS, start=1):
        put(sheet, 1, c, name).font = Font(bold=True)
    for r, values in enumerate(table.itertuples(index=False), start=2):
        for c, value in enumerate(values, start=1):
            put(sheet, r, c, str(value))
    for letter, width in zip("ABCD", (12, 16, 30, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:D{len(table) + 1}"
    sheet.print_title_rows = "1:1"
    for ws in (readme, sheet):
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.oddHeader.center.text = _header_text(marking)
        ws.oddHeader.center.color = "8A1C1C"
        ws.oddFooter.center.text = _header_text(marking)
        ws.oddFooter.center.color = "8A1C1C"
        ws.oddFooter.right.text = "&P / &N"
    when = _when(analysis.provenance)
    properties = book.properties
    properties.creator = properties.lastModifiedBy = "cs-peers"
    properties.title = "Candidate peer groups"
    properties.subject = CAVEAT
    properties.keywords = marking
    if when is not None:
        properties.created = properties.modified = when
    else:
        properties.created = properties.modified = datetime(1980, 1, 1)
    buffer = io.BytesIO()
    # openpyxl's save_workbook stamps "modified" with the clock; its writer does not.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return stable_zip(buffer.getvalue(), when)


def write_groups_files(analysis: Analysis, folder: Path, *, marking: str) -> list[Path]:
    """Return the paths written into ``folder``: ``groups.csv``, its README and its .xlsx."""
    folder = Path(folder)
    table = groups_table(analysis)
    csv_path = folder / GROUPS_CSV
    csv_path.write_text(safe_csv_text(table), "utf-8")
    readme = folder / GROUPS_README
    readme.write_text(groups_readme(analysis, marking=marking, table=table), "utf-8")
    xlsx = folder / GROUPS_XLSX
    xlsx.write_bytes(groups_xlsx(analysis, marking=marking, table=table))
    return [csv_path, readme, xlsx]
