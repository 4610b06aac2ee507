"""The Neo4j store against a real local Neo4j: loads, read-back, groups and every template."""

from __future__ import annotations

import csv
import logging
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cs_peers.analysis.grouping.evidence import build_peer_evidence
from cs_peers.analysis.grouping.groups import detect_peer_groups
from cs_peers.errors import ConstraintViolationError, Neo4jUnavailableError
from cs_peers.graphdb.load import ensure_schema, load_into_neo4j, write_groups_to_neo4j
from cs_peers.graphdb.local import LocalNeo4j
from cs_peers.graphdb.source import read_dataset_from_neo4j
from cs_peers.graphdb.store import Neo4jSettings, Neo4jStore, resolve_settings
from cs_peers.graphdb.templates import CypherTemplate, load_templates
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.source import load_dataset
from cs_peers.inputs.vocabulary import default_vocabulary

pytestmark = pytest.mark.neo4j

HOSTILE = [
    "x'}) DETACH DELETE n //",
    'x"}) MATCH (n) DETACH DELETE n RETURN 1 AS id //',
    "YP01`]->() DETACH DELETE n //",
    "*/ MATCH (n) DETACH DELETE n /*",
]
# Parameters for every template whose parameters are text, on the tiny dataset.
SAMPLES: dict[str, dict[str, Any]] = {
    "associations_since": {"since": "2025-06-01"},
    "clear_groups": {},
    "connecting_people": {"ids": ["YP01", "YP02", "YP03", "YP05"]},
    "context_hotspots": {"since": "2025-01-01"},
    "ego_network": {"person_id": "YP01", "depth": 2},
    "find_id_in_nodes": {"value": "YP01"},
    "find_id_in_relationships": {"value": "YP01"},
    "forget_person": {"person_id": "YP13"},
    "graph_counts": {},
    "group_members": {"group_id": "G1"},
    "paths_between": {"a": "YP01", "b": "YP10", "max_depth": 4},
    "read_associations": {},
    "read_contexts": {},
    "read_people": {},
    "schema_context_id": {},
    "schema_peer_group_id": {},
    "schema_person_id": {},
    "shared_contexts": {"person_id": "YP06"},
}


@pytest.fixture
def store(local_neo4j: LocalNeo4j) -> Iterator[Neo4jStore]:
    """Return a store on the session's server, emptied first (the server is shared)."""
    settings = Neo4jSettings(local_neo4j.uri, local_neo4j.username, local_neo4j.password)
    with Neo4jStore(settings) as opened:
        _cypher(opened, "MATCH (n) DETACH DELETE n")
        yield opened


def _cypher(store: Neo4jStore, query: str) -> list[dict[str, Any]]:
    """Return the records of a fixed test query run outside the template library."""
    records, _summary, _keys = store._driver.execute_query(query)
    return [dict(r) for r in records]


def _counts(store: Neo4jStore) -> dict[tuple[str, str], int]:
    frame = store.run("graph_counts", {})
    return {
        (k, n): int(c) for k, n, c in zip(frame["kind"], frame["name"], frame["count"], strict=True)
    }


def _duplicate_keys(store: Neo4jStore) -> int:
    rows = _cypher(
        store,
        "MATCH ()-[r]->() WHERE r.key IS NOT NULL WITH r.key AS key, count(*) AS n "
        "WHERE n > 1 RETURN count(*) AS duplicated",
    )
    return int(rows[0]["duplicated"])


def _expected_counts(dataset: Dataset) -> dict[tuple[str, str], int]:
    kinds = dataset.people["kind"].value_counts()
    contexts = dataset.contexts["kind"].value_counts()
    expected = {
        ("label", "Person"): len(dataset.people),
        ("label", "YoungPerson"): int(kinds.get("young_person", 0)),
        ("label", "Adult"): int(kinds.get("adult", 0)),
        ("label", "Context"): len(dataset.contexts),
        ("label", "School"): int(contexts.get("school", 0)),
        ("label", "Location"): int(contexts.get("location", 0)),
    }
    for name, count in dataset.associations["type"].value_counts().items():
        expected[("relationship", str(name).upper())] = int(count)
    return expected


