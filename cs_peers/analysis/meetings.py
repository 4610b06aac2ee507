"""Since the last meeting: the baseline a meeting is told against, and one model of what changed.

A meeting is told what changed since **the last meeting** — against what that meeting saw, with
its decisions applied — never against an exploratory run in between. :func:`find_baseline`
picks that meeting (or, when none is kept yet, the last pack, and says so);
:func:`change_report` computes, per group, who joined (each with the new records that brought
them in, or a plain sentence when there are none), who left, who the meetings removed or added,
which groups are new, merged, split, dissolved or set aside, the new records and contexts, and
the actions closed since. The since-last-meeting page, the briefing and ``cs-peers changes`` are
views of one :class:`ChangeReport` and speak its words (:meth:`GroupChange.lines`), so they can
never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.history import RunHistory, RunRecord
from cs_peers.analysis.identity import SIGNIFICANT_SHARE
from cs_peers.analysis.reviews.actions import ActionState
from cs_peers.analysis.reviews.apply import effective_people
from cs_peers.analysis.reviews.records import Meeting, MeetingLog, Review, latest_reviews
from cs_peers.errors import NotFoundError
from cs_peers.inputs.dataset import Dataset

__all__ = [
    "NO_BASELINE",
    "Baseline",
    "ChangeReport",
    "GroupChange",
    "Joiner",
    "change_report",
    "find_baseline",
    "record_lines",
]

# What every view says when there is nothing to compare with.
NO_BASELINE = (
    "No meeting and no earlier pack of this dataset is kept in this workspace, so there is "
    "nothing to compare with yet."
)


@dataclass(frozen=True)
class Baseline:
    """What "since the last meeting" is told against: a meeting's run, or the last pack's.

    ``meeting`` is None when no meeting is kept yet and the last pack stands in for it;
    ``reviews`` are the decisions made on or before that day (the meeting's view applies them).
    """

    run: RunRecord
    meeting: Meeting | None
    reviews: tuple[Review, ...] = ()
    # True when the user named the run (``cs-peers changes --since-run``).
    named_run: bool = False

    @property
    def day(self) -> str:
        """Return the meeting's day, or the day the stand-in pack was made."""
        return self.meeting.held_on if self.meeting is not None else self.run.created_at[:10]

    def describe(self) -> str:
        """Return what the changes are told against, in one sentence."""
        data = f"data recorded until {self.run.recorded_until or 'undated'}"
        if self.named_run:
            return f"Compared with run {self.run.run_id} ({data})."
        if self.meeting is None:
            return (
                f"No meeting is kept in this workspace yet, so this compares with the last pack, "
                f"made on {self.day} (run {self.run.run_id}, {data})."
            )
        return f"Compared with the meeting of {self.day} (run {self.run.run_id}, {data})."


def find_baseline(
    history: RunHistory,
    log: MeetingLog,
    lineage: str,
    *,
    before: date,
    since_meeting: date | None = None,
    current_run: str = "",
) -> Baseline | None:
    """Return the baseline of a pack or comparison made for the day ``before``, or None.

    The last meeting of ``lineage`` held before that day, or the meeting of ``since_meeting``;
    with no meeting kept, the last run a pack was made from (never ``current_run``, never an
    exploratory run); None when there is neither.

    Raises
    ------
    NotFoundError
        If ``since_meeting`` names a day with no meeting of this dataset.
    """
    meetings = [m for m in log.list_meetings() if m.lineage == lineage]
    if since_meeting is not None:
        chosen = [m for m in meetings if m.held_on == since_meeting.isoformat()]
        if not chosen:
            days = ", ".join(m.held_on for m in meetings) or "none yet"
            raise NotFoundError(
                f"no meeting on {since_meeting.isoformat()} is kept for this dataset (meetings: "
                f"{days}); see `cs-peers meetings`"
            )
        meeting: Meeting | None = chosen[0]
    else:
        earlier = [m for m in meetings if m.held_on < before.isoformat()]
        meeting = earlier[-1] if earlier else None
    if meeting is not None:
        run = history.get(meeting.run_id)
        reviews = tuple(
            r
            for r in log.list_reviews()
            if r.lineage == lineage and r.decided_on <= meeting.held_on
        )
        return Baseline(run, meeting, reviews)
    packs = [
        r
        for r in history.list_runs()
        if r.lineage == lineage and r.kind == "pack" and r.run_id != current_run
    ]
    if not packs:
        return None
    run = history.get(packs[-1].run_id)
    return Baseline(run, None, tuple(r for r in log.list_reviews() if r.lineage == lineage))


@dataclass(frozen=True)
class Joiner:
    """A young person new to a group, and why: the new records that brought them in."""

    person_id: str
    records: pd.DataFrame = field(repr=False)
    added_on: str = ""


@dataclass(frozen=True)
class GroupChange:
    """What changed for one group since the baseline.

    ``status`` is ``continuing``, ``new``, ``merged`` (formed from ``related``), ``split``
    (members went to ``related``), ``dissolved``, ``set-aside`` (judged not a group on
    ``decided_on``, hidden now) or ``reopened`` (judged not a group, shown again on new records).
    """

    group_id: str
    status: str
    related: tuple[str, ...] = ()
    decided_on: str = ""
    joined: tuple[Joiner, ...] = ()
    left: tuple[str, ...] = ()
    removed: tuple[tuple[str, str], ...] = ()
    new_records: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    new_contexts: tuple[str, ...] = ()
    members: int = 0

    @property
    def changed(self) -> bool:
        """Return whether there is anything to tell about this group."""
        return bool(
            self.status != "continuing"
            or self.joined
            or self.left
            or self.removed
            or len(self.new_records)
            or self.new_contexts
        )

    def heading(self) -> str:
        """Return the group's heading: its id and what happened to it."""
        words = {
            "continuing": "continues",
            "new": "is a new candidate group",
            "merged": "formed from members of " + ", ".join(self.related),
            "split": "split; members went to " + ", ".join(self.related),
            "dissolved": "no longer holds together as a group",
            "set-aside": f"set aside by the meeting of {self.decided_on} (judged not a group)",
            "reopened": (
                f"shown again: judged not a group by the meeting of {self.decided_on}, "
                "and there are new records since"
            ),
        }[self.status]
        return f"{self.group_id} {words}"

    def lines(self, labels: dict[str, str]) -> list[str]:
        """Return what changed, one sentence a line, in the words every view uses."""

        def name(person: str) -> str:
            return labels.get(person, person)

        lines = []
        for joiner in self.joined:
            if joiner.added_on:
                why = f"added by the meeting of {joiner.added_on}"
            elif len(joiner.records):
                why = "new records: " + "; ".join(record_lines(joiner.records, labels))
            else:
                why = (
                    "no new record about them: the re-analysis placed them in this group on "
                    "records the last meeting already had"
                )
            lines.append(f"Joined: {name(joiner.person_id)} — {why}")
        if self.left:
            lines.append("Left: " + ", ".join(sorted(name(p) for p in self.left)))
        for person, day in self.removed:
            lines.append(f"Removed by the meeting of {day}: {name(person)}")
        if self.new_contexts:
            lines.append("New contexts: " + ", ".join(name(c) for c in self.new_contexts))
        if len(self.new_records):
            lines.append(f"New records about its members: {len(self.new_records)}")
        if self.status == "set-aside" and not len(self.new_records):
            lines.append("Nothing new was recorded about it since.")
        return lines


def record_lines(records: pd.DataFrame, labels: dict[str, str]) -> list[str]:
    """Return each record as one line: date, who, type, agency and confidence."""
    lines = []
    for row in records.to_dict("records"):
        source, target = str(row["source"]), str(row["target"])
        agency = str(row["source_agency"]) or "agency not recorded"
        lines.append(
            f"{row['recorded_on']} {labels.get(source, source)} {row['type']} "
            f"{labels.get(target, target)} ({agency}, {row['confidence']})"
        )
    return lines


@dataclass(frozen=True)
class ChangeReport:
    """Everything that changed since the baseline: per group, and the actions closed since."""

    baseline: Baseline
    groups: tuple[GroupChange, ...]
    closed_actions: tuple[ActionState, ...] = ()

    @property
    def changed(self) -> list[GroupChange]:
        """Return the groups with something to tell, in report order."""
        return [g for g in self.groups if g.changed]


def _members(memberships: pd.DataFrame) -> dict[str, set[str]]:
    if memberships.empty:
        return {}
    grouped = memberships.groupby("group_id")["person_id"]
    return {str(g): set(map(str, p)) for g, p in grouped}


def _meeting_view(baseline: Baseline) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Return the groups as the baseline meeting saw them (its decisions applied), and the
    groups it had set aside, with the day each was judged not a group."""
    view = _members(baseline.run.memberships)
    set_aside: dict[str, str] = {}
    for group_id, reviews in latest_reviews(list(baseline.reviews)).items():
        if group_id not in view:
            continue
        if reviews[-1].status == "not-a-group":
            set_aside[group_id] = reviews[-1].decided_on
            continue
        removed, added = effective_people(reviews)
        view[group_id] = (view[group_id] - removed) | added
    for group_id in set_aside:
        view.pop(group_id)
    return view, set_aside


def _overlap(group: set[str], others: dict[str, set[str]]) -> tuple[str, ...]:
    """Return the groups of ``others`` holding a significant share of ``group``'s members."""
    if not group:
        return ()
    return tuple(
        sorted(
            g
            for g, members in others.items()
            if len(group & members) / len(group) >= SIGNIFICANT_SHARE
        )
    )


def change_report(
    dataset: Dataset,
    groups: PeerGroups,
    baseline: Baseline,
    reviews: Sequence[Review],
    *,
    hidden: Sequence[str] = (),
    actions: Sequence[ActionState] = (),
) -> ChangeReport:
    """Return what changed between the baseline meeting's view and ``groups`` (shown now).

    ``reviews`` are every decision of the lineage (those after the baseline say who was
    removed or set aside since); ``hidden`` the candidates now set aside as not a group;
    ``actions`` every action, of which those closed after the baseline's day are reported.
    """
    before, set_aside_then = _meeting_view(baseline)
    now = _members(groups.memberships)
    by_group = latest_reviews(list(reviews), baseline.run.lineage)
    later = {g: [r for r in rs if r.decided_on > baseline.day] for g, rs in by_group.items()}
    a = dataset.associations
    contexts = set(dataset.contexts["id"])
    cutoff = baseline.run.recorded_until
    fresh_mask = (a["recorded_on"] > cutoff) if cutoff else pd.Series(False, index=a.index)
    fresh = a[fresh_mask]
    changes: list[GroupChange] = []
    for group_id in [str(g) for g in groups.groups["group_id"]]:
        members = now.get(group_id, set())
        old = before.get(group_id)
        touching = fresh["source"].isin(members) | fresh["target"].isin(members)
        records = fresh[touching].sort_values(["recorded_on", "source", "target"])
        known = a[~fresh_mask & (a["source"].isin(members) | a["target"].isin(members))]
        used_before = (set(known["source"]) | set(known["target"])) & contexts
        used_now = (set(records["source"]) | set(records["target"])) & contexts
        new_contexts = tuple(sorted(used_now - used_before))
        related: tuple[str, ...] = ()
        if group_id in set_aside_then:
            status, old = "reopened", set()
        elif old is None:
            sources = _overlap(members, before)
            status, related, old = ("merged" if len(sources) >= 2 else "new"), sources, set()
        else:
            status = "continuing"
        added = {p: r.decided_on for r in later.get(group_id, []) for p in r.add}
        joiners = []
        for person in sorted(members - old) if status == "continuing" else []:
            theirs = records[(records["source"] == person) | (records["target"] == person)]
            others = members | contexts
            theirs = theirs[theirs["source"].isin(others) & theirs["target"].isin(others)]
            joiners.append(Joiner(person, theirs, added_on=added.get(person, "")))
        removed_on = {p: r.decided_on for r in later.get(group_id, []) for p in r.remove}
        gone = sorted(old - members)
        changes.append(
            GroupChange(
                group_id=group_id,
                status=status,
                related=related,
                decided_on=set_aside_then.get(group_id, ""),
                joined=tuple(joiners),
                left=tuple(p for p in gone if p not in removed_on),
                removed=tuple((p, removed_on[p]) for p in gone if p in removed_on),
                new_records=records,
                new_contexts=new_contexts,
                members=len(members),
            )
        )
    hidden_now = set(hidden)
    for group_id in sorted(set(before) - set(now)):
        if group_id in hidden_now:
            day = by_group[group_id][-1].decided_on if group_id in by_group else baseline.day
            changes.append(GroupChange(group_id, "set-aside", decided_on=day))
            continue
        destinations = _overlap(before[group_id], now)
        status = "split" if len(destinations) >= 2 else "dissolved"
        changes.append(
            GroupChange(
                group_id, status, related=destinations, left=tuple(sorted(before[group_id]))
            )
        )
    for group_id, day in sorted(set_aside_then.items()):
        if group_id not in now and day == baseline.day:
            changes.append(GroupChange(group_id, "set-aside", decided_on=day))
    closed = tuple(
        s
        for s in actions
        if s.closed is not None
        and s.lineage == baseline.run.lineage
        and s.closed.decided_on > baseline.day
    )
    return ChangeReport(baseline, tuple(changes), closed)
