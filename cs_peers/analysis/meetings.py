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

from cs_peers.analysis._identity import SIGNIFICANT_SHARE
from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.history import RunHistory, RunRecord
from cs_peers.analysis.reviews.apply import effective_people
from cs_peers.analysis.reviews.decide import ActionState
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

    ``meeting`` is None when no meeting is kept yet and the last pack stands in for it.
    """

    run: RunRecord
    meeting: Meeting | None
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
        return Baseline(history.get(meeting.run_id), meeting)
    packs = [
        r
        for r in history.list_runs()
        if r.lineage == lineage and r.kind == "pack" and r.run_id != current_run
    ]
    if not packs:
        return None
    return Baseline(history.get(packs[-1].run_id), None)


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


def _set_aside_before(by_group: dict[str, list[Review]], day: str) -> dict[str, str]:
    """Return the groups already judged not a group before ``day``, with that decision's day."""
    aside = {}
    for group_id, reviews in by_group.items():
        earlier = [r for r in reviews if r.decided_on < day]
        if earlier and earlier[-1].status == "not-a-group":
            aside[group_id] = earlier[-1].decided_on
    return aside


def change_report(
    dataset: Dataset,
    groups: PeerGroups,
    baseline: Baseline,
    reviews: Sequence[Review],
    *,
    hidden: Sequence[str] = (),
    actions: Sequence[ActionState] = (),
) -> ChangeReport:
    """Return what changed between the groups the baseline meeting saw and ``groups`` now.

    The meeting's own decisions and every later one are told as decisions: a young person a
    review took out is "removed by the meeting of …", one it put in "added by the meeting
    of …", a candidate judged not a group "set aside by the meeting of …" — never "left",
    "joined" or "dissolved". ``reviews`` are every decision of the lineage; ``hidden`` the
    candidates set aside now; ``actions`` every action, of which those closed after the
    baseline's day are reported.
    """
    before = _members(baseline.run.memberships)
    now = _members(groups.memberships)
    by_group = latest_reviews(list(reviews), baseline.run.lineage)
    aside_before = _set_aside_before(by_group, baseline.day)
    since = {g: [r for r in rs if r.decided_on >= baseline.day] for g, rs in by_group.items()}
    a = dataset.associations
    contexts = set(dataset.contexts["id"])
    cutoff = baseline.run.recorded_until
    fresh_mask = (a["recorded_on"] > cutoff) if cutoff else pd.Series(False, index=a.index)
    fresh = a[fresh_mask]
    seen = {g: m for g, m in before.items() if g not in aside_before}
    changes: list[GroupChange] = []
    for group_id in [str(g) for g in groups.groups["group_id"]]:
        members = now.get(group_id, set())
        touching = fresh["source"].isin(members) | fresh["target"].isin(members)
        records = fresh[touching].sort_values(["recorded_on", "source", "target"])
        known = a[~fresh_mask & (a["source"].isin(members) | a["target"].isin(members))]
        used_before = (set(known["source"]) | set(known["target"])) & contexts
        used_now = (set(records["source"]) | set(records["target"])) & contexts
        related: tuple[str, ...] = ()
        old = seen.get(group_id)
        latest = by_group[group_id][-1] if group_id in by_group else None
        judged_on = ""
        if latest is not None and latest.status == "not-a-group":
            # Judged not a group, yet shown: new records since reopened it.
            status, judged_on = "reopened", latest.decided_on
            old = old if old is not None else set()
        elif old is None:
            related = _overlap(members, seen)
            status, old = ("merged" if len(related) >= 2 else "new"), set()
        else:
            status = "continuing"
        removed, added = effective_people(since.get(group_id, []))
        decided = {p: r.decided_on for r in since.get(group_id, []) for p in (*r.add, *r.remove)}
        joiners = []
        for person in sorted(members - old) if status in ("continuing", "reopened") else []:
            theirs = records[(records["source"] == person) | (records["target"] == person)]
            others = members | contexts
            theirs = theirs[theirs["source"].isin(others) & theirs["target"].isin(others)]
            added_on = decided[person] if person in added else ""
            joiners.append(Joiner(person, theirs, added_on=added_on))
        gone = sorted(old - members)
        changes.append(
            GroupChange(
                group_id=group_id,
                status=status,
                related=related,
                decided_on=judged_on,
                joined=tuple(joiners),
                left=tuple(p for p in gone if p not in removed),
                removed=tuple((p, decided[p]) for p in gone if p in removed),
                new_records=records,
                new_contexts=tuple(sorted(used_now - used_before)),
                members=len(members),
            )
        )
    hidden_now = set(hidden)
    for group_id in sorted(set(seen) - set(now)):
        if group_id in hidden_now and group_id in by_group:
            day = by_group[group_id][-1].decided_on
            changes.append(GroupChange(group_id, "set-aside", decided_on=day))
            continue
        destinations = _overlap(seen[group_id], now)
        status = "split" if len(destinations) >= 2 else "dissolved"
        changes.append(
            GroupChange(group_id, status, related=destinations, left=tuple(sorted(seen[group_id])))
        )
    closed = tuple(
        s
        for s in actions
        if s.closed is not None
        and s.lineage == baseline.run.lineage
        and s.closed.decided_on >= baseline.day
    )
    return ChangeReport(baseline, tuple(changes), closed)
