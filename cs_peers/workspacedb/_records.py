"""What the workspace database keeps: runs, meetings, reviews, actions and their events.

Runs kept in the workspace database: the :class:`~cs_peers.analysis.history.RunHistory` of
every command that does not keep its records in Neo4j.

Meetings, reviews, actions and action events kept in the workspace database: the
:class:`~cs_peers.analysis.reviews.records.MeetingLog` of commands that do not use Neo4j.

A review is stored as rows (the review, its people by role, its actions), so that erasing a
person removes exactly the rows that name them (:mod:`cs_peers.governance.erasure`).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from cs_peers.analysis.history import MEMBERSHIP_COLUMNS, RunRecord
from cs_peers.analysis.reviews.records import Action, ActionEvent, Meeting, Review
from cs_peers.errors import ReviewError, RunNotFoundError
from cs_peers.workspacedb.database import WorkspaceDatabase

__all__ = [
    "ACTION_COUNTER",
    "REVIEW_COUNTER",
    "WorkspaceMeetingLog",
    "WorkspaceRunHistory",
    "insert_review",
]


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
        chunks = self.database.row_chunks(
            "SELECT group_id, person_id, confidence, bridge_to FROM memberships "
            "WHERE run_id = ? ORDER BY rowid",
            (run_id,),
            size=_CHUNK,
        )
        # Each chunk becomes columns at once, so only one chunk is ever Python objects.
        parts = [_membership_frame(chunk) for chunk in chunks]
        frame = pd.concat(parts, ignore_index=True) if parts else _membership_frame([])
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
        db.executemany(
            "INSERT INTO memberships (run_id, group_id, person_id, confidence, bridge_to) "
            "VALUES (?, ?, ?, ?, ?)",
            _membership_rows(record.run_id, record.memberships),
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


# Membership rows made into Python values (to insert) or read back this many at a time:
# iterating the Series themselves costs more than the inserts, and a million rows of Python
# strings at once would cost 200 MB.
_CHUNK = 50_000


def _membership_frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """Return kept membership rows as a frame: texts, and the confidence as a float."""
    frame = pd.DataFrame(rows, columns=MEMBERSHIP_COLUMNS)
    frame = frame.astype({"group_id": str, "person_id": str, "bridge_to": str})
    return frame.astype({"confidence": float})


def _membership_rows(run_id: str, m: pd.DataFrame) -> Iterator[tuple[str, str, str, float, str]]:
    """Yield the rows of ``memberships`` to insert, in order."""
    for start in range(0, len(m), _CHUNK):
        part = m.iloc[start : start + _CHUNK]
        yield from zip(
            itertools.repeat(run_id),
            part["group_id"].astype(str).tolist(),
            part["person_id"].astype(str).tolist(),
            part["confidence"].astype(float).tolist(),
            part["bridge_to"].astype(str).tolist(),
        )


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


REVIEW_COUNTER = "review"
ACTION_COUNTER = "action"
_ROLES = ("member", "remove", "add")


def review_id(number: int) -> str:
    """Return the id of the ``number``-th review: ``RV-00001``…"""
    return f"RV-{number:05d}"


def action_id(number: int) -> str:
    """Return the id of the ``number``-th action: ``AC-0001``…"""
    return f"AC-{number:04d}"


def insert_review(db: sqlite3.Connection, review: Review) -> None:
    """Insert one review as rows, inside the caller's transaction (ids already given)."""
    (position,) = db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM reviews").fetchone()
    db.execute(
        "INSERT INTO reviews (review_id, position, group_id, lineage, run_id, status, decided_on, "
        "recorded_at, decided_by, note, review_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            review.review_id,
            position,
            review.group_id,
            review.lineage,
            review.run_id,
            review.status,
            review.decided_on,
            review.recorded_at,
            review.by,
            review.note,
            review.review_date,
        ),
    )
    people = {"member": review.members, "remove": review.remove, "add": review.add}
    db.executemany(
        "INSERT INTO review_people (review_id, role, position, person_id) VALUES (?, ?, ?, ?)",
        [
            (review.review_id, role, i, person)
            for role in _ROLES
            for i, person in enumerate(people[role])
        ],
    )
    db.executemany(
        "INSERT INTO actions (action_id, review_id, position, text, owner, due) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (a.action_id, review.review_id, i, a.text, a.owner, a.due)
            for i, a in enumerate(review.actions)
        ],
    )


