"""The workspace database: one SQLite file that keeps everything cs-peers remembers.

Runs and their memberships, dataset lineages, meetings, reviews, actions and their life, the
audit log and the erasure log live in ``WORKSPACE/workspace.sqlite3``: the standard library's
``sqlite3``, in WAL mode, with foreign keys and ``secure_delete`` on (deleted values are
overwritten, not left in free pages), and every read-modify-write in one ``BEGIN IMMEDIATE``
transaction. So two analysts at once, a killed command or a full disk leave it consistent and
lose no decision, and ids come from the database (:meth:`WorkspaceDatabase.allocate`), never
from counting files.

Errors of SQLite and of the file system become :class:`~cs_peers.errors.WorkspaceError`
naming the file and what to do.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cs_peers.errors import WorkspaceError

__all__ = ["DATABASE_NAME", "SCHEMA_VERSION", "WorkspaceDatabase", "check_private_folder"]

DATABASE_NAME = "workspace.sqlite3"
SCHEMA_VERSION = 1
# How long a command waits for another one holding the database before it gives up.
BUSY_SECONDS = 60.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'exploratory' CHECK (kind IN ('exploratory', 'pack')),
    store TEXT NOT NULL,
    source TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    selection TEXT NOT NULL,
    recorded_until TEXT NOT NULL,
    parameters TEXT NOT NULL,
    next_number INTEGER NOT NULL,
    lineage TEXT NOT NULL,
    matched_run TEXT NOT NULL,
    people_sketch TEXT NOT NULL,
    -- When the run was really kept (the real clock, never SOURCE_DATE_EPOCH): retention.
    kept_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS run_events (
    run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    group_id TEXT NOT NULL,
    related TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
);
CREATE TABLE IF NOT EXISTS memberships (
    run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    group_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    confidence REAL NOT NULL,
    bridge_to TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS memberships_of_run ON memberships (run_id);
CREATE TABLE IF NOT EXISTS meetings (
    lineage TEXT NOT NULL,
    held_on TEXT NOT NULL,
    run_id TEXT NOT NULL,
    made_at TEXT NOT NULL,
    how TEXT NOT NULL,
    PRIMARY KEY (lineage, held_on)
);
CREATE TABLE IF NOT EXISTS reviews (
    review_id TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    group_id TEXT NOT NULL,
    lineage TEXT NOT NULL,
    run_id TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    note TEXT NOT NULL,
    review_date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS review_people (
    review_id TEXT NOT NULL REFERENCES reviews (review_id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('member', 'remove', 'add')),
    position INTEGER NOT NULL,
    person_id TEXT NOT NULL,
    PRIMARY KEY (review_id, role, position)
);
CREATE TABLE IF NOT EXISTS actions (
    action_id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES reviews (review_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    due TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS action_events (
    event_id INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id TEXT NOT NULL REFERENCES actions (action_id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('closed', 'reassigned')),
    outcome TEXT NOT NULL,
    owner TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_entries (
    number INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    command TEXT NOT NULL,
    details TEXT NOT NULL,
    previous TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS erasures (
    erasure_id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    id_hashes TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    report TEXT NOT NULL
);
"""


def check_private_folder(folder: Path) -> None:
    """Refuse a workspace folder that another user owns or that others may write to.

    Records about children are kept there, and a key planted by someone else would let them
    read every pseudonym, so the folder must be its user's alone.

    Raises
    ------
    WorkspaceError
        If the folder belongs to another user or is writable by its group or by others.
    """
    try:
        info = folder.stat()
    except OSError as exc:
        raise WorkspaceError(f"the workspace {folder} cannot be read ({exc.strerror})") from exc
    uid = os.getuid() if hasattr(os, "getuid") else info.st_uid
    if info.st_uid != uid:
        raise WorkspaceError(
            f"the workspace {folder} belongs to another user (uid {info.st_uid}); use a "
            "workspace of your own (--workspace or CS_PEERS_HOME)"
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise WorkspaceError(
            f"the workspace {folder} can be written by other users (mode "
            f"{stat.S_IMODE(info.st_mode):o}); make it private with `chmod 700 {folder}`"
        )


def _nearly_full(folder: Path) -> bool:
    """Return whether the disk of ``folder`` has less than a megabyte left."""
    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False


def _writable(folder: Path) -> bool:
    """Return whether files can be made in ``folder`` (not a read-only mount, not forbidden)."""
    try:
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): ask access() alone
        read_only = False
    return not read_only and os.access(folder, os.W_OK)


