"""The files of the workspace's local Neo4j under ``<workspace>/neo4j``: paths, state, lock.

Also the names the other modules share: the Neo4j series, the user, the launcher's main
class and jar, and the marker the launcher's log gets at each start.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cs_peers.errors import Neo4jStartError

__all__ = [
    "LAUNCHER_JAR",
    "LAUNCHER_MAIN",
    "NEO4J_SERIES",
    "START_MARKER",
    "USERNAME",
    "Layout",
    "clear_stale",
    "ensure_password",
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
