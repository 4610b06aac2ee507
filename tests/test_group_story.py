"""One group's story: what the meeting reads on the group's page and in its seeds.

A group of the tiny dataset after the meeting of 15 October: the meeting confirmed it, took
P8 out, put P14 in and agreed three actions (one closed since); in November P13 joined on new
records. The story tells members alphabetically, the decisions, the open actions, the concerns
(an adult with an exploitation concern, missing-together and co-arrest records between members),
the strengths, the shared places and what is new — and the page and the seeds hold every line.
"""

from __future__ import annotations

import base64
import csv
import gzip
import json
import re
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path
from typing import Any

import docx
import pandas as pd
import pytest
from cs_peers.cli.app import app
from tiny_data import peer_groups, write_tiny_dataset
from typer.testing import CliRunner

from cs_peers.analysis.group_story import NO_COMPARISON, GroupStory, group_story, since_words
from cs_peers.analysis.history import RunRecord
from cs_peers.analysis.meetings import NO_BASELINE, Baseline, GroupChange, change_report
from cs_peers.analysis.profiles import GroupProfile, profile_groups
from cs_peers.analysis.reviews.apply import GroupReviewState, review_state
from cs_peers.analysis.reviews.records import Action, Meeting, Review
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.source import load_dataset
from cs_peers.outputs.assessment import SeedOptions, escape_markdown, write_assessment_seed
from cs_peers.outputs.diagrams import DiagramOptions, render_group_diagram
from cs_peers.outputs.diagrams._page import PACKED_TYPE
from cs_peers.outputs.diagrams.group import NEW_BORDER, NEW_BORDER_WIDTH, group_scene

runner = CliRunner()
OCTOBER = {"B": ["YP05", "YP06", "YP07", "YP08", "YP09"], "C": ["YP10", "YP11", "YP12"]}
NOVEMBER = {"B": ["YP05", "YP06", "YP07", "YP09", "YP13", "YP14"], "C": ["YP10", "YP11", "YP12"]}
TODAY = date(2026, 11, 18)
OPTIONS = DiagramOptions(provenance={"data fingerprint": "abc123", "run": "test"})

EXTRA_ROWS = [
    # Concerns: an adult recorded with three members; records of concern types between members.
    ("AD02", "YP07", "exploitation_concern", "2025-06-05", "", "police", "medium", "R100"),
    ("AD02", "YP09", "exploitation_concern", "2025-06-06", "", "police", "medium", "R101"),
    ("YP05", "YP06", "missing_together", "2025-07-01", "", "police", "high", "R102"),
    ("YP05", "YP06", "missing_together", "2025-07-02", "", "police", "high", "R103"),
    ("YP07", "YP09", "co_arrested", "2025-07-03", "", "police", "high", "R104"),
    ("YP05", "YP09", "protective_peer", "2025-08-01", "", "youth_service", "high", "R105"),
    # November: new records bring P13 in; a new sighting of a pair known before.
    ("YP13", "YP05", "friend", "2026-11-03", "2026-11-05", "police", "high", "N1"),
    ("YP13", "YP06", "friend", "2026-11-03", "2026-11-05", "police", "high", "N2"),
    ("YP05", "YP06", "seen_together", "2026-11-04", "2026-11-05", "school", "medium", "N3"),
]

REVIEW = Review(
    review_id="RV-00001",
    group_id="B",
    lineage="lineage-1",
    run_id="R-OCT",
    status="confirmed",
    decided_on="2026-10-15",
    recorded_at="2026-10-15T12:00:00+0000",
    by="Strategy meeting",
    note="private reasoning",
    remove=("YP08",),
    add=("YP14",),
    actions=(
        Action("Home visit", "J. Lee", "2026-11-01", "AC-0001"),
        Action("School check-in", "K. Ray", "2026-11-20", "AC-0002"),
        Action("Youth club outreach", "M. Obi", "2026-12-20", "AC-0003"),
    ),
    review_date="2027-01-10",
    members=tuple(OCTOBER["B"]),
)


