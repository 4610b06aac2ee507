"""The audit log: who exported what, when, for whom — append-only and tamper-evident.

Each entry is one JSON line in ``WORKSPACE/audit/log.jsonl``. It carries the SHA-256 of the
entry before it, and its own hash over its content and that link, so editing, removing or
reordering any entry breaks the chain from there on, which :func:`verify_audit` reports.
Command lines are kept with every value that could identify a person replaced by
``[redacted]``: only option names and values known to be harmless (paths, formats, dates,
seeds) are kept. An erasure is logged with a salted hash of the id, never the id itself.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cs_peers.errors import WorkspaceError
from cs_peers.workspace import workspace_secret

__all__ = [
    "AuditEntry",
    "append_audit",
    "prune_audit",
    "read_audit",
    "redacted_command",
    "salted_id_hash",
    "verify_audit",
]

_GENESIS = "0" * 64
# Option values that never identify a person; every other value is redacted in the log.
HARMLESS_OPTIONS = frozenset(
    {
        "data", "out", "csv", "format", "output", "audience", "marking", "seed", "runs",
        "resolution", "as_of", "since", "until", "since_run", "workspace", "vocabulary",
        "mapping", "group", "docx", "pdf", "record", "neo4j", "reveal_names", "depth",
        "older_than", "status", "name", "list_templates", "context_window",
    }
)  # fmt: skip


@dataclass(frozen=True)
class AuditEntry:
    """One logged action and its place in the chain."""

    number: int
    at: str
    user: str
    action: str
    command: str
    details: dict[str, Any]
    previous: str
    hash: str


def _log_path(home: Path) -> Path:
    return Path(home) / "audit" / "log.jsonl"


def _digest(body: Mapping[str, Any], previous: str) -> str:
    canonical = json.dumps(dict(body), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((previous + canonical).encode("utf-8")).hexdigest()


def redacted_command(command: str, params: Mapping[str, Any]) -> str:
    """Return ``command`` and its parameters as a command line with identifying values hidden."""
    parts = [f"cs-peers {command}"]
    if params.get("data") is not None:
        parts.append(str(params["data"]))
    for key, value in params.items():
        # A parameter named after a builtin has a trailing "_" (``format_`` is --format).
        name = key.rstrip("_")
        if name == "data":
            continue
        if value is None or value is False or value == [] or value == ():
            continue
        flag = "--" + name.replace("_", "-")
        if value is True:
            parts.append(flag)
            continue
        values = value if isinstance(value, list | tuple) else [value]
        shown = [str(v) if name in HARMLESS_OPTIONS else "[redacted]" for v in values]
        parts += [f"{flag} {v}" for v in shown]
    return " ".join(parts)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a bare container
        return f"uid {os.getuid()}"


def read_audit(home: Path) -> list[AuditEntry]:
    """Return every entry of the workspace's audit log, oldest first."""
    path = _log_path(home)
    if not path.is_file():
        return []
    entries = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        try:
            data = json.loads(line)
            entries.append(AuditEntry(**data))
        except (ValueError, TypeError) as exc:
            raise WorkspaceError(f"{path}, line {number}: not an audit entry ({exc})") from exc
    return entries


def append_audit(
    home: Path, action: str, command: str, details: Mapping[str, Any] | None = None
) -> AuditEntry:
    """Return the entry appended to the workspace's audit log for ``action``."""
    path = _log_path(home)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    entries = read_audit(home)
    start_hash, first = _anchor(home)
    previous = entries[-1].hash if entries else start_hash
    body: dict[str, Any] = {
        "number": entries[-1].number + 1 if entries else first,
        # The real clock, never SOURCE_DATE_EPOCH: the log says when an export really happened.
        "at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "user": _user(),
        "action": action,
        "command": command,
        "details": dict(details or {}),
        "previous": previous,
    }
    entry = AuditEntry(**body, hash=_digest(body, previous))
    line = json.dumps(entry.__dict__, ensure_ascii=False, default=str) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())
    return entry


def _anchor(home: Path) -> tuple[str, int]:
    """Return the hash and number the log starts from (after pruning, its first kept entry)."""
    path = Path(home) / "audit" / "anchor.json"
    if not path.is_file():
        return _GENESIS, 1
    data = json.loads(path.read_text("utf-8"))
    return str(data["previous"]), int(data["number"])


def verify_audit(home: Path) -> list[str]:
    """Return what is wrong with the audit log's chain (empty when every entry is intact)."""
    problems = []
    previous, first = _anchor(home)
    for position, entry in enumerate(read_audit(home), start=first):
        body = {k: v for k, v in entry.__dict__.items() if k != "hash"}
        if entry.number != position:
            problems.append(f"entry {position} is numbered {entry.number}: entries were removed")
        if entry.previous != previous:
            problems.append(f"entry {position} does not follow the one before it")
        if _digest(body, entry.previous) != entry.hash:
            problems.append(f"entry {position} was changed after it was written")
        previous = entry.hash
    return problems


def prune_audit(home: Path, before: str) -> int:
    """Return how many entries older than ``before`` (an ISO time) were removed.

    The chain stays verifiable: the first kept entry's link is saved as the log's new anchor.
    """
    entries = read_audit(home)
    kept = [e for e in entries if e.at >= before]
    removed = len(entries) - len(kept)
    if removed == 0:
        return 0
    folder = Path(home) / "audit"
    if kept:
        anchor = {"previous": kept[0].previous, "number": kept[0].number}
    else:
        anchor = {"previous": entries[-1].hash, "number": entries[-1].number + 1}
    _write_atomic(folder / "anchor.json", json.dumps(anchor))
    lines = "".join(json.dumps(e.__dict__, ensure_ascii=False, default=str) + "\n" for e in kept)
    _write_atomic(folder / "log.jsonl", lines)
    return removed


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def salted_id_hash(home: Path, identifier: str) -> str:
    """Return a salted hash of ``identifier``: the same id gives the same hash in one
    workspace, but the hash cannot be looked up without the workspace's secret salt."""
    salt = workspace_secret(Path(home) / "audit" / "salt")
    return hashlib.sha256(f"{salt}:{identifier}".encode()).hexdigest()[:16]
