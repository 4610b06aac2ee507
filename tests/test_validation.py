"""Validation reports every problem with file, row, column and value."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cs_peers.errors import InvalidDataError
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.source import load_dataset
from cs_peers.inputs.validation import MAX_PROBLEMS


def _problems(folder: Path) -> list[str]:
    with pytest.raises(InvalidDataError) as info:
        load_dataset(folder)
    return [str(p) for p in info.value.problems]


def _edit(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text, "utf-8")
    return folder


def test_valid_tiny_dataset_counts(tiny_dir: Path) -> None:
    dataset = load_dataset(tiny_dir)
    assert dataset.counts() == {"young_people": 14, "adults": 2, "contexts": 2, "associations": 40}
    # recorded_on defaults to observed_on
    first = dataset.associations.iloc[0]
    assert first["recorded_on"] == first["observed_on"] == "2025-03-01"


def test_bom_and_upper_case_headers_are_accepted(tiny_dir: Path) -> None:
    text = (tiny_dir / "contexts.csv").read_text("utf-8").replace("id,kind,name", "ID,Kind,NAME")
    (tiny_dir / "contexts.csv").write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert len(load_dataset(tiny_dir).contexts) == 2


def test_every_problem_is_reported_with_its_place(tiny_dir: Path) -> None:
    people = (tiny_dir / "people.csv").read_text("utf-8") + "YP01,young_person,,\nYP99,child,,\n"
    _edit(tiny_dir, "people.csv", people)
    assoc = (tiny_dir / "associations.csv").read_text("utf-8")
    assoc += "YP01,YP02,gang_member,2025-01-01,,police,high,R\n"
    assoc += "YP01,SC1,friend,2025-02-31,,police,high,R\n"
    assoc += "YP01,YP01,friend,,,police,high,R\n"
    assoc += "YP01,NOPE,friend,,,police,high,R\n"
    assoc += "YP02,LC1,attends,,,police,sure,R\n"
    _edit(tiny_dir, "associations.csv", assoc)
    problems = _problems(tiny_dir)
    assert (
        "people.csv, row 18, column 'id': 'YP01' — ids must be unique across people and contexts; already used at people.csv row 2"
        in problems
    )
    assert (
        "people.csv, row 19, column 'kind': 'child' — expected one of young_person, adult"
        in problems
    )
    assert any(
        p.startswith(
            "associations.csv, row 42, column 'type': 'gang_member' — unknown association type"
        )
        for p in problems
    )
    assert (
        "associations.csv, row 43, column 'observed_on': '2025-02-31' — not a real date in the form YYYY-MM-DD (e.g. 2025-02-28)"
        in problems
    )
    assert any(
        p.startswith(
            "associations.csv, row 43, column 'type': 'friend' — type 'friend' links two people, not a context"
        )
        for p in problems
    )
    assert (
        "associations.csv, row 44, column 'target': 'YP01' — an association needs two different ends (source and target are the same)"
        in problems
    )
    assert (
        "associations.csv, row 45, column 'target': 'NOPE' — not an id in people or contexts"
        in problems
    )
    assert (
        "associations.csv, row 46, column 'type': 'attends' — type 'attends' points at a context of kind 'location'; it takes school"
        in problems
    )
    assert any(
        p.startswith("associations.csv, row 46, column 'confidence': 'sure'") for p in problems
    )


def test_missing_required_column(tiny_dir: Path) -> None:
    _edit(tiny_dir, "contexts.csv", "id,name\nSC1,Larkfield\n")
    problems = _problems(tiny_dir)
    assert (
        problems[0]
        == "contexts.csv, row 1, column 'kind': required column is missing (the header has: id, name)"
    )


def test_missing_and_empty_files(tiny_dir: Path) -> None:
    (tiny_dir / "contexts.csv").unlink()
    _edit(tiny_dir, "people.csv", "")
    problems = _problems(tiny_dir)
    assert "people.csv: the file is empty" in problems
    assert f"contexts.csv: the file is missing from {tiny_dir}" in problems


def test_windows_1252_is_read_and_bytes_of_no_encoding_name_their_row(tiny_dir: Path) -> None:
    people = tiny_dir / "people.csv"
    text = people.read_text("utf-8").replace("Fictional Name 2", "Zo\xeb O\u2019Neil")
    people.write_bytes(text.encode("cp1252"))
    people_ids = load_dataset(tiny_dir).people.set_index("id")
    assert people_ids.loc["YP02", "name"] == "Zo\xeb O\u2019Neil"
    # 0x81 is undefined in Windows-1252 and not UTF-8: which encoding is meant cannot be told.
    people.write_bytes(people.read_bytes().replace(b"Zo", b"Z\x81o"))
    problems = _problems(tiny_dir)
    assert problems[0] == (
        "people.csv, row 3: 'byte 0x81' — neither UTF-8 nor Windows-1252 text; say which in the "
        'mapping (encoding = "utf-8", "utf-16" or "windows-1252"), or save the file as '
        "'CSV UTF-8' (Excel)"
    )


def test_not_csv_names_row(tiny_dir: Path) -> None:
    _edit(tiny_dir, "contexts.csv", 'id,kind,name\nSC1,school,A\nLC1,location,"B",extra,cells\n')
    assert (
        "contexts.csv, row 3: not a CSV table: expected 3 fields as in the header, saw 5"
        in _problems(tiny_dir)
    )


def test_problems_are_capped(tiny_dir: Path) -> None:
    rows = "".join(f"YP01,YP02,nonsense{i},,,,,\n" for i in range(MAX_PROBLEMS + 20))
    _edit(
        tiny_dir,
        "associations.csv",
        "source,target,type,observed_on,recorded_on,source_agency,confidence,reference\n" + rows,
    )
    with pytest.raises(InvalidDataError) as info:
        load_dataset(tiny_dir)
    assert len(info.value.problems) == MAX_PROBLEMS
    assert info.value.truncated
    assert "more problems were found" in str(info.value)


def test_xlsx_workbook_reads_like_the_folder(tiny_dir: Path, tmp_path: Path) -> None:
    book = tmp_path / "tiny.xlsx"
    with pd.ExcelWriter(book) as writer:
        for name in ("people", "contexts", "associations"):
            pd.read_csv(tiny_dir / f"{name}.csv", dtype=str, keep_default_na=False).to_excel(
                writer, sheet_name=name.capitalize(), index=False
            )
    from_book = load_dataset(book)
    from_folder = load_dataset(tiny_dir)
    assert from_book.fingerprint == from_folder.fingerprint


def test_xlsx_problem_names_sheet(tiny_dir: Path, tmp_path: Path) -> None:
    book = tmp_path / "bad.xlsx"
    with pd.ExcelWriter(book) as writer:
        pd.DataFrame({"id": ["YP1"], "kind": ["pupil"]}).to_excel(
            writer, sheet_name="people", index=False
        )
        pd.DataFrame({"id": ["S1"], "kind": ["school"]}).to_excel(
            writer, sheet_name="contexts", index=False
        )
    with pytest.raises(InvalidDataError) as info:
        load_dataset(book)
    found = [str(p) for p in info.value.problems]
    assert (
        "bad.xlsx [people], row 2, column 'kind': 'pupil' — expected one of young_person, adult"
        in found
    )
    assert "bad.xlsx [associations]: the workbook has no sheet 'associations'" in found


def test_filters_by_recorded_and_observed(tiny: Dataset) -> None:
    from datetime import date

    as_of = tiny.filtered(as_of=date(2025, 4, 5))
    assert (as_of.associations["recorded_on"] <= "2025-04-05").all()
    # R90 was observed 2025-04-01 but recorded 2025-04-10: not known on 2025-04-05
    assert "R90" not in set(as_of.associations["reference"])
    window = tiny.filtered(since=date(2025, 5, 1), until=date(2025, 6, 2))
    assert set(window.associations["reference"]) == {"R92", "R93", "R94", "R95"}
    assert "recorded on or before 2025-04-05" in as_of.selection


def test_cells_are_trimmed_of_any_whitespace_a_spreadsheet_leaves(tiny_dir: Path) -> None:
    path = tiny_dir / "associations.csv"
    lines = path.read_text("utf-8").splitlines()
    source, rest = lines[1].split(",", 1)
    # A no-break space before, a tab and a line separator after: all trimmed, as str.strip does.
    lines[1] = f"\u00a0{source}\t\u2028,{rest}"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    dataset = load_dataset(tiny_dir)
    assert dataset.associations["source"].iloc[0] == source


def test_text_bytes_counts_utf8_bytes_and_nothing_for_missing() -> None:
    from cs_peers.inputs.columns import text_bytes

    values = pd.Series(["a", " é ", None, "", "x\u00a0"], dtype="str")
    assert text_bytes(values) == 1 + 4 + 0 + 0 + 3
    # What the validation's trim relies on: removing whitespace lowers the total.
    assert text_bytes(values.str.strip()) == 1 + 2 + 1
    assert text_bytes(pd.Series(["é"], dtype=object)) == 2