def _dataset(folder: Path) -> Dataset:
    write_tiny_dataset(folder)
    with (folder / "associations.csv").open("a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(EXTRA_ROWS)
    return load_dataset(folder)


def _baseline() -> Baseline:
    run = RunRecord(
        run_id="R-OCT",
        created_at="2026-10-14T09:00:00+0000",
        store="files",
        source="data",
        fingerprint="f" * 12,
        selection="all associations",
        recorded_until="2026-10-01",
        parameters={},
        events=[],
        next_number=3,
        memberships=peer_groups(OCTOBER).memberships,
        lineage="lineage-1",
        kind="pack",
    )
    return Baseline(run, Meeting("lineage-1", "2026-10-15", "R-OCT", "2026-10-14T09:00:00+0000"))


class Told:
    """The November group B, its review state and its change since the October meeting."""

    def __init__(self, folder: Path) -> None:
        self.dataset = _dataset(folder)
        self.groups = peer_groups(NOVEMBER)
        self.profile: GroupProfile = next(
            p for p in profile_groups(self.dataset, self.groups) if p.group_id == "B"
        )
        self.baseline = _baseline()
        report = change_report(self.dataset, self.groups, self.baseline, [REVIEW])
        self.change: GroupChange = next(c for c in report.groups if c.group_id == "B")
        state = review_state(
            self.dataset, self.groups, [REVIEW], "lineage-1", closed=frozenset({"AC-0002"})
        )
        self.reviews: GroupReviewState = state.of("B")
        self.labels = self.dataset.labels()

    def story(self) -> GroupStory:
        return group_story(
            self.profile,
            reviews=self.reviews,
            change=self.change,
            labels=self.labels,
            holds_together=True,
            vocabulary=self.dataset.vocabulary,
            baseline=self.baseline,
            today=TODAY,
        )


@pytest.fixture
def told(tmp_path: Path) -> Told:
    return Told(tmp_path / "data")


def test_the_story_tells_members_decisions_actions_concerns_strengths_places_and_news(
    told: Told,
) -> None:
    story = told.story()
    assert [s.key for s in story] == [
        "members",
        "review",
        "actions",
        "concerns",
        "strengths",
        "places",
        "new",
    ]
    # Alphabetical as a person reads it (P9 before P13), never by how sure the grouping is.
    assert story.section("members").lines == (
        "P5",
        "P6",
        "P7",
        "P9",
        "P13",
        "P14 — added by the meeting of 2026-10-15",
    )
    assert story.section("review").lines == (
        "Status: confirmed — Strategy meeting, 2026-10-15",
        "2026-10-15 Strategy meeting: confirmed; removed P8; added P14; actions agreed: "
        "AC-0001, AC-0002, AC-0003; next review 2027-01-10",
        "P8 removed by review on 2026-10-15; records with the group since then: 0",
    )
    # Open actions only (AC-0002 was closed), with id, owner and due date; late ones said.
    assert story.section("actions").lines == (
        "AC-0001: Home visit — owner J. Lee, due 2026-11-01 (overdue)",
        "AC-0003: Youth club outreach — owner M. Obi, due 2026-12-20",
    )
    assert story.section("concerns").lines == (
        "Adult X (adult): exploitation concern recorded with 3 of 6 members",
        "missing together: 2 records between members",
        "co arrested: 1 record between members",
    )
    assert story.section("strengths").lines == (
        "★ P5 → P9: protective peer · youth service · 2025-08-01 · high confidence · ref R105",
    )
    assert story.section("places").lines == (
        "Flat on Reed St (place): 2 of 6 members; 2 young people recorded there in all; "
        "observed 2025-05-01 to 2025-05-02",
        "Larkfield Academy (school): 6 of 6 members; 14 young people recorded there in all; "
        "observed 2024-09-01 to 2024-09-01",
    )
    new = story.section("new")
    assert new.title == "New since the meeting of 2026-10-15"
    assert new.lines == (
        "Joined: P13 — new records: 2026-11-05 P13 friend P5 (police, high); "
        "2026-11-05 P13 friend P6 (police, high)",
        "Joined: P14 — added by the meeting of 2026-10-15",
        "Removed by the meeting of 2026-10-15: P8",
        "New records about its members: 3",
    )
    # Free-text notes of reviews stay in the workspace; no score or rank of a child is said.
    text = story.text()
    assert "private reasoning" not in text
    assert not re.search(r"\b(gang|score|rank|risk|member of)\b", text, re.I)
    assert not re.search(r"\d+%|\b0\.\d+\b", text)


def test_an_output_without_decisions_or_a_baseline_says_so_in_one_sentence(told: Told) -> None:
    story = group_story(
        told.profile,
        reviews=None,
        change=None,
        labels=told.labels,
        holds_together=False,
        vocabulary=told.dataset.vocabulary,
    )
    assert story.section("review").shown == ("Meeting decisions are not part of this output.",)
    assert story.section("actions").shown == ("Meeting decisions are not part of this output.",)
    assert story.section("new").shown == (NO_COMPARISON,)
    assert story.section("new").title == "New since the last meeting"
    assert (
        story.section("members")
        .lines[-1]
        .startswith("The grouping runs do not place these young people together consistently")
    )
    # An added young person is "added by the meeting" only when decisions are shown.
    assert "P14" in story.section("members").lines
    unreviewed = group_story(
        told.profile,
        reviews=GroupReviewState("B", "unreviewed", ()),
        change=None,
        labels=told.labels,
        holds_together=True,
        vocabulary=told.dataset.vocabulary,
    )
    assert unreviewed.section("review").shown == ("Not reviewed by a meeting yet.",)
    # The meeting's own output with nothing to compare with says why.
    assert unreviewed.section("new").shown == (NO_BASELINE,)
    assert unreviewed.section("actions").shown == ("No open action.",)


def test_empty_parts_say_so_in_their_one_sentence(told: Told) -> None:
    group_c = next(p for p in profile_groups(told.dataset, told.groups) if p.group_id == "C")
    story = group_story(
        group_c,
        reviews=GroupReviewState("C", "unreviewed", ()),
        change=GroupChange("C", "continuing"),
        labels=told.labels,
        holds_together=True,
        vocabulary=told.dataset.vocabulary,
        baseline=told.baseline,
    )
    assert story.section("concerns").shown == (
        "No concern is recorded from an adult or between members.",
    )
    assert story.section("new").shown == ("Nothing new is recorded about this group.",)
    assert story.section("strengths").lines  # a trusted adult and a protective peer


def test_since_words_name_the_meeting_or_the_pack_that_stands_in_for_it() -> None:
    baseline = _baseline()
    assert since_words(baseline) == "the meeting of 2026-10-15"
    pack = Baseline(baseline.run, None)
    assert since_words(pack) == "the last pack (made on 2026-10-14)"
    assert since_words(Baseline(baseline.run, None, named_run=True)) == "run R-OCT"


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def test_the_page_and_the_seeds_hold_every_line_of_one_story(told: Told, tmp_path: Path) -> None:
    story = told.story()
    page = render_group_diagram(
        told.dataset,
        told.profile,
        tmp_path / "B.html",
        options=OPTIONS,
        change=told.change,
        baseline=told.baseline,
        story=story,
    )
    html = page.read_text("utf-8")
    seeds = write_assessment_seed(
        told.profile, tmp_path / "seeds", options=SeedOptions(story=story), docx=True
    )
    markdown = seeds[0].read_text("utf-8")
    word = _docx_text(seeds[1])
    story_html = unescape(html.split('id="cs-story"', 1)[1].split("</section>\n<footer", 1)[0])
    for section in story:
        assert f"<h3>{section.title}</h3>" in story_html
        assert f"## {section.title}" in markdown.replace("### ", "## ")
        assert section.title in word
        for line in section.shown:
            assert f"<li>{line}</li>" in story_html or f'class="none">{line}</p>' in story_html
            assert escape_markdown(line) in markdown, line
            assert line in word, line
    # Below the diagram: after the canvas and its side panel, before the provenance.
    assert html.index('id="cs-network"') < html.index("</aside>") < html.index('id="cs-story"')
    assert html.index('id="cs-story"') < html.index("<h2>Provenance</h2>")
    # The seed's story is a section of its own, after the header and before the members.
    assert markdown.index("For the meeting: what is recorded about this group") < markdown.index(
        "Young people in this candidate group"
    )


def _node(scene_nodes: list[dict[str, object]], label: str) -> dict[str, object]:
    return next(n for n in scene_nodes if str(n["label"]).split("\n")[0] == label)


def test_new_members_and_new_lines_are_drawn_distinctly_and_said_in_the_legend(
    told: Told, tmp_path: Path
) -> None:
    scene = group_scene(
        told.dataset,
        told.profile,
        options=OPTIONS,
        change=told.change,
        baseline=told.baseline,
    )
    nodes = scene.network.nodes
    joiner = _node(nodes, "P13")
    assert joiner["borderWidth"] == NEW_BORDER_WIDTH
    assert joiner["shapeProperties"] == {"borderDashes": [6, 4]}
    assert joiner["color"]["border"] == NEW_BORDER  # type: ignore[index]
    assert "new to this group since the meeting of 2026-10-15" in str(joiner["title"])
    # P14, added by the meeting, is new to the group too; P5, there before, is not.
    assert _node(nodes, "P14")["borderWidth"] == NEW_BORDER_WIDTH
    known = _node(nodes, "P5")
    assert known["borderWidth"] != NEW_BORDER_WIDTH and "shapeProperties" not in known
    ids = {str(n["label"]).split("\n")[0]: n["id"] for n in nodes}

    def edge(a: str, b: str) -> dict[str, object]:
        ends = {ids[a], ids[b]}
        return next(e for e in scene.network.edges if {e["from"], e["to"]} == ends)

    # Every record of P13–P5 is new: the line says so. P5–P6 was known; one record is new.
    assert edge("P13", "P5")["label"] == "new"
    assert "new since the meeting of 2026-10-15" in str(edge("P13", "P5")["title"])
    assert "label" not in edge("P5", "P6")
    assert "1 record new since the meeting of 2026-10-15" in str(edge("P5", "P6")["title"])
    assert "label" not in edge("P6", "P7")
    section = next(s for s in scene.legend if str(s["title"]).startswith("New since"))
    assert section["title"] == "New since the meeting of 2026-10-15"
    entries = section["entries"]
    assert [e["kind"] for e in entries] == ["node", "line"]
    assert entries[0]["border"] == NEW_BORDER and entries[0]["dashed"] is True
    assert entries[1]["mark"] == "new"
    # The page draws the legend's line with the word on it.
    html = render_group_diagram(
        told.dataset,
        told.profile,
        tmp_path / "B.html",
        options=OPTIONS,
        change=told.change,
        baseline=told.baseline,
    ).read_text("utf-8")
    assert "<h2>New since the meeting of 2026-10-15</h2>" in html
    assert 'paint-order="stroke">new</text>' in html


def test_without_a_change_nothing_is_drawn_as_new(told: Told) -> None:
    scene = group_scene(told.dataset, told.profile, options=OPTIONS)
    assert all(n.get("borderWidth") != NEW_BORDER_WIDTH for n in scene.network.nodes)
    assert all(str(e.get("label", "")) in ("", "★") for e in scene.network.edges)
    assert not any(str(s["title"]).startswith("New since") for s in scene.legend)


def test_a_new_protective_line_keeps_its_star(told: Told) -> None:
    a = told.dataset.associations
    # Every record of P5–P9 (friends, and a protective peer) as if recorded since.
    pair = a[a["source"].isin(["YP05", "YP09"]) & a["target"].isin(["YP05", "YP09"])]
    assert "protective_peer" in set(pair["type"])
    change = GroupChange("B", "continuing", new_records=pair)
    scene = group_scene(
        told.dataset, told.profile, options=OPTIONS, change=change, baseline=told.baseline
    )
    labels = [e.get("label") for e in scene.network.edges]
    assert "★ new" in labels and "★" not in labels


def _epoch(day: str) -> str:
    return str(int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()))


