"""The files of the workspace's local Neo4j under ``<workspace>/neo4j``: paths, state, lock.

Also the names the other modules share: the Neo4j series, the user, the launcher's main
class and jar, and the marker the launcher's log gets at each start.

The Maven build of the Neo4j launcher, and the Java that runs it.

The launcher's sources (``neo4j-launcher/``, the package data ``cs_peers.neo4j_launcher``)
are copied to ``<workspace>/neo4j/build`` and built with Maven, which fetches Neo4j (and
OpenGDS, unless disabled) into ``~/.m2``. A hash of the sources and settings decides when a
rebuild is needed.
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
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from cs_peers.errors import Neo4jStartError, PackagingError

__all__ = [
    "FETCH_MESSAGE",
    "GDS_ENV",
    "JAVA_ENV",
    "LAUNCHER_JAR",
    "LAUNCHER_MAIN",
    "MAVEN_ENV",
    "MAVEN_TIMEOUT",
    "NEO4J_SERIES",
    "REBUILD_MESSAGE",
    "START_MARKER",
    "USERNAME",
    "Layout",
    "clear_stale",
    "ensure_built",
    "ensure_password",
    "find_java",
    "gds_enabled",
    "locked",
    "log_tail",
    "prepare_dirs",
    "read_state",
    "write_state",
]


NEO4J_SERIES = "5.26"
USERNAME = "neo4j"
LAUNCHER_MAIN = "org.cspeers.launcher.Launcher"
LAUNCHER_JAR = "cs-peers-neo4j-launcher.jar"
START_MARKER = "=== cs-peers: starting Neo4j"

_LOG_TAIL_LINES = 40


@dataclass(frozen=True)
class Layout:
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


def prepare_dirs(layout: Layout) -> None:
    """Create the root (mode 0700), logs and data directories if they are missing."""
    try:
        layout.root.mkdir(parents=True, exist_ok=True)
        layout.root.chmod(0o700)
        layout.logs.mkdir(exist_ok=True)
        layout.data.mkdir(exist_ok=True)
    except OSError as e:
        raise Neo4jStartError(f"cannot create {layout.root}: {e}") from e


@contextlib.contextmanager
def locked(layout: Layout, *, wait: bool = True) -> Iterator[bool]:
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


def read_state(layout: Layout) -> dict[str, Any]:
    """Return the contents of ``state.json``, or ``{}`` if it is missing or unreadable."""
    try:
        data = json.loads(layout.state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_state(layout: Layout, state: dict[str, Any]) -> None:
    """Replace ``state.json`` atomically with ``state``."""
    tmp = layout.state.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    tmp.replace(layout.state)


def clear_stale(layout: Layout) -> None:
    """Forget a server that is no longer running; keep its port for the next start."""
    layout.ready.unlink(missing_ok=True)
    state = read_state(layout)
    if state.get("pid") is not None:
        state["pid"] = None
        write_state(layout, state)


def ensure_password(layout: Layout) -> str:
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


def log_tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    """Return the end of a log, from the last start only, indented for an error message."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {path})"
    if START_MARKER in text:
        text = text.rsplit(START_MARKER, 1)[1].split("\n", 1)[-1]
    tail = text.splitlines()[-lines:]
    return f"last lines of {path}:\n" + "\n".join("  " + line for line in tail)


FETCH_MESSAGE = f"Fetching Neo4j {NEO4J_SERIES} from Maven Central (first start only)…"
REBUILD_MESSAGE = "Rebuilding the Neo4j launcher (its sources or settings changed)…"

# OpenGDS (the gds.* procedures) is built in unless this is set to 0, false, no or off.
GDS_ENV = "CS_PEERS_NEO4J_GDS"
# Which java and mvn to run; else $JAVA_HOME/bin/java, then the ones on PATH.
JAVA_ENV = "CS_PEERS_JAVA"
MAVEN_ENV = "CS_PEERS_MVN"
# The Maven build (the first one fetches ~150 MB) gets its own, generous time limit.
MAVEN_TIMEOUT = 1200.0


def find_java(say: Callable[[str], None]) -> str:
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
    # This file is cs_peers/graphdb/local/_layout.py; the sources sit beside cs_peers/ in a
    # checkout.
    in_repo = Path(__file__).resolve().parents[3] / "neo4j-launcher"
    if (in_repo / "pom.xml").is_file():
        return in_repo
    raise PackagingError("the Neo4j launcher sources (neo4j-launcher/pom.xml) are missing")


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


def _classpath_ok(layout: Layout) -> bool:
    """Return whether the built jar, classpath and java @argfile exist and their jars too."""
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


def ensure_built(layout: Layout, say: Callable[[str], None]) -> None:
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
            + log_tail(layout.build_log)
        ) from e
    except OSError as e:
        raise Neo4jStartError(f"cannot run Maven ({mvn}): {e}") from e
    if run.returncode != 0 or not layout.classpath.is_file() or not layout.jar.is_file():
        raise Neo4jStartError(
            f"the Maven build of the Neo4j launcher failed (exit {run.returncode})\n"
            + log_tail(layout.build_log)
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
