"""Audience profiles: a partner agency or a case file gets only what it needs."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.errors import UsageError
from cs_peers.governance.audit import read_audit
from cs_peers.inputs.sample.generate import sample_path
from cs_peers.outputs.audiences import audience_named, marking_for
from cs_peers.workspacedb import open_workspace

runner = CliRunner()
BOROUGH = sample_path()


def _text_of(folder: Path) -> str:
    texts = [
        p.read_text("utf-8", errors="replace")
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in {".html", ".md", ".csv", ".txt"}
    ]
    for book in folder.rglob("*.xlsx"):  # groups.xlsx: every cell of every sheet
        for sheet in openpyxl.load_workbook(book).worksheets:
            texts += [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v]
    return "\n".join(texts)


def _pack(out: Path, *extra: str) -> str:
    result = runner.invoke(
        app, ["pack", str(BOROUGH), "--out", str(out), "--runs", "2", "--no-docx", *extra]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_partner_gets_pseudonyms_and_only_the_group_asked_for(home: Path, tmp_path: Path) -> None:
    people = pd.read_csv(BOROUGH / "people.csv", dtype=str, keep_default_na=False)
    associations = pd.read_csv(BOROUGH / "associations.csv", dtype=str, keep_default_na=False)
    refused = runner.invoke(
        app, ["pack", str(BOROUGH), "--out", str(tmp_path / "x"), "--audience", "partner"]
    )
    assert refused.exit_code == 1
    assert "ERROR: --group: the partner audience gets only the groups asked for" in refused.stderr
    _pack(tmp_path / "p1", "--audience", "partner", "--group", "PG-0002")
    text = _text_of(tmp_path / "p1")
    assert "for: partner" in text
    ids = set(people["id"])
    assert not [i for i in ids if re.search(rf"\b{i}\b", text)], "a case reference leaked"
    labels = {lab for lab in people["label"] if len(lab) > 3}
    assert not [lab for lab in labels if lab in text], "a workspace label leaked"
    assert not [r for r in associations["reference"] if r and r in text], "a reference leaked"
    groups = pd.read_csv(tmp_path / "p1" / "groups.csv", dtype=str, keep_default_na=False)
    assert set(groups["group_id"]) == {"PG-0002"}
    assert all(re.fullmatch(r"P-[0-9A-F]{8}", p) for p in groups["person_id"])
    assert set(groups["ties_also_to"]) <= {"", "PG-0002"}
    assert (
        (tmp_path / "p1" / "groups-README.txt")
        .read_text("utf-8")
        .startswith("OFFICIAL-SENSITIVE · for: partner\n")
    )
    # Stable for the audience: a second export gives the same pseudonyms.
    _pack(tmp_path / "p2", "--audience", "partner", "--group", "PG-0002")
    again = pd.read_csv(tmp_path / "p2" / "groups.csv", dtype=str, keep_default_na=False)
    assert list(again["person_id"]) == list(groups["person_id"])
    key = home / "audiences" / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with open_workspace(home) as database:
        assert read_audit(database)[-1].details["audience"] == "partner"


def test_a_case_file_gets_one_young_persons_groups_in_initials(home: Path, tmp_path: Path) -> None:
    refused = runner.invoke(
        app, ["pack", str(BOROUGH), "--out", str(tmp_path / "x"), "--audience", "case-file"]
    )
    assert refused.exit_code == 1
    assert "ERROR: --person: the case-file audience is about one young person" in refused.stderr
    _pack(tmp_path / "c", "--audience", "case-file", "--person", "YP004")
    groups = pd.read_csv(tmp_path / "c" / "groups.csv", dtype=str, keep_default_na=False)
    assert "YP004" in set(groups["person_id"])
    assert len(set(groups["group_id"])) == 1
    summary = (tmp_path / "c" / "summary.html").read_text("utf-8")
    assert "for: case-file" in summary
    people = pd.read_csv(BOROUGH / "people.csv", dtype=str, keep_default_na=False)
    long_labels = [lab for lab in people["label"] if len(lab) > 4]
    assert not [lab for lab in long_labels if lab in _text_of(tmp_path / "c")]


def test_names_cannot_be_revealed_to_a_partner(home: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["pack", str(BOROUGH), "--out", str(tmp_path / "x"), "--audience", "partner",
         "--group", "PG-0001", "--reveal-names"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "--reveal-names cannot be used for the partner audience" in result.stderr
    assert not (tmp_path / "x").exists()


def test_the_meeting_is_the_default_and_is_named(home: Path, tmp_path: Path) -> None:
    # Through the command, not the shared demo_pack: the audience and its marking are the
    # command's default, which the library's build_pack does not add.
    _pack(tmp_path / "m")
    assert "OFFICIAL-SENSITIVE · for: meeting" in (tmp_path / "m" / "index.html").read_text("utf-8")
    unknown = runner.invoke(
        app, ["pack", str(BOROUGH), "--out", str(tmp_path / "y"), "--audience", "press"]
    )
    assert unknown.exit_code == 1
    assert "unknown audience 'press'; known: meeting, partner, case-file" in unknown.stderr


def test_a_blank_marking_is_refused_and_nothing_is_written(home: Path, tmp_path: Path) -> None:
    # The audience's name alone ("· for: meeting") would leave every page without a marking.
    for command in ("render", "pack", "equality"):
        out = tmp_path / command
        args = [command, str(sample_path()), "--marking", "  ", "--no-record"]
        if command != "equality":
            args += ["--out", str(out)]
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (command, result.output)
        assert "must not be blank" in result.output
        assert not out.exists()


def test_the_library_refuses_a_blank_marking_too() -> None:
    meeting = audience_named("meeting")
    assert marking_for("OFFICIAL", meeting) == "OFFICIAL · for: meeting"
    with pytest.raises(UsageError, match="must not be blank"):
        marking_for(" ", meeting)
