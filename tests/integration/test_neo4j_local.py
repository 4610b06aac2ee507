"""The workspace's local Neo4j: start, status, restart, authentication, stale files."""

from __future__ import annotations

import json
import stat
import subprocess
import uuid
from pathlib import Path

import neo4j
import neo4j.exceptions
import pytest

from cs_peers.graphdb.local import (
    LocalNeo4j,
    gds_enabled,
    local_neo4j_status,
    start_local_neo4j,
    stop_local_neo4j,
    workspace_home,
)

pytestmark = pytest.mark.neo4j


def _driver(server: LocalNeo4j, password: str | None = None) -> neo4j.Driver:
    return neo4j.GraphDatabase.driver(
        server.uri, auth=(server.username, server.password if password is None else password)
    )


def _count(server: LocalNeo4j, label: str) -> int:
    with _driver(server) as driver:
        records, _, _ = driver.execute_query(f"MATCH (n:`{label}`) RETURN count(n) AS c")
    return int(records[0]["c"])


def test_status_shows_uri_version_and_counts(
    local_neo4j: LocalNeo4j, local_neo4j_home: Path
) -> None:
    status = local_neo4j_status(local_neo4j_home)
    assert status is not None
    assert status.uri == local_neo4j.uri
    assert status.uri.startswith("bolt://127.0.0.1:")
    assert status.version.startswith("5.26.")
    assert status.username == "neo4j"
    assert status.home == local_neo4j_home.resolve()
    label = f"Count_{uuid.uuid4().hex}"
    with _driver(status) as driver:
        driver.execute_query(f"UNWIND range(1, 3) AS i CREATE (:`{label}` {{i: i}})")
    assert _count(status, label) == 3


def test_starting_twice_returns_the_running_server(
    local_neo4j: LocalNeo4j, local_neo4j_home: Path
) -> None:
    first = start_local_neo4j(local_neo4j_home)
    second = start_local_neo4j(local_neo4j_home)
    status = local_neo4j_status(local_neo4j_home)
    assert status is not None
    assert first.pid == second.pid == status.pid
    assert first.uri == second.uri == local_neo4j.uri


def test_password_file_is_private(local_neo4j: LocalNeo4j, local_neo4j_home: Path) -> None:
    folder = local_neo4j_home / "neo4j"
    password_file = folder / "password"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert password_file.read_text(encoding="utf-8").strip() == local_neo4j.password
    assert len(local_neo4j.password) >= 20


def test_wrong_password_is_refused(local_neo4j: LocalNeo4j) -> None:
    with (
        _driver(local_neo4j, password="not-the-password") as driver,
        pytest.raises(neo4j.exceptions.AuthError),
    ):
        driver.verify_connectivity()
    with _driver(local_neo4j) as driver:
        driver.verify_connectivity()


def test_restart_keeps_the_data(local_neo4j: LocalNeo4j, local_neo4j_home: Path) -> None:
    label = f"Keep_{uuid.uuid4().hex}"
    before = start_local_neo4j(local_neo4j_home)
    with _driver(before) as driver:
        driver.execute_query(f"CREATE (:`{label}` {{note: 'survives a restart'}})")

    assert stop_local_neo4j(local_neo4j_home) is True
    assert local_neo4j_status(local_neo4j_home) is None
    assert stop_local_neo4j(local_neo4j_home) is False

    after = start_local_neo4j(local_neo4j_home)
    assert after.pid != before.pid
    assert after.uri == before.uri  # the port is kept across restarts
    assert after.password == before.password
    assert _count(after, label) == 1


def test_graph_data_science_is_available(local_neo4j: LocalNeo4j) -> None:
    with _driver(local_neo4j) as driver:
        if not gds_enabled():
            with pytest.raises(neo4j.exceptions.CypherSyntaxError):
                driver.execute_query("RETURN gds.version() AS v")
            return
        records, _, _ = driver.execute_query("RETURN gds.version() AS v")
        assert str(records[0]["v"]).startswith("2.13.")
        label = f"Gds_{uuid.uuid4().hex}"
        driver.execute_query(
            f"UNWIND range(1, 6) AS i CREATE (:`{label}` {{i: i}}) WITH collect(i) AS _ "
            f"MATCH (a:`{label}`), (b:`{label}`) "
            "WHERE a.i < b.i AND (a.i <= 3) = (b.i <= 3) CREATE (a)-[:KNOWS]->(b)"
        )
        records, _, _ = driver.execute_query(
            f"MATCH (s:`{label}`)-[:KNOWS]->(t) "
            "WITH gds.graph.project($name, s, t, {}, {undirectedRelationshipTypes: ['*']}) AS g "
            "RETURN g.nodeCount AS nodes",
            name=label,
        )
        assert records[0]["nodes"] == 6
        records, _, _ = driver.execute_query(
            "CALL gds.leiden.stream($name, {randomSeed: 1, concurrency: 1}) "
            "YIELD nodeId, communityId RETURN count(DISTINCT communityId) AS groups",
            name=label,
        )
        assert records[0]["groups"] == 2
        driver.execute_query("CALL gds.graph.drop($name) YIELD graphName", name=label)


def test_stale_state_is_cleaned(tmp_path: Path) -> None:
    finished = subprocess.Popen(["true"])
    finished.wait()
    folder = tmp_path / "neo4j"
    folder.mkdir()
    (folder / "state.json").write_text(json.dumps({"port": 7999, "pid": finished.pid}))
    (folder / "ready").write_text(json.dumps({"pid": finished.pid, "port": 7999}))

    assert local_neo4j_status(tmp_path) is None
    assert not (folder / "ready").exists()
    state = json.loads((folder / "state.json").read_text())
    assert state == {"port": 7999, "pid": None}
    assert stop_local_neo4j(tmp_path) is False


def test_workspace_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "from-env"))
    assert workspace_home() == (tmp_path / "from-env").resolve()
    assert workspace_home(tmp_path / "explicit") == (tmp_path / "explicit").resolve()
    monkeypatch.delenv("CS_PEERS_HOME")
    monkeypatch.chdir(tmp_path)
    assert workspace_home() == (tmp_path / ".cs-peers").resolve()
