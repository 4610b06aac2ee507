"""Secrets never empty, never someone else's: the partner-pseudonym key and the audit salt are
made atomically, refused when empty, short or shared, and a workspace another user owns or
may write is refused before anything is read from it."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.inputs.sample.generate import sample_path

runner = CliRunner()
BOROUGH = sample_path()


def _partner_pack(out: Path) -> list[str]:
    return ["pack", str(BOROUGH), "--out", str(out), "--audience", "partner",
            "--group", "PG-0002", "--runs", "2", "--no-docx", "--no-pdf"]  # fmt: skip


def test_a_full_disk_while_the_key_is_made_leaves_no_key_and_no_export(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = home / "audiences" / "key"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", full)  # the disk fills as the new key is written
        result = runner.invoke(app, _partner_pack(tmp_path / "p"))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert f"ERROR: the workspace secret {key} cannot be made or read" in result.stderr
    assert not key.exists()  # never an empty key, that every later export would trust
    assert list(key.parent.iterdir()) == []  # nor its temporary file
    assert not (tmp_path / "p").exists()
    made = runner.invoke(app, _partner_pack(tmp_path / "p"))  # space again
    assert made.exit_code == 0, made.output
    assert re.fullmatch(r"[0-9a-f]{64}", key.read_text("utf-8"))


@pytest.mark.parametrize("planted", ["", "\n", "abc123", "z" * 64])
@pytest.mark.parametrize("secret", ["audiences/key", "audit/salt"])
def test_an_empty_short_or_foreign_secret_is_refused(
    home: Path, tmp_path: Path, secret: str, planted: str
) -> None:
    path = home / secret
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_text(planted, "utf-8")
    path.chmod(0o600)
    result = runner.invoke(app, _partner_pack(tmp_path / "p"))
    assert result.exit_code == 1
    assert f"ERROR: the workspace secret {path} is damaged (empty, short or not hex)" in (
        result.stderr
    )
    assert not (tmp_path / "p").exists()
    assert path.read_text("utf-8") == planted  # left for the user to look at


def test_a_key_others_can_read_is_refused(home: Path, tmp_path: Path) -> None:
    key = home / "audiences" / "key"
    key.parent.mkdir(parents=True, mode=0o700)
    key.write_text("0123456789abcdef" * 4, "utf-8")
    key.chmod(0o644)
    result = runner.invoke(app, _partner_pack(tmp_path / "p"))
    assert result.exit_code == 1
    assert f"the workspace secret {key} is not private to you" in result.stderr


def _owned_by_someone_else(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``path`` another user's: chown it where allowed (root), else be another user."""
    try:
        os.chown(path, os.getuid() + 4242, -1)
    except PermissionError:
        me = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: me + 4242)


def test_a_workspace_another_user_owns_is_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.mkdir(mode=0o700)
    key = home / "audiences" / "key"
    key.parent.mkdir(mode=0o700)
    key.write_text("0123456789abcdef" * 4, "utf-8")  # planted by its owner
    key.chmod(0o600)
    _owned_by_someone_else(home, monkeypatch)
    result = runner.invoke(app, _partner_pack(tmp_path / "p"))
    assert result.exit_code == 1
    assert f"ERROR: the workspace {home} belongs to another user" in result.stderr
    assert not (tmp_path / "p").exists()


def test_a_workspace_others_may_write_is_refused(home: Path, tmp_path: Path) -> None:
    home.mkdir(mode=0o700)
    home.chmod(0o777)
    result = runner.invoke(app, _partner_pack(tmp_path / "p"))
    assert result.exit_code == 1
    assert f"the workspace {home} can be written by other users (mode 777)" in result.stderr
    assert f"chmod 700 {home}" in result.stderr
    assert not (tmp_path / "p").exists()
