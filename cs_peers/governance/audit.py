"""The audit log: who exported what, when, for whom — append-only and tamper-evident.

Entries are rows of the workspace database (:mod:`cs_peers.workspacedb`). Each carries the hash
of the entry before it and its own hash over its content and that link, keyed with the
workspace's secret (HMAC-SHA256): editing, removing or reordering any entry breaks the chain
from there on, which :func:`verify_audit` reports, and the chain cannot be recomputed by anyone
without the secret. (Entries moved in from an older workspace's ``audit/log.jsonl`` were
chained with plain SHA-256 and are checked as such.) Each entry is appended in one transaction
that reads the last hash and writes the next, so two commands at once never fork the chain.

Command lines are kept with every value that could identify a person replaced by
``[redacted]``: only option names and values known to be harmless (paths, formats, dates,
seeds) are kept. An erasure is logged with a salted hash of the id, never the id itself.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cs_peers.workspace import workspace_secret
from cs_peers.workspacedb.database import WorkspaceDatabase

if TYPE_CHECKING:
    # For the type only: a files-only command must not import the Neo4j driver (0.2 s).
    from cs_peers.graphdb.store import QueryRunner

__all__ = [
    "AUDIT_HEAD",
    "AuditEntry",
    "ExportCheck",
    "append_audit",
    "audit_secret",
    "audited_export",
    "check_export_against_log",
    "hash_ids_in",
    "prune_audit",
    "read_audit",
    "read_export_head",
    "redacted_command",
    "salted_id_hash",
    "verify_audit",
]

# The provenance key under which every export carries the entry it was logged under (its
# ``export-started`` entry: number and hash), so that a log cut or rewritten after it is found
# against the export (:func:`check_export_against_log`).
AUDIT_HEAD = "audit entry"
# How an export carries it, in any text format: "audit entry" (or audit_entry), a little
# punctuation or markup (a table cell, a JSON string), then the number and the 64 hex digits
# of the hash. GraphML names its attributes by key ids instead: see _graphml_head.
_HEAD = re.compile(r"audit[ _]entry(?:[\s:\"'=|]|</?[a-z]{1,6}>){1,12}?(\d+) ([0-9a-f]{64})\b")
_GRAPHML_KEY = re.compile(r'<key id="([^"]+)"[^>]*attr\.name="audit_entry"')

_GENESIS = "0" * 64
# Option values that never identify a person; every other value is redacted in the log.
HARMLESS_OPTIONS = frozenset(
    {
        "data", "out", "csv", "format", "output", "audience", "marking", "seed", "runs",
        "resolution", "as_of", "since", "until", "since_run", "workspace", "vocabulary",
        "mapping", "group", "docx", "pdf", "record", "neo4j", "reveal_names", "depth",
        "older_than", "status", "name", "list_templates", "context_window", "min_confidence",
        "max_length", "limit", "types", "through_contexts", "against", "since_meeting",
        "meeting",
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

    @property
    def head(self) -> str:
        """Return what an export made under this entry carries: its number and hash."""
        return f"{self.number} {self.hash}"


def audit_secret(home: Path) -> str:
    """Return the workspace's audit secret (made on first use; refused when empty or shared)."""
    return workspace_secret(Path(home) / "audit" / "salt")


def _digest(body: Mapping[str, Any], previous: str, key: str | None) -> str:
    canonical = json.dumps(dict(body), sort_keys=True, ensure_ascii=False, default=str)
    message = (previous + canonical).encode("utf-8")
    if key is None:  # entries chained before the log was keyed
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


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


def read_audit(database: WorkspaceDatabase) -> list[AuditEntry]:
    """Return every entry of the workspace's audit log, oldest first."""
    return [
        AuditEntry(
            number=int(row[0]),
            at=str(row[1]),
            user=str(row[2]),
            action=str(row[3]),
            command=str(row[4]),
            details=json.loads(row[5]),
            previous=str(row[6]),
            hash=str(row[7]),
        )
        for row in database.rows(
            "SELECT number, at, user, action, command, details, previous, hash "
            "FROM audit_entries ORDER BY number"
        )
    ]


def _anchor_mac(previous: str, number: int, key: str) -> str:
    return _digest({"anchor": number}, previous, key)


def _anchor(database: WorkspaceDatabase) -> tuple[str, int]:
    """Return the hash and number the log starts from (after pruning, its first kept entry).

    The anchor is keyed like the entries: one written without the secret (to hide deleted
    early entries) makes the log fail :func:`verify_audit`.
    """
    text = database.setting("audit_anchor")
    if not text:
        return _GENESIS, 1
    data = json.loads(text)
    previous, number = str(data["previous"]), int(data["number"])
    # An anchor without the right key is forged, unless moved in from an older workspace.
    forged = data.get("mac") != _anchor_mac(previous, number, audit_secret(database.home))
    if forged and number > _unkeyed_until(database) + 1:
        return "forged anchor", number
    return previous, number


def _unkeyed_until(database: WorkspaceDatabase) -> int:
    return int(database.setting("audit_unkeyed_until") or 0)


