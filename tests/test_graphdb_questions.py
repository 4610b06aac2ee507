"""Questions answered by Neo4j, through the fake runner: which templates, with which values."""

from __future__ import annotations

from typing import Any

from fake_runner import CollectingRunner, Sent

from cs_peers.analysis.questions.types import Node, QuestionFilters
from cs_peers.graphdb.questions import Neo4jSource
from cs_peers.inputs.vocabulary import default_vocabulary

# A line YP01 — YP02 — SC1 — YP03: a context between two people.
NEIGHBOURS = {"YP01": ["YP02"], "YP02": ["YP01", "SC1"], "SC1": ["YP02", "YP03"], "YP03": ["SC1"]}


def _neighbours(sent: Sent) -> list[list[Any]]:
    if sent.name != "question_neighbours":
        raise AssertionError(f"unexpected {sent.name}")
    found = sorted({n for i in sent.params["ids"] for n in NEIGHBOURS[i]})
    return [[n, n.startswith("YP")] for n in found]


def test_an_ego_network_asks_one_level_at_a_time_with_the_filters_as_parameters(
    runner: CollectingRunner,
) -> None:
    runner.answer = _neighbours
    vocabulary = default_vocabulary()
    source = Neo4jSource(runner, vocabulary)
    filters = QuestionFilters(types=("friend", "attends"), min_confidence="medium")
    distances = source.ego_distances("YP01", 3, filters)
    # Contexts are found but not stepped out from: YP03 lies beyond the school.
    assert distances == {"YP01": 0, "YP02": 1, "SC1": 2}
    filter_params = {"types": ["friend", "attends"], "confidences": ["high", "medium"]}
    assert runner.sent == [
        Sent("question_neighbours", {"ids": ["YP01"], **filter_params}),
        Sent("question_neighbours", {"ids": ["YP02"], **filter_params}),
    ]


def test_through_contexts_steps_out_from_a_context_too(runner: CollectingRunner) -> None:
    runner.answer = _neighbours
    source = Neo4jSource(runner, default_vocabulary())
    distances = source.ego_distances("YP01", 3, QuestionFilters(through_contexts=True))
    assert distances == {"YP01": 0, "YP02": 1, "SC1": 2, "YP03": 3}
    assert [s.params["ids"] for s in runner.sent] == [["YP01"], ["YP02"], ["SC1"]]


def test_nodes_show_labels_and_names_only_when_revealed(runner: CollectingRunner) -> None:
    runner.answer = lambda sent: [
        ["YP01", True, "young_person", "P1", "Fictional Name 1"],
        ["YP02", True, "young_person", None, None],
        ["SC1", False, "school", None, "Larkfield Academy"],
    ]
    hidden = Neo4jSource(runner, default_vocabulary()).nodes(["YP02", "SC1", "YP01", "YP01"])
    assert runner.sent == [Sent("question_nodes", {"ids": ["SC1", "YP01", "YP02"]})]
    assert hidden == {
        "YP01": Node("YP01", "person", "young_person", "P1"),
        "YP02": Node("YP02", "person", "young_person", "YP02"),
        "SC1": Node("SC1", "context", "school", "Larkfield Academy"),
    }
    shown = Neo4jSource(runner, default_vocabulary(), reveal_names=True).nodes(["YP01"])
    assert shown["YP01"].label == "Fictional Name 1"
    assert Neo4jSource(runner, default_vocabulary()).nodes([]) == {}
    assert len(runner.sent) == 2  # nothing is asked for no ids


def test_shortest_paths_are_put_in_id_order_and_cut_to_the_limit(
    runner: CollectingRunner,
) -> None:
    runner.answer = lambda sent: [
        [["YP01", "YP09", "YP03"]],
        [["YP01", "YP02", "YP03"]],
        [["YP01", "YP05", "YP03"]],
    ]
    source = Neo4jSource(runner, default_vocabulary())
    count, paths = source.shortest_paths("YP01", "YP03", QuestionFilters(max_length=4), limit=2)
    assert (count, paths) == (3, [("YP01", "YP02", "YP03"), ("YP01", "YP05", "YP03")])
    (sent,) = runner.sent
    assert sent.name == "question_paths"
    assert (sent.params["a"], sent.params["b"], sent.params["max_length"]) == ("YP01", "YP03", 4)
    # Chains between people do not pass through contexts unless asked: no person-to-context
    # type is among those sent.
    vocabulary = default_vocabulary()
    assert sent.params["types"]
    assert all(vocabulary[t].between != "person_and_context" for t in sent.params["types"])
