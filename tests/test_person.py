"""One young person over time: `cs-peers person` and the case-file pack's person.html."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.inputs.sample.generate import sample_path

runner = CliRunner()
BOROUGH = str(sample_path())


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.usefixtures("home")
def test_a_young_persons_groups_are_told_across_runs_meetings_and_decisions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1791936000")  # 2026-10-14
    _ok(
        "pack",
        BOROUGH,
        "--out",
        str(tmp_path / "oct"),
        "--meeting",
        "2026-10-15",
        "--no-docx",
        "--no-pdf",
        "--runs",
        "3",
    )
    groups = pd.read_csv(tmp_path / "oct" / "groups.csv", dtype=str)
    person = str(groups.loc[groups["group_id"] == "PG-0002", "person_id"].iloc[0])
    label = dict(pd.read_csv(Path(BOROUGH) / "people.csv", dtype=str)[["id", "label"]].to_numpy())[
        person
    ]
    _ok(
        "review",
        "PG-0002",
        "--status",
        "confirmed",
        "--by",
        "Strategy meeting",
        "--remove",
        person,
        "--on",
        "2026-10-15",
    )
    told = _ok("person", BOROUGH, person).splitlines()
    assert told[0] == f"{label}: PG-0002 (since 2026-10-14)"
    assert "2026-10-14 (the meeting of 2026-10-15, run 20261014T000000-" in told[1]
    assert told[1].endswith("in candidate group PG-0002")
    assert told[2] == "  decision: 2026-10-15 PG-0002: removed by the meeting (by Strategy meeting)"
    # Nobody else is named: only this young person's groups and decisions.
    others = set(groups["person_id"]) - {person}
    assert not any(other in line for other in others for line in told)
    # A case-file pack of another member holds their story: the group and the decision.
    other = str(groups.loc[groups["group_id"] == "PG-0002", "person_id"].iloc[1])
    _ok(
        "pack",
        BOROUGH,
        "--out",
        str(tmp_path / "case"),
        "--audience",
        "case-file",
        "--person",
        other,
        "--no-docx",
        "--no-pdf",
        "--runs",
        "3",
    )
    page = (tmp_path / "case" / "person.html").read_text("utf-8")
    assert "PG-0002 (since 2026-10-14)" in page
    assert "2026-10-15 PG-0002: confirmed (by Strategy meeting)" in page
    assert person not in page  # the removed young person is not this case file's
    assert 'href="person.html"' in (tmp_path / "case" / "index.html").read_text("utf-8")


def test_an_unknown_person_is_refused(home: Path) -> None:
    result = runner.invoke(app, ["person", BOROUGH, "YP999"])
    assert result.exit_code == 1
    assert result.stderr.startswith("ERROR: no young person 'YP999'")
