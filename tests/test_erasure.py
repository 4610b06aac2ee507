"""Erasure that is exact and proven: by id equality, never by substring; a typo refused; every
file the workspace holds searched, through links; an id the audit log saw only as a salted
hash; reviews kept in Neo4j erased too; a damaged file an ERROR line, never half an erasure."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from cs_peers.cli.app import app
from fake_runner import CollectingRunner, Sent
from tiny_data import write_tiny_dataset
from typer.testing import CliRunner
from workspace_records import kept_audit, kept_reviews

from cs_peers.analysis.reviews.records import Action, Review
from cs_peers.governance.erasure import ERASED, forget_in_neo4j
from cs_peers.workspacedb import open_workspace

runner = CliRunner()
FORGET = ["--by", "J. Analyst", "--reason", "erasure request ER-1"]


@pytest.fixture
def short_ids(tmp_path: Path) -> Path:
    """Return the tiny dataset with ids YP1 … YP14, so that YP1 is the start of YP10 … YP14."""
    folder = write_tiny_dataset(tmp_path / "short")
    for name in ("people.csv", "associations.csv"):
        path = folder / name
        path.write_text(path.read_text("utf-8").replace("YP0", "YP"), "utf-8")
    return folder


def _memberships(home: Path) -> list[tuple[Any, ...]]:
    with open_workspace(home) as database:
        return database.rows("SELECT run_id, group_id, person_id FROM memberships ORDER BY 1, 2, 3")


def _every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_forget_yp1_leaves_yp10_to_yp14_as_they_were(home: Path, short_ids: Path) -> None:
    assert runner.invoke(app, ["groups", str(short_ids), "--runs", "2"]).exit_code == 0
    decided = runner.invoke(
        app,
        ["review", "PG-0001", "--status", "confirmed", "--by", "panel",
         "--note", "YP1 and YP10 seen together", "--action", "Visit YP1; call YP12",
         "--owner", "J. Lee", "--due", "2027-01-10"],
    )  # fmt: skip
    assert decided.exit_code == 0, decided.output
    before = _memberships(home)
    assert {p for *_, p in before} >= {"YP1", "YP10", "YP11", "YP12"}
    result = runner.invoke(app, ["forget", "YP1", *FORGET])
    assert result.exit_code == 0, result.output
    assert "none is left anywhere in the workspace" in result.stdout
    after = _memberships(home)
    assert after == [row for row in before if row[2] != "YP1"]
    (review,) = kept_reviews(home)
    assert review.note == f"{ERASED} and YP10 seen together"
    assert review.actions[0].text == f"Visit {ERASED}; call YP12"
    assert b"YP10" in _every_byte(home) and b"YP12" in _every_byte(home)


def test_an_id_nothing_holds_is_refused_and_nothing_is_erased(home: Path, short_ids: Path) -> None:
    assert runner.invoke(app, ["groups", str(short_ids), "--runs", "2"]).exit_code == 0
    before = _memberships(home)
    for ids in (["YP0"], ["YP1", "YP0"]):  # a typo, alone or beside a real id
        result = runner.invoke(app, ["forget", *ids, *FORGET])
        assert result.exit_code == 1
        assert "ERROR: no such person: 'YP0'" in result.stderr
        assert "nothing was erased" in result.stderr
        assert "none is left" not in result.stdout
        assert _memberships(home) == before
    assert [e.action for e in kept_audit(home)] == []  # no erasure was even started


def test_forget_searches_a_workspace_moved_behind_a_link_and_links_inside_it(
    tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bigger_drive = tmp_path / "bigger-drive"
    real = bigger_drive / "cs-peers"
    real.mkdir(parents=True, mode=0o700)
    link = tmp_path / "workspace"
    link.symlink_to(real)  # the workspace moved to a bigger drive, its old path a link
    monkeypatch.setenv("CS_PEERS_HOME", str(link))
    assert runner.invoke(app, ["groups", str(tiny_dir), "--runs", "2"]).exit_code == 0
    # A folder of the workspace linked to yet another disk, holding a copy of its records.
    elsewhere = tmp_path / "other-disk"
    elsewhere.mkdir()
    (real / "copies").symlink_to(elsewhere)
    copied = runner.invoke(app, ["workspace", "export", "--out", str(elsewhere / "backup")])
    assert copied.exit_code == 0, copied.output
    result = runner.invoke(app, ["forget", "YP01", *FORGET])
    assert result.exit_code == 1
    assert "ERROR: the ids are still found in:" in result.stderr
    assert str(real / "copies" / "backup" / "runs") in result.stderr
    assert "workspace.sqlite3" not in result.stderr  # the database itself was cleared
    assert b"YP01" not in (real / "workspace.sqlite3").read_bytes()


def test_an_id_in_an_output_path_is_logged_as_a_salted_hash_and_forget_then_works(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "case-YP04"
    made = runner.invoke(
        app,
        ["pack", str(tiny_dir), "--out", str(out), "--audience", "case-file",
         "--person", "YP04", "--no-docx", "--no-pdf", "--runs", "2"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    page = tmp_path / "ego-YP04.html"
    asked = runner.invoke(app, ["ego", str(tiny_dir), "YP04", "--out", str(page)])
    assert asked.exit_code == 0, asked.output
    for entry in kept_audit(home):
        text = json.dumps(entry.__dict__)
        assert "YP04" not in text, text
    pack, ego = (e for e in kept_audit(home) if e.action == "export-started")
    assert re.search(r"/case-\[id [0-9a-f]{16}\]$", pack.details["output"])
    assert re.search(r"--out \S*case-\[id [0-9a-f]{16}\]", pack.command)
    assert re.search(r"/ego-\[id [0-9a-f]{16}\]\.html$", ego.details["output"])
    result = runner.invoke(app, ["forget", "YP04", *FORGET])
    assert result.exit_code == 0, result.output
    assert "none is left anywhere in the workspace" in result.stdout
    assert b"YP04" not in _every_byte(home)


def _review(**people_and_texts: Any) -> Review:
    """Return a confirmed review of PG-0001 with the people and texts given."""
    return Review(
        review_id="RV-00001",
        group_id="PG-0001",
        lineage="lineage-1",
        run_id="r1",
        status="confirmed",
        decided_on="2026-11-20",
        recorded_at="2026-11-20T10:00:00+00:00",
        by="panel",
        **people_and_texts,
    )


def test_reviews_kept_in_neo4j_are_erased_by_id_equality() -> None:
    review = _review(
        note="YP1 moved; YP10 stays",
        remove=("YP1",),
        add=("YP10",),
        actions=(Action("Home visit to YP1", "J. Lee", "2026-12-01", "AC-0001"),),
        members=("YP1", "YP2", "YP10"),
    )

    def answer(sent: Sent) -> list[list[Any]]:
        if sent.name == "list_reviews":
            return [["RV-00001", review.recorded_at, review.to_json()]]
        if sent.name == "list_runs":
            return []
        return [[1] * len(sent.template.returns)] if sent.template.returns else []

    neo4j = CollectingRunner(answer=answer)
    counts = forget_in_neo4j(neo4j, ["YP1"])
    assert counts["reviews_rewritten"] == 1
    (replaced,) = neo4j.of("replace_review")
    erased = Review.from_json(replaced.params["review"])
    assert erased.remove == () and erased.add == ("YP10",)
    assert erased.members == ("YP2", "YP10")
    assert erased.note == f"{ERASED} moved; YP10 stays"
    assert erased.actions[0].text == f"Home visit to {ERASED}"
    assert 'YP1"' not in replaced.params["review"] and "YP1 " not in replaced.params["review"]


def test_a_cut_line_in_an_older_workspaces_reviews_is_an_error_line_and_nothing_is_erased(
    home: Path,
) -> None:
    review = _review(remove=("YP01",))
    home.mkdir(mode=0o700)
    lines = review.to_json() + "\n" + review.to_json()[:40] + "\n"  # a line cut by a crash
    (home / "reviews.jsonl").write_text(lines, "utf-8")
    result = runner.invoke(app, ["forget", "YP01", *FORGET])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert f"ERROR: {home / 'reviews.jsonl'}, line 2: not a review" in result.stderr
    assert "mend or remove that line" in result.stderr
    assert (home / "reviews.jsonl").read_text("utf-8") == lines
    (home / "reviews.jsonl").write_text(review.to_json() + "\n", "utf-8")  # mended
    again = runner.invoke(app, ["forget", "YP01", *FORGET])
    assert again.exit_code == 0, again.output
    assert b"YP01" not in _every_byte(home)


def test_a_file_gone_between_listing_and_reading_holds_no_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite removes its -wal and -shm files when another command's last connection closes:
    # the search must not fail on a file that was listed and is gone when it is read.
    from cs_peers.governance import erasure

    (tmp_path / "kept.txt").write_text("YP1 and YP10", "utf-8")
    (tmp_path / "other.txt").write_text("YP10 only", "utf-8")
    gone = tmp_path / "workspace.sqlite3-shm"
    listed = [gone, tmp_path / "kept.txt", tmp_path / "other.txt"]
    monkeypatch.setattr(erasure, "_workspace_files", lambda home: listed)
    assert erasure.find_in_workspace(tmp_path, ["YP1"]) == [str(tmp_path / "kept.txt")]
