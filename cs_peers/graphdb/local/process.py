"""The Java process of the local Neo4j: its port, memory, JVM flags, spawn and liveness.

The server runs detached from the Python process (its own session), so it keeps running after
the command that started it exits.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import time
from pathlib import Path

from cs_peers.errors import Neo4jStartError
from cs_peers.graphdb.local.layout import LAUNCHER_MAIN, START_MARKER, Layout

__all__ = [
    "DEFAULT_HEAP",
    "DEFAULT_PAGECACHE",
    "HEAP_ENV",
    "JVM_FLAGS",
    "PAGECACHE_ENV",
    "POLL",
    "choose_port",
    "is_our_server",
    "launch",
    "process_alive",
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