def test_a_load_gives_one_node_per_row_and_one_relationship_per_association(
    store: Neo4jStore, tiny: Dataset
) -> None:
    report = load_into_neo4j(store, tiny)
    assert (report.people, report.contexts, report.associations) == (16, 2, 40)
    assert _counts(store) == _expected_counts(tiny)


def test_reloading_changes_no_counts(store: Neo4jStore, tiny: Dataset) -> None:
    load_into_neo4j(store, tiny)
    before = _counts(store)
    load_into_neo4j(store, tiny, batch_size=7)
    assert _counts(store) == before
    assert _duplicate_keys(store) == 0


def test_a_load_stopped_half_way_completes_without_duplicates(
    store: Neo4jStore, tiny: Dataset
) -> None:
    class Stop(Exception):
        pass

    seen: list[int] = []

    def stop_after_six_batches(done: int, total: int) -> None:
        seen.append(done)
        if len(seen) == 6:
            raise Stop

    with pytest.raises(Stop):
        load_into_neo4j(store, tiny, batch_size=5, progress=stop_after_six_batches)
    partial = _counts(store)
    assert partial != _expected_counts(tiny)
    assert partial.get(("label", "Person")) == 16
    load_into_neo4j(store, tiny, batch_size=5)
    assert _counts(store) == _expected_counts(tiny)
    assert _duplicate_keys(store) == 0


def _drop_key_constraints(store: Neo4jStore) -> None:
    for row in _cypher(store, "SHOW CONSTRAINTS YIELD name RETURN name"):
        if str(row["name"]).startswith("association_key_"):
            _cypher(store, f"DROP CONSTRAINT `{row['name']}`")


def _key_constraints(store: Neo4jStore) -> set[str]:
    rows = _cypher(store, "SHOW CONSTRAINTS YIELD name RETURN name")
    return {str(r["name"]) for r in rows if str(r["name"]).startswith("association_key_")}


def test_a_first_load_makes_each_types_key_constraint_once_its_associations_are_in(
    store: Neo4jStore, tiny: Dataset
) -> None:
    _drop_key_constraints(store)
    load_into_neo4j(store, tiny)
    types = {str(t).upper() for t in tiny.associations["type"].unique()}
    assert _key_constraints(store) == {f"association_key_{t}" for t in types}
    assert _counts(store) == _expected_counts(tiny)


def test_a_first_load_into_an_empty_graph_says_nothing_on_the_terminal(
    store: Neo4jStore, tiny: Dataset, caplog: pytest.LogCaptureFixture
) -> None:
    # The load asks how many associations of each type the graph holds before the type
    # exists; the server's note that it does not must not reach the analyst as a warning.
    _drop_key_constraints(store)
    # A type no test has ever made (the server shared by the session remembers type names).
    unseen = replace(default_vocabulary()["friend"], name=f"unseen_{uuid.uuid4().hex[:12]}")
    vocabulary = replace(tiny.vocabulary, types={**tiny.vocabulary.types, unseen.name: unseen})
    data = replace(tiny, vocabulary=vocabulary)
    data = replace(
        data,
        associations=data.associations.assign(
            type=lambda f: f["type"].mask(f.index < 5, unseen.name)
        ),
    )
    with caplog.at_level(logging.INFO, logger="neo4j"):
        load_into_neo4j(store, data)
    assert _counts(store) == _expected_counts(data)
    notes = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert notes == []


def test_a_first_load_stopped_half_way_completes_without_duplicates(
    store: Neo4jStore, tiny: Dataset
) -> None:
    # No key constraint yet: the stopped load CREATEd without one, as a first load does.
    _drop_key_constraints(store)

    class Stop(Exception):
        pass

    def stop_after_six_batches(done: int, total: int) -> None:
        if done >= 30 + len(tiny.people) + len(tiny.contexts):
            raise Stop

    with pytest.raises(Stop):
        load_into_neo4j(store, tiny, batch_size=5, progress=stop_after_six_batches)
    assert _counts(store) != _expected_counts(tiny)
    load_into_neo4j(store, tiny, batch_size=5)
    assert _counts(store) == _expected_counts(tiny)
    assert _duplicate_keys(store) == 0


