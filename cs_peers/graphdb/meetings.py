"""Meetings, reviews, actions and action events kept in Neo4j, for ``--neo4j``: the same
:class:`~cs_peers.analysis.reviews.records.MeetingLog` as the workspace's.

Reviews are ``(:GroupReview)`` nodes, action events ``(:ActionEvent)`` nodes — created and never
changed —, meetings ``(:Meeting)`` nodes, one per lineage and day. Ids come from counters in the
database (:func:`~cs_peers.graphdb.history.reserve_numbers`).
"""

from __future__ import annotations

import json
from dataclasses import asdict

from cs_peers.analysis.reviews.records import ActionEvent, Meeting, Review
from cs_peers.errors import ReviewError
from cs_peers.graphdb.history import reserve_numbers
from cs_peers.graphdb.runner import QueryRunner

__all__ = ["Neo4jMeetingLog"]


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
