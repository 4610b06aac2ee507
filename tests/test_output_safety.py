"""Hostile paths and ids: cs-peers never destroys, escapes or follows what it did not write."""

from __future__ import annotations

import csv
import os
import re
import stat
from pathlib import Path

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner, Result
from workspace_records import kept_runs

from cs_peers.outputs.folders import MANIFEST, check_output_folder, output_folder
from cs_peers.safe_text import file_stem, id_problem

runner = CliRunner()


@pytest.fixture(autouse=True)
def _workspace(home: Path) -> None:
    """Every test runs in its own workspace."""


def _pack(data: Path, out: Path | str, *extra: str) -> Result:
    return runner.invoke(app, ["pack", str(data), "--out", str(out), "--no-docx", *extra])


def _runs(tmp_path: Path) -> list[str]:
    return [r.run_id for r in kept_runs(tmp_path / "workspace")]


def test_pack_refuses_a_folder_with_a_users_file(tiny_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "meeting"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    result = _pack(tiny_dir, out)
    assert result.exit_code == 1
    assert "already holds files cs-peers did not write (thesis.docx)" in result.stderr
    assert "Traceback" not in result.output
    assert (out / "thesis.docx").read_bytes() == b"years of work"
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]
    assert _runs(tmp_path) == []  # refused before anything was kept