def test_repeats_left_by_two_loads_at_once_are_removed_and_the_key_constraint_made(
    store: Neo4jStore, tiny: Dataset
) -> None:
    load_into_neo4j(store, tiny)
    _drop_key_constraints(store)
    # What two loads of the same data leave when both create a type before its constraint
    # exists: every FRIEND association twice, the same key on both.
    _cypher(store, "MATCH (s)-[r:FRIEND]->(t) CREATE (s)-[c:FRIEND]->(t) SET c = properties(r)")
    assert _duplicate_keys(store) > 0
    load_into_neo4j(store, tiny)
    assert _duplicate_keys(store) == 0
    assert _counts(store) == _expected_counts(tiny)
    assert "association_key_FRIEND" in _key_constraints(store)


def test_creating_a_key_that_is_there_is_refused_not_duplicated(
    store: Neo4jStore, tiny: Dataset
) -> None:
    load_into_neo4j(store, tiny)
    (row,) = _cypher(
        store,
        "MATCH (s)-[r:SIBLING]->(t) "
        "RETURN elementId(s) AS source, elementId(t) AS target, r.key AS key",
    )
    batch = {
        "sources": row["source"],
        "targets": row["target"],
        "keys": str(row["key"]),
        "positions": "0",
        "types": "sibling",
        "confidences": "high",
        "separator": "\x1f",
        **dict.fromkeys(["observed_on", "recorded_on", "source_agencies"], ""),
        **dict.fromkeys(["gradings", "references", "notes"], ""),
    }
    with pytest.raises(ConstraintViolationError):
        store.run("create_associations", {"batch": batch}, association_type="sibling")
    assert _counts(store)[("relationship", "SIBLING")] == 1


@pytest.mark.parametrize("hostile", HOSTILE)
def test_cypher_in_a_parameter_value_is_only_a_value(
    store: Neo4jStore, tiny: Dataset, hostile: str
) -> None:
    load_into_neo4j(store, tiny)
    write_groups_to_neo4j(store, detect_peer_groups(build_peer_evidence(tiny)), {})
    before = _counts(store)
    assert store.run("ego_network", {"person_id": hostile, "depth": 4}).empty
    assert store.run("shared_contexts", {"person_id": hostile}).empty
    assert store.run("group_members", {"group_id": hostile}).empty
    assert store.run("paths_between", {"a": hostile, "b": "YP01", "max_depth": 6}).empty
    assert store.run("connecting_people", {"ids": [hostile, "YP01", "YP02"]}).empty
    forgot = store.run("forget_person", {"person_id": hostile})
    assert forgot["people"].tolist() == [0]
    assert _counts(store) == before


def test_reading_back_gives_the_same_dataset_and_fingerprint(
    store: Neo4jStore, tiny: Dataset
) -> None:
    load_into_neo4j(store, tiny)
    back = read_dataset_from_neo4j(store, tiny.vocabulary)
    assert back.fingerprint == tiny.fingerprint
    columns = sorted(tiny.people.columns)
    pd.testing.assert_frame_equal(
        back.people[columns].astype(object), tiny.people[columns].astype(object)
    )
    pd.testing.assert_frame_equal(back.contexts.astype(object), tiny.contexts.astype(object))
    pd.testing.assert_frame_equal(
        back.associations.astype(object), tiny.associations.astype(object)
    )
    assert back.source.startswith("neo4j bolt://127.0.0.1:")


