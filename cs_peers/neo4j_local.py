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
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.resources
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import neo4j
import neo4j.exceptions

from cs_peers.errors import Neo4jStartError
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

NEO4J_SERIES = "5.26"
USERNAME = "neo4j"
LAUNCHER_MAIN = "org.cspeers.launcher.Launcher"
LAUNCHER_JAR = "cs-peers-neo4j-launcher.jar"
FETCH_MESSAGE = f"Fetching Neo4j {NEO4J_SERIES} from Maven Central (first start only)…"
REBUILD_MESSAGE = "Rebuilding the Neo4j launcher (its sources or settings changed)…"

# Memory: modest defaults, overridable by environment variables (sizes such as 512m, 2g).
HEAP_ENV = "CS_PEERS_NEO4J_HEAP"
PAGECACHE_ENV = "CS_PEERS_NEO4J_PAGECACHE"
DEFAULT_HEAP = "2g"
DEFAULT_PAGECACHE = "512m"
# OpenGDS (the gds.* procedures) is built in unless this is set to 0, false, no or off.
GDS_ENV = "CS_PEERS_NEO4J_GDS"
# Which java and mvn to run; else $JAVA_HOME/bin/java, then the ones on PATH.
JAVA_ENV = "CS_PEERS_JAVA"
MAVEN_ENV = "CS_PEERS_MVN"
# The Maven build (the first one fetches ~150 MB) gets its own, generous time limit.
MAVEN_TIMEOUT = 1200.0

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

_SIZE = re.compile(r"^[1-9][0-9]*[kmgKMG]?$")
_POLL = 0.2
_LOG_TAIL_LINES = 40
_START_MARKER = "=== cs-peers: starting Neo4j"


@dataclass(frozen=True)
class LocalNeo4j:
    """A running local Neo4j server: where it listens, how to log in, which process it is."""

    uri: str
    username: str
    password: str = field(repr=False)
    pid: int
    version: str
    home: Path


@dataclass(frozen=True)
class _Layout:
    """The paths under ``<workspace>/neo4j``."""

    root: Path

    @property
    def password(self) -> Path:
        return self.root / "password"

    @property
    def state(self) -> Path:
        return self.root / "state.json"

    @property
    def ready(self) -> Path:
        return self.root / "ready"

    @property
    def lock(self) -> Path:
        return self.root / "lock"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def server_log(self) -> Path:
        return self.logs / "server.log"

    @property
    def build_log(self) -> Path:
        return self.logs / "build.log"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def classpath(self) -> Path:
        return self.build / "classpath.txt"

    @property
    def build_hash(self) -> Path:
        return self.build / "sources.sha256"

    @property
    def jar(self) -> Path:
        return self.build / "target" / LAUNCHER_JAR

    @property
    def java_args(self) -> Path:
        return self.build / "java.args"

    @property
    def plugins(self) -> Path:
        return self.build / "plugins"


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
    layout = _Layout(home / "neo4j")
    _prepare_dirs(layout)
    try:
        return _start(layout, home, say, timeout)
    except OSError as e:
        raise Neo4jStartError(f"cannot start the local Neo4j in {layout.root}: {e}") from e


def _start(layout: _Layout, home: Path, say: Callable[[str], None], timeout: float) -> LocalNeo4j:
    with _locked(layout):
        state = _read_state(layout)
        pid = state.get("pid")
        if isinstance(pid, int) and _is_our_server(pid, layout):
            return _wait_until_ready(layout, home, pid, timeout, launched=False)
        _clear_stale(layout)

        _ensure_password(layout)
        java = _find_java(say)
        _ensure_built(layout, say)
        port = _choose_port(state.get("port"))
        say(f"Starting Neo4j {NEO4J_SERIES} on bolt://127.0.0.1:{port}…")
        pid = _launch(layout, java, port)
        _write_state(layout, {"port": port, "pid": pid, "started_at": time.time()})
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
    layout = _Layout(home.resolve() / "neo4j")
    if not layout.root.is_dir():
        return False
    try:
        return _stop(layout, timeout)
    except OSError as e:
        raise Neo4jStartError(f"cannot stop the local Neo4j in {layout.root}: {e}") from e


