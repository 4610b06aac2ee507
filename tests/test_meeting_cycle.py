"""A meeting cycle, month by month, as an analyst lives it: one story of what changed, told
against the last meeting, in the same words on the page, in the briefing and in `changes`.

October: the pack for the meeting of 15 October; the meeting confirms PG-0002 without one of
its members (and agrees an action) and judges PG-0005 not a group. Mid-month: an exploratory
look at the data. November: a new young person with new records, the action closed, and the
pack for the meeting of 19 November.
"""

from __future__ import annotations

import csv
import re
import shutil
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pandas as pd
import pypdf
import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.inputs.sample.generate import sample_path

runner = CliRunner()
FAST = ["--runs", "3"]
JOINER, JOINER_LABEL = "YP900", "Z.Q."


def _epoch(day: str) -> str:
    return str(int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()))


def _ok(monkeypatch: pytest.MonkeyPatch, day: str, *args: str) -> str:
    """Run cs-peers on ``day`` (SOURCE_DATE_EPOCH) and return its stdout."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(day))
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _members(pack: Path) -> dict[str, list[str]]:
    groups = pd.read_csv(pack / "groups.csv", dtype=str)
    return {str(g): sorted(p) for g, p in groups.groupby("group_id")["person_id"]}


def _blocks_of_cli(text: str) -> dict[str, list[str]]:
    """Return ``{heading: lines}`` of `cs-peers changes` output (records listed apart)."""
    blocks: dict[str, list[str]] = {}
    heading = ""
    for line in text.splitlines()[1:]:
        if line and not line.startswith(" "):
            heading = line
            blocks[heading] = []
        elif line.startswith("  ") and not line.startswith("  new record:") and heading:
            blocks[heading].append(line.strip())
    blocks.pop("Actions closed since the last meeting", None)
    return blocks


def _blocks_of_page(html: str) -> dict[str, list[str]]:
    """Return ``{heading: paragraphs}`` of since-last-meeting.html, up to the actions."""
    body = html.split("<h2>Actions", 1)[0]
    blocks: dict[str, list[str]] = {}
    for part in re.split(r"<h2>", body)[1:]:
        heading, _, rest = part.partition("</h2>")
        if heading == "Actions closed since the last meeting":
            continue
        blocks[unescape(heading)] = [unescape(p) for p in re.findall(r"<p>(.*?)</p>", rest)]
    return blocks


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_month_of_meetings_is_told_against_the_last_meeting_in_one_story(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    shutil.copytree(sample_path("borough"), data)
    full = (data / "associations.csv").read_text("utf-8")
    rows = full.splitlines()
    october = [rows[0]] + [r for r in rows[1:] if r.split(",")[4] <= "2026-09-30"]
    (data / "associations.csv").write_text("\n".join(october) + "\n", "utf-8")

    # October: the pack for the meeting, then the meeting's decisions.
    _ok(
        monkeypatch,
        "2026-10-14",
        "pack",
        "data",
        "--out",
        "oct",
        "--meeting",
        "2026-10-15",
        "--no-docx",
        "--no-pdf",
        *FAST,
    )
    october_groups = _members(tmp_path / "oct")
    removed = october_groups["PG-0002"][0]
    kept = _ok(
        monkeypatch,
        "2026-10-15",
        "review",
        "PG-0002",
        "--status",
        "confirmed",
        "--by",
        "Strategy meeting",
        "--remove",
        removed,
        "--action",
        "Home visit",
        "--owner",
        "J. Lee",
        "--due",
        "2026-11-01",
        "--on",
        "2026-10-15",
    )
    assert "action AC-0001: Home visit" in kept
    _ok(
        monkeypatch,
        "2026-10-15",
        "review",
        "PG-0005",
        "--status",
        "not-a-group",
        "--by",
        "Strategy meeting",
        "--on",
        "2026-10-15",
    )

    # Mid-month: an exploratory look (kept as a run, never a baseline).
    _ok(monkeypatch, "2026-10-25", "groups", "data", *FAST)

    # November: all of October's records, and a new young person tied to PG-0001.
    (data / "associations.csv").write_text(full, "utf-8")
    friends = october_groups["PG-0001"][:3]
    with (data / "associations.csv").open("a", encoding="utf-8", newline="") as f:
        for n, friend in enumerate(friends):
            csv.writer(f, lineterminator="\n").writerow(
                [
                    JOINER,
                    friend,
                    "friend",
                    "2026-11-03",
                    "2026-11-05",
                    "police",
                    "high",
                    f"REF-NEW-{n}",
                    "",
                ]
            )
    with (data / "people.csv").open("a", encoding="utf-8") as f:
        f.write(f"{JOINER},young_person,{JOINER_LABEL},Zarina Quell,15,,White,female,2011-05-01\n")
    closed = _ok(
        monkeypatch,
        "2026-11-10",
        "action",
        "close",
        "AC-0001",
        "--outcome",
        "done",
        "--by",
        "J. Lee",
        "--on",
        "2026-11-10",
    )
    assert closed == "closed action AC-0001 as done on 2026-11-10 (by J. Lee)\n"
    _ok(
        monkeypatch,
        "2026-11-18",
        "pack",
        "data",
        "--out",
        "nov",
        "--meeting",
        "2026-11-19",
        "--no-docx",
        *FAST,
    )
    told = _ok(monkeypatch, "2026-11-18", "changes", "data", "--no-record", *FAST)

    page = (tmp_path / "nov" / "since-last-meeting.html").read_text("utf-8")
    briefing = _flat(
        "\n".join(
            p.extract_text() for p in pypdf.PdfReader(tmp_path / "nov" / "briefing.pdf").pages
        )
    )
    labels = dict(pd.read_csv(data / "people.csv", dtype=str)[["id", "label"]].to_numpy())

    # The baseline is the October meeting, not the mid-month look.
    baseline = "Compared with the meeting of 2026-10-15"
    assert told.startswith(baseline)
    assert baseline in page and baseline in briefing
    # The joiner comes with the records that brought them in.
    joined = f"Joined: {JOINER_LABEL} — new records: 2026-11-05 {JOINER_LABEL} friend"
    assert joined in told and joined in unescape(page) and joined in briefing
    # The meeting's decisions are told as its decisions.
    removal = f"Removed by the meeting of 2026-10-15: {labels[removed]}"
    assert removal in told and removal in unescape(page) and removal in briefing
    assert f"Left: {labels[removed]}" not in told
    for text in (told, unescape(page), briefing):
        assert "PG-0005 no longer holds together" not in text
        assert "PG-0005 continues" not in text
        assert re.search(
            r"PG-0005 (set aside|shown again: judged not a group) by the meeting "
            r"of 2026-10-15",
            text,
        )
    # The closed action is told once, and is no longer overdue.
    closing = "AC-0001 Home visit — done on 2026-11-10 (by J. Lee)"
    assert closing in told and closing in unescape(page) and closing in briefing
    overdue = page.split("<h3>Overdue</h3>", 1)[1].split("</h3>", 1)[0]
    assert "Home visit" not in overdue
    # One story: the page and `changes` tell the same groups in the same words, and the
    # briefing holds every one of them.
    cli_blocks = _blocks_of_cli(told)
    assert cli_blocks == _blocks_of_page(page)
    for heading, lines in cli_blocks.items():
        assert _flat(heading) in briefing
        for line in lines:
            assert _flat(line) in briefing, line
    # `cs-peers meetings` lists both meetings with the October decisions.
    listed = _ok(monkeypatch, "2026-11-18", "meetings").splitlines()
    assert [line.split()[0] for line in listed[1:]] == ["2026-10-15", "2026-11-19"]
    assert listed[1].split()[4] == "2"  # two decisions recorded at the October meeting
