"""Meetings, reviews, actions and action events kept in the workspace database: the
:class:`~cs_peers.analysis.reviews.records.MeetingLog` of commands that do not use Neo4j.

A review is stored as rows (the review, its people by role, its actions), so that erasing a
person removes exactly the rows that name them (:mod:`cs_peers.governance.erasure`).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from cs_peers.analysis.reviews.records import Action, ActionEvent, Meeting, Review
from cs_peers.errors import ReviewError
from cs_peers.workspacedb.database import WorkspaceDatabase

__all__ = ["ACTION_COUNTER", "REVIEW_COUNTER", "WorkspaceMeetingLog", "insert_review"]

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
                "SELECT how FROM meetings WHERE lineage = ? AND held_on = ?",
                (meeting.lineage, meeting.held_on),
            ).fetchone()
            if found is not None and (found[0] == "pack" and meeting.how != "pack"):
                # A review never replaces the run a meeting's own pack showed.
                row = db.execute(
                    "SELECT lineage, held_on, run_id, made_at, how FROM meetings "
                    "WHERE lineage = ? AND held_on = ?",
                    (meeting.lineage, meeting.held_on),
                ).fetchone()
                return Meeting(*map(str, row))
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