def _stop(layout: _Layout, timeout: float) -> bool:
    with _locked(layout):
        state = _read_state(layout)
        pid = state.get("pid")
        if not isinstance(pid, int) or not _is_our_server(pid, layout):
            _clear_stale(layout)
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if not _wait_for_exit(pid, timeout):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            if not _wait_for_exit(pid, 10.0):
                raise Neo4jStartError(f"could not stop the local Neo4j (pid {pid})")
        _clear_stale(layout)
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
    layout = _Layout(home / "neo4j")
    if not layout.state.is_file():
        return None
    try:
        pid = _read_state(layout).get("pid")
        if not isinstance(pid, int) or not _is_our_server(pid, layout):
            with _locked(layout, wait=False) as locked:
                if not locked:
                    return None  # a start or stop is under way; it tidies up itself
                pid = _read_state(layout).get("pid")
                if not isinstance(pid, int) or not _is_our_server(pid, layout):
                    _clear_stale(layout)
                    return None
        return _wait_until_ready(layout, home, pid, 30.0, launched=False)
    except OSError as e:
        raise Neo4jStartError(f"cannot read the local Neo4j's files in {layout.root}: {e}") from e


# --- files and locking -----------------------------------------------------------------------


def _prepare_dirs(layout: _Layout) -> None:
    try:
        layout.root.mkdir(parents=True, exist_ok=True)
        layout.root.chmod(0o700)
        layout.logs.mkdir(exist_ok=True)
        layout.data.mkdir(exist_ok=True)
    except OSError as e:
        raise Neo4jStartError(f"cannot create {layout.root}: {e}") from e


@contextlib.contextmanager
def _locked(layout: _Layout, *, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on the workspace's Neo4j files (one start/stop at a time).

    Yields whether the lock is held: always when ``wait``, else only if it was free.
    """
    with layout.lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_state(layout: _Layout) -> dict[str, Any]:
    try:
        data = json.loads(layout.state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_state(layout: _Layout, state: dict[str, Any]) -> None:
    tmp = layout.state.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    tmp.replace(layout.state)


def _clear_stale(layout: _Layout) -> None:
    """Forget a server that is no longer running; keep its port for the next start."""
    layout.ready.unlink(missing_ok=True)
    state = _read_state(layout)
    if state.get("pid") is not None:
        state["pid"] = None
        _write_state(layout, state)


def _ensure_password(layout: _Layout) -> str:
    """Return the password of user ``neo4j``, generating it on the first start."""
    if layout.password.is_file():
        layout.password.chmod(0o600)
        password = layout.password.read_text(encoding="utf-8").strip()
        if password:
            return password
    if (layout.data / "databases" / "system").exists():
        raise Neo4jStartError(
            f"the password file {layout.password} is missing or empty but the database in "
            f"{layout.data} already exists, so its password is unknown; restore the file, or "
            f"delete {layout.data} to start afresh (this deletes the stored graph)"
        )
    password = secrets.token_urlsafe(24)
    layout.password.unlink(missing_ok=True)
    fd = os.open(layout.password, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


def _log_tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    """Return the end of a log, from the last start only, indented for an error message."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {path})"
    if _START_MARKER in text:
        text = text.rsplit(_START_MARKER, 1)[1].split("\n", 1)[-1]
    tail = text.splitlines()[-lines:]
    return f"last lines of {path}:\n" + "\n".join("  " + line for line in tail)


# --- java, maven and the launcher build ------------------------------------------------------


def _find_java(say: Callable[[str], None]) -> str:
    """Return the java executable to run Neo4j with, checking it is Java 17 or newer."""
    explicit = os.environ.get(JAVA_ENV)
    java_home = os.environ.get("JAVA_HOME")
    if explicit:
        java: str | None = explicit
    elif java_home and (Path(java_home) / "bin" / "java").is_file():
        java = str(Path(java_home) / "bin" / "java")
    else:
        java = shutil.which("java")
    if not java:
        raise Neo4jStartError(
            "Java is needed to run the local Neo4j but no `java` was found; install a Java 17 "
            f"or 21 runtime (e.g. `apt-get install openjdk-17-jre-headless`) or set {JAVA_ENV}"
        )
    try:
        run = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError) as e:
        raise Neo4jStartError(f"cannot run {java}: {e}") from e
    found = re.search(r'version "(\d+)(?:\.(\d+))?', run.stderr + run.stdout)
    if run.returncode != 0 or found is None:
        raise Neo4jStartError(f"{java} -version failed:\n{run.stderr.strip()}")
    major = int(found.group(1))
    if major == 1 and found.group(2):
        major = int(found.group(2))
    if major < 17:
        raise Neo4jStartError(
            f"Neo4j {NEO4J_SERIES} needs Java 17 or 21, but {java} is Java {major}; "
            f"install Java 17 or set {JAVA_ENV} to a Java 17 or 21 `java`"
        )
    if major not in (17, 21):
        say(f"Neo4j {NEO4J_SERIES} supports Java 17 and 21; trying Java {major}.")
    return java