def append_audit(
    database: WorkspaceDatabase,
    action: str,
    command: str,
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Return the entry appended to the workspace's audit log for ``action``.

    Any id of a person this command read (:meth:`WorkspaceDatabase.note_people`) that appears
    in ``command`` or in the ``output`` of ``details`` is kept as its salted hash.

    Raises
    ------
    WorkspaceError
        If the entry cannot be kept (a full or read-only workspace): an export must then not
        be made, see :func:`audited_export`.
    """
    key = audit_secret(database.home)
    details = dict(details or {})
    if database.people_read:
        command = hash_ids_in(database.home, command, database.people_read)
        if isinstance(details.get("output"), str):
            details["output"] = hash_ids_in(database.home, details["output"], database.people_read)
    with database.transaction() as db:
        last = db.execute(
            "SELECT number, hash FROM audit_entries ORDER BY number DESC LIMIT 1"
        ).fetchone()
        start_hash, first = _anchor(database)
        previous = str(last[1]) if last else start_hash
        body: dict[str, Any] = {
            "number": int(last[0]) + 1 if last else first,
            # The real clock, never SOURCE_DATE_EPOCH: the log says when an export really happened.
            "at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "user": _user(),
            "action": action,
            "command": command,
            "details": json.loads(json.dumps(details, default=str)),
            "previous": previous,
        }
        entry = AuditEntry(**body, hash=_digest(body, previous, key))
        db.execute(
            "INSERT INTO audit_entries (number, at, user, action, command, details, previous, "
            "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.number,
                entry.at,
                entry.user,
                entry.action,
                entry.command,
                json.dumps(entry.details, ensure_ascii=False, sort_keys=True),
                entry.previous,
                entry.hash,
            ),
        )
    return entry


@contextmanager
def audited_export(
    database: WorkspaceDatabase,
    command: str,
    details: Mapping[str, Any],
    *,
    neo4j: QueryRunner | None = None,
) -> Iterator[AuditEntry]:
    """Log an export before it is made, then its outcome: yield the intent's entry.

    The ``export-started`` entry is written first; if it cannot be, nothing is exported (the
    error propagates before the caller writes a byte). Once the body of the ``with`` is done
    an ``export`` entry completes it; if the body fails, an ``export-failed`` entry says so and
    the error propagates. Every output written inside the ``with`` carries the intent's number
    and hash (:func:`cs_peers.outputs.folders.export_stamp`), so that a log cut or rewritten
    after it is found against the export (:func:`check_export_against_log`). With ``neo4j``
    (the database the export read from) the completed entry is copied there too.
    """
    from cs_peers.outputs.folders import export_stamp

    intent = append_audit(database, "export-started", command, details)
    try:
        with export_stamp({AUDIT_HEAD: intent.head}):
            yield intent
    except BaseException as exc:
        append_audit(
            database,
            "export-failed",
            command,
            {"started": intent.number, "error": type(exc).__name__},
        )
        raise
    done = append_audit(database, "export", command, {**details, "started": intent.number})
    if neo4j is not None:
        # The database the export read from keeps its own copy of who exported what.
        neo4j.run(
            "save_audit_entry",
            {
                "number": done.number,
                "hash": done.hash,
                "at": done.at,
                "entry": json.dumps(asdict(done), default=str),
            },
        )


def verify_audit(database: WorkspaceDatabase) -> list[str]:
    """Return what is wrong with the audit log's chain (empty when every entry is intact)."""
    problems = []
    previous, first = _anchor(database)
    if previous == "forged anchor":
        problems.append(
            f"the log's starting point (entry {first}) was not written by cs-peers: early "
            "entries were removed"
        )
    unkeyed = _unkeyed_until(database)
    key = audit_secret(database.home)
    for position, entry in enumerate(read_audit(database), start=first):
        body = {k: v for k, v in asdict(entry).items() if k != "hash"}
        if entry.number != position:
            problems.append(f"entry {position} is numbered {entry.number}: entries were removed")
        if entry.previous != previous:
            problems.append(f"entry {position} does not follow the one before it")
        if _digest(body, entry.previous, None if entry.number <= unkeyed else key) != entry.hash:
            problems.append(f"entry {position} was changed after it was written")
        previous = entry.hash
    return problems


def prune_audit(database: WorkspaceDatabase, before: str) -> int:
    """Return how many entries older than ``before`` (an ISO time) were removed.

    The chain stays verifiable: the first kept entry's link is kept as the log's new anchor.
    """
    with database.transaction() as db:
        rows = db.execute("SELECT number, at, previous, hash FROM audit_entries ORDER BY number")
        entries = list(rows)
        old = [e for e in entries if str(e[1]) < before]
        if not old:
            return 0
        kept = [e for e in entries if str(e[1]) >= before]
        previous, number = (
            (str(kept[0][2]), int(kept[0][0]))
            if kept
            else (str(entries[-1][3]), int(entries[-1][0]) + 1)
        )
        mac = _anchor_mac(previous, number, audit_secret(database.home))
        anchor = {"previous": previous, "number": number, "mac": mac}
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('audit_anchor', ?)",
            (json.dumps(anchor),),
        )
        db.executemany("DELETE FROM audit_entries WHERE number = ?", [(e[0],) for e in old])
    return len(old)


