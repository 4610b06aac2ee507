"""Keeping a meeting's decision: check it against the runs kept, then append it to the log.

:func:`record_review` is what ``cs-peers review`` calls. Everything is checked before anything
is written, so a wrong group id, person or date keeps nothing.

Actions with a life: agreed by a review, passed to another owner, closed as done or dropped.

An action is agreed in a :class:`~cs_peers.analysis.reviews.records.Review` and lives on through
:class:`~cs_peers.analysis.reviews.records.ActionEvent` s, appended like reviews and never
changed. :func:`action_states` reads both into one :class:`ActionState` per action — what the
pack's pages, the briefing and ``cs-peers actions`` list; :func:`close_action` and
:func:`reassign_action` check and keep an event. An action list that only grows is a list of
names without actions: a closed action leaves the overdue list and is told once, under "closed
since the last meeting".
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from cs_peers import clock
from cs_peers.analysis.history import RunHistory, RunRecord
from cs_peers.analysis.provenance import utc_now
from cs_peers.analysis.reviews.records import (
    ACTION_OUTCOMES,
    STATUSES,
    Action,
    ActionEvent,
    Meeting,
    MeetingLog,
    Review,
    check_day,
)
from cs_peers.errors import GroupNotFoundError, NotFoundError, ReviewError

__all__ = [
    "ACTION_COLUMNS",
    "ActionState",
    "action_states",
    "close_action",
    "find_group_run",
    "reassign_action",
    "record_review",
]


def find_group_run(history: RunHistory, group_id: str) -> RunRecord:
    """Return the newest kept run that has the group ``group_id``, with its memberships.

    Group ids are unique in a workspace (see :mod:`cs_peers.analysis.lineage`), so this run also
    says
    which dataset lineage the group belongs to.

    Raises
    ------
    ReviewError
        If no kept run has that group.
    """
    runs = history.list_runs()
    for meta in reversed(runs):
        run = history.get(meta.run_id)
        if (run.memberships["group_id"] == group_id).any():
            return run
    if not runs:
        raise GroupNotFoundError(
            f"no group {group_id!r}: no run is kept in this workspace yet; run `cs-peers groups "
            "DATA` (or `pack`) first"
        )
    latest = history.get(runs[-1].run_id)
    known = sorted(set(latest.memberships["group_id"]))
    shown = ", ".join(known[:12]) + (" …" if len(known) > 12 else "") if known else "none"
    raise GroupNotFoundError(
        f"no group {group_id!r} in any run kept in this workspace (the latest run, "
        f"{latest.run_id}, has {shown})"
    )


def _lineage_people(history: RunHistory, lineage: str) -> set[str]:
    """Return everyone who was ever in a group in a run of ``lineage``."""
    people: set[str] = set()
    for meta in history.list_runs():
        if meta.lineage == lineage:
            people |= set(history.get(meta.run_id).memberships["person_id"].astype(str))
    return people


def record_review(
    history: RunHistory,
    log: MeetingLog,
    group_id: str,
    *,
    status: str,
    by: str,
    note: str = "",
    remove: Sequence[str] = (),
    add: Sequence[str] = (),
    actions: Sequence[tuple[str, str, str]] = (),
    review_date: str = "",
    decided_on: str | None = None,
    known_people: Collection[str] | None = None,
    recorded_at: str | None = None,
) -> Review:
    """Return the review as kept, after checking it against the runs in ``history``.

    ``actions`` are ``(text, owner, due)`` triples. ``known_people`` (the young people of the
    data, when the caller has it) lets ``add`` name someone who was never in a group.

    Raises
    ------
    ReviewError
        For an unknown status, group or person, a date that is not YYYY-MM-DD, an action without
        owner or due date, or a missing ``by``; nothing is kept then.
    """
    if status not in STATUSES:
        raise ReviewError(
            f"status {status!r} is not one of {', '.join(STATUSES)}", parameter="status"
        )
    if not by.strip():
        raise ReviewError("by NAME is required: every decision says who made it", parameter="by")
    decided = check_day(decided_on, "on") if decided_on else clock.today().isoformat()
    review_day = check_day(review_date, "review_date") if review_date else ""
    kept_actions = []
    for text, owner, due in actions:
        if not text.strip() or not owner.strip() or not due.strip():
            raise ReviewError(
                "each action needs its owner and its due date (give them in the same order)"
            )
        kept_actions.append(Action(text.strip(), owner.strip(), check_day(due.strip(), "due")))
    if status == "not-a-group" and (remove or add):
        raise ReviewError("a not-a-group decision neither removes nor adds anyone")
    overlap = sorted(set(remove) & set(add))
    if overlap:
        raise ReviewError(f"{overlap[0]!r} is both removed and added by this decision")
    run = find_group_run(history, group_id)
    members = sorted(run.memberships.loc[run.memberships["group_id"] == group_id, "person_id"])
    reviews = [r for r in log.list_reviews() if r.group_id == group_id]
    added_before = {p for r in reviews for p in r.add}
    for person in remove:
        if person not in members and person not in added_before:
            raise ReviewError(
                f"remove {person!r}: not a member of {group_id} (members in run "
                f"{run.run_id}: {', '.join(members)})",
                parameter="remove",
            )
    if add:
        people = set(known_people) if known_people is not None else set()
        people |= _lineage_people(history, run.lineage)
        for person in add:
            if person not in people:
                hint = (
                    "not a young person in the data"
                    if known_people is not None
                    else "not in any group of this dataset's runs; give the data so that anyone "
                    "in it can be added"
                )
                raise ReviewError(f"add {person!r}: {hint}", parameter="add")
    review = Review(
        review_id="",  # given by the log
        group_id=group_id,
        lineage=run.lineage,
        run_id=run.run_id,
        status=status,
        decided_on=decided,
        recorded_at=recorded_at or utc_now(),
        by=by.strip(),
        note=note.strip(),
        remove=tuple(remove),
        add=tuple(add),
        actions=tuple(kept_actions),
        review_date=review_day,
        members=tuple(members),
    )
    kept = log.append(review)
    # The review belongs to the meeting of its day; a meeting first known from its reviews
    # saw the run the review is about.
    log.keep_meeting(Meeting(run.lineage, decided, run.run_id, utc_now(), how="review"))
    return kept


# The columns of `cs-peers actions` (and its CSV), in this order.
ACTION_COLUMNS = ("action_id", "group_id", "action", "owner", "due", "status")


@dataclass(frozen=True)
class ActionState:
    """One action as it stands: who owns it now, and whether (and how) it was closed.

    ``owners`` holds every owner it had, first to last; ``closed`` the event that closed it
    (None while open).
    """

    action_id: str
    group_id: str
    lineage: str
    text: str
    due: str
    agreed_on: str
    agreed_by: str
    owners: tuple[str, ...]
    closed: ActionEvent | None = None
    history: tuple[ActionEvent, ...] = field(default=(), repr=False)

    @property
    def owner(self) -> str:
        """Return who owns the action now."""
        return self.owners[-1]

    @property
    def is_open(self) -> bool:
        """Return whether the action is still to be done."""
        return self.closed is None

    def status(self, today: date) -> str:
        """Return ``open``, ``overdue``, ``done`` or ``dropped`` (as of ``today``)."""
        if self.closed is not None:
            return self.closed.outcome
        return "overdue" if self.due < today.isoformat() else "open"

    def row(self, today: date) -> tuple[str, ...]:
        """Return the action's values in :data:`ACTION_COLUMNS` order."""
        return (self.action_id, self.group_id, self.text, self.owner, self.due, self.status(today))

    def closing_line(self) -> str:
        """Return how it was closed, as one line (empty while open)."""
        if self.closed is None:
            return ""
        line = (
            f"{self.action_id} {self.text} — {self.closed.outcome} on {self.closed.decided_on} "
            f"(by {self.closed.by})"
        )
        return line + (f": {self.closed.note}" if self.closed.note else "")