def test_pack_replaces_its_own_earlier_pack(tiny_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    assert _pack(tiny_dir, out).exit_code == 0
    assert (out / MANIFEST).is_file()
    (out / "index.html").write_text("stale", "utf-8")
    assert _pack(tiny_dir, out).exit_code == 0
    assert (out / "index.html").read_text("utf-8") != "stale"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pack-")]


def test_a_users_file_added_to_an_earlier_pack_is_kept(tiny_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    assert _pack(tiny_dir, out).exit_code == 0
    (out / "assessments" / "my-notes.txt").write_text("mine", "utf-8")
    result = _pack(tiny_dir, out)
    assert result.exit_code == 1
    assert "assessments/my-notes.txt" in result.stderr
    assert (out / "assessments" / "my-notes.txt").read_text("utf-8") == "mine"


@pytest.mark.parametrize("where", ["cwd", "parent", "root", "home", "input-ancestor"])
def test_pack_never_replaces_vital_folders(
    where: str, tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "keep.txt").write_text("keep", "utf-8")
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    out = {
        "cwd": ".",
        "parent": "..",
        "root": "/",
        "home": str(tmp_path / "home"),
        "input-ancestor": str(tiny_dir.parent),
    }[where]
    before = sorted(p.name for p in tmp_path.iterdir())
    result = _pack(tiny_dir, out)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("ERROR: cs-peers will not write its output over")
    assert (work / "keep.txt").read_text("utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_pack_into_a_symlink_is_refused_cleanly(tiny_dir: Path, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "precious.txt").write_text("x", "utf-8")
    (tmp_path / "link").symlink_to(real)
    result = _pack(tiny_dir, tmp_path / "link")
    assert result.exit_code == 1
    assert "is a symbolic link" in result.stderr
    assert sorted(p.name for p in real.iterdir()) == ["precious.txt"]


def test_pack_over_a_different_kind_of_output_is_refused(tiny_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "diagrams"
    assert runner.invoke(app, ["render", str(tiny_dir), "--out", str(out)]).exit_code == 0
    result = _pack(tiny_dir, out)
    assert result.exit_code == 1
    assert "holds a cs-peers set of diagrams output, not a meeting pack" in result.stderr


def test_an_interrupted_pack_leaves_nothing_and_records_no_run(
    tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cs_peers.outputs.pack as pack_module

    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pack_module, "_write_pack", broken)
    result = _pack(tiny_dir, tmp_path / "pack")
    assert result.exit_code == 130  # click turns Ctrl-C into exit 130
    assert not (tmp_path / "pack").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pack")] == []
    assert _runs(tmp_path) == []


def test_a_complete_pack_records_its_run(tiny_dir: Path, tmp_path: Path) -> None:
    assert _pack(tiny_dir, tmp_path / "pack").exit_code == 0
    assert len(_runs(tmp_path)) == 1


def test_outputs_are_private_to_their_owner(tiny_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    assert _pack(tiny_dir, out).exit_code == 0
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*")}
    modes.add(stat.S_IMODE(out.stat().st_mode))
    assert modes <= {0o600, 0o700}


def test_groups_csv_never_overwrites_a_users_file(tiny_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "budget.csv"
    mine.write_text("year,amount\n2025,10\n", "utf-8")
    result = runner.invoke(app, ["groups", str(tiny_dir), "--csv", str(mine)])
    assert result.exit_code == 1
    assert "cs-peers did not write it" in result.stderr
    assert mine.read_text("utf-8") == "year,amount\n2025,10\n"
    ours = tmp_path / "groups.csv"
    for _ in range(2):  # our own earlier file is replaced
        assert runner.invoke(app, ["groups", str(tiny_dir), "--csv", str(ours)]).exit_code == 0
    assert ours.read_text("utf-8").startswith("group_id,person_id,placed_with_group,ties_also_to\n")
    # … and so is one an earlier cs-peers wrote, with the old header.
    ours.write_text("group_id,person_id,confidence,bridge_to\nPG-0001,YP01,1.0,\n", "utf-8")
    assert runner.invoke(app, ["groups", str(tiny_dir), "--csv", str(ours)]).exit_code == 0
    assert ours.read_text("utf-8").startswith("group_id,person_id,placed_with_group,")


def test_groups_csv_replaces_a_link_instead_of_writing_through(
    tiny_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("untouched", "utf-8")
    link = tmp_path / "groups.csv"
    link.symlink_to(target)
    assert runner.invoke(app, ["groups", str(tiny_dir), "--csv", str(link)]).exit_code == 0
    assert target.read_text("utf-8") == "untouched"
    assert not link.is_symlink()
    assert link.read_text("utf-8").startswith("group_id,")


def test_sample_refuses_to_overwrite_a_dataset(tmp_path: Path) -> None:
    out = tmp_path / "data"
    out.mkdir()
    (out / "people.csv").write_text("id,kind\n", "utf-8")
    result = runner.invoke(app, ["sample", "--out", str(out), "--young-people", "50"])
    assert result.exit_code == 1
    assert "will not overwrite" in result.stderr
    assert (out / "people.csv").read_text("utf-8") == "id,kind\n"


def test_an_interrupted_sample_leaves_no_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cs_peers.inputs.sample.generate as generate

    real = generate.write_associations  # type: ignore[attr-defined]  # patched where it is used

    def interrupted(path: Path, *args: object, **kwargs: object) -> int:
        real(path, *args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(generate, "write_associations", interrupted)
    result = runner.invoke(app, ["sample", "--out", str(tmp_path / "data"), "--young-people", "50"])
    assert result.exit_code == 130  # click turns Ctrl-C into exit 130
    assert not (tmp_path / "data").exists()
    assert list(tmp_path.iterdir()) == [] or all(p.name == "workspace" for p in tmp_path.iterdir())


@pytest.mark.parametrize(
    ("bad_id", "reason"),
    [
        ('=HYPERLINK("x")', "starts with =, +, - or @"),
        ("@SUM(A1)", "starts with =, +, - or @"),
        ("LC\u200b01", "contains an invisible character (U+200B)"),
        ("LC\u202e10", "contains an invisible character (U+202E)"),
        ("LC\uff10\uff11", "compatibility characters"),
        ("LC\x0701", "contains an invisible character (U+0007)"),
    ],
)
def test_validate_rejects_ids_that_hide_or_escape(bad_id: str, reason: str, tiny_dir: Path) -> None:
    with (tiny_dir / "contexts.csv").open("a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow([bad_id, "location", "Somewhere"])
    result = runner.invoke(app, ["validate", str(tiny_dir)])
    assert result.exit_code == 1
    assert "contexts.csv, row 4, column 'id'" in result.stderr
    assert reason in result.stderr


def test_file_stems_stay_inside_their_folder() -> None:
    for hostile in ["../../x", "/abs/path", "a\\b", "..", "CON", "x" * 300, "é-ü"]:
        stem = file_stem(hostile)
        assert "/" not in stem and "\\" not in stem and not stem.startswith(".")
        assert 0 < len(stem) <= 64 + 9
    assert file_stem("a/b") != file_stem("a-b")  # different ids never share a file
    # Ids are data: police URNs, references with spaces and punctuation are accepted as they are.
    for accepted in ("YP 001", "12/100045/25", "CR\\0042\\26", "..", "O'Neil.J (2)"):
        assert id_problem(accepted) is None, accepted
    # File names never hold an id, even one that would be a safe name.
    assert file_stem("LC01") != "LC01"
    assert re.fullmatch(r"12-100045-25-[0-9a-f]{8}", file_stem("12/100045/25"))


def test_context_pages_use_safe_file_names(tiny_dir: Path, tmp_path: Path) -> None:
    hostile = "LC 1:<b>*?"
    for name in ("contexts.csv", "associations.csv"):
        path = tiny_dir / name
        path.write_text(path.read_text("utf-8").replace("LC1", hostile), "utf-8")
    out = tmp_path / "pack"
    result = _pack(tiny_dir, out)
    assert result.exit_code == 0, result.output
    pages = sorted(p.name for p in (out / "contexts").iterdir())
    assert f"{file_stem(hostile)}.html" in pages
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*\.html", p) for p in pages), pages
    assert file_stem(hostile).startswith("LC-1-b-")
    index = (out / "index.html").read_text("utf-8")
    assert f'href="contexts/{file_stem(hostile)}.html"' in index


def test_selection_with_no_associations_is_a_clear_error(tiny_dir: Path, tmp_path: Path) -> None:
    for command in (
        ["groups", str(tiny_dir), "--since", "2030-01-01"],
        [
            "pack",
            str(tiny_dir),
            "--out",
            str(tmp_path / "p"),
            "--since",
            "2030-01-01",
            "--no-record",
        ],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, command
        assert result.stderr.startswith("ERROR: no associations in this selection")
        assert "Traceback" not in result.output
    assert not (tmp_path / "p").exists()


def test_check_output_folder_accepts_new_and_empty(tmp_path: Path) -> None:
    check_output_folder(tmp_path / "new", "meeting pack")
    (tmp_path / "empty").mkdir()
    check_output_folder(tmp_path / "empty", "meeting pack")
    with output_folder(tmp_path / "empty", "meeting pack") as tmp:
        (tmp / "a.txt").write_text("a", "utf-8")
    assert (tmp_path / "empty" / "a.txt").read_text("utf-8") == "a"
    assert os.access(tmp_path / "empty" / MANIFEST, os.R_OK)


def test_every_csv_cs_peers_writes_neutralises_formulas(tiny_dir: Path, tmp_path: Path) -> None:
    import pandas as pd

    from cs_peers.analysis.history import memberships_to_csv
    from cs_peers.safe_text import safe_csv_text

    hostile = pd.DataFrame(
        {
            "group_id": ['=HYPERLINK("http://x","y")', "PG-0001"],
            "person_id": ["@SUM(A1)", "+1-2"],
            "confidence": [0.5, -0.25],
            "bridge_to": ["\tcmd", "-0.5"],
        }
    )
    for text in (memberships_to_csv(hostile), safe_csv_text(hostile)):
        cells = [c for line in text.splitlines()[1:] for c in next(csv.reader([line]))]
        assert not [
            c
            for c in cells
            if c[:1] in "=+@\t\r" or (c[:1] == "-" and c != "-0.25" and c != "-0.5")
        ]
        assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "'+1-2" in text
    # Ids that a spreadsheet would run never get in at all.
    with (tiny_dir / "people.csv").open("a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow(["=cmd|' calc'!A1", "young_person", "x", ""])
    result = runner.invoke(app, ["validate", str(tiny_dir)])
    assert result.exit_code == 1
    assert "which spreadsheets run as a formula" in result.stderr


def test_query_refuses_internal_templates() -> None:
    from cs_peers.graphdb.templates import load_templates

    templates = load_templates()
    for name in ("save_run", "clear_groups", "read_people", "read_associations", "load_people"):
        assert not templates[name].cli_usable
        result = runner.invoke(app, ["query", name])
        assert result.exit_code == 1
        assert "is internal to cs-peers" in result.stderr
    listed = runner.invoke(app, ["query", "--list"]).stdout
    assert "save_run" not in listed and "read_people" not in listed and "ego_network" in listed
    for template in templates.values():
        if template.cli_usable:  # nothing a user can run by hand returns names or notes
            assert not {"notes", "properties"} & set(template.returns), template.name


def test_a_huge_field_is_refused_before_it_is_loaded(tiny_dir: Path) -> None:
    import subprocess
    import sys

    # A 150 MB label: parsing it would take well over a gigabyte; scanning takes a few MiB.
    with (tiny_dir / "people.csv").open("a", encoding="utf-8") as f:
        f.write("YP99,young_person,")
        for _ in range(150):
            f.write("A" * 1_000_000)
        f.write(",\n")
    probe = (
        "import sys\n"
        "from cs_peers.cli.app import main\n"
        "sys.argv = ['cs-peers', 'validate', sys.argv[1]]\n"
        "try:\n    main()\n"
        "except SystemExit as exit:\n"
        # VmHWM is this process's own peak (ru_maxrss would include the forking parent's).
        "    status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "    peak = int(status.split()[0]) // 1024\n"
        "    print(f'exit={exit.code} peak_mb={peak}', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tiny_dir)], capture_output=True, text=True, check=False
    )
    assert "people.csv, row 18: the row is longer than 1,024 KB" in done.stderr
    assert "--limit row_kb=N" in done.stderr
    exit_code, peak = done.stderr.strip().splitlines()[-1].split()
    assert exit_code == "exit=1"
    assert int(peak.removeprefix("peak_mb=")) < 300, done.stderr


def test_too_many_columns_and_rows_are_refused(tiny_dir: Path) -> None:
    text = (tiny_dir / "contexts.csv").read_text("utf-8").splitlines()
    wide = [text[0] + "".join(f",extra{i}" for i in range(600))]
    wide += [row + "," * 600 for row in text[1:]]
    (tiny_dir / "contexts.csv").write_text("\n".join(wide) + "\n", "utf-8")
    result = runner.invoke(app, ["validate", str(tiny_dir)])
    assert result.exit_code == 1
    assert "contexts.csv, row 1: the header has 603 columns; the limit is 500" in result.stderr
    raised = runner.invoke(app, ["--limit", "columns=700", "validate", str(tiny_dir)])
    assert raised.exit_code == 0, raised.output
    rows = runner.invoke(app, ["--limit", "rows=10", "validate", str(tiny_dir)])
    assert rows.exit_code == 1
    assert "associations.csv: the file has more than 10 rows" in rows.stderr
    assert "people.csv" in rows.stderr  # 16 people: over 10 too
    typo = runner.invoke(app, ["--limit", "rowz=3", "validate", str(tiny_dir)])
    assert typo.exit_code == 1
    assert "unknown limit; known: columns, file_mb, row_kb, rows, workbook_mb" in typo.stderr


def test_a_workbook_that_expands_too_far_is_refused_unopened(
    tiny_dir: Path, tmp_path: Path
) -> None:
    import pandas as pd

    book = tmp_path / "book.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        for name in ("people", "contexts", "associations"):
            frame = pd.read_csv(tiny_dir / f"{name}.csv", dtype=str, keep_default_na=False)
            if name == "associations":
                frame = pd.concat([frame] * 400, ignore_index=True)  # expands past 1 MB
            frame.to_excel(writer, sheet_name=name, index=False)
    result = runner.invoke(app, ["--limit", "workbook_mb=1", "validate", str(book)])
    assert result.exit_code == 1
    assert "book.xlsx: the workbook expands to" in result.stderr
    assert "--limit workbook_mb=" in result.stderr
    assert runner.invoke(app, ["validate", str(book)]).exit_code == 0


def test_a_window_from_the_first_day_there_is_works(tiny_dir: Path) -> None:
    result = runner.invoke(app, ["contexts", str(tiny_dir), "--since", "0001-01-01", "--runs", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("contexts used by young people from 0001-01-01 to 2025-06-03")


def test_a_question_diagram_never_overwrites_a_users_file(tiny_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.html"
    mine.write_text("<p>my own page</p>", "utf-8")
    result = runner.invoke(app, ["ego", str(tiny_dir), "YP01", "--out", str(mine)])
    assert result.exit_code == 1
    assert "cs-peers did not write it" in result.stderr
    assert mine.read_text("utf-8") == "<p>my own page</p>"
    ours = tmp_path / "ego.html"
    for _ in range(2):  # an earlier answer of ours is replaced
        assert runner.invoke(app, ["ego", str(tiny_dir), "YP01", "--out", str(ours)]).exit_code == 0
    assert "data-cs-peers=" in ours.read_text("utf-8")
