"""The lifecycle of the workspace's local Neo4j: start, stop and status.

:func:`stop_local_neo4j` stops the server with SIGTERM, which makes Neo4j shut down cleanly.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
import neo4j.exceptions

from cs_peers.errors import Neo4jStartError
from cs_peers.graphdb.local.build import ensure_built, find_java
from cs_peers.graphdb.local.layout import (
    NEO4J_SERIES,
    USERNAME,
    Layout,
    clear_stale,
    ensure_password,
    locked,
    log_tail,
    prepare_dirs,
    read_state,
    write_state,
)
from cs_peers.graphdb.local.process import (
    POLL,
    choose_port,
    is_our_server,
    launch,
    process_alive,
    wait_for_exit,
)

__all__ = [
    "LocalNeo4j",
    "local_neo4j_status",
    "start_local_neo4j",
    "stop_local_neo4j",
]


@dataclass(frozen=True)
class LocalNeo4j:
    """A running local Neo4j server: where it listens, how to log in, which process it is."""

    uri: str
    username: str
    password: str = field(repr=False)
    pid: int
    version: str
    home: Path


def start_local_neo4j(
    home: Path,
    *,
    progress: Callable[[str], None] | None = None,
    timeout: float = 180.0,
) -> LocalNeo4j:
    """Return the workspace's running local Neo4j, starting it first if it is not running.

    Starting twice is harmless: a server that is already running is returned as it is. The
    first start builds the launcher with Maven (fetching Neo4j into ``~/.m2``); later starts
    skip the build while the launcher's sources are unchanged.

    Parameters
    ----------
    home
        The workspace directory; the server's files go in ``home/neo4j``.
    progress
        Called with a short message for each step worth telling a user about.
    timeout
        Seconds to wait for the server to answer on Bolt once launched (the Maven build has
        its own, longer limit).

    Returns
    -------
    LocalNeo4j
        The running server.

    Raises
    ------
    Neo4jStartError
        Java or Maven is missing, the build fails, or the server does not become ready in
        time; the message carries the end of the relevant log.
    """
    say = progress or (lambda _message: None)
    home = home.resolve()
    layout = Layout(home / "neo4j")
    prepare_dirs(layout)
    try:
        return _start(layout, home, say, timeout)
    except OSError as e:
        raise Neo4jStartError(f"cannot start the local Neo4j in {layout.root}: {e}") from e


def _start(layout: Layout, home: Path, say: Callable[[str], None], timeout: float) -> LocalNeo4j:
    with locked(layout):
        state = read_state(layout)
        pid = state.get("pid")
        if isinstance(pid, int) and is_our_server(pid, layout):
            return _wait_until_ready(layout, home, pid, timeout, launched=False)
        clear_stale(layout)

        ensure_password(layout)
        java = find_java(say)
        ensure_built(layout, say)
        port = choose_port(state.get("port"))
        say(f"Starting Neo4j {NEO4J_SERIES} on bolt://127.0.0.1:{port}…")
        pid = launch(layout, java, port)
        write_state(layout, {"port": port, "pid": pid, "started_at": time.time()})
        server = _wait_until_ready(layout, home, pid, timeout, launched=True)
        say(f"Neo4j {server.version} is ready on {server.uri}.")
        return server


def stop_local_neo4j(home: Path, *, timeout: float = 60.0) -> bool:
    """Return whether a running local Neo4j was stopped.

    Sends SIGTERM (Neo4j shuts down cleanly and checkpoints), waits for the process to exit,
    and sends SIGKILL only if it is still running after ``timeout`` seconds.

    Parameters
    ----------
    home
        The workspace directory.
    timeout
        Seconds to wait for a clean shutdown before killing the process.

    Returns
    -------
    bool
        ``True`` if a server was running and is now stopped, ``False`` if none was running.

    Raises
    ------
    Neo4jStartError
        The process could not be stopped even with SIGKILL.
    """
    layout = Layout(home.resolve() / "neo4j")
    if not layout.root.is_dir():
        return False
    try:
        return _stop(layout, timeout)
    except OSError as e:
        raise Neo4jStartError(f"cannot stop the local Neo4j in {layout.root}: {e}") from e


def _stop(layout: Layout, timeout: float) -> bool:
    with locked(layout):
        state = read_state(layout)
        pid = state.get("pid")
        if not isinstance(pid, int) or not is_our_server(pid, layout):
            clear_stale(layout)
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if not wait_for_exit(pid, timeout):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            if not wait_for_exit(pid, 10.0):
                raise Neo4jStartError(f"could not stop the local Neo4j (pid {pid})")
        clear_stale(layout)
        return True


def local_neo4j_status(home: Path) -> LocalNeo4j | None:
    """Return the workspace's running local Neo4j, or ``None`` if it is not running.

    Files left behind by a server that is no longer running are cleaned up.

    Parameters
    ----------
    home
        The workspace directory.

    Returns
    -------
    LocalNeo4j or None
        The running server, as it reports itself over Bolt; ``None`` if none is running.

    Raises
    ------
    Neo4jStartError
        A server process is running but does not answer on Bolt within a short wait.
    """
    home = home.resolve()
    layout = Layout(home / "neo4j")
    if not layout.state.is_file():
        return None
    try:
        pid = read_state(layout).get("pid")
        if not isinstance(pid, int) or not is_our_server(pid, layout):
            with locked(layout, wait=False) as held:
                if not held:
                    return None  # a start or stop is under way; it tidies up itself
                pid = read_state(layout).get("pid")
                if not isinstance(pid, int) or not is_our_server(pid, layout):
                    clear_stale(layout)
                    return None
        return _wait_until_ready(layout, home, pid, 30.0, launched=False)
    except OSError as e:
        raise Neo4jStartError(f"cannot read the local Neo4j's files in {layout.root}: {e}") from e


def _read_ready(layout: Layout) -> dict[str, Any] | None:
    """Return what the launcher wrote to the ready file, or ``None`` if it is not there yet."""
    try:
        data = json.loads(layout.ready.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _connect(uri: str, password: str) -> str:
    """Return the server's version after checking that Bolt answers and accepts the login."""
    with neo4j.GraphDatabase.driver(
        uri, auth=(USERNAME, password), connection_timeout=5.0, max_connection_pool_size=1
    ) as driver:
        driver.verify_connectivity()
        records, _summary, _keys = driver.execute_query(
            "CALL dbms.components() YIELD versions RETURN versions[0] AS version",
            database_="system",
        )
        return str(records[0]["version"])


