"""What the diagrams' filters read: each line's records as date, category and confidence only."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from cs_peers.analysis.grouping.evidence import build_peer_evidence
from cs_peers.analysis.grouping.groups import detect_peer_groups
from cs_peers.analysis.profiles import profile_groups
from cs_peers.inputs.source import load_dataset
from cs_peers.outputs.diagrams import DiagramOptions, render_group_diagram, render_overview

OPTIONS = DiagramOptions()
CATEGORIES = {"peer", "family", "protective", "concern", "context"}
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def payload(path: Path) -> dict[str, Any]:
    html = path.read_text("utf-8")
    match = re.search(r'<script id="cs-peers-data" type="application/json">(.*?)</script>', html)
    assert match
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def with_notes(folder: Path) -> Path:
    """Add a notes column (secret text) to the tiny dataset's associations."""
    path = folder / "associations.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows = [[*rows[0], "notes"]] + [[*r, "SECRET-NOTE"] for r in rows[1:]]
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return folder


def check_facts(records: list[list[Any]], *, counted: bool) -> None:
    for r in records:
        assert len(r) == (4 if counted else 3), r
        date, category, confidence = r[:3]
        assert date == "" or DAY.match(date), r
        assert category in CATEGORIES and confidence in ("high", "medium", "low"), r
        if counted:
            assert isinstance(r[3], int) and r[3] >= 1


def test_group_lines_carry_each_record_as_date_category_confidence_and_nothing_else(
    tiny_dir: Path, tmp_path: Path
) -> None:
    dataset = load_dataset(with_notes(tiny_dir))
    groups = detect_peer_groups(build_peer_evidence(dataset))
    names = set(dataset.people["name"].dropna().astype(str)) - {""}
    for profile in profile_groups(dataset, groups):
        path = render_group_diagram(dataset, profile, tmp_path / "g.html", options=OPTIONS)
        data = payload(path)
        drawn = sum(len(e["records"]) for e in data["edges"])
        ends = {n["id"] for n in data["nodes"]}
        assert drawn > 0 and ends
        for edge in data["edges"]:
            check_facts(edge["records"], counted=False)
        text = path.read_text("utf-8")
        assert "SECRET-NOTE" not in text
        assert not [n for n in names if n in text]
    # One group's records, counted: the friend records among members, dated as recorded.
    a_group = next(
        p for p in profile_groups(dataset, groups) if "YP01" in set(p.members["person_id"])
    )
    data = payload(render_group_diagram(dataset, a_group, tmp_path / "a.html", options=OPTIONS))
    facts = sorted(tuple(r) for e in data["edges"] for r in e["records"])
    assert ("2024-09-01", "context", "high") in facts
    assert ("2025-04-01", "peer", "low") in facts  # YP04 seen with YP05, outside the group


def test_overview_lines_carry_facts_too_counted_when_groups_collapse(
    tiny_dir: Path, tmp_path: Path
) -> None:
    dataset = load_dataset(with_notes(tiny_dir))
    groups = detect_peer_groups(build_peer_evidence(dataset))
    members = payload(render_overview(dataset, groups, tmp_path / "o.html", options=OPTIONS))
    for edge in members["edges"]:
        check_facts(edge["records"], counted=False)
    collapsed = render_overview(
        dataset, groups, tmp_path / "c.html", options=OPTIONS, collapse_above=1
    )
    data = payload(collapsed)
    assert data["edges"]
    for edge in data["edges"]:
        check_facts(edge["records"], counted=True)
        # The counts add up to the number the line's tooltip gives.
        total = int(re.search(r": (\d+) recorded association", edge["title"]).group(1))  # type: ignore[union-attr]
        assert sum(r[3] for r in edge["records"]) == total
    assert "SECRET-NOTE" not in collapsed.read_text("utf-8")
