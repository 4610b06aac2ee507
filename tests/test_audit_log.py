"""An audit log that cannot lie: every writer logged (questions too), identifying values kept as
salted hashes, the chain keyed, and every export carrying the entry it was logged under, so
that `cs-peers audit --verify --against PATH` finds a log cut or rewritten after it."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner
from workspace_records import kept_audit

from cs_peers.governance.audit import AUDIT_HEAD, read_export_head
from cs_peers.outputs.folders import MANIFEST

runner = CliRunner()


def _ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def _verify(*against: Path) -> tuple[int, str, str]:
    args = ["audit", "--verify"] + [f"--against={p}" for p in against]
    result = runner.invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("question", ["ego", "path", "connect"])
@pytest.mark.parametrize("reveal", [False, True])
def test_every_question_is_logged_before_its_answer_is_shown(
    home: Path, tiny_dir: Path, tmp_path: Path, question: str, reveal: bool
) -> None:
    people = {"ego": ["YP01"], "path": ["YP01", "YP03"], "connect": ["YP01", "YP02", "YP03"]}
    page = tmp_path / f"{question}-{people[question][0]}.html"
    names = ["--reveal-names"] if reveal else []
    _ok([question, str(tiny_dir), *people[question], *names])  # the answer printed
    _ok([question, str(tiny_dir), *people[question], "--out", str(page), *names])
    started, done, started_out, done_out = kept_audit(home)
    assert [e.action for e in (started, done, started_out, done_out)] == [
        "export-started", "export", "export-started", "export",
    ]  # fmt: skip
    assert started.details["output"] == "stdout"
    assert done.details["started"] == started.number
    assert all(e.details["reveal_names"] is reveal for e in (started, done_out))
    assert re.search(rf"/{question}-\[id [0-9a-f]{{16}}\]\.html$", started_out.details["output"])
    for entry in kept_audit(home):  # the people asked about, never in clear
        assert not [p for p in people[question] if p in json.dumps(entry.__dict__)]
    assert read_export_head(page) == (started_out.number, started_out.hash)


def test_workspace_export_is_logged(home: Path, tiny_dir: Path, tmp_path: Path) -> None:
    _ok(["groups", str(tiny_dir), "--runs", "2"])
    _ok(["workspace", "export", "--out", str(tmp_path / "copy")])
    started, done = kept_audit(home)
    assert (started.action, done.action) == ("export-started", "export")
    assert started.details["output"] == str((tmp_path / "copy").resolve())


def test_every_export_carries_its_entry_and_the_log_is_checked_against_it(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    made = {
        "pack": ["pack", str(tiny_dir), "--out", str(out / "pack"), "--no-docx", "--no-pdf"],
        "render": ["render", str(tiny_dir), "--out", str(out / "render")],
        "assess": ["assess", str(tiny_dir), "--out", str(out / "assess"), "--no-docx"],
        "graphml": ["export", str(tiny_dir), "--format", "graphml", "--out", str(out / "n.graphml")],
        "gexf": ["export", str(tiny_dir), "--format", "gexf", "--out", str(out / "n.gexf")],
        "cytoscape": ["export", str(tiny_dir), "--format", "cytoscape", "--out", str(out / "c.json")],
        "kumu": ["export", str(tiny_dir), "--format", "kumu", "--out", str(out / "k.json")],
        "i2": ["export", str(tiny_dir), "--format", "i2", "--out", str(out / "i2")],
        "ego": ["ego", str(tiny_dir), "YP01", "--out", str(out / "ego.html")],
    }  # fmt: skip
    for args in made.values():
        _ok([*args, "--runs", "2"] if args[0] != "ego" else args)
    paths = [Path(args[args.index("--out") + 1]) for args in made.values()]
    started = [e for e in kept_audit(home) if e.action == "export-started"]
    assert [read_export_head(p) for p in paths] == [(e.number, e.hash) for e in started]
    manifest = json.loads((out / "pack" / MANIFEST).read_text("utf-8"))
    assert manifest[AUDIT_HEAD] == started[0].head
    assert f"<dt>{AUDIT_HEAD}</dt><dd>{started[0].head}</dd>" in (
        (out / "pack" / "index.html").read_text("utf-8")
    )
    code, stdout, _ = _verify(*paths)
    assert code == 0
    assert f"{paths[0]}: its entry {started[0].number} is in the log, unchanged" in stdout

    # Removing the last export's entries leaves a chain that verifies on its own…
    db = sqlite3.connect(home / "workspace.sqlite3")
    last = started[-1].number
    db.execute("DELETE FROM audit_entries WHERE number >= ?", (last,))
    db.commit()
    assert _verify()[0] == 0
    # … but not against the export, which names the entry it was logged under.
    code, _, stderr = _verify(paths[-1])
    assert code == 1
    assert f"was exported under entry {last}, but the log ends at entry {last - 1}" in stderr
    assert "entries were removed from its end" in stderr
    assert _verify(paths[0])[0] == 0  # an earlier export's entry is still there
    db.close()


def _recompute_chain(home: Path, key: str | None) -> None:
    """Edit the first entry's output, then recompute every hash after it, as a forger would:
    with plain SHA-256 (``key`` None) or with the workspace's key."""
    import hashlib
    import hmac

    db = sqlite3.connect(home / "workspace.sqlite3")
    previous = "0" * 64
    for entry in kept_audit(home):
        details = (
            dict(entry.details, output="/elsewhere/g.csv") if entry.number == 1 else entry.details
        )
        body = {**entry.__dict__, "details": details, "previous": previous}
        del body["hash"]
        message = (previous + json.dumps(body, sort_keys=True, ensure_ascii=False)).encode()
        digest = (
            hashlib.sha256(message).hexdigest()
            if key is None
            else hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
        )
        db.execute(
            "UPDATE audit_entries SET details = ?, previous = ?, hash = ? WHERE number = ?",
            (json.dumps(details, sort_keys=True), previous, digest, entry.number),
        )
        previous = digest
    db.commit()
    db.close()


