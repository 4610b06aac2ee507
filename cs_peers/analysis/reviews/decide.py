"""Keeping a meeting's decision: check it against the runs kept, then append it to the log.

:func:`record_review` is what ``cs-peers review`` calls. Everything is checked before anything
is written, so a wrong group id, person or date keeps nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from cs_peers import clock
from cs_peers.analysis.history import RunHistory, RunRecord
from cs_peers.analysis.provenance import utc_now
from cs_peers.analysis.reviews.records import (
    STATUSES,
    Action,
    Meeting,
    MeetingLog,
    Review,
    check_day,
)
from cs_peers.errors import GroupNotFoundError, ReviewError

__all__ = ["find_group_run", "record_review"]


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
