"""--set-aside-bad-rows: bad rows left out whole, listed with file, sheet, row and reason."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.errors import InvalidDataError
from cs_peers.inputs.source import load_dataset

runner = CliRunner()


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "workspace"))


def _append(folder: Path, name: str, rows: list[list[str]]) -> None:
    with (folder / name).open("a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


@pytest.fixture
def bad_dir(tiny_dir: Path) -> Path:
    """The tiny dataset and a month's few bad rows (rows 18–20 of people, 42–47 of links)."""
    _append(
        tiny_dir,
        "people.csv",
        [
            ["YP15", "pupil", "P15", ""],  # row 18: not a kind
            ["YP16", "young_person", "P16", ""],  # row 19: a good row...
            ["YP16", "adult", "Q16", ""],  # row 20: ...and its id again
        ],
    )
    _append(
        tiny_dir,
        "associations.csv",
        [
            ["YP01", "YP02", "cousin", "2025-03-30", "", "police", "high", "B1"],
            ["YP01", "YP03", "friend", "2026-02-31", "", "police", "high", "B2"],
            ["YP01", "", "friend", "2025-03-30", "", "police", "high", "B3"],
            ["YP15", "YP01", "friend", "2025-03-30", "", "police", "high", "B4"],
            ["YP16", "YP01", "friend", "2025-03-30", "", "police", "high", "B5"],
            ["YP02", "YP02", "cousin", "2025-03-30", "", "police", "high", "B6"],
            ["YP01", "YP04", "friend", "2025-03-30", "", "police", "high", "B7"],
        ],
    )
    return tiny_dir


