"""The Neo4j store, and loading and writing groups through the query runner.

The store's own tests give it a stub driver; loading and writing groups go through the
QueryRunner seam and are tested with the shared :class:`fake_runner.CollectingRunner`, asserting
the templates sent and their parameters.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import neo4j.exceptions
import pytest
from fake_runner import FAKE_SETTINGS, CollectingRunner, Sent, column, counted_rows

from cs_peers.analysis.grouping.evidence import build_peer_evidence
from cs_peers.analysis.grouping.groups import detect_peer_groups
from cs_peers.errors import (
    ConstraintViolationError,
    Neo4jError,
    Neo4jUnavailableError,
    TemplateError,
)
from cs_peers.graphdb.load import load_into_neo4j, write_groups_to_neo4j
from cs_peers.graphdb.store import (
    Neo4jSettings,
    Neo4jStore,
    relationship_type_for,
    resolve_settings,
)
from cs_peers.graphdb.templates import REL_TYPE_PLACEHOLDER, get_template
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.vocabulary import Vocabulary, default_vocabulary

SETTINGS = FAKE_SETTINGS
HOSTILE = "x'}) DETACH DELETE n //"


# --- the store and its driver ----------------------------------------------------------------
# Only Neo4jStore itself talks to the driver; these tests give it a stub with the driver's few
# calls the store makes (session, managed transactions, connectivity). Everything above the
# store talks to the QueryRunner seam and is tested with the shared CollectingRunner.


@dataclass
class Statement:
    """One statement the stub driver received."""

    query: str
    params: dict[str, Any]
    mode: str


@dataclass
class StubResult:
    columns: list[str]
    rows: list[list[Any]]

    def keys(self) -> list[str]:
        return self.columns

    def values(self) -> list[list[Any]]:
        return self.rows


@dataclass
class StubDriver:
    """Answers every statement with ``columns`` and ``rows``; fails when told to."""

    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    fail_with: Exception | None = None
    fail_statements_with: Exception | None = None
    received: list[Statement] = field(default_factory=list)
    closed: bool = False
    verified: int = 0

    def session(self, database: str | None = None) -> StubSession:
        return StubSession(self)

    def verify_connectivity(self) -> None:
        self.verified += 1
        if self.fail_with is not None:
            raise self.fail_with

    def close(self) -> None:
        self.closed = True


@dataclass
class StubTx:
    driver: StubDriver
    mode: str

    def run(self, query: str, params: dict[str, Any]) -> StubResult:
        if self.driver.fail_statements_with is not None:
            raise self.driver.fail_statements_with
        self.driver.received.append(Statement(query, params, self.mode))
        return StubResult(self.driver.columns, self.driver.rows)


@dataclass
class StubSession:
    driver: StubDriver

    def __enter__(self) -> StubSession:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def execute_read(self, work: Callable[[StubTx], Any]) -> Any:
        return work(StubTx(self.driver, "read"))

    def execute_write(self, work: Callable[[StubTx], Any]) -> Any:
        return work(StubTx(self.driver, "write"))


@pytest.fixture
def driver() -> StubDriver:
    return StubDriver()


@pytest.fixture
def store(driver: StubDriver) -> Iterator[Neo4jStore]:
    with Neo4jStore(SETTINGS, driver=driver) as opened:
        yield opened
    assert driver.closed


def test_values_travel_as_parameters_never_in_the_query(
    store: Neo4jStore, driver: StubDriver
) -> None:
    store.run("ego_network", {"person_id": HOSTILE, "depth": 2})
    store.run("forget_person", {"person_id": HOSTILE})
    store.run("connecting_people", {"ids": [HOSTILE, "YP01", "YP02"]})
    for statement, name in zip(
        driver.received, ["ego_network", "forget_person", "connecting_people"], strict=True
    ):
        assert HOSTILE not in statement.query
        assert statement.query == get_template(name).text
    assert driver.received[0].params == {"person_id": HOSTILE, "depth": 2}
    assert driver.received[2].params == {"ids": [HOSTILE, "YP01", "YP02"]}


def test_the_connection_is_checked_once_before_the_first_statement(
    store: Neo4jStore, driver: StubDriver
) -> None:
    assert driver.verified == 0
    store.run("graph_counts", {})
    store.run("graph_counts", {})
    assert driver.verified == 1


def test_reads_and_writes_use_managed_transactions_of_the_right_kind(
    store: Neo4jStore, driver: StubDriver
) -> None:
    store.run("graph_counts", {})
    store.run("forget_person", {"person_id": "YP01"})
    assert [s.mode for s in driver.received] == ["read", "write"]


def test_run_returns_the_rows_as_a_dataframe_with_the_returned_columns(
    store: Neo4jStore, driver: StubDriver
) -> None:
    driver.columns = ["person_id", "label", "confidence", "bridge_to"]
    driver.rows = [["YP02", "P2", 0.9, ""], ["YP03", "P3", 1.0, "G2"]]
    frame = store.run("group_members", {"group_id": "G1"})
    assert list(frame.columns) == ["person_id", "label", "confidence", "bridge_to"]
    assert frame.to_dict("records") == [
        {"person_id": "YP02", "label": "P2", "confidence": 0.9, "bridge_to": ""},
        {"person_id": "YP03", "label": "P3", "confidence": 1.0, "bridge_to": "G2"},
    ]


def test_an_empty_answer_still_has_the_columns(store: Neo4jStore, driver: StubDriver) -> None:
    driver.columns = ["id", "kind", "label", "distance"]
    frame = store.run("ego_network", {"person_id": "nobody", "depth": 1})
    assert frame.empty
    assert list(frame.columns) == ["id", "kind", "label", "distance"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"person_id": "YP01"}, "missing parameter depth"),
        ({"person_id": "YP01", "depth": 2, "limit": 5}, "unknown parameter limit"),
    ],
)
def test_missing_or_extra_parameters_are_refused_before_anything_is_sent(
    store: Neo4jStore, driver: StubDriver, params: dict[str, Any], message: str
) -> None:
    with pytest.raises(TemplateError, match=message):
        store.run("ego_network", params)
    assert driver.received == [] and driver.verified == 0


def test_an_unknown_template_is_refused(store: Neo4jStore, driver: StubDriver) -> None:
    with pytest.raises(TemplateError, match="unknown query template 'MATCH"):
        store.run("MATCH (n) DETACH DELETE n", {})
    assert driver.received == []


def test_the_relationship_type_comes_from_the_vocabulary(
    store: Neo4jStore, driver: StubDriver
) -> None:
    store.run("schema_association_key", {}, association_type="seen_together")
    (statement,) = driver.received
    template = get_template("schema_association_key")
    assert statement.query == template.text.replace(REL_TYPE_PLACEHOLDER, "SEEN_TOGETHER")
    assert "[r:SEEN_TOGETHER]" in statement.query


@pytest.mark.parametrize(
    "association_type",
    ["gang_member", "FRIEND", "friend]->() DETACH DELETE n //", "Friend", ""],
)
def test_a_relationship_type_not_in_the_vocabulary_is_refused(
    store: Neo4jStore, driver: StubDriver, association_type: str
) -> None:
    with pytest.raises(TemplateError, match="is not in the vocabulary"):
        store.run("schema_association_key", {}, association_type=association_type)
    assert driver.received == []


@pytest.mark.parametrize("name", ["friend`]->() DETACH DELETE n //", "friend\n", "x y", "_x"])
def test_a_vocabulary_type_that_is_not_a_plain_identifier_is_refused(name: str) -> None:
    # The vocabulary's parser should never let such a name through; the store checks again.
    odd = replace(default_vocabulary()["friend"], name=name)
    vocabulary = Vocabulary(types={odd.name: odd}, confidence={"high": 1.0})
    with pytest.raises(TemplateError, match="upper-case letters, digits and '_'"):
        relationship_type_for(vocabulary, odd.name)


def test_templates_need_an_association_type_exactly_when_they_have_the_placeholder(
    store: Neo4jStore, driver: StubDriver
) -> None:
    with pytest.raises(TemplateError, match="runs once per association type"):
        store.run("schema_association_key", {})
    with pytest.raises(TemplateError, match="takes no association type"):
        store.run("graph_counts", {}, association_type="friend")
    assert driver.received == []


@pytest.mark.parametrize(
    ("error", "kind", "hint"),
    [
        (
            neo4j.exceptions.ServiceUnavailable("connection refused"),
            Neo4jUnavailableError,
            "cs-peers neo4j start",
        ),
        (
            neo4j.exceptions.AuthError("The client is unauthorized"),
            Neo4jUnavailableError,
            "NEO4J_PASSWORD",
        ),
        (neo4j.exceptions.SessionExpired("gone"), Neo4jUnavailableError, "NEO4J_URI"),
    ],
)
def test_connection_and_login_problems_become_unavailable_errors(
    driver: StubDriver, error: Exception, kind: type[Exception], hint: str
) -> None:
    driver.fail_with = error
    with Neo4jStore(SETTINGS, driver=driver) as store:
        with pytest.raises(kind) as caught:
            store.run("graph_counts", {})
        with pytest.raises(kind):
            store.verify()
    message = str(caught.value)
    assert hint in message
    assert "bolt://db.example:7687" in message
    assert SETTINGS.password not in message
    assert driver.received == []
    # The driver's error is kept as the cause (CS_PEERS_DEBUG=1 shows it); the CLI prints only
    # the message.
    assert caught.value.__cause__ is error


def test_a_failing_statement_becomes_a_neo4j_error_naming_the_template(
    store: Neo4jStore, driver: StubDriver
) -> None:
    driver.fail_statements_with = neo4j.exceptions.ClientError()
    with pytest.raises(Neo4jError) as caught:
        store.run("graph_counts", {})
    assert not isinstance(caught.value, Neo4jUnavailableError)
    assert "graph_counts" in str(caught.value)


def test_a_broken_uniqueness_constraint_becomes_a_constraint_violation(
    store: Neo4jStore, driver: StubDriver
) -> None:
    # The loader relies on this to fall back from CREATE to MERGE on a reload.
    driver.fail_statements_with = neo4j.exceptions.ClientError._hydrate_neo4j(
        code="Neo.ClientError.Schema.ConstraintValidationFailed",
        message="Relationship already exists with type and property key",
    )
    with pytest.raises(ConstraintViolationError, match="Relationship already exists"):
        store.run("forget_person", {"person_id": "YP01"})


def test_settings_never_show_the_password() -> None:
    assert SETTINGS.password not in repr(SETTINGS)
    assert SETTINGS.password not in SETTINGS.describe()


# --- where to connect ------------------------------------------------------------------------


def test_flags_win_over_environment_variables(tmp_path: Path) -> None:
    env = {
        "NEO4J_URI": "bolt://env:7687",
        "NEO4J_USERNAME": "env-user",
        "NEO4J_PASSWORD": "env-pass",
        "NEO4J_DATABASE": "envdb",
    }
    settings = resolve_settings(
        env, uri="neo4j+s://abcd.databases.neo4j.io", password="flag-pass", home=tmp_path
    )
    assert settings == Neo4jSettings(
        "neo4j+s://abcd.databases.neo4j.io", "env-user", "flag-pass", "envdb"
    )


def test_environment_variables_are_used_without_flags(tmp_path: Path) -> None:
    env = {"NEO4J_URI": "bolt://env:7687", "NEO4J_PASSWORD": "env-pass"}
    settings = resolve_settings(env, home=tmp_path)
    assert settings == Neo4jSettings("bolt://env:7687", "neo4j", "env-pass", None)


def test_no_configured_or_running_neo4j_says_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(Neo4jUnavailableError) as caught:
        resolve_settings({}, home=tmp_path)
    message = str(caught.value)
    assert "cs-peers neo4j start" in message
    assert "NEO4J_URI" in message and "NEO4J_PASSWORD" in message


def test_a_uri_without_a_password_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Neo4jUnavailableError, match="set NEO4J_PASSWORD"):
        resolve_settings({"NEO4J_URI": "bolt://env:7687"}, home=tmp_path)


@pytest.mark.parametrize("uri", ["http://localhost:7474", "localhost:7687", "bolt://"])
def test_a_malformed_uri_is_refused(tmp_path: Path, uri: str) -> None:
    with pytest.raises(Neo4jUnavailableError, match="is not a Neo4j address"):
        resolve_settings({}, uri=uri, password="x", home=tmp_path)


# --- loading and writing groups, through the QueryRunner seam --------------------------------


def test_a_load_sends_schema_then_batches_of_values_as_parameters(
    tiny: Dataset, runner: CollectingRunner
) -> None:
    progress: list[tuple[int, int]] = []
    report = load_into_neo4j(
        runner, tiny, batch_size=5, progress=lambda d, t: progress.append((d, t))
    )
    assert (report.people, report.contexts, report.associations) == (16, 2, 40)
    names = runner.names()
    # Node constraints first and one look at the types the graph holds; then, for each type
    # the data holds, its associations CREATEd and its key constraint made once they are in
    # (the graph here holds none).
    present = set(tiny.associations["type"])
    types = [t for t in tiny.vocabulary.types if t in present]
    assert len(types) < len(tiny.vocabulary.types)
    assert names[:4] == [
        "schema_person_id",
        "schema_context_id",
        "schema_peer_group_id",
        "relationship_types_held",
    ]
    schema_count = 4
    # The node batches go two at a time (the lanes), so in any order: 16 people in batches of
    # 5, and 2 contexts cut in two so that both lanes have work; all before any association.
    node_count = 4 + 2
    nodes = sorted(names[schema_count : schema_count + node_count])
    assert nodes == ["load_contexts"] * 2 + ["load_people"] * 4
    per_type = [s for s in runner.sent[schema_count + node_count :]]
    assert not {s.name for s in per_type} & {"load_people", "load_contexts"}
    constrained = [s.association_type for s in per_type if s.name == "schema_association_key"]
    assert sorted(map(str, constrained)) == sorted(types)
    for type_name in types:
        of_type = [s.name for s in per_type if s.association_type == type_name]
        assert of_type[-1] == "schema_association_key"
        # A first load CREATEs every association.
        assert set(of_type[:-1]) == {"create_associations"}
    total = 16 + 2 + 40
    assert progress[-1] == (total, total)
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)
    people = [i for s in runner.of("load_people") for i in s.params["batch"]["id"]]
    assert sorted(people) == sorted(tiny.people["id"].tolist())
    assert len(people) == len(set(people))
    loads = runner.of("create_associations")
    for sent in runner.of("load_people") + runner.of("load_contexts"):
        assert all(len(values) <= 5 for values in sent.params["batch"].values())
    # One association type per statement, and each batch holds only that type.
    for sent in loads:
        assert len(column(sent.params["batch"], "keys")) <= 5
        assert set(column(sent.params["batch"], "types")) == {sent.association_type}
    keys = [int(k) for s in loads for k in column(s.params["batch"], "keys")]
    assert len(keys) == len(set(keys)) == 40
    positions = sorted(int(p) for s in loads for p in column(s.params["batch"], "positions"))
    assert positions == list(range(40))
    # Ends travel as the element ids the node loads returned for those very nodes (the fake
    # returns "4:fake:<id>"), whatever order the node batches finished in.
    associations = tiny.associations.reset_index(drop=True)
    for sent in loads:
        batch = sent.params["batch"]
        for position, source, target in zip(
            column(batch, "positions"),
            column(batch, "sources"),
            column(batch, "targets"),
            strict=True,
        ):
            row = associations.iloc[int(position)]
            assert (source, target) == (f"4:fake:{row['source']}", f"4:fake:{row['target']}")


def test_one_lane_loads_the_types_one_after_another_largest_first(
    tiny: Dataset, runner: CollectingRunner
) -> None:
    load_into_neo4j(runner, tiny, batch_size=5, lanes=1)
    sizes = tiny.associations["type"].value_counts()
    per_type = [s.association_type for s in runner.sent if s.association_type is not None]
    order = list(dict.fromkeys(per_type))
    # Each type's statements together, then the next type's.
    assert per_type == sorted(per_type, key=order.index)
    assert [sizes[t] for t in order] == sorted(sizes, reverse=True)


def test_two_lanes_load_two_types_at_once(tiny: Dataset, runner: CollectingRunner) -> None:
    # Each type's first CREATE waits here until another type's has arrived too: one lane
    # at a time would never get past it (the barrier breaks after its timeout).
    meeting = threading.Barrier(2, timeout=20)
    met: set[str] = set()

    def two_at_once(sent: Sent) -> list[list[Any]]:
        if sent.name == "create_associations" and len(met) < 2:
            met.add(str(sent.association_type))
            meeting.wait()
        return counted_rows(sent)

    runner.answer = two_at_once
    report = load_into_neo4j(runner, tiny, batch_size=5, lanes=2)
    assert report.associations == 40
    assert len(met) == 2 and not meeting.broken


def test_a_failed_lane_stops_the_load_and_no_type_is_constrained_after_it(
    tiny: Dataset, runner: CollectingRunner
) -> None:
    largest = str(tiny.associations["type"].value_counts().index[0])

    def refuse_largest(sent: Sent) -> list[list[Any]]:
        if sent.name == "create_associations" and sent.association_type == largest:
            raise Neo4jError("Neo4j could not run create_associations: disk full")
        return counted_rows(sent)

    runner.answer = refuse_largest
    with pytest.raises(Neo4jError, match="disk full"):
        load_into_neo4j(runner, tiny, batch_size=5, lanes=1)
    # The largest type goes first; nothing after its failure was sent.
    assert runner.sent[-1].name == "create_associations"
    assert runner.sent[-1].association_type == largest
    assert not runner.of("schema_association_key")


def test_an_association_batch_round_trips_whatever_its_values_hold(
    tiny: Dataset, runner: CollectingRunner
) -> None:
    odd = ["line\nbreak", "tab\tand \x1f unit separator", "", "quote ' \" and \\", "\x1f\x1e"]
    associations = tiny.associations.copy()
    associations["notes"] = [odd[i % len(odd)] for i in range(len(associations))]
    load_into_neo4j(runner, replace(tiny, associations=associations))
    loads = runner.of("create_associations")
    sent_notes = {
        int(p): n
        for s in loads
        for p, n in zip(
            column(s.params["batch"], "positions"),
            column(s.params["batch"], "notes"),
            strict=True,
        )
    }
    assert [sent_notes[i] for i in range(len(associations))] == associations["notes"].tolist()
    assert all("\x1f" in s.params["batch"]["separator"] for s in loads)


def test_a_load_notices_associations_whose_ends_are_missing(
    tiny: Dataset, runner: CollectingRunner
) -> None:
    def one_short(sent: Sent) -> list[list[Any]]:
        if sent.name in ("load_associations", "create_associations"):
            return [[len(column(sent.params["batch"], "keys")) - 1]]
        return counted_rows(sent)

    runner.answer = one_short
    with pytest.raises(Neo4jError, match="both their ends"):
        load_into_neo4j(runner, tiny)


def _refuse_keys_of(association_types: set[str]) -> Callable[[Sent], list[list[Any]]]:
    """Return an answer that refuses CREATE for some types, as the key constraint would."""

    def answer(sent: Sent) -> list[list[Any]]:
        if sent.name == "create_associations" and sent.association_type in association_types:
            raise ConstraintViolationError("Neo4j refused create_associations: already exists")
        return counted_rows(sent)

    return answer


def test_a_type_whose_keys_are_there_is_merged_after_one_refused_create(
    tiny: Dataset, runner: CollectingRunner
) -> None:
    runner.answer = _refuse_keys_of({"friend"})
    report = load_into_neo4j(runner, tiny, batch_size=5)
    assert report.associations == 40

    def types_of(name: str) -> list[str | None]:
        return [s.association_type for s in runner.of(name)]

    friends = int((tiny.associations["type"] == "friend").sum())
    # One CREATE tried for friend, then every friend batch MERGEd; other types CREATEd.
    assert types_of("create_associations").count("friend") == 1
    assert types_of("load_associations") == ["friend"] * -(-friends // 5)
    assert set(types_of("create_associations")) == set(tiny.associations["type"])


def test_a_reload_merges_everything(tiny: Dataset, runner: CollectingRunner) -> None:
    runner.answer = _refuse_keys_of(set(tiny.associations["type"]))
    report = load_into_neo4j(runner, tiny)
    assert report.associations == 40
    merged = runner.of("load_associations")
    assert sum(len(column(s.params["batch"], "keys")) for s in merged) == 40
    assert {s.association_type for s in merged} == set(tiny.associations["type"])


def test_a_type_the_graph_holds_gets_its_key_constraint_before_its_first_batch(
    tiny: Dataset, runner: CollectingRunner
) -> None:
    def holds_friends(sent: Sent) -> list[list[Any]]:
        if sent.name == "relationship_types_held":
            return [[["FRIEND", "MEMBER_OF"]]]
        return counted_rows(sent)

    runner.answer = holds_friends
    load_into_neo4j(runner, tiny, batch_size=5)
    friend = [s.name for s in runner.sent if s.association_type == "friend"]
    # Made first, so that keys already there are refused and MERGEd, never duplicated.
    assert friend[0] == "schema_association_key"
    assert set(friend[1:]) == {"create_associations"}
    # Types the graph does not hold: CREATEd first, constrained once their associations are in.
    for type_name in set(tiny.associations["type"]) - {"friend"}:
        of_type = [s.name for s in runner.sent if s.association_type == type_name]
        assert of_type[0] == "create_associations"
        assert of_type[-1] == "schema_association_key"


def test_repeats_in_the_way_of_a_key_constraint_are_removed_then_it_is_made(
    tiny: Dataset, runner: CollectingRunner
) -> None:
    refused: list[str] = []

    def two_loads_at_once(sent: Sent) -> list[list[Any]]:
        if sent.name == "schema_association_key" and sent.association_type not in refused:
            refused.append(str(sent.association_type))
            raise Neo4jError("Neo4j refused schema_association_key: equal keys")
        if sent.name == "remove_repeated_associations":
            return [[3]]
        return counted_rows(sent)

    runner.answer = two_loads_at_once
    report = load_into_neo4j(runner, tiny)
    assert report.associations == 40
    types = sorted(set(tiny.associations["type"]))
    assert sorted(refused) == types
    assert sorted(str(s.association_type) for s in runner.of("remove_repeated_associations")) == (
        types
    )


def test_a_key_constraint_refused_for_another_reason_stops_the_load(
    tiny: Dataset, runner: CollectingRunner
) -> None:
    def refused(sent: Sent) -> list[list[Any]]:
        if sent.name == "schema_association_key":
            raise Neo4jError("Neo4j refused schema_association_key: no permission")
        return counted_rows(sent)

    runner.answer = refused
    with pytest.raises(Neo4jError, match="no permission"):
        load_into_neo4j(runner, tiny, lanes=1)
    # After one is refused no other type is loaded or constrained.
    assert len(runner.of("schema_association_key")) == 1


def test_a_reserved_people_column_is_refused_before_anything_is_sent(
    tiny: Dataset, runner: CollectingRunner
) -> None:
    odd = replace(tiny, people=tiny.people.assign(_position="1"))
    with pytest.raises(Neo4jError, match="'_position' is reserved"):
        load_into_neo4j(runner, odd)
    assert runner.sent == []


def test_writing_groups_clears_the_old_ones_first_and_records_the_run(
    tiny: Dataset, runner: CollectingRunner
) -> None:
    groups = detect_peer_groups(build_peer_evidence(tiny))
    run = {"run_at": "2025-07-01T10:00:00+00:00", "data_fingerprint": tiny.fingerprint, "seed": 0}
    report = write_groups_to_neo4j(runner, groups, run)
    assert runner.names() == ["schema_peer_group_id", "clear_groups", "write_groups"]
    params = runner.sent[-1].params
    assert params["run_at"] == run["run_at"]
    assert params["data_fingerprint"] == tiny.fingerprint
    assert json.loads(params["parameters"])["resolution"] == groups.parameters.resolution
    assert json.loads(params["run"]) == run
    members = {
        g["group_id"]: sorted(m["person_id"] for m in g["members"]) for g in params["groups"]
    }
    assert members == {g: groups.members(g) for g in groups.groups["group_id"]}
    assert (report.groups, report.memberships) == (len(groups.groups), len(groups.memberships))


def test_writing_groups_refuses_members_the_database_did_not_store(
    tiny: Dataset, runner: CollectingRunner
) -> None:
    # The database wrote fewer memberships than were sent: members missing from Neo4j.
    runner.answer = lambda sent: [[2, 7]] if sent.name == "write_groups" else counted_rows(sent)
    groups = detect_peer_groups(build_peer_evidence(tiny))
    with pytest.raises(Neo4jError, match="load the dataset the groups came from first"):
        write_groups_to_neo4j(runner, groups, {"run_at": "", "data_fingerprint": "", "seed": 0})


def test_load_report_counts_rows_and_speed(tiny: Dataset, runner: CollectingRunner) -> None:
    report = load_into_neo4j(runner, tiny, batch_size=7)
    sent_people = sum(len(s.params["batch"]["id"]) for s in runner.of("load_people"))
    sent_contexts = sum(len(s.params["batch"]["id"]) for s in runner.of("load_contexts"))
    sent_associations = sum(
        len(column(s.params["batch"], "keys")) for s in runner.of("create_associations")
    )
    assert (report.people, report.contexts, report.associations) == (
        sent_people,
        sent_contexts,
        sent_associations,
    )
    assert (sent_people, sent_contexts, sent_associations) == (
        len(tiny.people),
        len(tiny.contexts),
        len(tiny.associations),
    )
    assert report.seconds > 0
    total = len(tiny.people) + len(tiny.contexts) + len(tiny.associations)
    assert report.rows_per_second == pytest.approx(total / report.seconds)


def test_vocabulary_types_become_distinct_upper_case_relationship_types() -> None:
    vocabulary = default_vocabulary()
    rel_types = [relationship_type_for(vocabulary, name) for name in vocabulary.types]
    assert rel_types == [name.upper() for name in vocabulary.types]
    assert len(set(rel_types)) == len(rel_types)