def test_reading_back_attributes_blank_cells_and_odd_text_is_exact(
    store: Neo4jStore, tiny_dir: Path
) -> None:
    people = (tiny_dir / "people.csv").read_text(encoding="utf-8").splitlines()
    people = [people[0] + ",school_year,notes"] + [
        line + (",9," if i % 2 else ",,quiet") for i, line in enumerate(people[1:])
    ]
    (tiny_dir / "people.csv").write_text("\n".join(people) + "\n", encoding="utf-8")
    odd = ["two\nlines", 'comma, and "quotes"', "unit\x1fseparator", "émigré ✓", ""]
    with (tiny_dir / "associations.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[0].append("notes")
    for i, row in enumerate(rows[1:]):
        row.append(odd[i % len(odd)])
    with (tiny_dir / "associations.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    dataset = load_dataset(tiny_dir)
    assert set(dataset.associations["notes"]) == set(odd)
    load_into_neo4j(store, dataset)
    back = read_dataset_from_neo4j(store, dataset.vocabulary)
    assert back.associations["notes"].tolist() == dataset.associations["notes"].tolist()
    assert back.fingerprint == dataset.fingerprint


def test_groups_from_neo4j_are_the_groups_from_the_files(store: Neo4jStore, tiny: Dataset) -> None:
    load_into_neo4j(store, tiny)
    back = read_dataset_from_neo4j(store, tiny.vocabulary)
    from_files = detect_peer_groups(build_peer_evidence(tiny))
    from_neo4j = detect_peer_groups(build_peer_evidence(back))
    pd.testing.assert_frame_equal(from_neo4j.memberships, from_files.memberships)
    pd.testing.assert_frame_equal(from_neo4j.groups, from_files.groups)


def test_written_groups_come_back_as_members_and_replace_earlier_ones(
    store: Neo4jStore, tiny: Dataset
) -> None:
    load_into_neo4j(store, tiny)
    groups = detect_peer_groups(build_peer_evidence(tiny))
    run = {"run_at": "2025-07-01T10:00:00+00:00", "data_fingerprint": tiny.fingerprint}
    first = write_groups_to_neo4j(store, groups, run)
    second = write_groups_to_neo4j(store, groups, run)
    assert first.removed == 0
    assert second.removed == len(groups.groups)
    counts = _counts(store)
    assert counts[("label", "PeerGroup")] == len(groups.groups)
    assert counts[("relationship", "MEMBER_OF")] == len(groups.memberships)
    for group_id in groups.groups["group_id"]:
        members = store.run("group_members", {"group_id": group_id})
        assert members["person_id"].tolist() == groups.members(group_id)
        expected = groups.memberships.set_index("person_id")["confidence"]
        assert members.set_index("person_id")["confidence"].to_dict() == {
            p: float(expected[p]) for p in members["person_id"]
        }
    stored = _cypher(store, "MATCH (g:PeerGroup {id: 'G1'}) RETURN g AS g")[0]["g"]
    assert stored["run_at"] == run["run_at"]
    assert stored["data_fingerprint"] == tiny.fingerprint
    assert '"resolution"' in stored["parameters"]
    assert store.run("clear_groups", {})["groups"].tolist() == [len(groups.groups)]
    assert ("label", "PeerGroup") not in _counts(store)


def test_forgetting_a_person_removes_them_and_every_association(
    store: Neo4jStore, tiny: Dataset
) -> None:
    load_into_neo4j(store, tiny)
    write_groups_to_neo4j(store, detect_peer_groups(build_peer_evidence(tiny)), {})
    before = _counts(store)
    a = tiny.associations
    theirs = a[(a["source"] == "YP06") | (a["target"] == "YP06")]
    forgot = store.run("forget_person", {"person_id": "YP06"})
    assert forgot.to_dict("records") == [
        {"people": 1, "associations": len(theirs), "memberships": 1}
    ]
    after = _counts(store)
    assert after[("label", "Person")] == before[("label", "Person")] - 1
    for rel_type, count in theirs["type"].str.upper().value_counts().items():
        assert (
            after.get(("relationship", str(rel_type)), 0)
            == before[("relationship", str(rel_type))] - count
        )
    assert not _cypher(store, "MATCH (n {id: 'YP06'}) RETURN n")
    assert store.run("ego_network", {"person_id": "YP06", "depth": 1}).empty
    back = read_dataset_from_neo4j(store, tiny.vocabulary)
    assert "YP06" not in set(back.people["id"])
    assert len(back.associations) == len(a) - len(theirs)


def _sample_params(template: CypherTemplate) -> dict[str, Any]:
    """Return the sample parameters of a template, or plausible ones made from its types."""
    if template.name in SAMPLES:
        return SAMPLES[template.name]
    made: dict[str, Any] = {}
    for name, spec in template.specs.items():
        made[name] = {
            "string": "YP01",
            "integer": spec.low if spec.low is not None else 1,
            "float": 0.5,
            "date": "2025-01-01",
            "list<string>": ["YP01", "YP02", "YP03"],
        }[spec.type]
    return made


def test_every_template_runs_on_the_loaded_data(store: Neo4jStore, tiny: Dataset) -> None:
    load_into_neo4j(store, tiny)
    write_groups_to_neo4j(store, detect_peer_groups(build_peer_evidence(tiny)), {})
    templates = load_templates()
    runnable = [t for t in templates.values() if t.cli_usable or t.name in SAMPLES]
    assert set(SAMPLES) <= {t.name for t in runnable}
    # Those that delete go last, so that the others have something to find.
    for template in sorted(runnable, key=lambda t: t.name in ("forget_person", "clear_groups")):
        frame = store.run(template.name, _sample_params(template))
        assert list(frame.columns) == template.returns or frame.empty, template.name
    # The library-only ones ran during the load and the group write; run the schema again.
    ensure_schema(store, tiny.vocabulary)


def test_person_graph_projection_is_what_detection_weighs(store: Neo4jStore, tiny: Dataset) -> None:
    load_into_neo4j(store, tiny)
    projected = store.run("project_person_graph", {})
    young = set(tiny.young_people["id"])
    contexts = set(tiny.contexts["id"])
    a = tiny.associations
    expected = a[
        (a["source"].isin(young) & (a["target"].isin(young) | a["target"].isin(contexts)))
        | (a["target"].isin(young) & a["source"].isin(contexts))
    ]
    assert len(projected) == len(expected)
    assert set(projected["target_kind"]) == {"young_person", "context"}
    assert not any(p.startswith("AD") for p in projected["source"])


def test_analysis_templates_answer_what_the_tiny_data_says(
    store: Neo4jStore, tiny: Dataset
) -> None:
    load_into_neo4j(store, tiny)
    ego = store.run("ego_network", {"person_id": "YP01", "depth": 1})
    assert ego.iloc[0].to_dict() == {
        "id": "YP01",
        "kind": "young_person",
        "label": "P1",
        "distance": 0,
    }
    assert set(ego["id"]) == {"YP01", "YP02", "YP03", "YP04", "SC1"}
    shared = store.run("shared_contexts", {"person_id": "YP06"}).set_index("context_id")
    assert shared.loc["LC1", "shared_with"] == ["YP07"]
    paths = store.run("paths_between", {"a": "YP01", "b": "YP05", "max_depth": 2})
    assert ["YP01", "YP04", "YP05"] in paths["ids"].tolist()
    assert store.run("paths_between", {"a": "YP13", "b": "AD02", "max_depth": 1}).empty
    hotspots = store.run("context_hotspots", {"since": "2025-05-01"})
    assert hotspots.to_dict("records") == [
        {
            "id": "LC1",
            "kind": "location",
            "name": "Flat on Reed St",
            "young_people": 2,
            "groups": 0,
            "associations": 2,
        }
    ]
    since = store.run("associations_since", {"since": "2025-06-01"})
    assert since["reference"].tolist() == ["R94", "R95", "R96"]
    connecting = store.run("connecting_people", {"ids": ["YP05", "YP06", "YP07", "YP08"]})
    assert "YP09" in set(connecting["id"])


def test_settings_find_the_workspace_local_neo4j(
    local_neo4j: LocalNeo4j, local_neo4j_home: Path
) -> None:
    settings = resolve_settings({}, home=local_neo4j_home)
    assert settings.uri == local_neo4j.uri
    with Neo4jStore(settings) as store:
        store.verify()


def test_a_wrong_password_is_a_clear_unavailable_error(local_neo4j: LocalNeo4j) -> None:
    settings = Neo4jSettings(local_neo4j.uri, local_neo4j.username, "not-the-password")
    with Neo4jStore(settings) as store, pytest.raises(Neo4jUnavailableError) as caught:
        store.run("graph_counts", {})
    assert "refused the login" in str(caught.value)
    assert "NEO4J_PASSWORD" in str(caught.value)


def test_no_server_listening_is_a_clear_unavailable_error() -> None:
    settings = Neo4jSettings("bolt://127.0.0.1:9", "neo4j", "whatever")
    with Neo4jStore(settings) as store, pytest.raises(Neo4jUnavailableError) as caught:
        store.run("graph_counts", {})
    assert "cs-peers neo4j start" in str(caught.value)