def action_states(reviews: Sequence[Review], events: Sequence[ActionEvent]) -> list[ActionState]:
    """Return every action agreed in ``reviews``, as ``events`` left it, by action id."""
    by_action: dict[str, list[ActionEvent]] = {}
    for event in events:
        by_action.setdefault(event.action_id, []).append(event)
    states = []
    for review in reviews:
        for action in review.actions:
            if not action.action_id:
                continue
            happened = by_action.get(action.action_id, [])
            owners = [action.owner] + [e.owner for e in happened if e.kind == "reassigned"]
            closed = next((e for e in happened if e.kind == "closed"), None)
            states.append(
                ActionState(
                    action_id=action.action_id,
                    group_id=review.group_id,
                    lineage=review.lineage,
                    text=action.text,
                    due=action.due,
                    agreed_on=review.decided_on,
                    agreed_by=review.by,
                    owners=tuple(owners),
                    closed=closed,
                    history=tuple(happened),
                )
            )
    return sorted(states, key=lambda s: s.action_id)


def _find(log: MeetingLog, action_id: str) -> ActionState:
    states = {s.action_id: s for s in action_states(log.list_reviews(), log.list_action_events())}
    if action_id not in states:
        known = ", ".join(sorted(states)[-8:]) or "none yet"
        raise NotFoundError(
            f"no action {action_id!r} (the latest: {known}); see `cs-peers actions`"
        )
    return states[action_id]


def _event(
    log: MeetingLog, action_id: str, *, kind: str, by: str, on: str | None, **facts: str
) -> ActionEvent:
    if not by.strip():
        raise ReviewError(
            "by NAME is required: every change to an action says who made it", parameter="by"
        )
    state = _find(log, action_id)
    if state.closed is not None:
        raise ReviewError(
            f"action {action_id} was already closed as {state.closed.outcome} on "
            f"{state.closed.decided_on} by {state.closed.by}; agree a new action in a review"
        )
    day = check_day(on, "on") if on else clock.today().isoformat()
    if day < state.agreed_on:
        raise ReviewError(
            f"action {action_id} was agreed on {state.agreed_on}; it cannot change on {day}"
        )
    event = ActionEvent(
        action_id=action_id,
        kind=kind,
        by=by.strip(),
        decided_on=day,
        recorded_at=utc_now(),
        **facts,
    )
    return log.append_action_event(event)


def close_action(
    log: MeetingLog,
    action_id: str,
    *,
    outcome: str,
    by: str,
    on: str | None = None,
    note: str = "",
) -> ActionEvent:
    """Return the event that closes ``action_id`` as ``done`` or ``dropped``, as kept.

    Raises
    ------
    NotFoundError
        If no review agreed such an action.
    ReviewError
        For another outcome, an empty ``by``, a day that is not YYYY-MM-DD or before the
        action was agreed, or an action closed before; nothing is kept then.
    """
    if outcome not in ACTION_OUTCOMES:
        raise ReviewError(
            f"outcome {outcome!r} is not one of {', '.join(ACTION_OUTCOMES)}", parameter="outcome"
        )
    return _event(log, action_id, kind="closed", by=by, on=on, outcome=outcome, note=note.strip())


def reassign_action(
    log: MeetingLog, action_id: str, *, owner: str, by: str, on: str | None = None
) -> ActionEvent:
    """Return the event that passes an open action to ``owner``, as kept."""
    if not owner.strip():
        raise ReviewError("owner NAME is required: who owns the action now", parameter="owner")
    return _event(log, action_id, kind="reassigned", by=by, on=on, owner=owner.strip())
