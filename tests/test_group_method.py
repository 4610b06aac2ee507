"""The group-detection method on data it was not fitted to: real networks and planted graphs.

Zachary's karate club and Davis' Southern Women ship with networkx; the planted-partition
graphs are drawn here. Each test writes its data in the input contract and runs the library
end to end (validation, evidence, detection), as a user's data would go.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from igraph import compare_communities

from cs_peers.analysis.grouping.evidence import PeerEvidence, build_peer_evidence
from cs_peers.analysis.grouping.groups import PeerGroups, detect_peer_groups
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.inputs.source import load_dataset

# Davis, Gardner and Gardner (1941): the two cliques of women.
DAVIS_FIRST = {
    "Evelyn Jefferson", "Laura Mandeville", "Theresa Anderson", "Brenda Rogers",
    "Charlotte McDowd", "Frances Anderson", "Eleanor Nye", "Pearl Oglethorpe", "Ruth DeSand",
}  # fmt: skip


def _write(
    folder: Path, people: list[str], contexts: list[str], rows: Sequence[tuple[str, ...]]
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, tuple[list[str], Sequence[tuple[str, ...]]]] = {
        "people.csv": (["id", "kind"], [(p, "young_person") for p in people]),
        "contexts.csv": (["id", "kind"], [(c, "location") for c in contexts]),
        "associations.csv": (["source", "target", "type", "confidence"], rows),
    }
    for name, (header, body) in tables.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(body)
    return folder


def _groups_of(groups: PeerGroups) -> list[set[str]]:
    return [set(groups.members(g)) for g in groups.groups["group_id"]]


def test_davis_southern_women_known_only_through_events_give_the_two_cliques(
    tmp_path: Path,
) -> None:
    graph = nx.davis_southern_women_graph()
    women = sorted(graph.graph["top"])
    ids = {w: f"YP{k:02d}" for k, w in enumerate(women)}
    events = sorted(graph.graph["bottom"])
    rows = [(ids[w], f"CX{events.index(e):02d}", "frequents", "high")
            for w in women for e in graph[w]]  # fmt: skip
    folder = _write(tmp_path / "davis", list(ids.values()),
                    [f"CX{k:02d}" for k in range(len(events))], rows)  # fmt: skip
    groups = detect_peer_groups(build_peer_evidence(load_dataset(folder)))
    first = {ids[w] for w in DAVIS_FIRST}
    found = _groups_of(groups)
    assert len(found) == 2
    # Each group lies within one clique, the two cliques get one group each, and at most
    # one woman (of those who came to few events) is left unplaced.
    assert sorted(bool(g <= first) for g in found) == [False, True]
    assert all(g <= first or not g & first for g in found)
    assert sum(len(g) for g in found) >= 17


def test_karate_club_groups_each_lie_within_one_faction(tmp_path: Path) -> None:
    graph = nx.karate_club_graph()
    ids = {v: f"YP{v:02d}" for v in graph}
    faction = {ids[v]: graph.nodes[v]["club"] for v in graph}
    rows = [(ids[a], ids[b], "friend", "medium") for a, b in graph.edges()]
    # Everyone trains at the club's hall: a context shared by both factions.
    rows += [(i, "CX01", "frequents", "high") for i in ids.values()]
    folder = _write(tmp_path / "karate", list(ids.values()), ["CX01"], rows)
    groups = detect_peer_groups(build_peer_evidence(load_dataset(folder)))
    found = _groups_of(groups)
    assert len(found) >= 2
    for group in found:
        counts = pd.Series([faction[p] for p in group]).value_counts()
        assert counts.iloc[0] / len(group) >= 0.9
    assert sum(len(g) for g in found) >= 0.9 * 34


def _planted(weight: float, seed: int = 4) -> tuple[PeerEvidence, np.ndarray]:
    """Return evidence of 40 planted groups of 3–20 (70% of pairs tied) plus random noise."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(3, 21, size=40)
    truth = np.repeat(np.arange(len(sizes)), sizes)
    n = len(truth)
    a, b = np.triu_indices(n, 1)
    inside = truth[a] == truth[b]
    keep = np.where(inside, rng.random(len(a)) < 0.7, rng.random(len(a)) < 3.0 / n)
    edges = pd.DataFrame({"a": a[keep], "b": b[keep], "weight": weight})
    ids = np.array([f"YP{i:04d}" for i in range(n)], dtype=object)
    return PeerEvidence(ids, edges, 50), truth


