"""Runs kept in the workspace database: the :class:`~cs_peers.analysis.history.RunHistory` of
every command that does not keep its records in Neo4j."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from cs_peers.analysis.history import MEMBERSHIP_COLUMNS, RunRecord
from cs_peers.errors import RunNotFoundError
from cs_peers.workspacedb.database import WorkspaceDatabase

__all__ = ["WorkspaceRunHistory"]

_RUN_COLUMNS = (
    "run_id, created_at, kind, store, source, fingerprint, selection, recorded_until, "
    "parameters, next_number, lineage, matched_run, people_sketch"
)


class WorkspaceRunHistory:
    """Runs as rows of ``runs``, ``run_events`` and ``memberships``, each run kept whole."""

    def __init__(self, database: WorkspaceDatabase) -> None:
        self.database = database

    def list_runs(self) -> list[RunRecord]:
        """Return every run, oldest first, without memberships."""
        rows = self.database.rows(f"SELECT {_RUN_COLUMNS} FROM runs ORDER BY position")
        events = self._events()
        return [_record(row, events.get(str(row[0]), []), _no_members()) for row in rows]

    def get(self, run_id: str) -> RunRecord:
        """Return one run with its memberships."""
        rows = self.database.rows(f"SELECT {_RUN_COLUMNS} FROM runs WHERE run_id = ?", (run_id,))
        if not rows:
            latest = self.database.rows("SELECT run_id FROM runs ORDER BY position DESC LIMIT 5")
            known = ", ".join(str(r[0]) for r in reversed(latest)) or "none yet"
            raise RunNotFoundError(
                f"no run {run_id!r} in the workspace {self.database.home} (latest: {known}); "
                "see `cs-peers runs`"
            )
        members = self.database.rows(
            "SELECT group_id, person_id, confidence, bridge_to FROM memberships "
            "WHERE run_id = ? ORDER BY rowid",
            (run_id,),
        )
        frame = pd.DataFrame(members, columns=MEMBERSHIP_COLUMNS)
        frame = frame.astype({"group_id": str, "person_id": str, "bridge_to": str})
        frame = frame.astype({"confidence": float})
        return _record(rows[0], self._events(run_id).get(run_id, []), frame)

    def save(self, record: RunRecord, *, claims: Mapping[str, tuple[int, int]] = {}) -> None:
        """Keep a run, its events and memberships, and take its numbers, in one transaction."""
        with self.database.transaction() as db:
            for counter, (first, after) in sorted(claims.items()):
                self.database.claim(db, counter, first, after)
            self._insert(db, record)

    def _insert(self, db: sqlite3.Connection, record: RunRecord, kept_at: str = "") -> None:
        (position,) = db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM runs").fetchone()
        db.execute(
            f"INSERT INTO runs ({_RUN_COLUMNS}, position, kept_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.run_id,
                record.created_at,
                record.kind,
                record.store,
                record.source,
                record.fingerprint,
                record.selection,
                record.recorded_until,
                json.dumps(record.parameters, sort_keys=True),
                record.next_number,
                record.lineage,
                record.matched_run,
                json.dumps(record.people_sketch),
                position,
                kept_at or datetime.now(UTC).replace(microsecond=0).isoformat(),
            ),
        )
        db.executemany(
            "INSERT INTO run_events (run_id, position, kind, group_id, related, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    record.run_id,
                    i,
                    e["kind"],
                    e["group_id"],
                    json.dumps(list(e.get("related", ()))),
                    e.get("detail", ""),
                )
                for i, e in enumerate(record.events)
            ],
        )
        m = record.memberships
        db.executemany(
            "INSERT INTO memberships (run_id, group_id, person_id, confidence, bridge_to) "
            "VALUES (?, ?, ?, ?, ?)",
            zip(
                [record.run_id] * len(m),
                m["group_id"].astype(str),
                m["person_id"].astype(str),
                m["confidence"].astype(float),
                m["bridge_to"].astype(str),
                strict=True,
            ),
        )

    def peek(self, counter: str) -> int:
        """Return the next number of ``counter`` no kept run has used."""
        found = self.database.rows("SELECT value FROM counters WHERE name = ?", (counter,))
        return int(found[0][0]) if found else 1

    def mark_pack(self, run_id: str) -> None:
        """Record that a pack was made from the run ``run_id``."""
        with self.database.transaction() as db:
            db.execute("UPDATE runs SET kind = 'pack' WHERE run_id = ?", (run_id,))

    def _events(self, run_id: str | None = None) -> dict[str, list[dict[str, Any]]]:
        sql = "SELECT run_id, kind, group_id, related, detail FROM run_events"
        rows = self.database.rows(
            sql + (" WHERE run_id = ?" if run_id else "") + " ORDER BY run_id, position",
            (run_id,) if run_id else (),
        )
        events: dict[str, list[dict[str, Any]]] = {}
        for rid, kind, group_id, related, detail in rows:
            events.setdefault(str(rid), []).append(
                {
                    "kind": kind,
                    "group_id": group_id,
                    "related": json.loads(related),
                    "detail": detail,
                }
            )
        return events


def _no_members() -> pd.DataFrame:
    return pd.DataFrame(columns=MEMBERSHIP_COLUMNS)


def _record(row: tuple[Any, ...], events: list[dict[str, Any]], members: pd.DataFrame) -> RunRecord:
    (run_id, created_at, kind, store, source, fingerprint, selection, recorded_until, parameters,
     next_number, lineage, matched_run, sketch) = row  # fmt: skip
    return RunRecord(
        run_id=str(run_id),
        created_at=str(created_at),
        store=str(store),
        source=str(source),
        fingerprint=str(fingerprint),
        selection=str(selection),
        recorded_until=str(recorded_until),
        parameters=json.loads(parameters),
        events=events,
        next_number=int(next_number),
        memberships=members,
        lineage=str(lineage),
        matched_run=str(matched_run),
        people_sketch=[int(h) for h in json.loads(sketch)],
        kind=str(kind),
    )
