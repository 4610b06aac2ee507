"""The overview of a large pack opens on the groups the meeting needs first — with a review
due, new records since the last meeting, or a concern — and the whole network a click away."""

from __future__ import annotations

import base64
import gzip
import json
import re
from datetime import date
from pathlib import Path

import pytest

from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.meetings import Baseline, change_report
from cs_peers.analysis.run import Analysis, analyse
from cs_peers.inputs.sample import generate_sample
from cs_peers.inputs.source import load_dataset
from cs_peers.outputs._overview_focus import FOCUS_MOST, first_groups, meeting_focus
from cs_peers.outputs.pack import PackOptions, build_pack
from cs_peers.workspacedb import WorkspaceRunHistory, open_workspace

PARAMS = GroupingParameters(runs=2)


@pytest.fixture(scope="module")
def meetings(tmp_path_factory: pytest.TempPathFactory) -> tuple[Analysis, Analysis, Path]:
    """Return the run of the last meeting (data to 2026-08-31), today's, and the history."""
    tmp = tmp_path_factory.mktemp("focus")
    generate_sample(tmp / "data", young_people=400, seed=2)
    dataset = load_dataset(tmp / "data")
    history = WorkspaceRunHistory(open_workspace(tmp / "ws"))
    before = analyse(dataset.filtered(as_of=date(2026, 8, 31)), PARAMS, history=history)
    return before, analyse(dataset, PARAMS, history=history), tmp / "ws"


def concern_groups(analysis: Analysis) -> set[str]:
    vocabulary = analysis.dataset.vocabulary
    concern = [n for n, t in vocabulary.types.items() if t.category == "concern"]
    a = analysis.dataset.associations
    about = set(a.loc[a["type"].isin(concern), "source"]) | set(
        a.loc[a["type"].isin(concern), "target"]
    )
    m = analysis.groups.memberships
    return set(m.loc[m["person_id"].isin(about), "group_id"])


def test_a_first_meeting_opens_on_the_groups_with_a_concern(
    meetings: tuple[Analysis, Analysis, Path], tmp_path: Path
) -> None:
    _, today, _ = meetings
    expected = concern_groups(today)
    assert 0 < len(expected) < len(today.groups.groups)
    focus = meeting_focus(today, None, date(2026, 11, 1))
    assert set(focus) == expected
    assert all(why == ["a concern recorded about a member"] for why in focus.values())
    out = build_pack(today, tmp_path / "pack", options=PackOptions(docx=False, pdf=False))
    first = (out / "diagrams" / "overview.html").read_text("utf-8")
    whole = (out / "diagrams" / "overview-all.html").read_text("utf-8")
    assert "Candidate peer groups — what the meeting needs first" in first
    total = len(today.groups.groups)
    assert f"{len(expected)} of {total} candidate groups, those the meeting needs first" in first
    assert 'href="overview-all.html"' in first and 'href="overview.html"' in whole
    assert "Candidate peer groups — overview" in whole
    # Each page draws its own groups: the first only those the meeting needs first.
    assert drawn(first) == {f"{g}.html" for g in expected}
    assert drawn(whole) == {f"{g}.html" for g in today.groups.groups["group_id"]}


def drawn(page: str) -> set[str]:
    """Return the group pages the diagram of ``page`` links its nodes to."""
    packed = re.search(r'<script id="cs-peers-data"[^>]*>(.*?)</script>', page, re.S)
    assert packed is not None
    data = json.loads(gzip.decompress(base64.b64decode(packed.group(1))))
    return set(re.findall(r"PG-\d{4}\.html", json.dumps(data)))


def test_new_records_since_the_last_meeting_and_the_limit_of_one_screen(
    meetings: tuple[Analysis, Analysis, Path],
) -> None:
    before, today, home = meetings
    assert before.run is not None
    base = WorkspaceRunHistory(open_workspace(home)).get(before.run.run_id)
    changes = change_report(today.dataset, today.groups, Baseline(base, None, named_run=True), [])
    focus = meeting_focus(today, changes, date(2026, 11, 1))
    reasons = {why for whys in focus.values() for why in whys}
    assert "new records since the last meeting" in reasons
    assert set(focus) >= concern_groups(today)
    few = first_groups(focus, most=5)
    assert len(few) == 5
    # Concerns come before what is merely new.
    concerned = concern_groups(today)
    assert set(sorted(concerned)[:5]) <= set(few)
    assert len(first_groups(focus)) == min(len(focus), FOCUS_MOST)


def test_a_small_pack_shows_every_group(demo_analysis: Analysis, demo_pack: Path) -> None:
    # The shipped borough: 80 young people, as small as a pack comes.
    assert len(demo_analysis.groups.groups) <= 24
    out = demo_pack
    assert not (out / "diagrams" / "overview-all.html").exists()
    assert "Candidate peer groups — overview" in (out / "diagrams" / "overview.html").read_text(
        "utf-8"
    )
