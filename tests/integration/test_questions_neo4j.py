"""Questions answered by a real Neo4j equal the embedded store's, on the sample and on 10k."""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.analysis.questions.answers import (
    EmbeddedSource,
    QuestionFilters,
    connecting_network,
    ego_network,
    shortest_paths,
)
from cs_peers.graphdb.load import load_into_neo4j
from cs_peers.graphdb.local import LocalNeo4j
from cs_peers.graphdb.questions import Neo4jSource
from cs_peers.graphdb.store import Neo4jSettings, Neo4jStore
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.sample import generate_sample
from cs_peers.inputs.sample.generate import borough_dataset, sample_path
from cs_peers.inputs.source import load_dataset

pytestmark = pytest.mark.neo4j
runner = CliRunner()

FILTERS = [
    QuestionFilters(),
    QuestionFilters(through_contexts=True),
    QuestionFilters(min_confidence="medium"),
    QuestionFilters(types=("friend", "seen_together", "attends"), min_confidence="high"),
]


def _store(server: LocalNeo4j) -> Neo4jStore:
    return Neo4jStore(Neo4jSettings(server.uri, server.username, server.password))


def _loaded(server: LocalNeo4j, dataset: Dataset) -> Iterator[tuple[EmbeddedSource, Neo4jSource]]:
    with _store(server) as store:
        store._driver.execute_query("MATCH (n) DETACH DELETE n")
        load_into_neo4j(store, dataset)
        yield EmbeddedSource(dataset), Neo4jSource(store, dataset.vocabulary)


@pytest.fixture(scope="module")
def borough(local_neo4j: LocalNeo4j) -> Iterator[tuple[EmbeddedSource, Neo4jSource]]:
    """Return the two sources over the shipped sample, loaded into the session's Neo4j."""
    yield from _loaded(local_neo4j, borough_dataset())


@pytest.fixture(scope="module")
def generated(
    local_neo4j: LocalNeo4j, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[EmbeddedSource, Neo4jSource]]:
    """Return the two sources over a generated 10,000-young-person sample."""
    folder = tmp_path_factory.mktemp("questions-10k") / "data"
    generate_sample(folder, young_people=10_000, seed=3)
    yield from _loaded(local_neo4j, load_dataset(folder))


def _same(embedded: Any, neo4j: Any) -> None:
    """Assert two answers are equal but for the line naming where they came from."""
    assert dataclasses.replace(neo4j, source="") == dataclasses.replace(embedded, source="")


def _people(source: EmbeddedSource, count: int, seed: int) -> list[str]:
    ids = sorted(source.dataset.people["id"])
    return random.Random(seed).sample(ids, count)


def test_ego_networks_are_equal_on_the_sample(borough: tuple[EmbeddedSource, Neo4jSource]) -> None:
    embedded, neo4j = borough
    for person in _people(embedded, 4, 1):
        for depth, filters in itertools.product((1, 3), FILTERS):
            e = ego_network(embedded, person, depth=depth, filters=filters)
            _same(e, ego_network(neo4j, person, depth=depth, filters=filters))
    # The answers compared are not trivially empty: some reach several levels out.
    assert any(d == 3 for _, d in ego_network(embedded, "YP001", depth=3).distances)


def test_shortest_paths_are_equal_on_the_sample(
    borough: tuple[EmbeddedSource, Neo4jSource],
) -> None:
    embedded, neo4j = borough
    people = _people(embedded, 9, 2)
    ties = unjoined = 0
    for (a, b), filters in itertools.product(itertools.combinations(people, 2), FILTERS[:3]):
        e = shortest_paths(embedded, a, b, filters=filters, limit=3)
        _same(e, shortest_paths(neo4j, a, b, filters=filters, limit=3))
        ties += e.total > 3
        unjoined += e.length is None
    # Ties beyond the limit (where the order decides what is shown) and pairs with no chain
    # both occur, so both are compared.
    assert ties >= 10 and unjoined >= 10


def test_connecting_networks_are_equal_on_the_sample(
    borough: tuple[EmbeddedSource, Neo4jSource],
) -> None:
    embedded, neo4j = borough
    joined = 0
    for seed in range(6):
        people = _people(embedded, 3 + seed % 2, 100 + seed)
        for filters in FILTERS[:2]:
            e = connecting_network(embedded, people, filters=filters)
            _same(e, connecting_network(neo4j, people, filters=filters))
            joined += e.joined
    assert joined >= 3


@pytest.fixture
def neo4j_env(
    borough: tuple[EmbeddedSource, Neo4jSource],
    local_neo4j: LocalNeo4j,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Point `--neo4j` at the session's server, which holds the sample."""
    monkeypatch.setenv("NEO4J_URI", local_neo4j.uri)
    monkeypatch.setenv("NEO4J_USERNAME", local_neo4j.username)
    monkeypatch.setenv("NEO4J_PASSWORD", local_neo4j.password)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "workspace"))


@pytest.mark.parametrize(
    "question",
    [
        ["ego", "YP001", "--depth", "2"],
        ["path", "YP008", "YP017", "--min-confidence", "medium"],
        ["connect", "YP008", "YP013", "YP017", "--through-contexts"],
    ],
)
def test_the_commands_print_the_same_answer_from_neo4j(
    neo4j_env: None, question: list[str], tmp_path: Path
) -> None:
    command, *rest = question
    from_files = runner.invoke(app, [command, str(sample_path()), *rest])
    from_neo4j = runner.invoke(app, [command, "--neo4j", *rest, "--out", str(tmp_path / "q.html")])
    assert from_files.exit_code == 0 and from_neo4j.exit_code == 0, from_neo4j.output
    files_lines = from_files.stdout.splitlines()
    neo4j_lines = from_neo4j.stdout.splitlines()
    differing = [(x, y) for x, y in zip(files_lines, neo4j_lines, strict=True) if x != y]
    assert len(differing) == 1 and differing[0][1].startswith("Data: Neo4j at bolt://")
    html = (tmp_path / "q.html").read_text("utf-8")
    assert "OFFICIAL-SENSITIVE" in html and "answered by the database" in html


def test_an_unknown_person_in_neo4j_is_an_error_naming_the_database(neo4j_env: None) -> None:
    result = runner.invoke(app, ["path", "--neo4j", "YP001", "NOBODY"])
    assert result.exit_code == 1
    assert result.stderr.startswith("ERROR: no person 'NOBODY' in Neo4j at bolt://")


def test_answers_are_equal_on_a_generated_10k_sample(
    generated: tuple[EmbeddedSource, Neo4jSource],
) -> None:
    embedded, neo4j = generated
    people = _people(embedded, 13, 4)
    found = 0
    for a, b in itertools.pairwise(people):
        for filters in FILTERS[:2]:
            e = shortest_paths(embedded, a, b, filters=filters)
            _same(e, shortest_paths(neo4j, a, b, filters=filters))
            found += e.length is not None
    assert found >= 12
    for person in people[:5]:
        _same(ego_network(embedded, person, depth=2), ego_network(neo4j, person, depth=2))
    for i in range(0, 8, 4):
        group = people[i : i + 4]
        _same(connecting_network(embedded, group), connecting_network(neo4j, group))
