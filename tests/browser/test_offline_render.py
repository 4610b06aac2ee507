"""Diagrams open and draw in a real headless Chromium with every network request blocked.

Each page is opened with Playwright driving Debian's Chromium, every request off this machine
aborted and recorded (:mod:`browsing`); the test asserts that none was attempted, that
vis-network drew the nodes where Python put them, and that the canvas is not blank.
Screenshots are saved next to the test's files (and copied to ``$CS_PEERS_SCREENSHOT_DIR``
when set) for a person to look at.

Chromium is required: without it these tests fail, they do not skip.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from browsing import OfflineBrowser, assert_drawn_offline, find_chromium
from synthetic import write_cohort

from cs_peers.analysis.grouping.evidence import build_peer_evidence
from cs_peers.analysis.grouping.groups import detect_peer_groups
from cs_peers.analysis.profiles import profile_groups
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.source import load_dataset
from cs_peers.outputs.diagrams import DiagramOptions, render_group_diagram, render_overview

pytestmark = pytest.mark.browser

OPTIONS = DiagramOptions(provenance={"run": "browser-test"})


# ---------------------------------------------------------------------------------------------


def test_blocking_really_catches_requests(offline: OfflineBrowser, tmp_path: Path) -> None:
    # The control: a page that does reach out is caught, so "nothing attempted" means something.
    leaky = tmp_path / "leaky.html"
    leaky.write_text(
        '<!DOCTYPE html><html><body><img src="https://example.org/pixel.png">'
        "<script>window.csPeers = {drawn: true, nodeCount: 0, error: null};</script>"
        '<div id="cs-network"></div><section class="legend"></section>'
        '<script id="cs-peers-data" type="application/json">'
        '{"nodes": [], "edges": [], "options": {"physics": {"enabled": false}}}</script>'
        "</body></html>",
        "utf-8",
    )
    page = offline.open(leaky, screenshot=False)
    assert any(url.startswith("https://example.org/") for url in page.attempted), page.attempted


def test_group_diagrams_draw_offline(
    offline: OfflineBrowser, tiny: Dataset, tmp_path: Path
) -> None:
    groups = detect_peer_groups(build_peer_evidence(tiny))
    for profile in profile_groups(tiny, groups):
        path = render_group_diagram(
            tiny, profile, tmp_path / f"{profile.group_id}.html", options=OPTIONS
        )
        page = offline.open(path)
        assert_drawn_offline(page, at_least=profile.size)
        assert "protective peer" in page.result["legend"]
        assert "trusted adult" in page.result["legend"]
    # The group with Coach K: the tooltip of a member gives their placement, as text.
    tip = offline.hover_tooltip("P10")
    assert "candidate group" in tip and "% of detection runs" in tip


def test_overviews_draw_offline(offline: OfflineBrowser, tiny: Dataset, tmp_path: Path) -> None:
    groups = detect_peer_groups(build_peer_evidence(tiny))
    members = render_overview(tiny, groups, tmp_path / "overview.html", options=OPTIONS)
    assert_drawn_offline(offline.open(members), at_least=len(groups.memberships))
    collapsed = render_overview(
        tiny, groups, tmp_path / "collapsed.html", options=OPTIONS, collapse_above=1
    )
    assert_drawn_offline(offline.open(collapsed), at_least=len(groups.groups))


def test_a_hostile_label_stays_text(
    offline: OfflineBrowser, tiny_dir: Path, tmp_path: Path
) -> None:
    evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    path = tiny_dir / "people.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows = [[*r[:2], evil if r[0] == "YP01" else r[2], *r[3:]] for r in rows]
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    dataset = load_dataset(tiny_dir)
    groups = detect_peer_groups(build_peer_evidence(dataset))
    profile = next(
        p for p in profile_groups(dataset, groups) if "YP01" in set(p.members["person_id"])
    )
    page = offline.open(
        render_group_diagram(dataset, profile, tmp_path / "g.html", options=OPTIONS)
    )
    assert_drawn_offline(page)
    assert page.result["pwned"] is None
    tip = offline.hover_tooltip(evil)
    assert evil in tip, "the tooltip shows the label as text"
    assert offline.evaluate("window.__pwned === undefined") is True


def test_a_1500_node_overview_draws_without_physics(
    offline: OfflineBrowser, tmp_path: Path
) -> None:
    # Speed itself belongs to the benchmarks; this checks that a big picture draws at all with
    # physics off, from positions computed in Python (nothing moved, no stabilisation run).
    dataset = load_dataset(write_cohort(tmp_path / "cohort", 1600))
    groups = detect_peer_groups(build_peer_evidence(dataset))
    assert len(groups.memberships) >= 1500
    members = render_overview(
        dataset, groups, tmp_path / "big-members.html", options=OPTIONS, collapse_above=100_000
    )
    page = offline.open(members)
    assert_drawn_offline(page, at_least=1500)
    data = json.loads(
        members.read_text("utf-8").split('type="application/json">', 1)[1].split("</script>", 1)[0]
    )
    assert sum(1 for n in data["nodes"] if n["shape"] == "dot") >= 1500
    collapsed = render_overview(dataset, groups, tmp_path / "big-groups.html", options=OPTIONS)
    assert_drawn_offline(offline.open(collapsed), at_least=len(groups.groups))


def test_chromium_is_found() -> None:
    # Fails loudly (not a skip) when the test set-up has not installed Chromium.
    assert find_chromium() is not None, "Chromium is missing; the browser tests need it"
