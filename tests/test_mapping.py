"""Mappings: users' own files read as the input contract, and problems in the user's words."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from messy_data import MAPPING, write_contract_twin, write_messy_workbook
from openpyxl import load_workbook

from cs_peers.errors import InvalidDataError, MappingError
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.mapping._values import user_days
from cs_peers.inputs.source import load_dataset


def _same(a: Dataset, b: Dataset) -> None:
    for table in ("people", "contexts", "associations"):
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))
    assert a.fingerprint == b.fingerprint


def _problems(mapping: Path, data: Path | None = None) -> list[str]:
    with pytest.raises(InvalidDataError) as caught:
        load_dataset(data, mapping=mapping)
    return [str(p) for p in caught.value.problems]


def _edit(book_path: Path, cells: dict[str, object]) -> None:
    book = load_workbook(book_path)
    for ref, value in cells.items():
        book["Links"][ref] = value
    book.save(book_path)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    return write_messy_workbook(tmp_path / "messy")


def test_messy_workbook_loads_to_its_contract_twin(messy: Path, tmp_path: Path) -> None:
    twin = load_dataset(write_contract_twin(tmp_path / "twin"))
    mapped = load_dataset(None, mapping=messy)
    _same(mapped, twin)
    assert mapped.counts() == {"young_people": 6, "adults": 2, "contexts": 2, "associations": 12}
    # The Excel date cells and the d/m/Y text read to the same ISO days as the twin's.
    assert mapped.associations["observed_on"].tolist()[:3] == [
        "2025-01-13",
        "2025-02-03",
        "2025-02-09",
    ]
    assert mapped.source == f"{messy} (links.xlsx)"


def test_the_users_file_is_only_read(messy: Path) -> None:
    before = (messy.parent / "links.xlsx").read_bytes()
    load_dataset(None, mapping=messy)
    assert (messy.parent / "links.xlsx").read_bytes() == before
    assert sorted(p.name for p in messy.parent.iterdir()) == ["links.toml", "links.xlsx"]


def test_data_argument_says_where_the_files_are(messy: Path, tmp_path: Path) -> None:
    twin = load_dataset(write_contract_twin(tmp_path / "twin"))
    december = tmp_path / "december"
    december.mkdir()
    shutil.copy(messy.parent / "links.xlsx", december / "links.xlsx")
    _same(load_dataset(december, mapping=messy), twin)
    shutil.copy(messy.parent / "links.xlsx", december / "export-2025-12.xlsx")
    _same(load_dataset(december / "export-2025-12.xlsx", mapping=messy), twin)


def test_one_data_file_for_several_mapped_files_is_refused(tmp_path: Path) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[people]\nfile = "people.csv"\n[associations]\nfile = "links.csv"\n', "utf-8"
    )
    with pytest.raises(MappingError, match=r"DATA is one file, but m.toml reads several"):
        load_dataset(tmp_path / "x.csv", mapping=mapping)


def test_every_row_problem_names_file_sheet_row_header_and_value(messy: Path) -> None:
    book = messy.parent / "links.xlsx"
    # Rows 4… hold the associations (title on row 1, header on row 3).
    _edit(
        book,
        {
            "J7": "31/02/2025",
            "I8": "Cousin",
            "D9": "Child",
            "M10": "Certain",
            "K11": "2025-13-01",
            "A12": None,
            "D5": "Adult",
        },
    )
    assert _problems(messy) == [
        "links.xlsx, sheet Links, row 7, column 'Date seen': '31/02/2025' — not a date "
        "(day-first: day/month/year, e.g. 13/01/2025)",
        # YP02 is first given a kind (Adult) in row 5; row 8 still says YP.
        "links.xlsx, sheet Links, row 8, column 'Person A type': 'YP' — 'YP02' is adult in "
        "row 5; each person has one kind",
        "links.xlsx, sheet Links, row 8, column 'Relationship': 'Cousin' — unknown association "
        "type; expected one of friend, seen_together, online_contact, missing_together, "
        "named_together, co_arrested, partner, sibling, family, protective_peer, trusted_adult, "
        "exploitation_concern, attends, frequents, member_of, incident_at (vocabulary: default)",
        "links.xlsx, sheet Links, row 9, column 'Person A type': 'Child' — expected one of "
        "young_person, adult, school, location, online, other (or map the word in "
        "[associations.values.source_kind])",
        "links.xlsx, sheet Links, row 10, column 'Confidence': 'Certain' — expected high, medium "
        "or low (a 3x5x2 grade goes in the 'grading' column)",
        "links.xlsx, sheet Links, row 11, column 'Date entered': '2025-13-01' — not a date "
        "(day-first: day/month/year, e.g. 13/01/2025)",
        "links.xlsx, sheet Links, row 12, column 'Person A ID': '' — a source is required",
    ]


def test_a_mapped_header_the_file_lacks_is_named(messy: Path) -> None:
    messy.write_text(MAPPING.replace('"Date seen"', '"Seen on"'), "utf-8")
    (problem,) = _problems(messy)
    assert problem.startswith(
        "links.xlsx, sheet Links, row 3, column 'Seen on': no such header (the mapping "
        'links.toml takes associations.observed_on from it; the header has: "Person A ID", '
    )
    assert problem.endswith('"Ref", "Officer")')


def test_an_unmapped_required_column_says_where_to_map_it(messy: Path) -> None:
    messy.write_text(MAPPING.replace('type = "Relationship"\n', ""), "utf-8")
    (problem,) = _problems(messy)
    assert problem.startswith(
        "links.xlsx, sheet Links, row 3: no header gives the required column 'type': add "
        'type = "YOUR HEADER" to [associations.columns] in links.toml (the header has: '
    )


def test_many_bad_dates_are_capped(messy: Path) -> None:
    book = messy.parent / "links.xlsx"
    load = load_workbook(book)
    sheet = load["Links"]
    for _ in range(150):
        sheet.append(["YP01", None, None, "YP", "YP02", None, None, None, "Friend", "32/01/2025"])
    load.save(book)
    with pytest.raises(InvalidDataError) as caught:
        load_dataset(None, mapping=messy)
    assert len(caught.value.problems) == 100
    assert caught.value.truncated


def _write_csv(path: Path, text: str) -> None:
    path.write_text(text, "utf-8")


def test_csv_files_with_own_headers_month_first_and_attributes(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    _write_csv(
        user / "cohort.csv",
        "Case ref,Initials,Category,School year\nC1,AB,Child,9\nC2,CD,child,10\nA1,,Worker,\n",
    )
    _write_csv(user / "places.csv", "Place ref,Place type,Place name\nP1,Park,Rec ground\n")
    _write_csv(
        user / "links.csv",
        "From,To,Link,When\nC1,C2,Mates,01/13/2025\nC2,P1,Hangs out,2/3/2025\n"
        "A1,C1,Youth worker,2025-03-04\n",
    )
    mapping = user / "cs-peers.toml"
    mapping.write_text(
        """