def _ari(groups: PeerGroups, evidence: PeerEvidence, truth: np.ndarray) -> float:
    found = pd.Series(groups.memberships["group_id"].to_numpy(),
                      index=groups.memberships["person_id"].to_numpy())  # fmt: skip
    labels = pd.Series(evidence.ids).map(found)
    labels = labels.fillna(pd.Series([f"solo{i}" for i in range(len(labels))]))
    return float(compare_communities(truth, pd.factorize(labels)[0], method="adjusted_rand"))


def test_planted_groups_are_recovered_whatever_the_scale_of_the_evidence() -> None:
    # The same planted graph with strong and with weak evidence per tie: the resolution chosen
    # from the data recovers both; a fixed resolution suits only one of them.
    for weight in (0.9, 0.15):
        evidence, truth = _planted(weight)
        groups = detect_peer_groups(evidence, GroupingParameters(runs=2))
        assert _ari(groups, evidence, truth) > 0.9
    weak, truth = _planted(0.15)
    fixed = detect_peer_groups(weak, GroupingParameters(runs=2, resolution=0.1))
    assert _ari(fixed, weak, truth) < 0.7


def test_same_seed_same_groups_with_the_resolution_chosen_from_the_data() -> None:
    evidence, _ = _planted(0.5, seed=9)
    first = detect_peer_groups(evidence, GroupingParameters(runs=3, seed=5))
    again = detect_peer_groups(evidence, GroupingParameters(runs=3, seed=5))
    pd.testing.assert_frame_equal(first.memberships, again.memberships)
    pd.testing.assert_frame_equal(first.groups, again.groups)
    assert first.parameters.resolution_from_data
    assert first.parameters.as_dict()["resolution_chosen"].startswith("from the data")


def test_only_the_parts_still_too_big_are_split_and_a_whole_class_is_flagged() -> None:
    # Two cliques of 15 tied to each other (one group of 30 at first), a separate group of 8,
    # and a class of 25 who all know each other: the 30 splits into its cliques, the 8 stays
    # as it is, and the class is placed whole but flagged.
    blocks = [15, 15, 8, 25]
    block = np.repeat(np.arange(4), blocks)
    a, b = np.triu_indices(len(block), 1)
    same = block[a] == block[b]
    linked = (block[a] <= 1) & (block[b] <= 1) & ~same
    weight = np.where(same, 0.5, np.where(linked, 0.15, 0.0))
    keep = weight > 0
    ids = np.array([f"YP{i:02d}" for i in range(len(block))], dtype=object)
    evidence = PeerEvidence(
        ids, pd.DataFrame({"a": a[keep], "b": b[keep], "weight": weight[keep]}), 50
    )
    groups = detect_peer_groups(evidence, GroupingParameters(runs=2, resolution=0.1))
    table = groups.groups.set_index("size")
    assert sorted(groups.groups["size"]) == [8, 15, 15, 25]
    assert bool(table.loc[25, "too_large"]) and "25 young people" in str(table.loc[25, "note"])
    assert not table.loc[8, "too_large"]
    assert len(groups.memberships) == len(block)


def test_a_whole_class_is_placed_and_flagged_by_the_groups_command(tmp_path: Path) -> None:
    from cs_peers.cli.app import app
    from typer.testing import CliRunner

    # A class of 25 who are all recorded as friends, and a separate group of 4.
    pupils = [f"YP{k:02d}" for k in range(25)]
    others = [f"YP{k:02d}" for k in range(25, 29)]
    rows = [(a, b, "friend", "high") for g in (pupils, others)
            for i, a in enumerate(g) for b in g[i + 1 :]]  # fmt: skip
    rows += [(p, "CX01", "frequents", "medium") for p in pupils + others]
    folder = _write(tmp_path / "class", pupils + others, ["CX01"], rows)
    out = tmp_path / "groups.csv"
    result = CliRunner().invoke(
        app, ["groups", str(folder), "--csv", str(out), "--no-record", "--runs", "2"]
    )
    assert result.exit_code == 0, result.output
    placed = pd.read_csv(out)
    assert set(placed["person_id"]) == set(pupils + others)
    big = placed.groupby("group_id").size()
    flagged = big[big == 25].index[0]
    assert (
        f"larger than a peer group, with no inner split (check who belongs together): "
        f"{flagged} (25)" in result.output
    )
