"""Evidence weighting and Leiden-CPM group detection."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from cs_peers.cli.app import app
from tiny_data import TINY_GROUPS
from typer.testing import CliRunner

from cs_peers.analysis.grouping.evidence import PeerEvidence, build_peer_evidence
from cs_peers.analysis.grouping.groups import detect_peer_groups
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.errors import UsageError
from cs_peers.inputs.dataset import Dataset


def _weight(evidence_edges: pd.DataFrame, a: str, b: str) -> float:
    rows = evidence_edges[
        ((evidence_edges["source"] == a) & (evidence_edges["target"] == b))
        | ((evidence_edges["source"] == b) & (evidence_edges["target"] == a))
    ]
    return float(rows["weight"].sum())


def test_evidence_weighs_rare_contexts_more(tiny: Dataset) -> None:
    edges = build_peer_evidence(tiny).edge_list()
    friends_only = _weight(edges, "YP01", "YP02")
    # YP06 and YP07 are friends and also share the small flat: the flat adds to their evidence.
    assert _weight(edges, "YP06", "YP07") > friends_only
    # Every young person attends the school: it says nothing about who belongs with whom, so
    # YP13 and YP14 keep only their sibling link (weight 0.1), and YP01 and YP14 get nothing.
    assert np.isclose(_weight(edges, "YP13", "YP14"), 1 - np.exp(-0.1))
    assert _weight(edges, "YP01", "YP14") == 0
    assert ((edges["weight"] > 0) & (edges["weight"] < 1)).all()


def test_adults_are_not_in_the_peer_graph(tiny: Dataset) -> None:
    evidence = build_peer_evidence(tiny)
    assert not any(i.startswith("AD") for i in evidence.ids)


def test_large_contexts_are_skipped(tiny: Dataset) -> None:
    with_flat = build_peer_evidence(tiny, max_context_size=50).edge_list()
    without = build_peer_evidence(tiny, max_context_size=1).edge_list()
    assert _weight(with_flat, "YP06", "YP07") > _weight(without, "YP06", "YP07")
    assert np.isclose(_weight(without, "YP06", "YP07"), _weight(without, "YP05", "YP06"))


def test_planted_groups_are_found(tiny: Dataset) -> None:
    groups = detect_peer_groups(build_peer_evidence(tiny))
    found = {frozenset(groups.members(g)) for g in groups.groups["group_id"]}
    assert found == {frozenset(m) for m in TINY_GROUPS.values()}
    assert (groups.memberships["confidence"] == 1.0).all()
    assert "YP13" not in set(groups.memberships["person_id"])


def test_same_seed_same_groups(tiny: Dataset) -> None:
    evidence = build_peer_evidence(tiny)
    first = detect_peer_groups(evidence, GroupingParameters(seed=3))
    second = detect_peer_groups(evidence, GroupingParameters(seed=3))
    pd.testing.assert_frame_equal(first.memberships, second.memberships)


def _clique_evidence(blocks: list[int], inside: float, between: float) -> PeerEvidence:
    n = sum(blocks)
    block = np.repeat(np.arange(len(blocks)), blocks)
    a, b = np.triu_indices(n, 1)
    weight = np.where(block[a] == block[b], inside, between)
    keep = weight > 0
    return PeerEvidence(
        ids=np.array([f"YP{i:02d}" for i in range(n)], dtype=object),
        edges=pd.DataFrame({"a": a[keep], "b": b[keep], "weight": weight[keep]}),
        max_context_size=50,
    )


def test_oversized_group_is_split_where_it_has_structure() -> None:
    # Two cliques of 15, densely tied to each other: one group of 30 at the default
    # resolution, split into the two cliques because 30 is above max_size.
    groups = detect_peer_groups(_clique_evidence([15, 15], 0.5, 0.15), GroupingParameters(runs=2))
    assert sorted(groups.groups["size"]) == [15, 15]
    assert not groups.groups["too_large"].any()
    assert (groups.groups["note"] == "").all()
    first = set(groups.members(groups.groups["group_id"].iloc[0]))
    assert first in ({f"YP{i:02d}" for i in range(15)}, {f"YP{i:02d}" for i in range(15, 30)})


def test_oversized_group_without_structure_stays_whole() -> None:
    groups = detect_peer_groups(_clique_evidence([30], 0.5, 0.0), GroupingParameters(runs=2))
    assert list(groups.groups["size"]) == [30]
    # Kept whole, but flagged and explained rather than shown as a sure peer group.
    assert groups.groups["too_large"].tolist() == [True]
    assert groups.groups["note"].iloc[0].startswith("30 young people closely linked")


def test_bridge_names_the_second_group() -> None:
    # Two cliques of 5; node 0 of the first also has strong ties into the second.
    ids = np.array([f"YP{i:02d}" for i in range(10)], dtype=object)
    pairs = [(i, j, 0.9) for g in (range(5), range(5, 10)) for i in g for j in g if i < j]
    pairs += [(0, 5, 0.9), (0, 6, 0.9)]
    edges = pd.DataFrame(pairs, columns=["a", "b", "weight"])
    groups = detect_peer_groups(PeerEvidence(ids, edges, 50), GroupingParameters(runs=3))
    row = groups.memberships.set_index("person_id").loc["YP00"]
    other = groups.memberships.set_index("person_id").loc["YP07", "group_id"]
    assert row["bridge_to"] == other
    assert (groups.memberships.set_index("person_id").drop("YP00")["bridge_to"] == "").all()


def test_one_sighting_is_not_enough_to_join_a_group() -> None:
    # A clique of 4 and one young person with a single tie into it of one medium sighting.
    ids = np.array([f"YP{i:02d}" for i in range(5)], dtype=object)
    pairs = [(i, j, 0.9) for i in range(4) for j in range(i + 1, 4)] + [(3, 4, 0.45)]
    edges = pd.DataFrame(pairs, columns=["a", "b", "weight"])
    params = GroupingParameters(runs=2, resolution=0.1)
    groups = detect_peer_groups(PeerEvidence(ids, edges, 50), params)
    assert groups.members("G1") == ["YP00", "YP01", "YP02", "YP03"]


def test_one_strong_tie_counts_as_two() -> None:
    # The same, but the single tie is strong (repeated or high-confidence records).
    ids = np.array([f"YP{i:02d}" for i in range(5)], dtype=object)
    pairs = [(i, j, 0.9) for i in range(4) for j in range(i + 1, 4)] + [(3, 4, 0.8)]
    edges = pd.DataFrame(pairs, columns=["a", "b", "weight"])
    params = GroupingParameters(runs=2, resolution=0.1)
    groups = detect_peer_groups(PeerEvidence(ids, edges, 50), params)
    assert groups.members("G1") == ["YP00", "YP01", "YP02", "YP03", "YP04"]


def test_no_context_small_enough_adds_nothing(tiny: Dataset) -> None:
    # Every context is above the cut: the evidence is the 21 directly linked pairs, no more
    # (an empty selection of contexts once brought every use back and paired everyone).
    without = build_peer_evidence(tiny, max_context_size=1)
    assert len(without.edges) == 21


def test_grouping_does_not_load_matplotlib_through_igraph() -> None:
    # igraph would import matplotlib.pyplot (0.6 s) for plotting that cs-peers never uses.
    code = (
        "import sys; import cs_peers.analysis.grouping.groups; "
        "assert 'matplotlib' not in sys.modules, 'matplotlib was imported'; "
        "import matplotlib.pyplot; print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"runs": 0}, "runs must be from 1 to 100, not 0"),
        ({"runs": 101}, "runs must be from 1 to 100, not 101"),
        ({"resolution": 0.0}, "resolution must be from 0.0001 to 1.0, not 0.0"),
        ({"resolution": 1.5}, "resolution must be from 0.0001 to 1.0, not 1.5"),
    ],
)
def test_parameters_out_of_range_are_refused_by_the_library_as_by_the_command_line(
    values: dict[str, float], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        GroupingParameters(**values)  # type: ignore[arg-type]
    option = "--runs" if "runs" in values else "--resolution"
    result = CliRunner().invoke(app, ["groups", option, str(next(iter(values.values())))])
    assert result.exit_code == 2 and "Invalid value" in result.output