def _wait_until_ready(
    layout: Layout, home: Path, pid: int, timeout: float, *, launched: bool
) -> LocalNeo4j:
    """Poll the ready file and Bolt until the server answers; return it."""
    deadline = time.monotonic() + timeout
    last_error = "the server did not report readiness"
    password = layout.password.read_text(encoding="utf-8").strip()
    while True:
        if not process_alive(pid):
            clear_stale(layout)
            raise Neo4jStartError(
                f"the local Neo4j (pid {pid}) exited before it was ready\n"
                + log_tail(layout.server_log)
            )
        ready = _read_ready(layout)
        if ready is not None and ready.get("pid") == pid and isinstance(ready.get("port"), int):
            uri = f"bolt://127.0.0.1:{ready['port']}"
            try:
                version = _connect(uri, password)
            except neo4j.exceptions.AuthError as e:
                raise Neo4jStartError(
                    f"the local Neo4j on {uri} refused the password in {layout.password} "
                    f"({e.message or e}); the file no longer matches the database"
                ) from e
            except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as e:
                last_error = f"Bolt on {uri} does not answer yet: {e}"
            else:
                return LocalNeo4j(
                    uri=uri,
                    username=USERNAME,
                    password=password,
                    pid=pid,
                    version=version,
                    home=home,
                )
        if time.monotonic() >= deadline:
            break
        time.sleep(POLL)
    if launched:
        # A server we just launched that never got ready would hold the store lock: stop it.
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if not wait_for_exit(pid, 30.0):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            wait_for_exit(pid, 10.0)
        clear_stale(layout)
    raise Neo4jStartError(
        f"the local Neo4j (pid {pid}) was not ready within {timeout:.0f} s ({last_error})\n"
        + log_tail(layout.server_log)
    )