def _launcher_sources() -> Traversable:
    """Return the folder holding the launcher's pom.xml and Java sources."""
    with contextlib.suppress(ModuleNotFoundError):
        packaged = importlib.resources.files("cs_peers.neo4j_launcher")
        if packaged.joinpath("pom.xml").is_file():
            return packaged
    in_repo = Path(__file__).resolve().parent.parent / "neo4j-launcher"
    if (in_repo / "pom.xml").is_file():
        return in_repo
    raise Neo4jStartError(
        "the Neo4j launcher sources (pom.xml) are missing from this installation of cs-peers"
    )


def _source_files(root: Traversable) -> list[tuple[str, bytes]]:
    """Return (relative path, content) for pom.xml and everything under src/, sorted."""
    files = [("pom.xml", root.joinpath("pom.xml").read_bytes())]

    def walk(node: Traversable, prefix: str) -> None:
        for child in node.iterdir():
            name = f"{prefix}/{child.name}"
            if child.is_dir():
                walk(child, name)
            elif child.is_file():
                files.append((name, child.read_bytes()))

    src = root.joinpath("src")
    if src.is_dir():
        walk(src, "src")
    return sorted(files)


def _classpath_ok(layout: _Layout) -> bool:
    if not (layout.classpath.is_file() and layout.jar.is_file() and layout.java_args.is_file()):
        return False
    entries = layout.classpath.read_text(encoding="utf-8").strip().split(os.pathsep)
    return all(Path(entry).is_file() for entry in entries if entry)