[people]
file = "cohort.csv"
[people.columns]
id = "Case ref"
label = "Initials"
kind = "Category"
[people.values.kind]
"child" = "young_person"
"worker" = "adult"

[contexts]
file = "places.csv"
[contexts.columns]
id = "Place ref"
kind = "Place type"
name = "Place name"
[contexts.values.kind]
"Park" = "location"

[associations]
file = "links.csv"
[associations.columns]
source = "From"
target = "To"
type = "Link"
observed_on = "When"
[associations.values.type]
"Mates" = "friend"
"Hangs out" = "frequents"
"Youth worker" = "trusted_adult"

[dates]
order = "month-first"
""",
        "utf-8",
    )
    twin = tmp_path / "twin"
    twin.mkdir()
    _write_csv(
        twin / "people.csv",
        "id,label,kind,school year\nC1,AB,young_person,9\nC2,CD,young_person,10\nA1,,adult,\n",
    )
    _write_csv(twin / "contexts.csv", "id,kind,name\nP1,location,Rec ground\n")
    _write_csv(
        twin / "associations.csv",
        "source,target,type,observed_on\nC1,C2,friend,2025-01-13\nC2,P1,frequents,2025-02-03\n"
        "A1,C1,trusted_adult,2025-03-04\n",
    )
    mapped = load_dataset(None, mapping=mapping)
    _same(mapped, load_dataset(twin))
    assert mapped.people.columns.tolist() == ["id", "label", "kind", "school year", "name"]


def test_duplicate_ids_name_the_users_header(tmp_path: Path) -> None:
    _write_csv(tmp_path / "cohort.csv", "Case ref\nC1\nC1\n")
    _write_csv(tmp_path / "links.csv", "From,To,Link\nC1,C1,friend\n")
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[people]\nfile = "cohort.csv"\n[people.columns]\nid = "Case ref"\n'
        '[associations]\nfile = "links.csv"\n[associations.columns]\n'
        'source = "From"\ntarget = "To"\ntype = "Link"\n',
        "utf-8",
    )
    assert _problems(mapping) == [
        "cohort.csv, row 3, column 'Case ref': 'C1' — ids must be unique across people and "
        "contexts; already used at cohort.csv row 2",
        "links.csv, row 2, column 'To': 'C1' — an association needs two different ends "
        "(source and target are the same)",
    ]


def test_people_kind_and_excel_dates_in_an_iso_mapping(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["A", "B", "Rel", "Seen"])
    sheet.append(["X1", "X2", "friend", datetime(2025, 6, 30, 14, 5)])
    sheet.append(["X2", "X3", "friend", "2025-07-01"])
    book.save(tmp_path / "one.xlsx")
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[people]\nkind = "adult"\n[associations]\nfile = "one.xlsx"\n'
        '[associations.columns]\nsource = "A"\ntarget = "B"\ntype = "Rel"\nobserved_on = "Seen"\n',
        "utf-8",
    )
    data = load_dataset(None, mapping=mapping)
    assert data.people[["id", "kind"]].values.tolist() == [
        ["X1", "adult"],
        ["X2", "adult"],
        ["X3", "adult"],
    ]
    assert data.associations["observed_on"].tolist() == ["2025-06-30", "2025-07-01"]
    assert data.contexts.empty


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[associations\n", r"m\.toml is not TOML: .*line 1"),
        (
            '[associations]\nfile = "l.csv"\n[associations.columns]\nwho = "A"\n',
            r"\[associations\.columns\] who: not a column of associations; expected one of "
            r"source, target, type,",
        ),
        (
            '[associations]\nfile = "l.csv"\n[associations.values.type]\n"Associate" = "mates"\n',
            r"\[associations\.values\.type\] 'Associate' = 'mates': not a vocabulary type; "
            r"expected one of friend,",
        ),
        (
            '[associations]\nfile = "l.csv"\n[dates]\norder = "uk"\n',
            r"\[dates\] order: 'uk' is not one of iso, day-first, month-first",
        ),
        ('[links]\nfile = "l.csv"\n', r"links: unknown table"),
        ('version = 2\n[associations]\nfile = "l.csv"\n', r"version: 2 is not a mapping format"),
        ("[people]\nkind = 'teen'\n", r"\[people\] kind: 'teen' is not one of young_person, adult"),
        ("", r"the mapping needs an \[associations\] table with a file"),
        (
            '[associations]\nfile = "l.csv"\n[associations.values.type]\n"Mate" = "friend"\n'
            '"MATE" = "partner"\n',
            r"'MATE': the same word \(ignoring case\) is already mapped to 'friend'",
        ),
    ],
)
def test_mapping_file_problems_name_the_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text(text, "utf-8")
    with pytest.raises(MappingError, match=message) as caught:
        load_dataset(None, mapping=mapping)
    assert str(mapping) in str(caught.value)


@pytest.mark.parametrize(
    ("order", "values", "days"),
    [
        (
            "day-first",
            ["13/01/2025", "1/2/2025", "01.02.2025", "29-02-2024"],
            ["2025-01-13", "2025-02-01", "2025-02-01", "2024-02-29"],
        ),
        ("month-first", ["01/13/2025", "2/1/2025"], ["2025-01-13", "2025-02-01"]),
        ("iso", ["2025-01-13", "2025-01-13 00:00:00", "2025-01-13T09:30"], ["2025-01-13"] * 3),
        (
            "day-first",
            ["13 Jan 2025", "13 January 2025", "13-Jan-2025", "Jan 13, 2025"],
            ["2025-01-13"] * 4,
        ),
        ("day-first", ["13/01/2025 14:30", " 2025-01-13 "], ["2025-01-13"] * 2),
    ],
)
def test_user_dates_read(order: str, values: list[str], days: list[str]) -> None:
    read, bad = user_days(pd.Series(values), order)
    assert read.tolist() == days
    assert not bad.any()


@pytest.mark.parametrize(
    ("order", "value"),
    [
        ("day-first", "29/02/2025"),
        ("day-first", "13/01/25"),
        ("day-first", "01/13/2025"),
        ("month-first", "13/01/2025"),
        ("iso", "13/01/2025"),
        ("day-first", "soon"),
    ],
)
def test_user_dates_refuse(order: str, value: str) -> None:
    read, bad = user_days(pd.Series([value]), order)
    assert read.tolist() == [""]
    assert bad.tolist() == [True]
