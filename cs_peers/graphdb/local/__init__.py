"""A local Neo4j Community 5.26 (LTS) server for the workspace, built from Maven Central.

No Docker and no download from neo4j.com: the small Java launcher in ``neo4j-launcher/``
(shipped in the wheel as the package data ``cs_peers.neo4j_launcher``) declares Neo4j
Community 5.26 as a Maven dependency and runs it embedded with only a Bolt connector on
``127.0.0.1``. The first start builds it with Maven, which fetches Neo4j into ``~/.m2`` once;
later starts reuse the built classpath and take seconds.

Everything lives under ``<workspace>/neo4j/`` (mode 0700)::

    password        the generated password of user ``neo4j`` (mode 0600)
    state.json      the port (kept across restarts) and the pid of the running server
    ready           written by the launcher once Bolt accepts connections
    data/           the databases
    logs/           server.log (the launcher's output), build.log (Maven), Neo4j's own logs
    build/          the launcher sources copied from the package, Maven's output, the classpath

The server runs detached from the Python process (its own session), so it keeps running after
the command that started it exits; :func:`stop_local_neo4j` stops it with SIGTERM, which makes
Neo4j shut down cleanly.

The package's modules, one topic each:

- :mod:`~cs_peers.graphdb.local._layout`: the files under ``<workspace>/neo4j`` (state, lock,
  password), finding Java, and the Maven build of the launcher;
- :mod:`~cs_peers.graphdb.local._server`: the Java process (port, memory, spawn, liveness),
  and start, stop and status.
"""

from __future__ import annotations

from cs_peers.graphdb.local._layout import NEO4J_SERIES, gds_enabled
from cs_peers.graphdb.local._server import (
    LocalNeo4j,
    local_neo4j_status,
    start_local_neo4j,
    stop_local_neo4j,
)
from cs_peers.workspace import workspace_home

__all__ = [
    "NEO4J_SERIES",
    "LocalNeo4j",
    "gds_enabled",
    "local_neo4j_status",
    "start_local_neo4j",
    "stop_local_neo4j",
    "workspace_home",
]