class WorkspaceMeetingLog:
    """What meetings decided, as rows of the workspace database; only ever appended to."""

    def __init__(self, database: WorkspaceDatabase) -> None:
        self.database = database

    def list_reviews(self) -> list[Review]:
        """Return every review, in the order they were kept."""
        people: dict[str, dict[str, list[str]]] = {}
        for rid, role, person in self.database.rows(
            "SELECT review_id, role, person_id FROM review_people "
            "ORDER BY review_id, role, position"
        ):
            people.setdefault(str(rid), {}).setdefault(str(role), []).append(str(person))
        actions: dict[str, list[Action]] = {}
        for rid, aid, text, owner, due in self.database.rows(
            "SELECT review_id, action_id, text, owner, due FROM actions "
            "ORDER BY review_id, position"
        ):
            actions.setdefault(str(rid), []).append(Action(text, owner, due, action_id=aid))
        reviews = []
        for row in self.database.rows(
            "SELECT review_id, group_id, lineage, run_id, status, decided_on, recorded_at, "
            "decided_by, note, review_date FROM reviews ORDER BY position"
        ):
            rid = str(row[0])
            of = people.get(rid, {})
            reviews.append(
                Review(
                    review_id=rid,
                    group_id=row[1],
                    lineage=row[2],
                    run_id=row[3],
                    status=row[4],
                    decided_on=row[5],
                    recorded_at=row[6],
                    by=row[7],
                    note=row[8],
                    review_date=row[9],
                    remove=tuple(of.get("remove", ())),
                    add=tuple(of.get("add", ())),
                    members=tuple(of.get("member", ())),
                    actions=tuple(actions.get(rid, ())),
                )
            )
        return reviews

    def append(self, review: Review) -> Review:
        """Return the review as kept, with the ids the database gave it and its actions."""
        with self.database.transaction() as db:
            number = self.database.allocate(db, REVIEW_COUNTER)
            first = self.database.allocate(db, ACTION_COUNTER, len(review.actions))
            kept = review.with_ids(
                review_id(number), [action_id(first + i) for i in range(len(review.actions))]
            )
            insert_review(db, kept)
        return kept

    def list_meetings(self) -> list[Meeting]:
        """Return every meeting, by lineage and day."""
        return [
            Meeting(*map(str, row))
            for row in self.database.rows(
                "SELECT lineage, held_on, run_id, made_at, how FROM meetings "
                "ORDER BY lineage, held_on"
            )
        ]

    def keep_meeting(self, meeting: Meeting) -> Meeting:
        """Return the meeting as kept: a pack made for a day replaces that day's run."""
        with self.database.transaction() as db:
            found = db.execute(
                "SELECT lineage, held_on, run_id, made_at, how FROM meetings "
                "WHERE lineage = ? AND held_on = ?",
                (meeting.lineage, meeting.held_on),
            ).fetchone()
            if found is not None and found[4] == "pack" and meeting.how != "pack":
                # A review never replaces the run a meeting's own pack showed.
                return Meeting(*map(str, found))
            db.execute(
                "INSERT OR REPLACE INTO meetings (lineage, held_on, run_id, made_at, how) "
                "VALUES (?, ?, ?, ?, ?)",
                (meeting.lineage, meeting.held_on, meeting.run_id, meeting.made_at, meeting.how),
            )
        return meeting

    def list_action_events(self) -> list[ActionEvent]:
        """Return every action event, in the order they were kept."""
        return [
            ActionEvent(
                action_id=row[0],
                kind=row[1],
                outcome=row[2],
                owner=row[3],
                by=row[4],
                decided_on=row[5],
                note=row[6],
                recorded_at=row[7],
            )
            for row in self.database.rows(
                "SELECT action_id, kind, outcome, owner, decided_by, decided_on, note, "
                "recorded_at FROM action_events ORDER BY event_id"
            )
        ]

    def append_action_event(self, event: ActionEvent) -> ActionEvent:
        """Return the event as kept; an unknown action is refused."""
        with self.database.transaction() as db:
            known = db.execute(
                "SELECT 1 FROM actions WHERE action_id = ?", (event.action_id,)
            ).fetchone()
            if known is None:
                raise ReviewError(f"no action {event.action_id!r}; see `cs-peers actions`")
            db.execute(
                "INSERT INTO action_events (action_id, kind, outcome, owner, decided_by, "
                "decided_on, note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                _event_row(event),
            )
        return event


def _event_row(event: ActionEvent) -> tuple[Any, ...]:
    return (
        event.action_id,
        event.kind,
        event.outcome,
        event.owner,
        event.by,
        event.decided_on,
        event.note,
        event.recorded_at,
    )