def _listed(text: str) -> list[tuple[str, str, str, str, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["file", "sheet", "row", "column", "reason"]
    return [(a, b, c, d, e) for a, b, c, d, e in rows[1:]]


def test_without_the_flag_bad_rows_still_refuse_the_data(bad_dir: Path) -> None:
    with pytest.raises(InvalidDataError) as caught:
        load_dataset(bad_dir)
    assert len(caught.value.problems) >= 7


def test_bad_rows_are_left_out_whole_and_listed(bad_dir: Path) -> None:
    twin = load_dataset(bad_dir, set_aside=True)
    assert twin.set_aside is not None
    listed = [(r.file, r.sheet, r.row, r.column, r.reason) for r in twin.set_aside]
    cousin = (
        "'cousin' — unknown association type; expected one of friend, seen_together, "
        "online_contact, missing_together, named_together, co_arrested, partner, sibling, "
        "family, protective_peer, trusted_adult, exploitation_concern, attends, frequents, "
        "member_of, incident_at (vocabulary: default)"
    )
    assert listed == [
        ("people.csv", "", 18, "kind", "'pupil' — expected one of young_person, adult"),
        (
            "people.csv",
            "",
            19,
            "id",
            "the same id is on more than one row (people.csv row 19, people.csv row 20): which "
            "one is meant cannot be told",
        ),
        (
            "people.csv",
            "",
            20,
            "id",
            "the same id is on more than one row (people.csv row 19, people.csv row 20): which "
            "one is meant cannot be told",
        ),
        ("associations.csv", "", 42, "type", cousin),
        (
            "associations.csv",
            "",
            43,
            "observed_on",
            "'2026-02-31' — not a real date in the form YYYY-MM-DD (e.g. 2025-02-28)",
        ),
        ("associations.csv", "", 44, "target", "a target is required"),
        (
            "associations.csv",
            "",
            45,
            "source",
            "names someone or somewhere whose own row was set aside (people.csv row 18)",
        ),
        (
            "associations.csv",
            "",
            46,
            "source",
            "names someone or somewhere whose own row was set aside (people.csv row 19, "
            "people.csv row 20)",
        ),
        # Two problems on one row: both listed, the row counted once.
        ("associations.csv", "", 47, "type", cousin),
        (
            "associations.csv",
            "",
            47,
            "target",
            "an association needs two different ends (source and target are the same)",
        ),
    ]
    assert twin.rows_set_aside() == 9
    # The good rows are all there; no bad row is half-loaded.
    clean = load_dataset(_only_good(bad_dir))
    assert twin.fingerprint == clean.fingerprint
    assert "B7" in set(twin.associations["reference"])
    assert not {"B1", "B2", "B3", "B4", "B5", "B6"} & set(twin.associations["reference"])
    assert not {"YP15", "YP16"} & set(twin.people["id"])


def _only_good(folder: Path) -> Path:
    for name, keep, resume in (("people.csv", 17, 20), ("associations.csv", 41, 47)):
        lines = (folder / name).read_text("utf-8").splitlines(keepends=True)
        (folder / name).write_text("".join(lines[:keep] + lines[resume:]), "utf-8")
    return folder


def test_reasons_never_name_an_id_or_a_name(tiny_dir: Path) -> None:
    _append(
        tiny_dir,
        "associations.csv",
        [["YP01", "SC1", "friend", "2025-03-30", "", "police", "high", "B1"]],
    )
    twin = load_dataset(tiny_dir, set_aside=True)
    assert twin.set_aside is not None
    (row,) = twin.set_aside
    assert row.reason == (
        "'friend' — type 'friend' links two people, not a context; here it links young_person <source> "
        "and a context of kind school <target>"
    )


def test_whole_file_problems_still_stop_the_run(tiny_dir: Path) -> None:
    text = (tiny_dir / "contexts.csv").read_text("utf-8").replace("kind", "sort", 1)
    (tiny_dir / "contexts.csv").write_text(text, "utf-8")
    with pytest.raises(InvalidDataError, match=r"contexts.csv, row 1, column 'kind': required"):
        load_dataset(tiny_dir, set_aside=True)


def test_a_file_of_bad_rows_is_refused_with_its_reasons(tiny_dir: Path) -> None:
    path = tiny_dir / "associations.csv"
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([rows[0]] + [[*r[:2], "cousin", *r[3:]] for r in rows[1:]])
    with pytest.raises(InvalidDataError) as caught:
        load_dataset(tiny_dir, set_aside=True)
    problems = [str(p) for p in caught.value.problems]
    assert problems[0] == "associations.csv: every row was set aside as bad (40 rows)"
    assert problems[1].startswith(
        "associations.csv, row 2, column 'type': 'cousin' — unknown association type"
    )


def test_validate_lists_them_in_the_workspace_and_says_so(bad_dir: Path, tmp_path: Path) -> None:
    plain = runner.invoke(app, ["validate", str(bad_dir)])
    assert plain.exit_code == 1
    result = runner.invoke(app, ["validate", str(bad_dir), "--set-aside-bad-rows"])
    assert result.exit_code == 0, result.output
    listed = tmp_path / "workspace" / "set-aside.csv"
    assert result.stderr == (
        f"9 bad rows set aside (associations.csv: 6, people.csv: 3): listed in {listed}\n"
    )
    assert len(_listed(listed.read_text("utf-8"))) == 10
    assert result.stdout.startswith("valid: 14 young people, 2 adults, 2 contexts, 41 associations")


def test_the_pack_lists_them_beside_its_pages(bad_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    result = runner.invoke(
        app,
        ["pack", str(bad_dir), "--out", str(out), "--set-aside-bad-rows", "--no-pdf", "--no-docx"],
    )
    assert result.exit_code == 0, result.output
    assert f"9 bad rows set aside (associations.csv: 6, people.csv: 3): listed in {out}" in (
        result.stderr
    )
    assert len(_listed((out / "set-aside.csv").read_text("utf-8"))) == 10
    index = (out / "index.html").read_text("utf-8")
    assert (
        '<a href="set-aside.csv">set-aside.csv</a>: 9 bad rows of the input left out (file, '
        "sheet, row, column, reason)"
    ) in index
    assert "<dt>rows set aside</dt><dd>9 bad rows (listed in set-aside.csv)</dd>" in index
    summary = (out / "summary.html").read_text("utf-8")
    assert "<dt>rows set aside</dt><dd>9 bad rows (listed in set-aside.csv)</dd>" in summary
    assert not (tmp_path / "workspace" / "set-aside.csv").exists()


def test_render_and_assess_list_them_in_their_folders(bad_dir: Path, tmp_path: Path) -> None:
    for command in (["render"], ["assess", "--no-docx"]):
        out = tmp_path / command[0]
        result = runner.invoke(
            app, [*command, str(bad_dir), "--out", str(out), "--set-aside-bad-rows", "--no-record"]
        )
        assert result.exit_code == 0, result.output
        assert len(_listed((out / "set-aside.csv").read_text("utf-8"))) == 10


def test_a_clean_run_with_the_flag_says_none_were_set_aside(tiny_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["groups", str(tiny_dir), "--set-aside-bad-rows", "--no-record"])
    assert result.exit_code == 0, result.output
    listed = tmp_path / "workspace" / "set-aside.csv"
    assert f"0 bad rows set aside: listed in {listed}\n" in result.stderr
    assert _listed(listed.read_text("utf-8")) == []


def test_the_flag_reads_files_so_not_with_neo4j() -> None:
    result = runner.invoke(app, ["groups", "--neo4j", "--set-aside-bad-rows"])
    assert result.exit_code == 2
    assert "--set-aside-bad-rows reads files; it cannot be used with --neo4j" in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["validate"], ["groups"], ["render"], ["assess"], ["pack"], ["changes"], ["contexts"],
        ["load"], ["equality"], ["ego"], ["path"], ["connect"], ["review"], ["mapping", "check"],
    ],
)  # fmt: skip
def test_every_command_that_reads_data_can_set_bad_rows_aside(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "--set-aside-bad-rows" in result.stdout


def test_a_row_of_another_width_is_set_aside_and_later_rows_keep_their_numbers(
    tiny_dir: Path,
) -> None:
    with (tiny_dir / "associations.csv").open("a", encoding="utf-8") as f:
        # Row 42: a note with an unquoted comma; row 43 spans two lines in a quoted note
        # (a spreadsheet shows it as one row); row 44: an unknown word.
        f.write("YP01,YP02,friend,2025-03-30,,police,high,B1,seen at the park, late\n")
        f.write('YP01,YP03,friend,2025-03-30,,police,high,"B2\nsecond line"\n')
        f.write("YP01,YP04,cousin,2025-03-30,,police,high,B3\n")
    with pytest.raises(InvalidDataError) as caught:
        load_dataset(tiny_dir)
    assert [str(p) for p in caught.value.problems] == [
        "associations.csv, row 42: not a CSV table: expected 8 fields as in the header, saw 10",
        "associations.csv, row 44, column 'type': 'cousin' — unknown association type; expected "
        "one of friend, seen_together, online_contact, missing_together, named_together, "
        "co_arrested, partner, sibling, family, protective_peer, trusted_adult, "
        "exploitation_concern, attends, frequents, member_of, incident_at (vocabulary: default)",
    ]
    twin = load_dataset(tiny_dir, set_aside=True)
    assert twin.set_aside is not None
    assert [(r.row, r.column, r.reason.split(";")[0]) for r in twin.set_aside] == [
        (42, "", "not a CSV table: expected 8 fields as in the header, saw 10"),
        (44, "type", "'cousin' — unknown association type"),
    ]
    assert "B2\nsecond line" in set(twin.associations["reference"])
