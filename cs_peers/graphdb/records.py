"""What cs-peers keeps in Neo4j, for ``--neo4j``: runs, meetings, reviews, actions and their events.

Runs kept in Neo4j, for ``--neo4j``: the same :class:`~cs_peers.analysis.history.RunHistory`
as the workspace's, stored as ``(:GroupRun)`` nodes.

The groups of a run are written back to the graph by
:class:`~cs_peers.graphdb.source.Neo4jGroupsWriter`.

Meetings, reviews, actions and action events kept in Neo4j, for ``--neo4j``: the same
:class:`~cs_peers.analysis.reviews.records.MeetingLog` as the workspace's.

Reviews are ``(:GroupReview)`` nodes, action events ``(:ActionEvent)`` nodes — created and never
changed —, meetings ``(:Meeting)`` nodes, one per lineage and day. Ids come from counters in the
database (:func:`~cs_peers.graphdb.records.reserve_numbers`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, replace

from cs_peers.analysis.history import RunRecord, memberships_from_csv, memberships_to_csv
from cs_peers.analysis.reviews.records import ActionEvent, Meeting, Review
from cs_peers.errors import ReviewError, RunNotFoundError, WorkspaceError
from cs_peers.graphdb.store import QueryRunner

__all__ = ["Neo4jMeetingLog", "Neo4jRunHistory", "reserve_numbers"]


def reserve_numbers(runner: QueryRunner, counter: str, count: int, at_least: int = 1) -> int:
    """Return the first of ``count`` numbers of ``counter`` never handed out in this database."""
    runner.run("schema_counter_name", {})
    rows = runner.run(
        "reserve_numbers", {"counter": counter, "count": count, "at_least": max(at_least, 1)}
    )
    return int(rows["first"].iloc[0])


class Neo4jRunHistory:
    """Runs kept as ``(:GroupRun {id, created_at, meta, memberships})`` nodes, through the
    command's one connection (``runner``)."""

    def __init__(self, runner: QueryRunner) -> None:
        self.runner = runner

    def list_runs(self) -> list[RunRecord]:
        """Return every run kept in the database, oldest first, without memberships."""
        rows = self.runner.run("list_runs", {})
        return [_record(str(meta), "") for meta in rows.get("meta", [])]

    def get(self, run_id: str) -> RunRecord:
        """Return one run with its memberships."""
        rows = self.runner.run("get_run", {"run_id": run_id})
        if rows.empty:
            known = ", ".join(r.run_id for r in self.list_runs()[-5:]) or "none yet"
            raise RunNotFoundError(f"no run {run_id!r} in Neo4j (latest: {known})")
        return _record(str(rows["meta"].iloc[0]), str(rows["memberships"].iloc[0]))

    def save(self, record: RunRecord, *, claims: Mapping[str, tuple[int, int]] = {}) -> None:
        """Take the run's numbers, then keep it (one statement: whole or not at all)."""
        if claims:
            self.runner.run("schema_counter_name", {})
        for counter, (first, after) in sorted(claims.items()):
            rows = self.runner.run(
                "claim_numbers", {"counter": counter, "first": first, "after": after}
            )
            if not bool(rows["free"].iloc[0]):
                raise WorkspaceError(
                    f"another cs-peers command kept new {counter} numbers in Neo4j while this "
                    f"one ran ({counter} {first} is taken): run this command again, so that "
                    "every id names one thing; nothing of this run was kept"
                )
        self.runner.run(
            "save_run",
            {
                "run_id": record.run_id,
                "created_at": record.created_at,
                "meta": json.dumps(record.meta()),
                "memberships": memberships_to_csv(record.memberships),
            },
        )

    def peek(self, counter: str) -> int:
        """Return the next number of ``counter`` no kept run has used."""
        return int(self.runner.run("peek_counter", {"counter": counter})["next"].iloc[0])

    def mark_pack(self, run_id: str) -> None:
        """Record that a pack was made from the run ``run_id``."""
        run = self.get(run_id)
        if run.kind != "pack":
            self.save(replace(run, kind="pack"))


def _record(meta: str, memberships: str) -> RunRecord:
    data = json.loads(meta)
    members = memberships_from_csv(memberships) if memberships else memberships_from_csv("")
    return RunRecord(**data, memberships=members)


class Neo4jMeetingLog:
    """What meetings decided, as nodes of the command's Neo4j (``runner``)."""

    def __init__(self, runner: QueryRunner) -> None:
        self.runner = runner

    def list_reviews(self) -> list[Review]:
        """Return every review kept in the database, in the order they were kept."""
        rows = self.runner.run("list_reviews", {})
        return [Review.from_json(str(text)) for text in rows.get("review", [])]

    def append(self, review: Review) -> Review:
        """Return the review as kept, with ids from the database's counters."""
        # At least one past the reviews kept before ids came from a counter.
        number = reserve_numbers(self.runner, "review", 1, len(self.list_reviews()) + 1)
        first = reserve_numbers(self.runner, "action", len(review.actions))
        kept = review.with_ids(
            f"RV-{number:05d}", [f"AC-{first + i:04d}" for i in range(len(review.actions))]
        )
        self.runner.run(
            "save_review",
            {
                "review_id": kept.review_id,
                "group_id": kept.group_id,
                "recorded_at": kept.recorded_at,
                "review": kept.to_json(),
            },
        )
        return kept

    def list_meetings(self) -> list[Meeting]:
        """Return every meeting kept in the database, by lineage and day."""
        rows = self.runner.run("list_meetings", {})
        return [Meeting(*map(str, row)) for row in rows.itertuples(index=False)]

    def keep_meeting(self, meeting: Meeting) -> Meeting:
        """Return the meeting as kept (a pack for the day replaces a review's record of it)."""
        rows = self.runner.run("save_meeting", asdict(meeting))
        return Meeting(*map(str, next(rows.itertuples(index=False))))

    def list_action_events(self) -> list[ActionEvent]:
        """Return every action event, in the order they were kept."""
        rows = self.runner.run("list_action_events", {})
        return [ActionEvent(**json.loads(str(text))) for text in rows.get("event", [])]

    def append_action_event(self, event: ActionEvent) -> ActionEvent:
        """Return the event as kept; an action no review agreed is refused."""
        known = {a.action_id for r in self.list_reviews() for a in r.actions}
        if event.action_id not in known:
            raise ReviewError(f"no action {event.action_id!r}; see `cs-peers actions`")
        number = reserve_numbers(self.runner, "action_event", 1)
        self.runner.run(
            "save_action_event",
            {"number": number, "action_id": event.action_id, "event": json.dumps(asdict(event))},
        )
        return event