def _run(monkeypatch: pytest.MonkeyPatch, day: str, *args: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(day))
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output


def _pack_payload(html: str) -> dict[str, Any]:
    """Return the nodes and edges a pack's page hands to vis-network (gzipped JSON, base64)."""
    packed = html.split(f'type="{PACKED_TYPE}">', 1)[1].split("</script>", 1)[0]
    data: dict[str, Any] = json.loads(gzip.decompress(base64.b64decode(packed)))
    return data


def test_the_meetings_pack_tells_each_group_its_story_and_draws_what_is_new(
    home: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    fast = ["--no-pdf", "--no-docx", "--runs", "3"]
    _run(monkeypatch, "2026-10-14", "pack", str(tiny_dir), "--out", "oct",
         "--meeting", "2026-10-15", *fast)  # fmt: skip
    october = pd.read_csv(tmp_path / "oct" / "groups.csv", dtype=str)
    group = str(october.loc[october["person_id"] == "YP05", "group_id"].iloc[0])
    _run(monkeypatch, "2026-10-15", "review", group, "--status", "confirmed",
         "--by", "Strategy meeting", "--action", "Home visit", "--owner", "J. Lee",
         "--due", "2026-11-01", "--on", "2026-10-15")  # fmt: skip
    with (tiny_dir / "associations.csv").open("a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(
            (("YP13", friend, "friend", "2026-11-03", "2026-11-05", "police", "high", f"N{n}")
             for n, friend in enumerate(["YP05", "YP06", "YP07"]))
        )  # fmt: skip
    # Passed on since: the story names who owns it now.
    _run(monkeypatch, "2026-11-10", "action", "reassign", "AC-0001", "--owner", "K. Patel",
         "--by", "J. Lee")  # fmt: skip
    _run(monkeypatch, "2026-11-18", "pack", str(tiny_dir), "--out", "nov",
         "--meeting", "2026-11-19", *fast)  # fmt: skip
    november = pd.read_csv(tmp_path / "nov" / "groups.csv", dtype=str)
    assert november.loc[november["person_id"] == "YP13", "group_id"].tolist() == [group]

    html = (tmp_path / "nov" / "diagrams" / f"{group}.html").read_text("utf-8")
    story = unescape(html.split('id="cs-story"', 1)[1])
    for line in (
        "<h3>New since the meeting of 2026-10-15</h3>",
        "<li>Joined: P13 — new records: 2026-11-05 P13 friend P5 (police, high); ",
        "<li>Status: confirmed — Strategy meeting, 2026-10-15</li>",
        "<li>AC-0001: Home visit — owner K. Patel, due 2026-11-01 (overdue)</li>",
        "<li>P13</li>",
    ):
        assert line in story, line
    assert "<h2>New since the meeting of 2026-10-15</h2>" in html  # the legend
    data = _pack_payload(html)
    joiner = next(n for n in data["nodes"] if n["label"] == "P13")
    assert joiner["borderWidth"] == NEW_BORDER_WIDTH
    assert [e.get("label") for e in data["edges"]].count("new") == 3
    seed = (tmp_path / "nov" / "assessments" / f"{group}-assessment.md").read_text("utf-8")
    assert "## For the meeting: what is recorded about this group" in seed
    assert "- " + escape_markdown("Joined: P13 — new records: 2026-11-05 P13 friend P5") in seed
    # Another group, with nothing new, says so in its own words.
    other = next(g for g in november["group_id"].unique() if g != group)
    calm = unescape((tmp_path / "nov" / "diagrams" / f"{other}.html").read_text("utf-8"))
    assert "Nothing new is recorded about this group." in calm
    assert "<h2>New since" not in calm


def test_a_new_protective_line_keeps_its_star_on_paper(told: Told, tmp_path: Path) -> None:
    from cs_peers.outputs.diagrams.static import export_scene

    a = told.dataset.associations
    pair = a[a["source"].isin(["YP05", "YP09"]) & a["target"].isin(["YP05", "YP09"])]
    stars = []
    for name, change in (
        ("before", None),
        ("after", GroupChange("B", "continuing", new_records=pair)),
    ):
        scene = group_scene(told.dataset, told.profile, options=OPTIONS, change=change)
        (svg,) = export_scene(
            scene, tmp_path / name, ["svg"], dataset=told.dataset, options=OPTIONS
        )
        stars.append(svg.read_text("utf-8").count("★"))
    assert stars[0] > 0 and stars[1] == stars[0]
