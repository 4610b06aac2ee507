"""Meetings, actions and "since the last meeting" with `--neo4j`: the same as with files."""

from __future__ import annotations

from pathlib import Path

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.graphdb.store import Neo4jStore
from cs_peers.inputs.sample.generate import sample_path

pytestmark = pytest.mark.neo4j
runner = CliRunner()
OCTOBER, NOVEMBER = "1791936000", "1795132800"  # 2026-10-14 and 2026-11-20, UTC midnight


def _cycle(monkeypatch: pytest.MonkeyPatch, out: Path, *where: str) -> dict[str, str]:
    """Run one meeting's cycle on the data ``where`` names; return what each command printed."""

    seen: dict[str, str] = {}
    data = [a for a in where if a != "--neo4j"]
    flags = [a for a in where if a == "--neo4j"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OCTOBER)
    made = runner.invoke(
        app,
        [
            "pack",
            *data,
            *flags,
            "--out",
            str(out),
            "--meeting",
            "2026-10-15",
            "--no-docx",
            "--no-pdf",
            "--runs",
            "3",
        ],
    )
    assert made.exit_code == 0, made.output
    review = ["review", "PG-0002", "--status", "confirmed", "--by", "Strategy meeting",
              "--remove", "YP014", "--action", "Youth worker visit", "--owner", "J. Lee",
              "--due", "2026-11-01", "--on", "2026-10-15"]  # fmt: skip
    kept = runner.invoke(app, [*review, *flags])
    assert kept.exit_code == 0, kept.output
    seen["review"] = kept.stdout
    for name, args in (
        (
            "close",
            [
                "action",
                "close",
                "AC-0001",
                "--outcome",
                "done",
                "--by",
                "J. Lee",
                "--on",
                "2026-11-02",
                *flags,
            ],
        ),
        ("meetings", ["meetings", *flags]),
        ("actions", ["actions", "--format", "csv", *flags]),
        ("changes", ["changes", *data, *flags, "--no-record", "--runs", "3"]),
    ):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", NOVEMBER)
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        seen[name] = result.stdout
    return seen


def test_neo4j_and_files_keep_the_same_meetings_actions_and_changes(
    neo4j_env: Neo4jStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(app, ["load", str(sample_path()), "--neo4j"]).exit_code == 0
    in_neo4j = _cycle(monkeypatch, tmp_path / "n", "--neo4j")
    # The same cycle on the files, in a workspace of its own.
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "files-workspace"))
    in_files = _cycle(monkeypatch, tmp_path / "f", str(sample_path()))
    assert in_neo4j == in_files
    assert in_files["meetings"].splitlines()[1].startswith("2026-10-15  lineage-1")
    assert in_files["actions"].splitlines()[1].endswith(",done")
    assert in_files["changes"].startswith("Compared with the meeting of 2026-10-15")
    assert "AC-0001 Youth worker visit — done on 2026-11-02 (by J. Lee)" in in_files["changes"]
    # The meeting's records are nodes of the database, not rows of the workspace.
    names = set(neo4j_env.run("graph_counts", {})["name"])
    assert {"Meeting", "ActionEvent", "GroupReview"} <= names
