"""Diagrams: offline, marked, pseudonymised, escaped, deterministic, with strengths drawn."""

from __future__ import annotations

import csv
import json
import re
import time
from dataclasses import replace
from html import unescape
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cs_peers.analysis.grouping.evidence import build_peer_evidence
from cs_peers.analysis.grouping.groups import PeerGroups, detect_peer_groups
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.profiles import GroupProfile, profile_groups
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.source import load_dataset
from cs_peers.inputs.vocabulary import default_vocabulary
from cs_peers.outputs.diagrams import (
    GROUP_PALETTE,
    DiagramOptions,
    group_colors,
    render_group_diagram,
    render_overview,
)
from cs_peers.outputs.diagrams._layout import packed_positions, spring_positions

OPTIONS = DiagramOptions(provenance={"data fingerprint": "abc123", "seed": "0", "run": "test"})


# ---------------------------------------------------------------------------------------------
# Helpers


def groups_of(dataset: Dataset) -> PeerGroups:
    return detect_peer_groups(build_peer_evidence(dataset))


def profiles(dataset: Dataset, groups: PeerGroups | None = None) -> dict[str, GroupProfile]:
    groups = groups or groups_of(dataset)
    return {p.group_id: p for p in profile_groups(dataset, groups)}


def profile_with(dataset: Dataset, person: str) -> GroupProfile:
    groups = groups_of(dataset)
    for p in profile_groups(dataset, groups):
        if person in set(p.members["person_id"]):
            return p
    raise AssertionError(f"{person} is in no group")


