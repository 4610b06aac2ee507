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
