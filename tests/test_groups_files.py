"""groups.csv says what it is: no per-child number, no role word, and its marking and caveat
travel beside it (groups-README.txt, groups.xlsx) without breaking CSV readers."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
from cs_peers.cli.app import app
from tiny_data import peer_groups
from typer.testing import CliRunner

from cs_peers.analysis.provenance import Provenance
from cs_peers.analysis.reviews.apply import GroupReviewState, ReviewState
from cs_peers.analysis.reviews.records import Review
from cs_peers.analysis.run import Analysis
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.groups_files import (
    CAVEAT,
    GROUPS_COLUMNS,
    groups_readme,
    groups_table,
    groups_xlsx,
)

runner = CliRunner()
MARK = "OFFICIAL-SENSITIVE · for: meeting"
PROVENANCE = Provenance(source="data", generated_at="2026-11-18T00:00:00+00:00")


def _analysis(tiny: Dataset, *, reviews: ReviewState | None = None) -> Analysis:
    groups = peer_groups({"PG-0001": ["YP01", "YP02", "YP03", "YP04"], "PG-0002": ["YP05", "YP06"]})
    m = groups.memberships
    m.loc[m["person_id"] == "YP02", "confidence"] = 0.4
    m.loc[m["person_id"] == "YP03", ["confidence", "bridge_to"]] = (0.9, "PG-0002")
    m.loc[m["person_id"].isin(["YP04", "YP06"]), "confidence"] = 0.0
    return Analysis(tiny, groups, None, provenance=PROVENANCE, reviews=reviews)


def _added_by_review() -> ReviewState:
    review = Review(
        "RV-00001",
        "PG-0001",
        "lineage-1",
        "run",
        "confirmed",
        "2026-10-15",
        "2026-10-15T12:00:00+0000",
        "Strategy meeting",
        add=("YP04",),
    )
    return ReviewState(
        "lineage-1", {"PG-0001": GroupReviewState("PG-0001", "confirmed", (review,))}
    )


def test_each_membership_reads_in_words_never_as_a_score(tiny: Dataset) -> None:
    table = groups_table(_analysis(tiny, reviews=_added_by_review()))
    assert tuple(table.columns) == GROUPS_COLUMNS
    assert table.to_dict("records") == [
        {"group_id": "PG-0001", "person_id": "YP01", "placed_with_group": "10 of 10 runs",
         "ties_also_to": ""},
        {"group_id": "PG-0001", "person_id": "YP02", "placed_with_group": "4 of 10 runs",
         "ties_also_to": ""},
        {"group_id": "PG-0001", "person_id": "YP03", "placed_with_group": "9 of 10 runs",
         "ties_also_to": "PG-0002"},
        {"group_id": "PG-0001", "person_id": "YP04",
         "placed_with_group": "added by the meeting of 2026-10-15", "ties_also_to": ""},
        {"group_id": "PG-0002", "person_id": "YP05", "placed_with_group": "10 of 10 runs",
         "ties_also_to": ""},
        # No decision shown (a partner's pack): the runs never placed them, a meeting did.
        {"group_id": "PG-0002", "person_id": "YP06", "placed_with_group": "added by a meeting",
         "ties_also_to": ""},
    ]  # fmt: skip


def test_the_readme_carries_the_marking_the_caveat_and_every_column(tiny: Dataset) -> None:
    text = groups_readme(_analysis(tiny), marking=MARK)
    lines = text.splitlines()
    assert lines[0] == MARK and lines[-1] == MARK
    assert "groups.csv — candidate peer groups: 6 young people in 2 groups" in text
    assert CAVEAT in " ".join(text.split())
    for column in GROUPS_COLUMNS:
        assert f"  {column}" in lines, column
    assert max(len(line) for line in lines[: lines.index("Columns") + 20]) <= 92
    assert f"  {'generated at'.ljust(19)}  2026-11-18T00:00:00+00:00" in lines
    flat = " ".join(text.split())
    assert "not a role" in flat and "nothing about the young person" in flat


def _cells(sheet: object) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]  # type: ignore[attr-defined]


def test_the_workbook_reads_me_first_marks_every_printed_page_and_holds_the_table(
    tiny: Dataset,
) -> None:
    analysis = _analysis(tiny, reviews=_added_by_review())
    data = groups_xlsx(analysis, marking=MARK)
    assert data == groups_xlsx(analysis, marking=MARK)  # the same bytes every time
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Read me", "Groups"]
    readme = _cells(book["Read me"])
    assert readme[0][0] == MARK and readme[-1][0] == MARK
    assert [CAVEAT, None] in readme
    assert [r[0] for r in readme if r[0] in GROUPS_COLUMNS] == list(GROUPS_COLUMNS)
    for sheet in book.worksheets:
        assert sheet.oddHeader.center.text == MARK
        assert sheet.oddFooter.center.text == MARK
    groups = _cells(book["Groups"])
    table = groups_table(analysis)
    assert groups[0] == list(GROUPS_COLUMNS)
    assert groups[1:] == [[v or None for v in row] for row in table.itertuples(index=False)]
    assert book.properties.keywords == MARK
    assert str(book.properties.created) == "2026-11-18 00:00:00"


def test_a_value_that_looks_like_a_formula_stays_text_in_the_workbook(tiny: Dataset) -> None:
    groups = peer_groups({"PG-0001": ["=1+1", "YP02", "YP03"]})
    data = groups_xlsx(Analysis(tiny, groups, None), marking="M & Co")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Groups"]
    cell = sheet["B2"]
    assert cell.value == "=1+1" and cell.data_type == "s"
    # "&" starts a code in a header: it is written as "&&" and prints as one "&".
    assert sheet.oddHeader.center.text == "M && Co"


def test_the_pack_writes_groups_csv_with_its_readme_and_workbook(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pack"
    result = runner.invoke(
        app, ["pack", str(tiny_dir), "--out", str(out), "--no-docx", "--no-pdf", "--runs", "3"]
    )
    assert result.exit_code == 0, result.output
    # A plain CSV any reader reads: the header is the first row, nothing above or below it.
    groups = pd.read_csv(out / "groups.csv", dtype=str, keep_default_na=False)
    assert tuple(groups.columns) == GROUPS_COLUMNS
    assert len(groups) == 12 and set(groups["placed_with_group"]) == {"3 of 3 runs"}
    readme = (out / "groups-README.txt").read_text("utf-8")
    assert readme.startswith("OFFICIAL-SENSITIVE · for: meeting\n")
    assert readme.endswith("OFFICIAL-SENSITIVE · for: meeting\n")
    book = openpyxl.load_workbook(out / "groups.xlsx")
    assert book.sheetnames[0] == "Read me"
    rows = _cells(book["Groups"])[1:]
    assert [[str(v or "") for v in r] for r in rows] == groups.to_numpy().tolist()
    index = (out / "index.html").read_text("utf-8")
    assert 'href="groups-README.txt"' in index and 'href="groups.xlsx"' in index
    # The run history keeps the number.
    exported = tmp_path / "kept"
    assert runner.invoke(app, ["workspace", "export", "--out", str(exported)]).exit_code == 0
    kept = next(exported.rglob("memberships.csv")).read_text("utf-8")
    assert kept.startswith("group_id,person_id,confidence,bridge_to\n")
