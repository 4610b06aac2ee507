"""What meetings decide, kept and never overwritten: meetings, reviews, actions and their life.

A :class:`Meeting` is one strategy / MACE / context meeting of a dataset lineage on one day,
with the run its pack showed. A :class:`Review` says that on a day someone (``by``) decided a
group's status — ``confirmed``, ``not-a-group`` or ``needs-review`` —, perhaps took young people
out of it or put them in, agreed :class:`Action` s with owners and due dates, and set the next
review date; a review belongs to the meeting of its day. An action lives on through
:class:`ActionEvent` s: it is closed (``done`` or ``dropped``) or passed to another owner.

Everything is appended to a :class:`MeetingLog` (the workspace database,
:mod:`cs_peers.workspacedb`, or Neo4j, :mod:`cs_peers.graphdb.records`) and never changed: a
later decision is a new record, and the latest one of a group is the one that applies. Ids
(``RV-00001``, ``AC-0001``) come from the log, never from counting what it holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from cs_peers.errors import ReviewError

__all__ = [
    "ACTION_OUTCOMES",
    "STATUSES",
    "Action",
    "ActionEvent",
    "Meeting",
    "MeetingLog",
    "Review",
    "check_day",
    "latest_reviews",
]

STATUSES = ("confirmed", "not-a-group", "needs-review")
ACTION_OUTCOMES = ("done", "dropped")


def check_day(value: str, parameter: str) -> str:
    """Return ``value`` if it is an ISO day (YYYY-MM-DD), else raise ReviewError about
    ``parameter``.

    >>> check_day("2026-12-01", "due")
    '2026-12-01'
    """
    try:
        return date.fromisoformat(value).isoformat() if len(value) == 10 else _bad(value, parameter)
    except ValueError:
        return _bad(value, parameter)


def _bad(value: str, parameter: str) -> str:
    raise ReviewError(
        f"{parameter} {value!r} is not a date in the form YYYY-MM-DD (e.g. 2026-12-01)",
        parameter=parameter,
    )


@dataclass(frozen=True)
class Action:
    """One agreed action: what, who owns it, by when (ISO day); ``action_id`` once kept."""

    text: str
    owner: str
    due: str
    action_id: str = ""

    def describe(self) -> str:
        """Return the action as one line: its id, what, who, by when."""
        name = f"action {self.action_id}" if self.action_id else "action"
        return f"{name}: {self.text} — {self.owner}, due {self.due}"


@dataclass(frozen=True)
class ActionEvent:
    """What happened to an action after it was agreed: ``closed`` or ``reassigned``.

    A closing event has an ``outcome`` (``done`` or ``dropped``); a reassignment the new
    ``owner``. ``decided_on`` is the day it happened, ``recorded_at`` when it was kept (UTC).
    """

    action_id: str
    kind: str
    by: str
    decided_on: str
    recorded_at: str
    outcome: str = ""
    owner: str = ""
    note: str = ""


@dataclass(frozen=True)
class Meeting:
    """One meeting of a dataset lineage: its day, the run its pack showed, and how it was kept.

    ``how`` is ``pack`` when ``cs-peers pack --meeting`` made the meeting's pack, or ``review``
    when a review recorded with ``--on`` that day was the first record of it (its run is then
    the run the review was about).
    """

    lineage: str
    held_on: str
    run_id: str
    made_at: str
    how: str = "pack"


@dataclass(frozen=True)
class Review:
    """One meeting decision about one group, as kept.

    ``members`` are the group's members in ``run_id`` when it was reviewed (a not-a-group
    decision stands while they and their records stay as they were); ``decided_on`` is the
    meeting's day, ``recorded_at`` when the decision was kept (UTC).
    """

    review_id: str
    group_id: str
    lineage: str
    run_id: str
    status: str
    decided_on: str
    recorded_at: str
    by: str
    note: str = ""
    remove: tuple[str, ...] = ()
    add: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    review_date: str = ""
    members: tuple[str, ...] = field(default=(), repr=False)

    def to_json(self) -> str:
        """Return the review as one line of JSON."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Review:
        """Return the review read back from :meth:`to_json` text (older lines included)."""
        data: dict[str, Any] = json.loads(text)
        data["actions"] = tuple(Action(**a) for a in data.get("actions", ()))
        for name in ("remove", "add", "members"):
            data[name] = tuple(data.get(name, ()))
        return cls(**data)

    def without(self, ids: Sequence[str], scrub: Callable[[str], str]) -> Review:
        """Return the review with ``ids`` left out of its people and ``scrub`` applied to its
        free text (erasure: :mod:`cs_peers.governance.erasure`)."""
        gone = set(ids)
        return replace(
            self,
            remove=tuple(p for p in self.remove if p not in gone),
            add=tuple(p for p in self.add if p not in gone),
            members=tuple(p for p in self.members if p not in gone),
            note=scrub(self.note),
            actions=tuple(replace(a, text=scrub(a.text)) for a in self.actions),
        )

    def with_ids(self, review_id: str, action_ids: list[str]) -> Review:
        """Return the review with the ids its log gave it and its actions."""
        actions = tuple(
            replace(a, action_id=i) for a, i in zip(self.actions, action_ids, strict=True)
        )
        return replace(self, review_id=review_id, actions=actions)

    def describe(self) -> str:
        """Return the decision as one line: day, status, who, and what changed."""
        parts = [f"{self.decided_on} {self.group_id}: {self.status} (by {self.by})"]
        if self.remove:
            parts.append("removed " + ", ".join(self.remove))
        if self.add:
            parts.append("added " + ", ".join(self.add))
        parts += [f"{a.describe()}" for a in self.actions]
        if self.review_date:
            parts.append(f"review by {self.review_date}")
        if self.note:
            parts.append(f"note: {self.note}")
        return "; ".join(parts)


class MeetingLog(Protocol):
    """Where meetings and their decisions are kept: append-only, ids given by the log."""

    def list_reviews(self) -> list[Review]:
        """Return every review, in the order they were kept."""
        ...

    def append(self, review: Review) -> Review:
        """Return the review as kept, with its id and its actions' ids; nothing else changes."""
        ...

    def list_meetings(self) -> list[Meeting]:
        """Return every meeting kept, by lineage and day."""
        ...

    def keep_meeting(self, meeting: Meeting) -> Meeting:
        """Return the meeting as kept: a new one, or its day's earlier record with this run."""
        ...

    def list_action_events(self) -> list[ActionEvent]:
        """Return every action event, in the order they were kept."""
        ...

    def append_action_event(self, event: ActionEvent) -> ActionEvent:
        """Return the event as kept (its action must exist)."""
        ...


def latest_reviews(reviews: list[Review], lineage: str | None = None) -> dict[str, list[Review]]:
    """Return each group's reviews, oldest first (of one lineage when ``lineage`` is given)."""
    by_group: dict[str, list[Review]] = {}
    for review in reviews:
        if lineage is None or review.lineage == lineage:
            by_group.setdefault(review.group_id, []).append(review)
    return by_group