def gds_enabled() -> bool:
    """Return whether the local Neo4j is built with OpenGDS (the ``gds.*`` procedures).

    It is, unless ``$CS_PEERS_NEO4J_GDS`` is ``0``, ``false``, ``no`` or ``off``; changing the
    variable rebuilds the launcher on the next start.

    Returns
    -------
    bool
        ``True`` when OpenGDS is wanted.
    """
    return os.environ.get(GDS_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def _ensure_built(layout: _Layout, say: Callable[[str], None]) -> None:
    """Build the launcher with Maven unless an up-to-date build is already there."""
    files = _source_files(_launcher_sources())
    gds = gds_enabled()
    digest = hashlib.sha256(f"gds={gds}\0".encode())
    for name, content in files:
        digest.update(name.encode() + b"\0" + content + b"\0")
    wanted = digest.hexdigest()
    built = layout.build_hash.read_text().strip() if layout.build_hash.is_file() else ""
    if built == wanted and _classpath_ok(layout):
        return

    mvn = os.environ.get(MAVEN_ENV) or shutil.which("mvn")
    if not mvn:
        raise Neo4jStartError(
            "Maven is needed for the first start of the local Neo4j (it fetches Neo4j from "
            f"Maven Central) but no `mvn` was found; install it (e.g. `apt-get install maven`) "
            f"or set {MAVEN_ENV}"
        )
    say(REBUILD_MESSAGE if layout.classpath.is_file() else FETCH_MESSAGE)
    shutil.rmtree(layout.build, ignore_errors=True)
    for name, content in files:
        target = layout.build / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    command = [
        mvn,
        "-B",
        "--no-transfer-progress",
        "-Dstyle.color=never",
        "-f",
        str(layout.build / "pom.xml"),
        "package",
        "dependency:build-classpath",
        f"-Dmdep.outputFile={layout.classpath}",
    ]
    if not gds:
        command.append("-P!gds")
    try:
        with layout.build_log.open("w", encoding="utf-8") as log:
            run = subprocess.run(
                command,
                cwd=layout.build,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=MAVEN_TIMEOUT,
                check=False,
            )
    except subprocess.TimeoutExpired as e:
        raise Neo4jStartError(
            f"the Maven build of the Neo4j launcher took over {MAVEN_TIMEOUT:.0f} s\n"
            + _log_tail(layout.build_log)
        ) from e
    except OSError as e:
        raise Neo4jStartError(f"cannot run Maven ({mvn}): {e}") from e
    if run.returncode != 0 or not layout.classpath.is_file() or not layout.jar.is_file():
        raise Neo4jStartError(
            f"the Maven build of the Neo4j launcher failed (exit {run.returncode})\n"
            + _log_tail(layout.build_log)
        )
    entries = layout.classpath.read_text(encoding="utf-8").strip().split(os.pathsep)
    # Neo4j registers procedures only from jars in its plugins directory, even embedded:
    # link OpenGDS's jars (already on the classpath) there.
    layout.plugins.mkdir()
    for entry in entries:
        if "/org/neo4j/gds/" in Path(entry).as_posix():
            link = layout.plugins / Path(entry).name
            try:
                link.symlink_to(entry)
            except OSError:
                shutil.copyfile(entry, link)
    # A java @argfile keeps the ~300-jar classpath off the command line that `ps` shows.
    classpath = os.pathsep.join([str(layout.jar), *entries])
    quoted = classpath.replace("\\", "\\\\").replace('"', '\\"')
    layout.java_args.write_text(f'-cp\n"{quoted}"\n', encoding="utf-8")
    layout.build_hash.write_text(wanted + "\n", encoding="utf-8")


# --- the server process ----------------------------------------------------------------------


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server binds: connections of the previous run in TIME_WAIT don't block it.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _choose_port(previous: object) -> int:
    """Return the port used last time if it is free, else a free port chosen by the OS."""
    if isinstance(previous, int) and 0 < previous < 65536 and _port_free(previous):
        return previous
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _memory_setting(env: str, default: str) -> str:
    value = os.environ.get(env, default).strip()
    if not _SIZE.match(value):
        raise Neo4jStartError(f"{env}={value!r} is not a size such as 512m or 2g")
    return value


def _size_bytes(size: str) -> int:
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    unit = size[-1].lower()
    return int(size[:-1]) * units[unit] if unit in units else int(size)


def _launch(layout: _Layout, java: str, port: int) -> int:
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
        log.write(f"\n{_START_MARKER} at {time.strftime('%Y-%m-%d %H:%M:%S')} ===\n")
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


def _process_alive(pid: int) -> bool:
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


def _is_our_server(pid: int, layout: _Layout) -> bool:
    """Return whether ``pid`` is alive and is this workspace's launcher (not a reused pid)."""
    if not _process_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc here: trust the pid
    return LAUNCHER_MAIN.encode() in cmdline and str(layout.root).encode() in cmdline


def _wait_for_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _process_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL)
    return True


def _read_ready(layout: _Layout) -> dict[str, Any] | None:
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
    layout: _Layout, home: Path, pid: int, timeout: float, *, launched: bool
) -> LocalNeo4j:
    """Poll the ready file and Bolt until the server answers; return it."""
    deadline = time.monotonic() + timeout
    last_error = "the server did not report readiness"
    password = layout.password.read_text(encoding="utf-8").strip()
    while True:
        if not _process_alive(pid):
            _clear_stale(layout)
            raise Neo4jStartError(
                f"the local Neo4j (pid {pid}) exited before it was ready\n"
                + _log_tail(layout.server_log)
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
        time.sleep(_POLL)
    if launched:
        # A server we just launched that never got ready would hold the store lock: stop it.
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if not _wait_for_exit(pid, 30.0):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _wait_for_exit(pid, 10.0)
        _clear_stale(layout)
    raise Neo4jStartError(
        f"the local Neo4j (pid {pid}) was not ready within {timeout:.0f} s ({last_error})\n"
        + _log_tail(layout.server_log)
    )
