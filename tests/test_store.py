"""The Neo4j store against a fake driver that records every query and its parameters."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import neo4j.exceptions
import pandas as pd
import pytest

from cs_peers.analysis.grouping.evidence import build_peer_evidence
from cs_peers.analysis.grouping.groups import detect_peer_groups
from cs_peers.errors import Neo4jError, Neo4jUnavailableError, TemplateError
from cs_peers.graphdb.load import load_into_neo4j
from cs_peers.graphdb.settings import Neo4jSettings, resolve_settings
from cs_peers.graphdb.store import Neo4jStore, relationship_type_for
from cs_peers.graphdb.template_file import REL_TYPE_PLACEHOLDER, CypherTemplate
from cs_peers.graphdb.templates import load_templates
from cs_peers.graphdb.write_groups import write_groups_to_neo4j
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.vocabulary import AssociationType, Vocabulary, default_vocabulary

SETTINGS = Neo4jSettings("bolt://db.example:7687", "analyst", "s3cret-password", None)
HOSTILE = "x'}) DETACH DELETE n //"


@dataclass
class Sent:
    """One statement the fake received."""

    query: str
    params: dict[str, Any]
    mode: str
    template: CypherTemplate


def _template_of(query: str) -> CypherTemplate:
    """Return the template a query was made from (with any relationship type filled in)."""
    for template in load_templates().values():
        if template.needs_relationship_type:
            pattern = re.escape(template.text).replace(
                re.escape(REL_TYPE_PLACEHOLDER), "[A-Z][A-Z0-9_]*"
            )
            if re.fullmatch(pattern, query):
                return template
        elif template.text == query:
            return template
    raise AssertionError(f"not a template's text: {query[:80]!r}")


def _column(batch: dict[str, str], name: str) -> list[str]:
    """Return one column of an association batch (texts joined by its separator)."""
    return batch[name].split(batch["separator"])


def _default_rows(template: CypherTemplate, params: dict[str, Any]) -> list[list[Any]]:
    """Answer like the server would for loads and writes: what was sent, counted."""
    if not template.returns:
        return []
    batch = params.get("batch")
    if template.returns == ["element_ids"]:
        return [[[f"4:fake:{node_id}" for node_id in batch["id"]]]]
    if isinstance(batch, dict):
        return [[len(_column(batch, "keys"))]]
    if template.name == "write_groups":
        groups = params["groups"]
        return [[len(groups), sum(len(g["members"]) for g in groups)]]
    return [[0] * len(template.returns)]


@dataclass
class FakeResult:
    keys_: list[str]
    rows: list[list[Any]]

    def keys(self) -> list[str]:
        return self.keys_

    def values(self) -> list[list[Any]]:
        return self.rows


@dataclass
class FakeDriver:
    """Records what the store sends; answers from ``answer`` or with plausible counts."""

    answer: Callable[[CypherTemplate, dict[str, Any]], list[list[Any]]] | None = None
    fail_with: Exception | None = None
    fail_statements_with: Exception | None = None
    sent: list[Sent] = field(default_factory=list)
    closed: bool = False
    verified: int = 0

    def session(self, database: str | None = None) -> FakeSession:
        return FakeSession(self)

    def verify_connectivity(self) -> None:
        self.verified += 1
        if self.fail_with is not None:
            raise self.fail_with

    def close(self) -> None:
        self.closed = True


@dataclass
class FakeTx:
    driver: FakeDriver
    mode: str

    def run(self, query: str, params: dict[str, Any]) -> FakeResult:
        if self.driver.fail_statements_with is not None:
            raise self.driver.fail_statements_with
        template = _template_of(query)
        self.driver.sent.append(Sent(query, params, self.mode, template))
        rows = (self.driver.answer or _default_rows)(template, params)
        return FakeResult(list(template.returns), rows)


@dataclass
class FakeSession:
    driver: FakeDriver

    def __enter__(self) -> FakeSession:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def execute_read(self, work: Callable[[FakeTx], Any]) -> Any:
        return work(FakeTx(self.driver, "read"))

    def execute_write(self, work: Callable[[FakeTx], Any]) -> Any:
        return work(FakeTx(self.driver, "write"))


@pytest.fixture
def driver() -> FakeDriver:
    return FakeDriver()


@pytest.fixture
def store(driver: FakeDriver) -> Iterator[Neo4jStore]:
    with Neo4jStore(SETTINGS, driver=driver) as opened:
        yield opened
    assert driver.closed


# --- the runner ------------------------------------------------------------------------------


def test_values_travel_as_parameters_never_in_the_query(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    store.run("ego_network", {"person_id": HOSTILE, "depth": 2})
    store.run("forget_person", {"person_id": HOSTILE})
    store.run("connecting_people", {"ids": [HOSTILE, "YP01", "YP02"]})
    for sent in driver.sent:
        assert HOSTILE not in sent.query
        assert sent.query == sent.template.text
    assert driver.sent[0].params == {"person_id": HOSTILE, "depth": 2}
    assert driver.sent[2].params == {"ids": [HOSTILE, "YP01", "YP02"]}


def test_the_connection_is_checked_once_before_the_first_statement(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    store.run("graph_counts", {})
    store.run("graph_counts", {})
    assert driver.verified == 1


def test_reads_and_writes_use_managed_transactions_of_the_right_kind(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    store.run("graph_counts", {})
    store.run("forget_person", {"person_id": "YP01"})
    assert [s.mode for s in driver.sent] == ["read", "write"]


def test_run_returns_the_rows_as_a_dataframe_with_the_returned_columns(
    driver: FakeDriver,
) -> None:
    driver.answer = lambda template, params: [["YP02", "P2", 0.9, ""], ["YP03", "P3", 1.0, "G2"]]
    with Neo4jStore(SETTINGS, driver=driver) as store:
        frame = store.run("group_members", {"group_id": "G1"})
    assert list(frame.columns) == ["person_id", "label", "confidence", "bridge_to"]
    assert frame["person_id"].tolist() == ["YP02", "YP03"]


def test_an_empty_answer_still_has_the_columns(store: Neo4jStore, driver: FakeDriver) -> None:
    driver.answer = lambda template, params: []
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
    store: Neo4jStore, driver: FakeDriver, params: dict[str, Any], message: str
) -> None:
    with pytest.raises(TemplateError, match=message):
        store.run("ego_network", params)
    assert driver.sent == []


def test_an_unknown_template_is_refused(store: Neo4jStore, driver: FakeDriver) -> None:
    with pytest.raises(TemplateError, match="unknown query template 'MATCH"):
        store.run("MATCH (n) DETACH DELETE n", {})
    assert driver.sent == []


def test_the_relationship_type_comes_from_the_vocabulary(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    store.run("schema_association_key", {}, association_type="seen_together")
    (sent,) = driver.sent
    assert "[r:SEEN_TOGETHER]" in sent.query
    assert REL_TYPE_PLACEHOLDER not in sent.query


@pytest.mark.parametrize(
    "association_type",
    ["gang_member", "FRIEND", "friend]->() DETACH DELETE n //", "Friend", ""],
)
def test_a_relationship_type_not_in_the_vocabulary_is_refused(
    store: Neo4jStore, driver: FakeDriver, association_type: str
) -> None:
    with pytest.raises(TemplateError, match="is not in the vocabulary"):
        store.run("schema_association_key", {}, association_type=association_type)
    assert driver.sent == []


@pytest.mark.parametrize("name", ["friend`]->() DETACH DELETE n //", "friend\n", "x y", "_x"])
def test_a_vocabulary_type_that_is_not_a_plain_identifier_is_refused(name: str) -> None:
    # The vocabulary's parser should never let such a name through; the store checks again.
    odd = replace(default_vocabulary()["friend"], name=name)
    vocabulary = Vocabulary(types={odd.name: odd}, confidence={"high": 1.0})
    with pytest.raises(TemplateError, match="upper-case letters, digits and '_'"):
        relationship_type_for(vocabulary, odd.name)


def test_templates_need_an_association_type_exactly_when_they_have_the_placeholder(
    store: Neo4jStore,
) -> None:
    with pytest.raises(TemplateError, match="runs once per association type"):
        store.run("schema_association_key", {})
    with pytest.raises(TemplateError, match="takes no association type"):
        store.run("graph_counts", {}, association_type="friend")


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
    driver: FakeDriver, error: Exception, kind: type[Exception], hint: str
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
    # The driver's error is kept as the cause (CS_PEERS_DEBUG=1 shows it); the CLI prints only
    # the message.
    assert caught.value.__cause__ is error


def test_a_failing_statement_becomes_a_neo4j_error_naming_the_template(
    driver: FakeDriver,
) -> None:
    driver.fail_statements_with = neo4j.exceptions.ClientError()
    with Neo4jStore(SETTINGS, driver=driver) as store, pytest.raises(Neo4jError) as caught:
        store.run("graph_counts", {})
    assert not isinstance(caught.value, Neo4jUnavailableError)
    assert "graph_counts" in str(caught.value)


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


# --- loading and writing groups --------------------------------------------------------------


def test_a_load_sends_schema_then_batches_of_values_as_parameters(
    tiny: Dataset, store: Neo4jStore, driver: FakeDriver
) -> None:
    progress: list[tuple[int, int]] = []
    report = load_into_neo4j(
        store, tiny, batch_size=5, progress=lambda d, t: progress.append((d, t))
    )
    assert (report.people, report.contexts, report.associations) == (16, 2, 40)
    names = [s.template.name for s in driver.sent]
    schema_count = 3 + len(tiny.vocabulary.types)
    assert all(n.startswith("schema_") for n in names[:schema_count])
    assert names[schema_count : schema_count + 5] == ["load_people"] * 4 + ["load_contexts"]
    # A first load CREATEs every association.
    assert set(names[schema_count + 5 :]) == {"create_associations"}
    total = 16 + 2 + 40
    assert progress[-1] == (total, total)
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)
    values = (
        set(tiny.people["id"]) | set(tiny.people["label"]) | set(tiny.associations["reference"])
    )
    values.discard("")
    loads = [s for s in driver.sent if s.template.name == "create_associations"]
    for sent in driver.sent:
        assert not any(v in sent.query for v in values), sent.query
        batch = sent.params.get("batch", {})
        if sent in loads:
            assert len(_column(batch, "keys")) <= 5
        else:
            assert all(len(column) <= 5 for column in batch.values())
    # One relationship type per statement, and each batch holds only that type.
    for sent in loads:
        (rel_type,) = re.findall(r"\[r:([A-Z_]+) \{", sent.query)
        assert {t.upper() for t in _column(sent.params["batch"], "types")} == {rel_type}
    keys = [int(k) for s in loads for k in _column(s.params["batch"], "keys")]
    assert len(keys) == len(set(keys)) == 40
    positions = sorted(int(p) for s in loads for p in _column(s.params["batch"], "positions"))
    assert positions == list(range(40))
    # Ends travel as the element ids the node loads returned.
    sources = {e for s in loads for e in _column(s.params["batch"], "sources")}
    assert sources == {f"4:fake:{i}" for i in tiny.associations["source"]}


def test_an_association_batch_round_trips_whatever_its_values_hold(
    tiny: Dataset, store: Neo4jStore, driver: FakeDriver
) -> None:
    odd = ["line\nbreak", "tab\tand \x1f unit separator", "", "quote ' \" and \\", "\x1f\x1e"]
    associations = tiny.associations.copy()
    associations["notes"] = [odd[i % len(odd)] for i in range(len(associations))]
    load_into_neo4j(store, replace(tiny, associations=associations))
    loads = [s for s in driver.sent if s.template.name == "create_associations"]
    sent_notes = {
        int(p): n
        for s in loads
        for p, n in zip(
            _column(s.params["batch"], "positions"),
            _column(s.params["batch"], "notes"),
            strict=True,
        )
    }
    assert [sent_notes[i] for i in range(len(associations))] == associations["notes"].tolist()
    assert all("\x1f" in s.params["batch"]["separator"] for s in loads)


def test_a_load_notices_associations_whose_ends_are_missing(
    tiny: Dataset, driver: FakeDriver
) -> None:
    def answer(template: CypherTemplate, params: dict[str, Any]) -> list[list[Any]]:
        if template.name in ("load_associations", "create_associations"):
            return [[len(_column(params["batch"], "keys")) - 1]]
        return _default_rows(template, params)

    driver.answer = answer
    with (
        Neo4jStore(SETTINGS, driver=driver) as store,
        pytest.raises(Neo4jError, match="both their ends"),
    ):
        load_into_neo4j(store, tiny)


def _refuse_keys_of(rel_types: set[str]) -> Callable[[CypherTemplate, dict[str, Any]], Any]:
    """Return an answer that refuses CREATE for some types, as the key constraint would."""

    def answer(template: CypherTemplate, params: dict[str, Any]) -> list[list[Any]]:
        if template.name == "create_associations":
            types = {t.upper() for t in _column(params["batch"], "types")}
        else:
            types = set()
        if template.name == "create_associations" and types & rel_types:
            raise neo4j.exceptions.ClientError._hydrate_neo4j(
                code="Neo.ClientError.Schema.ConstraintValidationFailed",
                message="Relationship already exists with type and property key",
            )
        return _default_rows(template, params)

    return answer


def test_a_type_whose_keys_are_there_is_merged_after_one_refused_create(
    tiny: Dataset, driver: FakeDriver
) -> None:
    driver.answer = _refuse_keys_of({"FRIEND"})
    with Neo4jStore(SETTINGS, driver=driver) as store:
        report = load_into_neo4j(store, tiny, batch_size=5)
    assert report.associations == 40

    def rel_types(name: str) -> list[str]:
        return [
            re.findall(r"\[r:([A-Z_]+) ", s.query)[0]
            for s in driver.sent
            if s.template.name == name
        ]

    friends = int((tiny.associations["type"] == "friend").sum())
    # One CREATE tried for FRIEND, then every FRIEND batch MERGEd; other types CREATEd.
    assert rel_types("create_associations").count("FRIEND") == 1
    assert rel_types("load_associations") == ["FRIEND"] * -(-friends // 5)
    assert set(rel_types("create_associations")) == set(tiny.associations["type"].str.upper())


def test_a_reload_merges_everything(tiny: Dataset, driver: FakeDriver) -> None:
    driver.answer = _refuse_keys_of(set(tiny.associations["type"].str.upper()))
    with Neo4jStore(SETTINGS, driver=driver) as store:
        report = load_into_neo4j(store, tiny)
    assert report.associations == 40
    names = [s.template.name for s in driver.sent]
    assert "load_associations" in names
    merged = [s for s in driver.sent if s.template.name == "load_associations"]
    assert sum(len(_column(s.params["batch"], "keys")) for s in merged) == 40


def test_a_reserved_people_column_is_refused_before_anything_is_sent(
    tiny: Dataset, store: Neo4jStore, driver: FakeDriver
) -> None:
    odd = replace(tiny, people=tiny.people.assign(_position="1"))
    with pytest.raises(Neo4jError, match="'_position' is reserved"):
        load_into_neo4j(store, odd)
    assert driver.sent == []


def test_writing_groups_clears_the_old_ones_first_and_records_the_run(
    tiny: Dataset, store: Neo4jStore, driver: FakeDriver
) -> None:
    groups = detect_peer_groups(build_peer_evidence(tiny))
    run = {"run_at": "2025-07-01T10:00:00+00:00", "data_fingerprint": tiny.fingerprint, "seed": 0}
    report = write_groups_to_neo4j(store, groups, run)
    assert [s.template.name for s in driver.sent] == [
        "schema_peer_group_id",
        "clear_groups",
        "write_groups",
    ]
    params = driver.sent[-1].params
    assert params["run_at"] == run["run_at"]
    assert params["data_fingerprint"] == tiny.fingerprint
    assert json.loads(params["parameters"])["resolution"] == groups.parameters.resolution
    assert json.loads(params["run"]) == run
    members = {
        g["group_id"]: sorted(m["person_id"] for m in g["members"]) for g in params["groups"]
    }
    assert members == {g: groups.members(g) for g in groups.groups["group_id"]}
    assert (report.groups, report.memberships) == (len(groups.groups), len(groups.memberships))


def test_load_report_counts_rows_and_speed(tiny: Dataset, store: Neo4jStore) -> None:
    report = load_into_neo4j(store, tiny)
    assert report.seconds > 0
    assert report.rows_per_second == pytest.approx(58 / report.seconds)
    assert isinstance(pd.DataFrame([report.__dict__]), pd.DataFrame)


def test_vocabulary_types_become_plain_upper_case_relationship_types() -> None:
    vocabulary = default_vocabulary()
    for name, association in vocabulary.types.items():
        assert isinstance(association, AssociationType)
        assert relationship_type_for(vocabulary, name) == name.upper()