def test_a_chain_recomputed_without_the_key_is_found(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    from cs_peers.governance.audit import audit_secret

    for _ in range(2):
        _ok(["groups", str(tiny_dir), "--csv", str(tmp_path / "g.csv"), "--runs", "2"])
    _recompute_chain(home, None)
    code, _, stderr = _verify()
    assert code == 1
    assert "entry 1 was changed after it was written" in stderr
    # Only the key stands in the way: the same forgery made with it would pass.
    _recompute_chain(home, audit_secret(home))
    assert _verify()[0] == 0


def test_early_entries_removed_behind_a_written_anchor_are_found(
    home: Path, tiny_dir: Path
) -> None:
    for _ in range(2):
        _ok(["groups", str(tiny_dir), "--csv", str(home.parent / "g.csv"), "--runs", "2"])
    third = kept_audit(home)[2]
    db = sqlite3.connect(home / "workspace.sqlite3")
    db.execute("DELETE FROM audit_entries WHERE number < 3")
    anchor = {"previous": third.previous, "number": 3}  # no key: it cannot be signed
    db.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES ('audit_anchor', ?)",
        (json.dumps(anchor),),
    )
    db.commit()
    db.close()
    code, _, stderr = _verify()
    assert code == 1
    assert "starting point (entry 3) was not written by cs-peers" in stderr


def test_an_export_older_than_the_kept_log_is_said_to_be_unchecked(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    from cs_peers.governance.erasure import prune_workspace
    from cs_peers.workspacedb import open_workspace

    out = tmp_path / "render"
    _ok(["render", str(tiny_dir), "--out", str(out), "--runs", "2"])
    with open_workspace(home) as database:
        prune_workspace(database, 1, now=datetime.now(UTC) + timedelta(days=2))
    code, stdout, _ = _verify(out)
    assert code == 0
    assert "is older than the log's first kept entry (removed by prune)" in stdout


def test_a_path_that_carries_no_entry_is_a_usage_error(home: Path, tmp_path: Path) -> None:
    mine = tmp_path / "notes.txt"
    mine.write_text("my notes", "utf-8")
    result = runner.invoke(app, ["audit", "--verify", "--against", str(mine)])
    assert result.exit_code == 2
    assert "carries no cs-peers audit entry" in result.stderr
    without = runner.invoke(app, ["audit", "--against", str(mine)])
    assert without.exit_code == 2 and "--against checks an export with --verify" in (without.output)


def test_ids_in_a_path_are_hashed_whole_and_only_whole(tmp_path: Path) -> None:
    from cs_peers.governance.audit import hash_ids_in, salted_id_hash

    home = tmp_path / "workspace"
    hashed = {i: f"[id {salted_id_hash(home, i)}]" for i in ("YP004", "YP0", "12-100045-25")}
    ids = set(hashed) | {f"ZZ{n}" for n in range(50_000)}  # many people, few in the text
    text = "/packs/case-YP004/YP0040.html --out x_YP0.csv 12-100045-25/YP004YP0"
    assert hash_ids_in(home, text, ids) == (
        f"/packs/case-{hashed['YP004']}/YP0040.html --out x_{hashed['YP0']}.csv "
        f"{hashed['12-100045-25']}/YP004YP0"
    )
