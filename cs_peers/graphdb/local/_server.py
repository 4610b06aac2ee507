"""The lifecycle of the workspace's local Neo4j: start, stop and status.

:func:`stop_local_neo4j` stops the server with SIGTERM, which makes Neo4j shut down cleanly.

The Java process of the local Neo4j: its port, memory, JVM flags, spawn and liveness.

The server runs detached from the Python process (its own session), so it keeps running after
the command that started it exits.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
import neo4j.exceptions

from cs_peers.errors import Neo4jStartError
from cs_peers.graphdb.local._layout import (
    LAUNCHER_MAIN,
    NEO4J_SERIES,
    START_MARKER,
    USERNAME,
    Layout,
    clear_stale,
    ensure_built,
    ensure_password,
    find_java,
    locked,
    log_tail,
    prepare_dirs,
    read_state,
    write_state,
)

__all__ = [
    "DEFAULT_HEAP",
    "DEFAULT_PAGECACHE",
    "HEAP_ENV",
    "JVM_FLAGS",
    "PAGECACHE_ENV",
    "POLL",
    "LocalNeo4j",
    "choose_port",
    "is_our_server",
    "launch",
    "local_neo4j_status",
    "process_alive",
    "start_local_neo4j",
    "stop_local_neo4j",
    "wait_for_exit",
]


# Memory: modest defaults, overridable by environment variables (sizes such as 512m, 2g).
HEAP_ENV = "CS_PEERS_NEO4J_HEAP"
PAGECACHE_ENV = "CS_PEERS_NEO4J_PAGECACHE"
DEFAULT_HEAP = "2g"
DEFAULT_PAGECACHE = "512m"

# The JVM options the Neo4j 5.26 distribution puts in conf/neo4j.conf (server.jvm.additional).
# The --add-opens let Neo4j and its Netty reach JDK internals on Java 17/21: java.nio (direct
# buffer addresses and cleaning), sun.nio.ch (Netty's NIO transport, file channels) and
# java.io (file descriptors); --enable-native-access allows its native memory access without
# warnings. -Dio.netty.tryReflectionSetAccessible=true lets Netty use those opened packages.
JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)

# Seconds between polls of a process or file.
POLL = 0.2

_SIZE = re.compile(r"^[1-9][0-9]*[kmgKMG]?$")


def _port_free(port: int) -> bool:
    """Return whether the server could bind ``port`` on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server binds: connections of the previous run in TIME_WAIT don't block it.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def choose_port(previous: object) -> int:
    """Return the port used last time if it is free, else a free port chosen by the OS."""
    if isinstance(previous, int) and 0 < previous < 65536 and _port_free(previous):
        return previous
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _memory_setting(env: str, default: str) -> str:
    """Return the size in ``$env`` (or ``default``), checking it looks like 512m or 2g."""
    value = os.environ.get(env, default).strip()
    if not _SIZE.match(value):
        raise Neo4jStartError(f"{env}={value!r} is not a size such as 512m or 2g")
    return value


def _size_bytes(size: str) -> int:
    """Return a size such as 512m or 2g in bytes."""
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    unit = size[-1].lower()
    return int(size[:-1]) * units[unit] if unit in units else int(size)


def launch(layout: Layout, java: str, port: int) -> int:
    """Start the launcher detached (own session, output to server.log); return its pid."""
    heap = _memory_setting(HEAP_ENV, DEFAULT_HEAP)
    pagecache = _memory_setting(PAGECACHE_ENV, DEFAULT_PAGECACHE)
    # Neo4j warns unless the initial heap is set; start at 512m or the whole heap if smaller.
    initial = heap if _size_bytes(heap) < _size_bytes("512m") else "512m"
    argv = [
        java,
        f"-Xms{initial}",
        f"-Xmx{heap}",
        *JVM_FLAGS,
        f"@{layout.java_args}",
        LAUNCHER_MAIN,
        "--home",
        str(layout.root),
        "--data-dir",
        str(layout.data),
        "--logs-dir",
        str(layout.logs),
        "--port",
        str(port),
        "--password-file",
        str(layout.password),
        "--ready-file",
        str(layout.ready),
        "--pagecache",
        pagecache,
    ]
    if layout.plugins.is_dir() and any(layout.plugins.glob("*.jar")):
        argv += ["--plugins-dir", str(layout.plugins), "--unrestricted-procedures", "gds.*"]
    layout.ready.unlink(missing_ok=True)
    with layout.server_log.open("a", encoding="utf-8") as log:
        log.write(f"\n{START_MARKER} at {time.strftime('%Y-%m-%d %H:%M:%S')} ===\n")
    # posix_spawn rather than subprocess.Popen: the server outlives this process, and a Popen
    # object for it would warn (ResourceWarning) when garbage-collected while it still runs.
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(layout.server_log), os.O_WRONLY | os.O_APPEND, 0o600),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    try:
        return os.posix_spawn(
            java,
            argv,
            dict(os.environ),
            file_actions=actions,
            setsid=True,
            # Python ignores SIGPIPE and SIGXFSZ, and the caller may ignore others (nohup):
            # give the JVM the default dispositions, as subprocess does.
            setsigdef=(
                signal.SIGTERM,
                signal.SIGINT,
                signal.SIGHUP,
                signal.SIGPIPE,
                signal.SIGXFSZ,
            ),
        )
    except OSError as e:
        raise Neo4jStartError(f"cannot start {java}: {e}") from e


def process_alive(pid: int) -> bool:
    """Return whether ``pid`` is a running (not zombie) process; reap it if it is our child."""
    try:
        done, _status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    else:
        return done != pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True
    fields = stat.rsplit(")", 1)[-1].split()
    return not (fields and fields[0] in ("Z", "X"))


def is_our_server(pid: int, layout: Layout) -> bool:
    """Return whether ``pid`` is alive and is this workspace's launcher (not a reused pid)."""
    if not process_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc here: trust the pid
    return LAUNCHER_MAIN.encode() in cmdline and str(layout.root).encode() in cmdline


def wait_for_exit(pid: int, timeout: float) -> bool:
    """Return whether ``pid`` exited within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while process_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL)
    return True


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
