"""Erasure and the audit log, through the CLI as an analyst would use them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.governance.audit import AuditEntry, redacted_command
from cs_peers.governance.audit import read_audit as read_log
from cs_peers.governance.audit import verify_audit as verify_log
from cs_peers.workspacedb import open_workspace

runner = CliRunner()


def read_audit(home: Path) -> list[AuditEntry]:
    with open_workspace(home) as database:
        return read_log(database)


def verify_audit(home: Path) -> list[str]:
    with open_workspace(home) as database:
        return verify_log(database)


def _exports(home: Path) -> list[AuditEntry]:
    return [e for e in read_audit(home) if e.action == "export"]


def _every_byte_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_every_export_is_logged_once_and_the_chain_verifies(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    commands = [
        ["pack", str(tiny_dir), "--out", str(tmp_path / "pack"), "--no-docx", "--runs", "2"],
        ["render", str(tiny_dir), "--out", str(tmp_path / "d"), "--runs", "2"],
        ["assess", str(tiny_dir), "--out", str(tmp_path / "s"), "--no-docx", "--runs", "2"],
        ["groups", str(tiny_dir), "--csv", str(tmp_path / "g.csv"), "--runs", "2"],
        ["groups", str(tiny_dir), "--runs", "2"],  # no export: not logged
        ["validate", str(tiny_dir)],  # no export: not logged
    ]
    for command in commands:
        assert runner.invoke(app, command).exit_code == 0, command
    entries = _exports(home)
    assert [e.command.split()[1] for e in entries] == ["pack", "render", "assess", "groups"]
    # Each export was logged before it was made, then completed.
    started = [e for e in read_audit(home) if e.action == "export-started"]
    assert [e.number for e in started] == [e.details["started"] for e in entries]
    assert [Path(e.details["output"]).name for e in entries] == ["pack", "d", "s", "g.csv"]
    assert all(e.details["reveal_names"] is False for e in entries)
    assert all(len(e.details["fingerprint"]) == 16 for e in entries)
    assert verify_audit(home) == []
    shown = runner.invoke(app, ["audit"])
    assert shown.exit_code == 0 and shown.stdout.count(" export ") == 4
    assert runner.invoke(app, ["audit", "--verify"]).stdout == "audit log intact: 8 entries\n"
    db = sqlite3.connect(home / "workspace.sqlite3")
    (details,) = db.execute("SELECT details FROM audit_entries WHERE number = 2").fetchone()
    edited = json.loads(details)
    edited["reveal_names"] = True
    db.execute("UPDATE audit_entries SET details = ? WHERE number = 2", (json.dumps(edited),))
    db.commit()
    tampered = runner.invoke(app, ["audit", "--verify"])
    assert tampered.exit_code == 1
    assert "entry 2 was changed after it was written" in tampered.stderr
    db.execute("DELETE FROM audit_entries WHERE number = 3")  # remove an entry
    db.commit()
    db.close()
    removed = runner.invoke(app, ["audit", "--verify"])
    assert removed.exit_code == 1 and "entries were removed" in removed.stderr


def test_command_lines_in_the_log_hide_what_identifies_a_person() -> None:
    line = redacted_command(
        "query",
        {"name": "ego_network", "param": ["person_id=YP001", "depth=2"], "format": "csv"},
    )
    assert line == (
        "cs-peers query --name ego_network --param [redacted] --param [redacted] --format csv"
    )
    assert "YP001" not in redacted_command("forget", {"people": ["YP001"], "by": "Ann"})


def test_forget_erases_a_person_from_every_workspace_file(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    for i in range(2):  # two runs in the history
        out = tmp_path / f"pack{i}"
        if i:
            with (tiny_dir / "associations.csv").open("a", encoding="utf-8") as f:
                f.write("YP01,YP13,friend,2025-08-01,,police,high,R200\n")
        assert (
            runner.invoke(app, ["pack", str(tiny_dir), "--out", str(out), "--no-docx"]).exit_code
            == 0
        )
    assert b"YP01" in _every_byte_under(home)
    result = runner.invoke(
        app, ["forget", "YP01", "--by", "J. Analyst", "--reason", "request for YP01"]
    )
    assert result.exit_code == 0, result.output
    assert "checked: none is left anywhere in the workspace" in result.stdout
    assert "pack0" in result.stdout and "pack1" in result.stdout  # outputs to re-make
    assert b"YP01" not in _every_byte_under(home)
    assert b"YP02" in _every_byte_under(home)  # nobody else was erased
    erasure = read_audit(home)[-1]
    assert erasure.action == "erasure"
    assert "YP01" not in json.dumps(erasure.__dict__)
    assert erasure.details["by"] == "J. Analyst"
    assert verify_audit(home) == []
    # The next run neither crashes nor brings the person back from history.
    again = runner.invoke(app, ["groups", str(tiny_dir), "--runs", "2"])
    assert again.exit_code == 0, again.output


def test_forget_needs_who_and_why(home: Path) -> None:
    result = runner.invoke(app, ["forget", "YP01"])
    assert result.exit_code == 2
    assert "say who (--by) and why (--reason)" in result.output


def test_prune_removes_old_runs_and_audit_entries_and_the_chain_still_verifies(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    from cs_peers.governance.erasure import prune_workspace

    assert (
        runner.invoke(app, ["groups", str(tiny_dir), "--csv", str(tmp_path / "g.csv")]).exit_code
        == 0
    )
    assert (
        runner.invoke(app, ["groups", str(tiny_dir), "--csv", str(tmp_path / "g.csv")]).exit_code
        == 0
    )
    for group, day in (("PG-0001", "2020-01-01"), ("PG-0002", "2999-01-01")):
        decided = runner.invoke(
            app,
            ["review", group, "--status", "needs-review", "--by", "panel", "--review-date", day],
        )
        assert decided.exit_code == 0, decided.output
    nothing = runner.invoke(app, ["prune", "--older-than", "30"])
    assert nothing.exit_code == 0
    assert nothing.stdout.startswith("removed 0 runs, 1 reviews and 0 audit entries")
    later = datetime.now(UTC) + timedelta(days=31)
    with open_workspace(home) as database:
        report = prune_workspace(database, 30, now=later)
        assert len(report.runs) == 1 and report.audit_entries == 5
        assert database.rows("SELECT count(*) FROM runs") == [(0,)]
        kept = database.rows("SELECT group_id FROM reviews")
    assert verify_audit(home) == []  # the kept chain starts from its anchor
    assert runner.invoke(app, ["audit", "--verify"]).exit_code == 0
    assert kept == [("PG-0002",)]
    no_period = runner.invoke(app, ["prune"])
    assert no_period.exit_code == 2 and "retention.toml" in no_period.output
    (home / "retention.toml").write_text("days = 400\n", "utf-8")
    assert runner.invoke(app, ["prune"]).stdout.startswith("removed 0 runs")