def salted_id_hash(home: Path, identifier: str) -> str:
    """Return a salted hash of ``identifier``: the same id gives the same hash in one
    workspace, but the hash cannot be looked up without the workspace's secret salt."""
    salt = audit_secret(home)
    return hashlib.sha256(f"{salt}:{identifier}".encode()).hexdigest()[:16]


def hash_ids_in(home: Path, text: str, ids: Iterable[str]) -> str:
    """Return ``text`` with each of ``ids`` in it replaced by ``[id HASH]``, its salted hash.

    An output path such as ``case-YP004`` names a person as surely as ``--person YP004``
    does: the log keeps the hash instead, like every other identifying value, so that the id
    can later be erased (``forget``). An id counts where no letter or digit touches it
    (``case-YP004``, ``YP004.html``), so ``YP0040`` does not hold ``YP004``.

    >>> import tempfile
    >>> home = Path(tempfile.mkdtemp())
    >>> hash_ids_in(home, "/tmp/case-YP004/", ["YP004", "YP0"]).startswith("/tmp/case-[id ")
    True
    """
    for identifier in sorted(_ids_in(text, ids), key=len, reverse=True):
        pattern = re.compile(r"(?<![^\W_])" + re.escape(identifier) + r"(?![^\W_])")
        text = pattern.sub(f"[id {salted_id_hash(home, identifier)}]", text)
    return text


def _ids_in(text: str, ids: Iterable[str]) -> set[str]:
    """Return the ``ids`` that stand in ``text`` with no letter or digit touching them.

    The pieces of ``text`` that could be such an id are few (a path, a command line), and a
    set answers for each at once: a million people cost no more than ten.
    """
    starts = [i for i in range(len(text)) if i == 0 or not text[i - 1].isalnum()]
    ends = [j for j in range(1, len(text) + 1) if j == len(text) or not text[j].isalnum()]
    known = ids if isinstance(ids, set | frozenset) else set(ids)
    if len(starts) * len(ends) > len(known):
        return {i for i in known if i and i in text}
    return {text[i:j] for i in starts for j in ends if j > i} & known


def read_export_head(path: Path) -> tuple[int, str] | None:
    """Return the audit entry (number, hash) an export carries, or None if it carries none.

    A folder carries it in its manifest (``.cs-peers-output``), else in one of its text files
    (an i2 export's README.txt); a file in its provenance or metadata.
    """
    from cs_peers.outputs.folders import MANIFEST

    path = Path(path)
    if path.is_dir():
        texts = (".html", ".txt", ".md", ".json")
        files = [path / MANIFEST, *sorted(p for p in path.rglob("*") if p.suffix in texts)]
    else:
        files = [path]
    for file in files:
        try:
            with open(file, encoding="utf-8", errors="replace") as handle:
                text = handle.read(8_000_000)
        except OSError:
            continue
        found = _HEAD.search(text)
        if found:
            return int(found.group(1)), found.group(2)
        key = _GRAPHML_KEY.search(text)
        if key:
            value = re.search(
                rf'<data key="{re.escape(key.group(1))}">(\d+) ([0-9a-f]{{64}})</data>', text
            )
            if value:
                return int(value.group(1)), value.group(2)
    return None


@dataclass(frozen=True)
class ExportCheck:
    """An export checked against the log: the entry it names, and what is wrong (if anything).

    ``pruned`` says the entry is older than the log's first kept entry (removed by ``prune``,
    which the keyed anchor vouches for): the export can then not be checked, but nothing is
    wrong.
    """

    path: str
    number: int
    hash: str
    problems: list[str]
    pruned: bool = False


def check_export_against_log(database: WorkspaceDatabase, path: Path) -> ExportCheck:
    """Return whether the log still holds, unchanged, the entry ``path`` was exported under.

    Entries removed from the end of the log, or a log rewritten since (even with its chain
    recomputed), are found this way: the export keeps the entry's number and hash.

    Raises
    ------
    UsageError
        If ``path`` carries no audit entry (not a cs-peers export, or one made before
        exports carried it).
    """
    from cs_peers.errors import UsageError

    head = read_export_head(path)
    if head is None:
        raise UsageError(
            f"{path} carries no cs-peers audit entry: give an export folder (pack, render, "
            "assess, export --format i2) or an exported file (export, ego/path/connect --out)"
        )
    number, digest = head
    entries = {e.number: e for e in read_audit(database)}
    _start, first = _anchor(database)
    last = max(entries, default=first - 1)
    problems = []
    if number < first:
        return ExportCheck(str(path), number, digest, [], pruned=True)
    if number not in entries:
        problems.append(
            f"{path} was exported under entry {number}, but the log ends at entry {last}: "
            "entries were removed from its end"
            if number > last
            else f"entry {number}, under which {path} was exported, is missing from the log"
        )
    elif entries[number].hash != digest or entries[number].action != "export-started":
        problems.append(
            f"entry {number} of the log is not the one {path} was exported under (its hash "
            "differs): the log was rewritten"
        )
    return ExportCheck(str(path), number, digest, problems)
