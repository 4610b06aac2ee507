"""Questions on tiny data: ego networks, shortest paths (ties in id order), Steiner networks."""

from __future__ import annotations

import csv
import itertools
import random
from pathlib import Path

import networkx as nx
import pytest

from cs_peers.analysis.questions.answers import (
    EmbeddedSource,
    Node,
    QuestionFilters,
    connecting_network,
    ego_network,
    shortest_paths,
    steiner_edges,
)
from cs_peers.errors import QuestionError
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.source import load_dataset


def _write(folder: Path, people: list[str], links: list[tuple[str, str, str]]) -> Dataset:
    """Return a validated dataset of young people and person-to-person links (a, b, type)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "people.csv").open("w", newline="") as f:
        csv.writer(f).writerows([("id", "kind"), *[(p, "young_person") for p in people]])
    with (folder / "contexts.csv").open("w", newline="") as f:
        csv.writer(f).writerows([("id", "kind"), ("SC9", "school")])
    with (folder / "associations.csv").open("w", newline="") as f:
        rows = [(a, b, t, "2025-01-01", f"R{i}") for i, (a, b, t) in enumerate(links)]
        csv.writer(f).writerows([("source", "target", "type", "observed_on", "reference"), *rows])
    return load_dataset(folder)


def _ids(answer_distances: tuple[tuple[Node, int], ...]) -> dict[str, int]:
    return {node.id: d for node, d in answer_distances}


def test_ego_shows_contexts_but_does_not_go_through_them(tiny: Dataset) -> None:
    answer = ego_network(EmbeddedSource(tiny), "YP01", depth=1)
    assert _ids(answer.distances) == {"YP01": 0, "YP02": 1, "YP03": 1, "YP04": 1, "SC1": 1}
    assert answer.person.label == "P1"
    # Every record among the nodes shown, merged per pair: 6 friendships and 4 school records.
    assert len(answer.links) == 10
    assert {(link.a, link.b) for link in answer.links} >= {("SC1", "YP01"), ("YP02", "YP04")}


def test_ego_depth_and_confidence_decide_who_is_reached(tiny: Dataset) -> None:
    source = EmbeddedSource(tiny)
    two = _ids(ego_network(source, "YP01", depth=2).distances)
    # YP05 only through YP04's low-confidence sighting; the school's other pupils never.
    assert two["YP05"] == 2 and "YP06" not in two and "YP10" not in two
    sure = ego_network(source, "YP01", depth=2, filters=QuestionFilters(min_confidence="medium"))
    assert "YP05" not in _ids(sure.distances)
    friends = ego_network(source, "YP01", depth=2, filters=QuestionFilters(types=("friend",)))
    assert set(_ids(friends.distances)) == {"YP01", "YP02", "YP03", "YP04"}


def test_ego_through_contexts_reaches_the_whole_school(tiny: Dataset) -> None:
    answer = ego_network(
        EmbeddedSource(tiny), "YP01", depth=2, filters=QuestionFilters(through_contexts=True)
    )
    distances = _ids(answer.distances)
    assert {f"YP{i:02d}" for i in range(1, 15)} <= set(distances)
    # Through the school to YP06, but the flat YP06 uses is one step beyond depth 2.
    assert distances["SC1"] == 1 and distances["YP10"] == 2 and "LC1" not in distances


def test_ego_of_someone_unknown_or_a_context_is_an_error(tiny: Dataset) -> None:
    source = EmbeddedSource(tiny)
    with pytest.raises(QuestionError, match=r"^no person 'NOBODY' in .*tiny$"):
        ego_network(source, "NOBODY")
    with pytest.raises(QuestionError, match="no person 'SC1'"):
        ego_network(source, "SC1")


def test_a_path_carries_every_record_of_its_links(tiny: Dataset) -> None:
    answer = shortest_paths(EmbeddedSource(tiny), "YP02", "YP06")
    assert answer.length == 3 and answer.total == 1
    assert answer.paths == (("YP02", "YP04", "YP05", "YP06"),)
    bridge = next(link for link in answer.links if (link.a, link.b) == ("YP04", "YP05"))
    (record,) = bridge.records
    assert (record.type, record.observed_on, record.source_agency) == (
        "seen_together",
        "2025-04-01",
        "school",
    )
    assert (record.confidence, record.reference, record.recorded_on) == ("low", "R90", "2025-04-10")


def test_paths_follow_only_the_types_and_confidences_allowed(tiny: Dataset) -> None:
    source = EmbeddedSource(tiny)
    friends = shortest_paths(source, "YP02", "YP06", filters=QuestionFilters(types=("friend",)))
    assert friends.length is None and friends.total == 0 and friends.links == ()
    via_school = shortest_paths(
        source, "YP02", "YP06", filters=QuestionFilters(types=("friend",), through_contexts=True)
    )
    assert via_school.length is None  # `attends` is not among the types allowed
    school = shortest_paths(source, "YP02", "YP06", filters=QuestionFilters(through_contexts=True))
    assert school.paths == (("YP02", "SC1", "YP06"),)
    short = shortest_paths(source, "YP02", "YP06", filters=QuestionFilters(max_length=2))
    assert short.length is None


def test_equally_short_paths_are_all_counted_and_listed_in_id_order(tmp_path: Path) -> None:
    # Three ways from A to E of two steps, one recorded twice; a longer way too.
    links = [
        ("A", "D", "friend"),
        ("D", "E", "friend"),
        ("A", "B", "friend"),
        ("A", "B", "seen_together"),
        ("B", "E", "friend"),
        ("A", "C", "friend"),
        ("C", "E", "friend"),
        ("A", "F", "friend"),
        ("F", "G", "friend"),
        ("G", "E", "friend"),
    ]
    source = EmbeddedSource(_write(tmp_path / "d", list("ABCDEFG"), links))
    answer = shortest_paths(source, "A", "E", limit=2)
    assert answer.total == 3
    assert answer.paths == (("A", "B", "E"), ("A", "C", "E"))
    assert [(link.a, link.b, len(link.records)) for link in answer.links] == [
        ("A", "B", 2),
        ("A", "C", 1),
        ("B", "E", 1),
        ("C", "E", 1),
    ]


def test_shortest_paths_match_networkx_on_random_graphs(tmp_path: Path) -> None:
    rng = random.Random(5)
    for trial in range(6):
        people = [f"P{i:02d}" for i in range(18)]
        pairs = [p for p in itertools.combinations(people, 2) if rng.random() < 0.15]
        dataset = _write(tmp_path / f"r{trial}", people, [(a, b, "friend") for a, b in pairs])
        graph = nx.Graph(pairs)
        source = EmbeddedSource(dataset)
        for a, b in itertools.combinations(people[:8], 2):
            answer = shortest_paths(source, a, b, limit=4)
            if a in graph and b in graph and nx.has_path(graph, a, b):
                every = sorted(tuple(p) for p in nx.all_shortest_paths(graph, a, b))
                if len(every[0]) - 1 <= 6:
                    assert (answer.total, list(answer.paths)) == (len(every), every[:4])
                    continue
            assert answer.total == 0


def test_two_names_for_one_person_is_an_error(tiny: Dataset) -> None:
    with pytest.raises(QuestionError, match="asked about twice"):
        shortest_paths(EmbeddedSource(tiny), "YP01", "YP01")


def test_connect_joins_three_people_by_the_fewest_links(tiny: Dataset) -> None:
    answer = connecting_network(EmbeddedSource(tiny), ["YP09", "YP01", "YP06"])
    assert answer.joined
    # YP06 and YP09 are friends (the shortest pair, taken first); YP01 reaches YP06 through
    # the one bridge YP04–YP05. Four links: no tree joining the three is smaller.
    assert [(link.a, link.b) for link in answer.links] == [
        ("YP01", "YP04"),
        ("YP04", "YP05"),
        ("YP05", "YP06"),
        ("YP06", "YP09"),
    ]
    assert sorted(answer.nodes) == ["YP01", "YP04", "YP05", "YP06", "YP09"]


def test_connect_says_who_cannot_be_joined(tiny: Dataset) -> None:
    source = EmbeddedSource(tiny)
    apart = connecting_network(source, ["YP01", "YP10", "YP02"])
    assert not apart.joined
    assert apart.parts == (("YP01", "YP02"), ("YP10",))
    school = connecting_network(
        source, ["YP01", "YP10"], filters=QuestionFilters(through_contexts=True)
    )
    assert school.joined and [(x.a, x.b) for x in school.links] == [
        ("SC1", "YP01"),
        ("SC1", "YP10"),
    ]
    with pytest.raises(QuestionError, match="at least two different people"):
        connecting_network(source, ["YP01", "YP01"])


def test_steiner_tree_is_a_tree_within_twice_the_optimum(tmp_path: Path) -> None:
    rng = random.Random(11)
    for trial in range(8):
        people = [f"P{i:02d}" for i in range(12)]
        pairs = [p for p in itertools.combinations(people, 2) if rng.random() < 0.25]
        graph = nx.Graph(pairs)
        graph.add_nodes_from(people)
        largest: set[str] = max(nx.connected_components(graph), key=len)
        giant = sorted(largest)
        if len(giant) < 5:
            continue
        terminals = rng.sample(giant, 4)
        dataset = _write(tmp_path / f"s{trial}", people, [(a, b, "friend") for a, b in pairs])
        answer = connecting_network(EmbeddedSource(dataset), terminals)
        tree = nx.Graph([(link.a, link.b) for link in answer.links])
        assert nx.is_tree(tree) and set(terminals) <= set(tree)
        assert all(tree.degree[n] > 1 for n in tree if n not in terminals)
        # The smallest tree, by brute force over the sets of extra nodes.
        others = [n for n in giant if n not in terminals]
        best = min(
            len(keep) + len(terminals) - 1
            for size in range(len(others) + 1)
            for keep in itertools.combinations(others, size)
            if nx.is_connected(graph.subgraph([*terminals, *keep]))
        )
        assert best <= tree.number_of_edges() <= 2 * best
        kou = nx.algorithms.approximation.steiner_tree(
            graph.subgraph(giant), terminals, method="kou"
        )
        assert tree.number_of_edges() <= 2 * kou.number_of_edges()


def test_steiner_edges_break_ties_by_id_whatever_the_input_order() -> None:
    closure = [
        (2, "A", "C", ("A", "x", "C")),
        (2, "A", "B", ("A", "y", "B")),
        (2, "B", "C", ("B", "x", "C")),
    ]
    first = steiner_edges(["A", "B", "C"], closure)
    assert first == steiner_edges(["C", "B", "A"], list(reversed(closure)))
    # A–B and A–C come first by id, so the tree goes through y and x.
    assert first == [("A", "x"), ("A", "y"), ("B", "y"), ("C", "x")]


def test_an_unknown_type_or_confidence_is_refused(tiny: Dataset) -> None:
    with pytest.raises(QuestionError, match=r"^type 'gang' is not in the vocabulary"):
        QuestionFilters(types=("gang",)).check(tiny.vocabulary)
    with pytest.raises(QuestionError, match=r"^min_confidence 'certain'"):
        QuestionFilters(min_confidence="certain").check(tiny.vocabulary)
