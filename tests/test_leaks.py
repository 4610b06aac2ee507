"""Nothing leaks to an audience that may not see it: the meeting's decisions (removals, actions,
notes, and the ids and labels in them), other children's case ids in a case file, names and
notes through raw read-back templates."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pypdf
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.graphdb.templates import load_templates
from cs_peers.inputs.sample.generate import sample_path

runner = CliRunner()
BOROUGH = sample_path()


def _every_text(folder: Path) -> str:
    """Return the text of every file of an output: pages, seeds, CSVs, Word XML, PDF text."""
    texts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as book:
                texts += [
                    book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml")
                ]
        elif path.suffix == ".pdf":
            texts += [page.extract_text() for page in pypdf.PdfReader(path).pages]
        elif path.suffix != ".png":
            texts.append(path.read_text("utf-8"))
    return "\n".join(texts)


def test_a_partner_pack_shows_nothing_of_the_meetings_decisions(home: Path, tmp_path: Path) -> None:
    people = pd.read_csv(BOROUGH / "people.csv", dtype=str, keep_default_na=False)
    label = people.loc[people["id"] == "YP075", "label"].item()
    assert runner.invoke(app, ["groups", str(BOROUGH), "--runs", "2"]).exit_code == 0
    decided = runner.invoke(
        app,
        ["review", "PG-0001", "--status", "confirmed", "--by", "Strategy meeting",
         "--remove", "YP075", "--action", "Home visit to YP075", "--owner", "J. Lee",
         "--due", "2026-12-15", "--note", "N.R. moved away from YP075's old school"],
    )  # fmt: skip
    assert decided.exit_code == 0, decided.output
    out = tmp_path / "for-police"
    made = runner.invoke(
        app,
        ["pack", str(BOROUGH), "--out", str(out), "--audience", "partner",
         "--group", "PG-0001", "--runs", "2"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    text = _every_text(out)
    for leaked in ("YP075", label, "Home visit", "removed by review", "moved away", "J. Lee"):
        assert leaked not in text, leaked
    assert not re.search(r"\bYP\d{3}\b", text)  # no case id at all
    index = (out / "index.html").read_text("utf-8")
    assert "<td>not shown to this audience</td><td>not shown to this audience</td>" in index
    assert "run not kept" not in index
    # The meeting's own pack shows the decision: the difference is the audience's.
    meeting = tmp_path / "meeting"
    assert (
        runner.invoke(
            app, ["pack", str(BOROUGH), "--out", str(meeting), "--runs", "2", "--no-pdf"]
        ).exit_code
        == 0
    )
    assert "Home visit to YP075" in (meeting / "index.html").read_text("utf-8")


def test_a_case_file_names_no_other_childs_case_id(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "case"
    made = runner.invoke(
        app,
        ["pack", str(BOROUGH), "--out", str(out), "--audience", "case-file",
         "--person", "YP004", "--runs", "2", "--no-pdf"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    groups = pd.read_csv(out / "groups.csv", dtype=str, keep_default_na=False)
    assert len(groups) > 1
    others = groups[groups["person_id"] != "YP004"]["person_id"]
    assert (groups["person_id"] == "YP004").sum() == len(set(groups["group_id"]))
    assert all(re.fullmatch(r"P-[0-9A-F]{8}", p) for p in others)
    ids = set(pd.read_csv(BOROUGH / "people.csv", dtype=str)["id"]) - {"YP004"}
    text = _every_text(out)
    assert not [i for i in ids if re.search(rf"\b{i}\b", text)]


def test_raw_read_back_of_names_and_notes_is_internal() -> None:
    templates = load_templates()
    for name in ("question_nodes", "list_reviews"):
        assert not templates[name].cli_usable
        result = runner.invoke(app, ["query", name, "--param", "ids=YP001"])
        assert result.exit_code == 1
        assert f"the template {name!r} is internal to cs-peers" in result.stderr
    # What a user can run by name returns no person's name, no note and no review: `query`
    # then logs reveal_names false truthfully. Two "name" columns name no one: a place's
    # (context_hotspots) and a label's or relationship type's (graph_counts).
    not_people = {"context_hotspots", "graph_counts"}
    for template in templates.values():
        if template.cli_usable:
            returned = set(template.returns)
            assert not returned & {"notes", "note", "review", "properties"}, template.name
            assert "name" not in returned or template.name in not_people, template.name
