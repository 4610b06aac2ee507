"""The CLI in-process: exit codes and exact messages, help for every command."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.outputs.folders import MANIFEST

runner = CliRunner()
README = Path(__file__).resolve().parent.parent / "README.md"


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            names += [f"{name} {sub}" for sub in command.commands]
        else:
            names.append(name)
    return sorted(names)


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "workspace"))
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)


def test_validate_valid(tiny_dir: Path) -> None:
    result = runner.invoke(app, ["validate", str(tiny_dir)])
    assert result.exit_code == 0
    assert re.fullmatch(
        r"valid: 14 young people, 2 adults, 2 contexts, 40 associations \(fingerprint [0-9a-f]{16}\)\n",
        result.stdout,
    )


def test_validate_invalid_is_exit_1_without_traceback(tiny_dir: Path) -> None:
    text = (tiny_dir / "people.csv").read_text("utf-8") + "YP99,pupil,,\n"
    (tiny_dir / "people.csv").write_text(text, "utf-8")
    result = runner.invoke(app, ["validate", str(tiny_dir)])
    assert result.exit_code == 1
    assert result.stderr == (
        "ERROR: the data is not valid (1 problem):\n"
        "  people.csv, row 18, column 'kind': 'pupil' — expected one of young_person, adult\n"
    )
    assert "Traceback" not in result.output


def test_validate_missing_path_is_exit_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "does not exist; expected a folder of CSV files or an .xlsx workbook" in result.stderr


def test_usage_error_is_exit_2(tiny_dir: Path) -> None:
    result = runner.invoke(app, ["groups", str(tiny_dir), "--resolution", "7"])
    assert result.exit_code == 2


def test_groups_writes_csv_and_table(tiny_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "groups.csv"
    result = runner.invoke(app, ["groups", str(tiny_dir), "--csv", str(out), "--runs", "3"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("3 candidate peer groups, 12 young people in them\n")
    assert "group_id  size  density  shared_contexts" in result.stdout
    groups = pd.read_csv(out, dtype=str)
    assert list(groups.columns) == ["group_id", "person_id", "placed_with_group", "ties_also_to"]
    # How clearly the runs place each young person, in words: never a number that reads as a
    # score of the child.
    assert set(groups["placed_with_group"]) <= {f"{n} of 3 runs" for n in (1, 2, 3)}
    assert sorted(groups["group_id"].unique()) == ["PG-0001", "PG-0002", "PG-0003"]
    assert "YP13" not in set(groups["person_id"])


def test_invalid_data_writes_nothing(tiny_dir: Path, tmp_path: Path) -> None:
    (tiny_dir / "associations.csv").write_text("source,target,type\nYP01,YP02,gang\n", "utf-8")
    out = tmp_path / "pack"
    result = runner.invoke(app, ["pack", str(tiny_dir), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "ERROR: the data is not valid (1 problem):\n  associations.csv, row 2, column 'type': 'gang' — unknown association type"
    )
    assert not out.exists()
    assert not (tmp_path / "workspace" / "runs").exists()


def test_two_runs_same_ids_and_changes(tiny_dir: Path, tmp_path: Path) -> None:
    first = runner.invoke(
        app, ["groups", str(tiny_dir), "--csv", str(tmp_path / "a.csv"), "--runs", "2"]
    )
    second = runner.invoke(
        app, ["groups", str(tiny_dir), "--csv", str(tmp_path / "b.csv"), "--runs", "2"]
    )
    assert first.exit_code == second.exit_code == 0
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    runs = runner.invoke(app, ["runs"])
    assert runs.exit_code == 0 and len(runs.stdout.strip().splitlines()) == 1
    with (tiny_dir / "associations.csv").open("a", encoding="utf-8") as f:
        f.write("YP13,YP10,friend,2025-09-01,2025-09-02,police,high,R200\n")
        f.write("YP13,YP11,friend,2025-09-01,2025-09-02,police,high,R201\n")
        f.write("YP13,YP12,friend,2025-09-01,2025-09-02,police,high,R202\n")
    changes = runner.invoke(
        app, ["changes", str(tiny_dir), "--since-run", "2999-12-31", "--runs", "2"]
    )
    assert changes.exit_code == 0, changes.output
    # The joiner comes with the new records that brought them in.
    assert (
        "  Joined: P13 — new records: 2025-09-02 P13 friend P10 (police, high); " in changes.stdout
    )
    assert "  new record: 2025-09-02 P13 friend P10 (police, high)\n" in changes.stdout


def test_changes_needs_a_kept_run(tiny_dir: Path) -> None:
    result = runner.invoke(app, ["changes", str(tiny_dir), "--since-run", "2020-01-01"])
    assert result.exit_code == 1
    assert result.stderr == "ERROR: no run was kept on or before 2020-01-01 (first run: none yet)\n"


def test_as_of_rebuilds_the_past(tiny_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["groups", str(tiny_dir), "--as-of", "2025-03-05", "--no-record", "--runs", "2"]
    )
    assert result.exit_code == 0
    # Only the first few friendships were recorded by then.
    assert not result.stdout.startswith("3 candidate")


def test_render_and_assess(tiny_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(tiny_dir), "--out", str(tmp_path / "d"), "--runs", "2"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote 3 group diagrams and the overview as html to {tmp_path / 'd'}\n"
    assert (tmp_path / "d" / "overview.html").exists()
    result = runner.invoke(
        app,
        ["assess", str(tiny_dir), "--out", str(tmp_path / "s"), "--no-docx", "--group", "PG-0002"],
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "s").iterdir() if p.name != MANIFEST] == [
        "PG-0002-assessment.md"
    ]
    bad = runner.invoke(
        app, ["assess", str(tiny_dir), "--out", str(tmp_path / "s"), "--group", "PG-0099"]
    )
    assert bad.exit_code == 1
    assert (
        bad.stderr.splitlines()[-1] + "\n"
        == "ERROR: no group 'PG-0099' in this run; the groups are PG-0001, PG-0002, PG-0003\n"
    )


def test_contexts_ranks_places(tiny_dir: Path) -> None:
    result = runner.invoke(
        app,
        [
            "contexts",
            str(tiny_dir),
            "--since",
            "2024-01-01",
            "--until",
            "2025-12-31",
            "--runs",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "contexts used by young people from 2024-01-01 to 2025-12-31 (trend against the 731 days before)"
    )
    assert "Larkfield Academy" in lines[2] and "Flat on Reed St" in lines[3]


def test_neo4j_without_a_database_explains_how(tiny_dir: Path) -> None:
    result = runner.invoke(app, ["groups", "--neo4j"])
    assert result.exit_code == 1
    assert "cs-peers neo4j start" in result.stderr
    assert "NEO4J_URI" in result.stderr


def test_demo_builds_the_pack(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote the demo pack for 5 candidate groups: {out / 'index.html'}\n"
    index = (out / "index.html").read_text("utf-8")
    for link in ("diagrams/overview.html", "summary.html", "since-last-meeting.html", "groups.csv"):
        assert f'href="{link}"' in index
        assert (out / link).exists()
    assert len(list((out / "assessments").glob("*.md"))) == 5
    assert index.count("OFFICIAL-SENSITIVE") >= 2


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_and_is_documented(command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Example: cs-peers" in result.stdout
    assert f"cs-peers {command}" in README.read_text("utf-8"), (
        f"README does not show `cs-peers {command}`"
    )