def payload(html: str) -> dict[str, Any]:
    """Return the JSON data a page hands to vis-network."""
    match = re.search(
        r'<script id="cs-peers-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "no data script in the page"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def outside_vis(html: str) -> str:
    """Return the page without the inlined vis-network library (its licence names URLs)."""
    html = re.sub(r"<script>\s*/\*\*\s*\n \* vis-network.*?</script>", "", html, flags=re.S)
    return re.sub(r"<style>.*?</style>", "", html, count=1, flags=re.S)


def legend_text(html: str) -> str:
    match = re.search(r'<section class="legend">(.*?)</section>', html, re.S)
    assert match
    return unescape(re.sub(r"<[^>]+>", " ", match.group(1)))


def rewrite(folder: Path, name: str, edit: Any) -> None:
    """Rewrite one CSV of a dataset folder through ``edit(rows) -> rows`` (header first)."""
    path = folder / name
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(edit(rows))


def synthetic(young_people: int, group_size: int = 5) -> tuple[Dataset, PeerGroups]:
    """Return a dataset of ``young_people`` in groups of ``group_size`` with groups made up front.

    Groups are given, not detected, so big cases stay quick and exactly known.
    """
    ids = [f"Y{i:05d}" for i in range(young_people)]
    people = pd.DataFrame({"id": ids, "kind": "young_person", "label": ids, "name": ""})
    rows = []
    for start in range(0, young_people, group_size):
        members = ids[start : start + group_size]
        rows += [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
        if start + group_size < young_people:
            rows.append((members[0], ids[start + group_size]))
    assoc = pd.DataFrame(rows, columns=["source", "target"]).assign(
        type="friend",
        observed_on="2025-01-01",
        recorded_on="2025-01-01",
        source_agency="police",
        confidence="high",
        grading="",
        reference="R",
        notes="",
    )
    contexts = pd.DataFrame({"id": pd.Series([], dtype=str), "kind": "", "name": ""})
    dataset = Dataset(people, contexts, assoc, default_vocabulary(), "synthetic", "f" * 16)
    memberships = pd.DataFrame(
        {
            "group_id": [f"G{i // group_size + 1}" for i in range(young_people)],
            "person_id": ids,
            "confidence": 1.0,
            "bridge_to": "",
        }
    )
    table = memberships.groupby("group_id", sort=False).size().reset_index(name="size")
    table = table.assign(mean_confidence=1.0, holds_together=True)
    return dataset, PeerGroups(memberships, table, GroupingParameters())


@pytest.fixture
def rendered(tiny: Dataset, tmp_path: Path) -> dict[str, str]:
    """Return the HTML of every group diagram and both overviews of the tiny dataset."""
    groups = groups_of(tiny)
    pages = {}
    for gid, profile in profiles(tiny, groups).items():
        path = render_group_diagram(tiny, profile, tmp_path / f"{gid}.html", options=OPTIONS)
        pages[gid] = path.read_text("utf-8")
    pages["overview"] = render_overview(
        tiny, groups, tmp_path / "overview.html", options=OPTIONS
    ).read_text("utf-8")
    pages["collapsed"] = render_overview(
        tiny, groups, tmp_path / "collapsed.html", options=OPTIONS, collapse_above=5
    ).read_text("utf-8")
    return pages


# ---------------------------------------------------------------------------------------------
# Offline


def test_pages_reference_nothing_on_the_network(rendered: dict[str, str]) -> None:
    for name, html in rendered.items():
        assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I), name
        assert not re.search(r"""url\(\s*["']?\s*(https?:)?//""", html, re.I), name
        assert "@import" not in html and "<link" not in html.lower(), name
        assert "<script src" not in html.lower(), name
        # Outside vis-network's licence comment there is no URL at all.
        rest = outside_vis(html)
        assert "http://" not in rest and "https://" not in rest, name
        assert "vis.Network" in html and "vis-network" in html, "vis-network is inlined"


def test_pages_forbid_fetching_through_their_content_security_policy(
    rendered: dict[str, str],
) -> None:
    for html in rendered.values():
        assert "default-src 'none'" in html and "connect-src 'none'" in html


# ---------------------------------------------------------------------------------------------
# Marking, names, wording


def test_every_page_carries_the_marking_top_and_bottom(rendered: dict[str, str]) -> None:
    for html in rendered.values():
        for where in ("top", "bottom"):
            banner = f'<div class="marking {where}" role="note" aria-label="protective marking">'
            assert f"{banner}OFFICIAL-SENSITIVE</div>" in html
        assert "<title>OFFICIAL-SENSITIVE — " in html


def test_a_custom_marking_is_printed_and_escaped(tiny: Dataset, tmp_path: Path) -> None:
    options = replace(OPTIONS, marking="OFFICIAL <b>TEST</b>")
    profile = profile_with(tiny, "YP01")
    html = render_group_diagram(tiny, profile, tmp_path / "g.html", options=options).read_text()
    assert html.count(">OFFICIAL &lt;b&gt;TEST&lt;/b&gt;</div>") == 2
    assert "<b>TEST</b>" not in html
    overview = render_overview(tiny, groups_of(tiny), tmp_path / "o.html", options=options)
    assert overview.read_text().count(">OFFICIAL &lt;b&gt;TEST&lt;/b&gt;</div>") == 2


def test_an_empty_marking_is_refused(tiny: Dataset, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="marking"):
        render_overview(
            tiny, groups_of(tiny), tmp_path / "o.html", options=replace(OPTIONS, marking=" ")
        )


def test_names_are_hidden_unless_asked_for(tiny: Dataset, tmp_path: Path) -> None:
    groups = groups_of(tiny)
    profile = profile_with(tiny, "YP10")  # with Coach K, whose name is recorded too
    for reveal in (False, True):
        options = replace(OPTIONS, reveal_names=reveal)
        group = render_group_diagram(
            tiny, profile, tmp_path / "g.html", options=options
        ).read_text()
        overview = render_overview(tiny, groups, tmp_path / "o.html", options=options).read_text()
        for html in (group, overview):
            assert ("Fictional Name 10" in html) is reveal
            assert ("Fictional Name" in html) is reveal
        assert ("Fictional Coach" in group) is reveal
        assert ("P10" in group) is not reveal
        assert "names: shown" not in group
        assert ("shown (explicitly requested)" in group) is reveal


def test_case_ids_do_not_reach_the_page(rendered: dict[str, str]) -> None:
    # Node ids are opaque; people appear by their labels only.
    for html in rendered.values():
        assert not re.search(r"\b(YP\d\d|AD\d\d)\b", html)


def test_no_gang_wording(rendered: dict[str, str]) -> None:
    for html in rendered.values():
        assert "gang" not in html.lower()


def test_notes_never_reach_a_diagram(tiny_dir: Path, tmp_path: Path) -> None:
    def add_notes(rows: list[list[str]]) -> list[list[str]]:
        return [[*rows[0], "notes"]] + [[*r, "PRIVATE-NOTE-TEXT"] for r in rows[1:]]

    rewrite(tiny_dir, "associations.csv", add_notes)
    dataset = load_dataset(tiny_dir)
    groups = groups_of(dataset)
    for profile in profile_groups(dataset, groups):
        page = render_group_diagram(dataset, profile, tmp_path / "g.html", options=OPTIONS)
        assert "PRIVATE-NOTE-TEXT" not in page.read_text()
    overview = render_overview(dataset, groups, tmp_path / "o.html", options=OPTIONS)
    assert "PRIVATE-NOTE-TEXT" not in overview.read_text()


# ---------------------------------------------------------------------------------------------
# Escaping


def test_labels_cannot_inject_markup_or_end_the_script(tiny_dir: Path, tmp_path: Path) -> None:
    evil = "<script>alert(1)</script>"

    def label_people(rows: list[list[str]]) -> list[list[str]]:
        return [[*r[:2], evil if r[0] == "YP01" else r[2], *r[3:]] for r in rows]

    def name_context(rows: list[list[str]]) -> list[list[str]]:
        return [[*r[:2], f'Larkfield "{evil}" & co'] if r[0] == "SC1" else r for r in rows]

    rewrite(tiny_dir, "people.csv", label_people)
    rewrite(tiny_dir, "contexts.csv", name_context)
    dataset = load_dataset(tiny_dir)
    groups = groups_of(dataset)
    profile = profile_with(dataset, "YP01")
    group = render_group_diagram(dataset, profile, tmp_path / "g.html", options=OPTIONS).read_text()
    overview = render_overview(dataset, groups, tmp_path / "o.html", options=OPTIONS).read_text()
    for html in (group, overview):
        assert evil not in html
        assert "alert(1)" in html  # the label is there, as inert data
        assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
        # Only our script elements: the data and the page's own code (besides vis-network,
        # whose text has a harmless "<script>" string), and no "<!--" to change how
        # the browser reads script text.
        assert len(re.findall(r"<script\b", outside_vis(html))) == 2
        assert "<!--" not in html
        labels = {n.get("label", "") for n in payload(html)["nodes"]}
        assert any(evil in label for label in labels)
    assert "Larkfield" in group and '"<script>' not in outside_vis(group)


# ---------------------------------------------------------------------------------------------
# Determinism and layout


def test_identical_input_gives_byte_identical_files(tiny: Dataset, tmp_path: Path) -> None:
    groups = groups_of(tiny)
    profile = profile_with(tiny, "YP05")
    a = render_group_diagram(tiny, profile, tmp_path / "a.html", options=OPTIONS).read_bytes()
    b = render_group_diagram(tiny, profile_with(tiny, "YP05"), tmp_path / "b.html", options=OPTIONS)
    assert a == b.read_bytes()
    c = render_overview(tiny, groups, tmp_path / "c.html", options=OPTIONS).read_bytes()
    d = render_overview(tiny, groups_of(tiny), tmp_path / "d.html", options=OPTIONS).read_bytes()
    assert c == d
    e = render_overview(tiny, groups, tmp_path / "e.html", options=OPTIONS, collapse_above=1)
    f = render_overview(tiny, groups, tmp_path / "f.html", options=OPTIONS, collapse_above=1)
    assert e.read_bytes() == f.read_bytes()


def test_the_seed_decides_the_picture(tiny: Dataset, tmp_path: Path) -> None:
    profile = profile_with(tiny, "YP05")
    a = render_group_diagram(tiny, profile, tmp_path / "a.html", options=OPTIONS)
    b = render_group_diagram(tiny, profile, tmp_path / "b.html", options=replace(OPTIONS, seed=5))
    positions_a = [(n["x"], n["y"]) for n in payload(a.read_text())["nodes"]]
    positions_b = [(n["x"], n["y"]) for n in payload(b.read_text())["nodes"]]
    assert positions_a != positions_b
    assert "(seed 5)" in b.read_text()


def test_positions_are_precomputed_and_physics_is_off(rendered: dict[str, str]) -> None:
    for name, html in rendered.items():
        data = payload(html)
        assert data["options"]["physics"] == {"enabled": False}, name
        assert data["options"]["layout"]["improvedLayout"] is False
        assert data["nodes"], name
        for node in data["nodes"]:
            assert isinstance(node["x"], int | float) and isinstance(node["y"], int | float)
        spots = {(n["x"], n["y"]) for n in data["nodes"]}
        assert len(spots) == len(data["nodes"]), f"{name}: two nodes on one spot"
        assert 'data-physics="off"' in html and 'data-layout="precomputed"' in html
        assert f'data-node-count="{len(data["nodes"])}"' in html


def test_spring_positions_are_seeded() -> None:
    nodes = ["a", "b", "c", "d"]
    edges = [("a", "b", 1.0), ("b", "c", 2.0), ("c", "d", 1.0)]
    assert spring_positions(nodes, edges, seed=1, scale=100) == spring_positions(
        nodes, edges, seed=1, scale=100
    )
    pos = spring_positions(nodes, edges, seed=1, scale=100)
    assert all(abs(x) <= 100.5 and abs(y) <= 100.5 for x, y in pos.values())
    # The seed decides the drawing: another seed, another layout; no two nodes on one spot.
    assert spring_positions(nodes, edges, seed=2, scale=100) != pos
    assert sorted(pos) == nodes and len(set(pos.values())) == len(nodes)
    # The layout fills its frame (a layout squashed to the centre would not).
    assert max(max(abs(x), abs(y)) for x, y in pos.values()) >= 90


def test_packed_positions_keep_circles_apart() -> None:
    import numpy as np

    radii = np.array([30.0, 10.0, 10.0, 20.0, 5.0, 5.0])
    edges = np.array([[0, 1], [1, 2], [3, 4]])
    a = packed_positions(6, edges, None, radii, seed=3, gap=4.0)
    assert np.array_equal(a, packed_positions(6, edges, None, radii, seed=3, gap=4.0))
    for i in range(6):
        for j in range(i + 1, 6):
            assert np.hypot(*(a[i] - a[j])) >= radii[i] + radii[j] - 1e-6


def test_a_1500_node_overview_is_laid_out_quickly(tmp_path: Path) -> None:
    # A guard against quadratic slips (pyvis' undirected duplicate check, pairwise layout
    # steps), with a generous bound; timings proper live in the benchmarks.
    dataset, groups = synthetic(1600)
    start = time.perf_counter()
    path = render_overview(
        dataset, groups, tmp_path / "big.html", options=OPTIONS, collapse_above=10_000
    )
    elapsed = time.perf_counter() - start
    data = payload(path.read_text())
    people = [n for n in data["nodes"] if n["shape"] == "dot"]
    assert len(people) == 1600
    assert elapsed < 30, f"{elapsed:.1f} s"


# ---------------------------------------------------------------------------------------------
# What a group diagram shows


def test_legend_always_lists_the_protective_types(rendered: dict[str, str]) -> None:
    for name, html in rendered.items():
        text = legend_text(html)
        if name != "collapsed":
            assert "protective peer" in text, name
        assert "trusted adult" in text, name


def test_strengths_are_drawn_and_listed(tiny: Dataset, tmp_path: Path) -> None:
    profile = profile_with(tiny, "YP10")  # YP11 -> YP12 protective peer, Coach K trusted adult
    html = render_group_diagram(tiny, profile, tmp_path / "g.html", options=OPTIONS).read_text()
    data = payload(html)
    stars = [n for n in data["nodes"] if n["shape"] == "star"]
    assert [n["label"] for n in stars] == ["Coach K"]
    assert stars[0]["color"]["background"] == "#1b8a4b"
    protective = [e for e in data["edges"] if e.get("label") == "★"]
    assert len(protective) == 2
    assert all(e["color"]["color"] == "#1b8a4b" and e["width"] >= 3 for e in protective)
    strengths = re.search(r'<section class="strengths">(.*?)</section>', html, re.S)
    assert strengths
    assert "Coach K → P10: trusted adult · youth service" in unescape(strengths.group(1))
    assert "P11 → P12: protective peer" in unescape(strengths.group(1))
    # A group without any says so, rather than staying silent.
    other = render_group_diagram(
        tiny, profile_with(tiny, "YP01"), tmp_path / "h.html", options=OPTIONS
    )
    assert "No protective peer or trusted adult is recorded" in other.read_text()


def test_lines_are_styled_by_type_and_confidence(tiny: Dataset, tmp_path: Path) -> None:
    profile = profile_with(tiny, "YP04")  # YP04 -- YP05 seen together, low confidence
    html = render_group_diagram(tiny, profile, tmp_path / "g.html", options=OPTIONS).read_text()
    edges = payload(html)["edges"]
    low = [e for e in edges if "best confidence low" in e["title"]]
    high = [e for e in edges if "best confidence high" in e["title"] and "friend" in e["title"]]
    assert len(low) == 1 and high
    assert low[0]["dashes"] == [10, 6]  # seen_together's dash pattern in the vocabulary
    assert low[0]["color"]["opacity"] < high[0]["color"]["opacity"]
    assert low[0]["width"] < tiny.vocabulary["seen_together"].width
    assert "low confidence" in legend_text(html)


def test_repeated_records_of_a_pair_become_one_line(tiny_dir: Path, tmp_path: Path) -> None:
    def repeat(rows: list[list[str]]) -> list[list[str]]:
        extra = [
            ["YP01", "YP02", "seen_together", "2025-05-05", "", "school", "medium", "RX1"],
            ["YP02", "YP01", "online_contact", "2025-05-06", "2025-05-09", "", "low", ""],
        ]
        return rows + extra

    rewrite(tiny_dir, "associations.csv", repeat)
    dataset = load_dataset(tiny_dir)
    profile = profile_with(dataset, "YP01")
    html = render_group_diagram(dataset, profile, tmp_path / "g.html", options=OPTIONS).read_text()
    edges = [e for e in payload(html)["edges"] if e["title"].startswith(("P1 — P2", "P2 — P1"))]
    assert len(edges) == 1
    title = edges[0]["title"]
    assert "3 records" in title
    assert "2025-05-05 · seen together · school · medium confidence · ref RX1" in title
    assert "2025-05-06 (recorded 2025-05-09) · online contact · agency not recorded" in title
    assert "· ref R1" in title  # the original friend record
    single = [e for e in payload(html)["edges"] if e["title"].startswith(("P3 — P4", "P4 — P3"))]
    assert edges[0]["width"] > single[0]["width"]


def test_low_confidence_and_bridge_members_are_marked(tiny: Dataset, tmp_path: Path) -> None:
    groups = groups_of(tiny)
    m = groups.memberships.copy()
    yp04 = m["person_id"] == "YP04"
    m.loc[yp04, "confidence"] = 0.3
    m.loc[yp04, "bridge_to"] = "G2"
    changed = PeerGroups(m, groups.groups, groups.parameters)
    profile = next(
        p for p in profile_groups(tiny, changed) if "YP04" in set(p.members["person_id"])
    )
    html = render_group_diagram(tiny, profile, tmp_path / "g.html", options=OPTIONS).read_text()
    nodes = {n["label"].split("\n")[0]: n for n in payload(html)["nodes"]}
    low, sure = nodes["P4"], nodes["P1"]
    assert low["shapeProperties"]["borderDashes"]
    assert low["color"]["background"].startswith("rgba(")
    assert "shapeProperties" not in sure and sure["color"]["background"].startswith("#")
    assert "30% of detection runs" in low["title"] and "low confidence" in low["title"]
    assert low["label"] == "P4\n↔ G2" and "candidate group G2" in low["title"]
    assert "low confidence" in legend_text(html) and "dashed outline" in legend_text(html)
    overview = render_overview(tiny, changed, tmp_path / "o.html", options=OPTIONS).read_text()
    p4 = next(n for n in payload(overview)["nodes"] if n["label"].startswith("P4"))
    assert p4["shapeProperties"]["borderDashes"] and "↔ G2" in p4["label"]


def test_contexts_and_adults_are_drawn_with_their_own_shapes(tiny: Dataset, tmp_path: Path) -> None:
    profile = profile_with(tiny, "YP06")  # the flat, the school, and Adult X (a concern)
    html = render_group_diagram(tiny, profile, tmp_path / "g.html", options=OPTIONS).read_text()
    shapes = {n["label"]: n["shape"] for n in payload(html)["nodes"]}
    assert shapes["Larkfield Academy"] == "square"
    assert shapes["Flat on Reed St"] == "triangle"
    assert shapes["Adult X"] == "diamond"
    concern = [e for e in payload(html)["edges"] if "exploitation concern" in e["title"]]
    assert concern and concern[0]["arrows"]["to"]["enabled"] is True
    text = legend_text(html)
    assert "school used by two or more members" in text and "place used by two" in text


def test_caveat_and_provenance_are_on_the_page(rendered: dict[str, str]) -> None:
    for html in rendered.values():
        assert "for practitioners to check" in html
        assert "not behaviour, importance or risk" in html
        footer = re.search(r"<footer>(.*?)</footer>", html, re.S)
        assert footer
        assert "<dt>run</dt><dd>test</dd>" in footer.group(1)
        assert "<dt>data fingerprint</dt><dd>abc123</dd>" in footer.group(1)
        assert "seeded force-directed layout" in footer.group(1)


def test_a_bad_colour_is_refused(tiny: Dataset, tmp_path: Path) -> None:
    profile = profile_with(tiny, "YP01")
    with pytest.raises(ValueError, match="color"):
        render_group_diagram(tiny, profile, tmp_path / "g.html", options=OPTIONS, color="red;x")


# ---------------------------------------------------------------------------------------------
# Overview


def test_the_overview_collapses_groups_above_the_threshold(tiny: Dataset, tmp_path: Path) -> None:
    groups = groups_of(tiny)
    grouped = len(groups.memberships)
    below = render_overview(
        tiny, groups, tmp_path / "a.html", options=OPTIONS, collapse_above=grouped
    ).read_text()
    dots = [n for n in payload(below)["nodes"] if n["shape"] == "dot"]
    assert len(dots) == grouped
    above = render_overview(
        tiny, groups, tmp_path / "b.html", options=OPTIONS, collapse_above=grouped - 1
    ).read_text()
    nodes = payload(above)["nodes"]
    assert sorted(n["label"] for n in nodes) == sorted(groups.groups["group_id"])
    assert "each circle is one group" in above
    sizes = {n["label"]: n["size"] for n in nodes}
    assert sizes["G2"] > sizes["G1"] > sizes["G3"]  # 5, 4 and 3 young people
    edges = payload(above)["edges"]
    assert len(edges) == 1 and "1 recorded association" in edges[0]["title"]
    g3 = next(n for n in nodes if n["label"] == "G3")
    assert "strengths recorded" in g3["title"] and g3["borderWidth"] > 2


def test_group_colours_are_stable_and_colour_blind_safe() -> None:
    ids = ["G1", "G2", "G3", "PG-0004", "north-park"]
    colors = group_colors(ids)
    assert colors == group_colors(list(reversed(ids)))
    assert set(colors.values()) <= set(GROUP_PALETTE)
    assert len({colors["G1"], colors["G2"], colors["G3"], colors["PG-0004"]}) == 4
    assert group_colors(["north-park"]) == {"north-park": colors["north-park"]}
    assert "#117733" not in GROUP_PALETTE  # green is kept for protective


def test_the_overview_uses_given_colours(tiny: Dataset, tmp_path: Path) -> None:
    groups = groups_of(tiny)
    html = render_overview(
        tiny, groups, tmp_path / "o.html", options=OPTIONS, colors={"G1": "#123456"}
    ).read_text()
    p1 = next(n for n in payload(html)["nodes"] if n["label"] == "P1")
    assert p1["color"]["background"] == "#123456"
