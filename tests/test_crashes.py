"""A laptop that dies mid-pack, a full disk, a read-only folder, a damaged workspace: each is an
``ERROR:`` line (never a traceback), leaves no half-made output, and no export is made that
the audit log does not hold.

Kills stop the command where it matters (tests/paused.py) and end it with SIGKILL. Full disks
and read-only folders are real mounts where the machine allows them (tests/mounts.py), else
the same error of the file system, faked where cs-peers would meet it.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest
from cs_peers.cli.app import app
from mounts import fill, read_only, small_disk
from paused import PausedCommand, run_cs_peers
from typer.testing import CliRunner
from workspace_records import kept_audit, kept_runs

from cs_peers.outputs.folders import MANIFEST, remove_unfinished_outputs

runner = CliRunner()


def _pack(data: Path, out: Path) -> list[str]:
    return ["pack", str(data), "--out", str(out), "--no-docx", "--no-pdf", "--runs", "2"]


def _unfinished(parent: Path, name: str) -> list[Path]:
    return sorted(p for p in parent.iterdir() if p.name.startswith(f".{name}-"))


def _clean_error(stderr: str, *words: str) -> None:
    assert "Traceback" not in stderr, stderr
    line = next((x for x in stderr.splitlines() if x.startswith("ERROR: ")), "")
    assert line, stderr
    for word in words:
        assert word in stderr, stderr


def test_a_pack_killed_while_writing_leaves_a_folder_the_next_pack_removes_and_names(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pack"
    # Stopped once every page is written, just before the pack is sealed and moved in place.
    killed = PausedCommand(_pack(tiny_dir, out), at="cs_peers.outputs.folders:_seal")
    killed.wait_until_stopped()
    killed.kill()
    (left,) = _unfinished(tmp_path, "pack")
    assert (left / "diagrams").is_dir() and list((left / "diagrams").glob("*.html"))
    assert not out.exists()
    # A folder of that name that cs-peers did not mark is someone else's: left alone.
    foreign = tmp_path / ".pack-new-mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", "utf-8")
    again = run_cs_peers(_pack(tiny_dir, out))
    assert again.returncode == 0, again.stderr
    assert f"removed 1 unfinished output left by an interrupted cs-peers command: {left}" in (
        again.stderr
    )
    assert not left.exists()
    assert (foreign / "notes.txt").read_text("utf-8") == "mine"
    assert (out / "index.html").is_file()
    # The log says the first export started and never completed: nothing hides it.
    entries = kept_audit(home)
    first = entries[0]
    assert first.action == "export-started"
    assert not [e for e in entries if e.details.get("started") == first.number]


def test_an_unfinished_output_another_command_is_still_writing_is_left_alone(
    tiny_dir: Path, tmp_path: Path
) -> None:
    import fcntl

    busy = tmp_path / ".pack-new-busy"
    busy.mkdir()
    (busy / MANIFEST).write_text(json.dumps({"written_by": "cs-peers"}), "utf-8")
    lock = os.open(busy, os.O_RDONLY)
    fcntl.flock(lock, fcntl.LOCK_EX)  # a living command holds it
    try:
        assert remove_unfinished_outputs(tmp_path / "pack") == []
        assert busy.exists()
    finally:
        os.close(lock)
    assert remove_unfinished_outputs(tmp_path / "pack") == [busy]
    assert not busy.exists()


def test_an_earlier_pack_moved_aside_by_a_killed_command_is_put_back(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pack"
    assert runner.invoke(app, _pack(tiny_dir, out)).exit_code == 0
    # What a kill between the two renames leaves: the earlier pack aside, nothing in place.
    aside = tmp_path / ".pack-old-x1y2"
    aside.mkdir()
    (aside / MANIFEST).write_text(json.dumps({"written_by": "cs-peers"}), "utf-8")
    out.rename(aside / "previous")
    assert remove_unfinished_outputs(out) == [aside]
    assert (out / "index.html").is_file() and not aside.exists()


def test_a_question_killed_while_drawing_leaves_nothing_the_next_one_keeps(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    page = tmp_path / "ego.html"
    command = ["ego", str(tiny_dir), "YP01", "--out", str(page)]
    killed = PausedCommand(command, at="cs_peers.outputs.diagrams.question:render_question_diagram")
    killed.wait_until_stopped()
    killed.kill()
    (left,) = _unfinished(tmp_path, "ego.html")
    again = run_cs_peers(command)
    assert again.returncode == 0, again.stderr
    assert "removed 1 unfinished output" in again.stderr
    assert not left.exists() and page.is_file()


def test_a_full_disk_is_an_error_line_and_leaves_no_half_pack(
    home: Path, tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = tmp_path / "disk"
    with small_disk(disk, kilobytes=64) as mounted:
        if not mounted:
            import cs_peers.outputs.folders as folders

            def full(folder: Path, kind: str) -> None:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / MANIFEST))

            monkeypatch.setattr(folders, "_seal", full)
        result = runner.invoke(app, _pack(tiny_dir, disk / "pack"))
        assert result.exit_code == 1
        _clean_error(result.stderr, "could not be written: No space left on device")
        assert list(disk.iterdir()) == []  # no pack, no temporary folder
    started, failed = kept_audit(home)
    assert (started.action, failed.action) == ("export-started", "export-failed")
    assert failed.details == {"started": started.number, "error": "OutputError"}


def test_a_full_workspace_makes_no_export_and_keeps_nothing_half(
    home: Path, tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with small_disk(home, kilobytes=512) as mounted:
        assert runner.invoke(app, ["groups", str(tiny_dir), "--runs", "2"]).exit_code == 0
        if mounted:
            fill(home)
        else:
            from cs_peers.workspacedb.database import WorkspaceDatabase

            def full(self: WorkspaceDatabase) -> object:
                error = sqlite3.OperationalError("database or disk is full")
                raise self.failure("cannot be written", error)

            monkeypatch.setattr(WorkspaceDatabase, "transaction", full)
        result = runner.invoke(app, _pack(tiny_dir, tmp_path / "pack"))
        assert result.exit_code == 1
        _clean_error(result.stderr, str(home), "the disk is full: free some disk space")
        assert not (tmp_path / "pack").exists()  # audit first: no entry, no export
        assert not _unfinished(tmp_path, "pack")
        (home / "filler").unlink(missing_ok=True)
        monkeypatch.undo()
        assert len(kept_runs(home)) == 1  # the first run, and nothing half-kept after it
        assert kept_audit(home) == []


def test_a_read_only_output_folder_is_an_error_line(
    home: Path, tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    with read_only(shelf) as mounted:
        if not mounted:
            import tempfile

            def refused(*args: object, **kwargs: object) -> str:
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(shelf))

            monkeypatch.setattr(tempfile, "mkdtemp", refused)
        for command in (
            _pack(tiny_dir, shelf / "pack"),
            ["ego", str(tiny_dir), "YP01", "--out", str(shelf / "ego.html")],
            ["export", str(tiny_dir), "--format", "gexf", "--out", str(shelf / "n.gexf")],
        ):
            result = runner.invoke(app, command)
            assert result.exit_code == 1, (command, result.output)
            _clean_error(result.stderr, "could not be written: Read-only file system")
        assert list(shelf.iterdir()) == []


def test_a_read_only_workspace_is_an_error_line_and_makes_no_export(
    home: Path, tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(app, ["groups", str(tiny_dir), "--runs", "2"]).exit_code == 0
    with read_only(home) as mounted:
        if not mounted:

            def refused(*args: object, **kwargs: object) -> sqlite3.Connection:
                raise sqlite3.OperationalError("attempt to write a readonly database")

            monkeypatch.setattr(sqlite3, "connect", refused)
        result = runner.invoke(app, _pack(tiny_dir, tmp_path / "pack"))
        assert result.exit_code == 1
        _clean_error(result.stderr, "cannot be written here", "--workspace")
        assert not (tmp_path / "pack").exists()
        with monkeypatch.context() as patch:
            if not mounted:

                def replace(*args: object) -> None:
                    raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(home))

                patch.setattr(os, "replace", replace)
            settings = runner.invoke(app, ["workspace", "set", "--purpose", "MACE"])
        assert settings.exit_code == 1
        _clean_error(settings.stderr, "pack.json cannot be written")


def test_a_damaged_workspace_database_is_an_error_line(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["groups", str(tiny_dir), "--runs", "2"]).exit_code == 0
    database = home / "workspace.sqlite3"
    good = database.read_bytes()
    for damaged in (good[:100] + b"\x00garbage" * 64, b"not a database at all"):
        database.write_bytes(damaged)
        for command in (_pack(tiny_dir, tmp_path / "pack"), ["audit", "--verify"], ["runs"]):
            result = runner.invoke(app, command)
            assert result.exit_code == 1, command
            _clean_error(result.stderr, str(database), "the file is damaged")
        assert not (tmp_path / "pack").exists()


def test_a_damaged_run_file_of_an_older_workspace_is_an_error_line(
    home: Path, tiny_dir: Path
) -> None:
    run = home / "runs" / "20250101T000000-abc"
    run.mkdir(parents=True)
    (run / "run.json").write_text('{"run_id": "20250101T000000-abc", "created_', "utf-8")
    (run / "memberships.csv").write_text("group_id,person_id,confidence,bridge_to\n", "utf-8")
    result = runner.invoke(app, ["groups", str(tiny_dir), "--runs", "2"])
    assert result.exit_code == 1
    _clean_error(result.stderr, f"the run in {run} cannot be moved", "move the folder out")
    assert (run / "run.json").is_file()  # nothing was moved, nothing lost
