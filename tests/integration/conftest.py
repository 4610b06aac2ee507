"""Fixtures for the integration tests: a real local Neo4j in a temporary workspace.

The server is started once per test session. If it cannot start, the fixture raises and every
test that needs it fails: these tests are never skipped.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cs_peers.graphdb.local import LocalNeo4j, start_local_neo4j, stop_local_neo4j
from cs_peers.graphdb.store import Neo4jSettings, Neo4jStore


@pytest.fixture(scope="session")
def local_neo4j_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the temporary workspace the session's local Neo4j lives in."""
    return tmp_path_factory.mktemp("cs-peers-home")


@pytest.fixture(scope="session")
def local_neo4j(local_neo4j_home: Path) -> Iterator[LocalNeo4j]:
    """Return the session's running local Neo4j; stop it when the session ends."""

    def progress(message: str) -> None:
        print(f"[local Neo4j] {message}", file=sys.stderr)

    server = start_local_neo4j(local_neo4j_home, progress=progress, timeout=300.0)
    try:
        yield server
    finally:
        stop_local_neo4j(local_neo4j_home)


@pytest.fixture
def neo4j_env(
    local_neo4j: LocalNeo4j, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Neo4jStore]:
    """Point `--neo4j` at the session's server through the standard variables; empty it."""
    monkeypatch.setenv("NEO4J_URI", local_neo4j.uri)
    monkeypatch.setenv("NEO4J_USERNAME", local_neo4j.username)
    monkeypatch.setenv("NEO4J_PASSWORD", local_neo4j.password)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "workspace"))
    settings = Neo4jSettings(local_neo4j.uri, local_neo4j.username, local_neo4j.password)
    with Neo4jStore(settings) as store:
        store._driver.execute_query("MATCH (n) DETACH DELETE n")
        yield store