class WorkspaceDatabase:
    """The open workspace database of one command: one connection, closed by :meth:`close`.

    Use it as a context manager. Reads run as they are; writes go through
    :meth:`transaction`, which holds SQLite's write lock from its first statement, so a
    read-modify-write (the next id, the last audit hash) is never interleaved with another
    command's.
    """

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.path = self.home / DATABASE_NAME
        # Ids of the people this command has read (see :meth:`note_people`).
        self.people_read: set[str] = set()
        try:
            self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise WorkspaceError(
                f"the workspace {self.home} cannot be made ({exc.strerror})"
            ) from exc
        check_private_folder(self.home)
        try:
            # Made owner-only before SQLite writes a byte into it (unless kept from before, or
            # made by another command a moment ago).
            with contextlib.suppress(FileExistsError):
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            self._db = sqlite3.connect(
                self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA secure_delete=ON")
            self._db.execute("PRAGMA synchronous=FULL")
            # Made once: a workspace that has its schema is only read here, so that opening it
            # never waits for another command's write.
            if not self._has_schema():
                # Each statement is idempotent and kept on its own (executescript commits).
                self._db.executescript(_SCHEMA)
                self._db.execute(
                    "INSERT OR IGNORE INTO settings (key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
        except (sqlite3.Error, OSError) as exc:
            raise self.failure("cannot be opened", exc) from exc
        version = int(self.setting("schema_version") or SCHEMA_VERSION)
        if version > SCHEMA_VERSION:
            self.close()
            raise WorkspaceError(
                f"{self.path} was written by a newer cs-peers (schema {version}); upgrade "
                "cs-peers to use this workspace"
            )

    def _has_schema(self) -> bool:
        """Return whether this version's schema is already in the file."""
        tables = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'"
        ).fetchone()
        if tables is None:
            return False
        found = self._db.execute(
            "SELECT value FROM settings WHERE key = 'schema_version'"
        ).fetchone()
        return found is not None and int(found[0]) >= SCHEMA_VERSION

    def __enter__(self) -> WorkspaceDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def note_people(self, ids: Iterable[str]) -> None:
        """Remember the ids of people this command read: wherever one of them appears in an
        audit entry this command writes (an output path, a command line), the log keeps its
        salted hash instead (:func:`cs_peers.governance.audit.append_audit`)."""
        self.people_read.update(str(i) for i in ids)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()
            self._db = None  # type: ignore[assignment]

    def failure(self, what: str, exc: BaseException) -> WorkspaceError:
        """Return the error a failed database operation becomes, naming the file and the cause."""
        text = str(exc)
        if isinstance(exc, OSError) and exc.strerror:
            text = exc.strerror
        if "full" in text.lower() or ("i/o" in text.lower() and _nearly_full(self.home)):
            # A disk found full while SQLite opens its write-ahead log is an "I/O error".
            hint = "the disk is full: free some disk space and run the command again"
        elif (
            "readonly" in text.lower().replace("-", "")
            or "permission" in text.lower()
            or ("unable to open" in text.lower() and not _writable(self.home))
        ):
            hint = (
                "the workspace folder or its database cannot be written here (a read-only "
                "disk or folder); use a workspace you can write (--workspace or CS_PEERS_HOME)"
            )
        elif "locked" in text.lower() or "busy" in text.lower():
            hint = f"another cs-peers command held it for over {BUSY_SECONDS:.0f} s; try again"
        elif "malformed" in text.lower() or "not a database" in text.lower():
            hint = "the file is damaged; restore it from a backup (`cs-peers workspace export` "
            hint += "writes one as files)"
        else:
            hint = "nothing was half-kept"
        return WorkspaceError(f"the workspace database {self.path} {what}: {text} ({hint})")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Yield the connection inside one write transaction: all of it is kept, or none."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self.failure("cannot be written", exc) from exc
        try:
            yield self._db
        except sqlite3.Error as exc:
            # A damaged page, a full disk met mid-transaction: SQLite's own words, named.
            self._rollback()
            raise self.failure("cannot be written", exc) from exc
        except BaseException:
            self._rollback()
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise self.failure("cannot be written", exc) from exc

    def _rollback(self) -> None:
        # SQLite may have rolled back already (a full disk does): nothing is kept either way.
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("ROLLBACK")

    def write(self, sql: str, rows: Sequence[Sequence[Any]] = ()) -> None:
        """Run one statement (for each of ``rows``) in a transaction of its own."""
        with self.transaction() as db:
            if rows:
                db.executemany(sql, rows)
            else:
                db.execute(sql)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Return the rows of one query."""
        try:
            return list(self._db.execute(sql, params))
        except sqlite3.Error as exc:
            raise self.failure("cannot be read", exc) from exc

    def row_chunks(
        self, sql: str, params: Sequence[Any] = (), size: int = 50_000
    ) -> Iterator[list[tuple[Any, ...]]]:
        """Yield the rows of one query, ``size`` at a time (a million rows as Python tuples at
        once would cost hundreds of MB)."""
        try:
            cursor = self._db.execute(sql, params)
            while chunk := cursor.fetchmany(size):
                yield chunk
        except sqlite3.Error as exc:
            raise self.failure("cannot be read", exc) from exc

    def setting(self, key: str) -> str | None:
        """Return one value of the settings table (None when unset)."""
        found = self.rows("SELECT value FROM settings WHERE key = ?", (key,))
        return str(found[0][0]) if found else None

    def compact(self) -> None:
        """Fold the WAL into the file and rebuild it, so no page keeps a deleted value."""
        try:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise self.failure("cannot be compacted", exc) from exc

    def allocate(self, db: sqlite3.Connection, name: str, count: int = 1, *, start: int = 1) -> int:
        """Return the first of ``count`` numbers of the counter ``name``, inside a transaction.

        Numbers are never handed out twice, even after what used them was pruned: two
        commands at once get different ones.
        """
        db.execute("INSERT OR IGNORE INTO counters (name, value) VALUES (?, ?)", (name, start))
        (first,) = db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        db.execute("UPDATE counters SET value = ? WHERE name = ?", (int(first) + count, name))
        return int(first)

    def claim(self, db: sqlite3.Connection, name: str, first: int, after: int) -> None:
        """Take the numbers ``first``..``after - 1`` of counter ``name``, inside a transaction.

        Raises
        ------
        WorkspaceError
            If another command took any of them since they were chosen (see
            :meth:`cs_peers.analysis.history.RunHistory.save`); the transaction then keeps
            nothing.
        """
        found = db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        current = int(found[0]) if found else 1
        if current > first:
            raise WorkspaceError(
                f"another cs-peers command kept new {name} numbers in this workspace while this "
                f"one ran ({name} {first} is taken): run this command again, so that every id "
                "names one thing; nothing of this run was kept"
            )
        db.execute(
            "INSERT INTO counters (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (name, after),
        )

    def raise_counter(self, db: sqlite3.Connection, name: str, at_least: int) -> None:
        """Make sure the counter ``name`` hands out nothing below ``at_least`` (migration)."""
        db.execute("INSERT OR IGNORE INTO counters (name, value) VALUES (?, ?)", (name, at_least))
        db.execute(
            "UPDATE counters SET value = MAX(value, ?) WHERE name = ?", (int(at_least), name)
        )
