"""What kept reviews do to a new run: ids kept, members out or in, candidates set aside.

Two steps, because the run history must keep every group (a candidate set aside as "not a
group" must still be recognised next month):

1. :func:`adjust_groups`, before the run is kept: a confirmed group keeps its id even when
   its members drifted; a young person a review took out of a group stays out; one a review
   put in is in (and out of any other group).
2. :func:`review_state`, after: each group's status, decisions, open actions, removals with the
   records since; and which not-a-group candidates are left out of what the run shows, because
   nothing new was recorded about them since the decision.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pandas as pd

from cs_peers.analysis._identity import IdentityEvent
from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.reviews.records import Action, Review, latest_reviews
from cs_peers.inputs.dataset import Dataset

__all__ = [
    "DUE_SOON_DAYS",
    "GroupReviewState",
    "ReviewState",
    "adjust_groups",
    "effective_people",
    "review_state",
]

# Actions due within this many days are "due" on the since-last-meeting page (a month's cycle).
DUE_SOON_DAYS = 28


def effective_people(reviews: list[Review]) -> tuple[set[str], set[str]]:
    """Return who the reviews of one group took out and put in, the later decision winning."""
    removed: set[str] = set()
    added: set[str] = set()
    for review in reviews:
        removed = (removed | set(review.remove)) - set(review.add)
        added = (added | set(review.add)) - set(review.remove)
    return removed, added


def _resize(groups: pd.DataFrame, memberships: pd.DataFrame) -> pd.DataFrame:
    sizes = memberships.groupby("group_id").size()
    return groups.assign(size=groups["group_id"].map(sizes).fillna(0).astype(int).to_numpy())


def _keep_confirmed_ids(
    groups: PeerGroups, events: list[IdentityEvent], by_group: dict[str, list[Review]]
) -> tuple[PeerGroups, list[IdentityEvent]]:
    current = set(groups.groups["group_id"])
    new_ids = {e.group_id for e in events if e.kind == "new"}
    mapping = {g: g for g in current}
    kept: list[IdentityEvent] = []
    for group_id, reviews in sorted(by_group.items()):
        last = reviews[-1]
        if last.status != "confirmed" or group_id in current:
            continue
        removed, added = effective_people(reviews)
        expected = (set(last.members) - removed) | added
        need = max(2, math.ceil(len(expected) / 3))
        m = groups.memberships
        shared = m[m["person_id"].isin(expected) & m["group_id"].isin(new_ids)]
        counts = shared.groupby("group_id").size().sort_values(ascending=False, kind="stable")
        candidates = [g for g, n in counts.items() if n >= need and mapping[str(g)] == g]
        if not candidates:
            continue
        chosen = str(candidates[0])
        mapping[chosen] = group_id
        detail = (
            f"kept by review: confirmed on {last.decided_on} by {last.by}; "
            f"{int(counts[chosen])} of its {len(expected)} confirmed members are in it"
        )
        kept.append(IdentityEvent("continued", group_id, (), detail))
    if not kept:
        return groups, events
    renamed = set(mapping) - {g for g, v in mapping.items() if g == v}
    targets = {e.group_id for e in kept}
    events = [
        e
        for e in events
        if not (e.kind == "new" and e.group_id in renamed)
        and not (e.kind == "dissolved" and e.group_id in targets)
    ] + kept
    return groups.with_ids(mapping), events


def adjust_groups(
    groups: PeerGroups,
    events: list[IdentityEvent],
    reviews: list[Review],
    lineage: str,
) -> tuple[PeerGroups, list[IdentityEvent]]:
    """Return the groups (with stable ids) and events after the lineage's reviews apply."""
    by_group = latest_reviews(reviews, lineage)
    if not by_group:
        return groups, events
    groups, events = _keep_confirmed_ids(groups, events, by_group)
    m = groups.memberships
    present = set(groups.groups["group_id"])
    for group_id, group_reviews in sorted(by_group.items()):
        if group_id not in present:
            continue
        removed, added = effective_people(group_reviews)
        m = m[~((m["group_id"] == group_id) & m["person_id"].isin(removed))]
        fresh = sorted(added - set(m.loc[m["group_id"] == group_id, "person_id"]))
        if fresh:
            # A review's decision wins over the detection: the person moves to this group.
            m = m[~m["person_id"].isin(fresh)]
            rows = pd.DataFrame(
                {"group_id": group_id, "person_id": fresh, "confidence": 0.0, "bridge_to": ""}
            )
            m = pd.concat([m, rows.astype(m.dtypes.to_dict())], ignore_index=True)
    if m is groups.memberships:
        return groups, events
    m = m.sort_values(["group_id", "person_id"]).reset_index(drop=True)
    return replace(groups, memberships=m, groups=_resize(groups.groups, m)), events


@dataclass(frozen=True)
class GroupReviewState:
    """One group's reviews as the next run sees them.

    ``status`` is the latest decision's (``unreviewed`` when none); ``reopened`` says a
    not-a-group candidate changed since (new records or other members), so it is shown again
    with that decision beside it; ``removed`` holds one line per young person kept out.
    """

    group_id: str
    status: str
    reviews: tuple[Review, ...]
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    reopened: bool = False
    present: bool = True
    # Ids of the actions closed since they were agreed (done or dropped): no longer listed.
    closed: frozenset[str] = frozenset()
    # Who owns each action now, by id, when it was passed on since it was agreed.
    owners: Mapping[str, str] = field(default_factory=dict)

    @property
    def latest(self) -> Review | None:
        """Return the decision that applies, if any."""
        return self.reviews[-1] if self.reviews else None

    @property
    def hidden(self) -> bool:
        """Return whether the run leaves this candidate out (not a group, nothing new since)."""
        return self.status == "not-a-group" and not self.reopened

    @property
    def actions(self) -> list[tuple[Action, Review]]:
        """Return every open action agreed for the group (with its owner now), with the review
        that agreed it."""
        return [
            (replace(a, owner=self.owners[a.action_id]) if a.action_id in self.owners else a, r)
            for r in self.reviews
            for a in r.actions
            if a.action_id not in self.closed
        ]

    @property
    def added_on(self) -> dict[str, str]:
        """Return the ids of the young people the reviews put in (and left in), each with the
        day of the decision that did."""
        _, added = effective_people(list(self.reviews))
        days: dict[str, str] = {}
        for review in self.reviews:
            days.update({p: review.decided_on for p in review.add if p in added})
        return days

    @property
    def review_date(self) -> str:
        """Return the latest review date set for the group ("" if none)."""
        dates = [r.review_date for r in self.reviews if r.review_date]
        return dates[-1] if dates else ""

    def shown_status(self) -> str:
        """Return the status as a pack shows it."""
        if self.reopened and self.latest is not None:
            return (
                f"needs review again: new records since it was judged not a group on "
                f"{self.latest.decided_on} by {self.latest.by}"
            )
        return self.status


@dataclass(frozen=True)
class ReviewState:
    """Every reviewed group of a run's lineage, and which candidates the run leaves out."""

    lineage: str
    groups: dict[str, GroupReviewState] = field(default_factory=dict)

    @property
    def hidden(self) -> list[str]:
        """Return the ids of the candidates left out as not a group."""
        return sorted(g for g, s in self.groups.items() if s.hidden and s.present)

    def of(self, group_id: str) -> GroupReviewState:
        """Return one group's state (``unreviewed`` when no review is about it)."""
        return self.groups.get(group_id, GroupReviewState(group_id, "unreviewed", ()))

    def actions_by_when(
        self, today: date, *, soon_days: int = DUE_SOON_DAYS
    ) -> dict[str, list[tuple[str, Action, Review]]]:
        """Return the actions ``overdue``, ``due`` (within ``soon_days``) and ``later``."""
        out: dict[str, list[tuple[str, Action, Review]]] = {"overdue": [], "due": [], "later": []}
        soon = (today + timedelta(days=soon_days)).isoformat()
        for group_id, state in sorted(self.groups.items()):
            for action, review in state.actions:
                when = (
                    "overdue"
                    if action.due < today.isoformat()
                    else "due"
                    if action.due <= soon
                    else "later"
                )
                out[when].append((group_id, action, review))
        for rows in out.values():
            rows.sort(key=lambda row: (row[1].due, row[0]))
        return out

    def shown(self, groups: PeerGroups) -> PeerGroups:
        """Return ``groups`` without the candidates left out as not a group."""
        hidden = set(self.hidden)
        if not hidden:
            return groups
        m = groups.memberships
        return replace(
            groups,
            memberships=m[~m["group_id"].isin(hidden)].reset_index(drop=True),
            groups=groups.groups[~groups.groups["group_id"].isin(hidden)].reset_index(drop=True),
        )


def _records_since(a: pd.DataFrame, people: set[str], others: set[str], day: str) -> pd.Series:
    """Return a mask of associations between ``people`` and ``others`` recorded after ``day``."""
    between = (a["source"].isin(people) & a["target"].isin(others)) | (
        a["target"].isin(people) & a["source"].isin(others)
    )
    return between & (a["recorded_on"] > day)


def review_state(
    dataset: Dataset,
    groups: PeerGroups,
    reviews: list[Review],
    lineage: str,
    *,
    closed: frozenset[str] = frozenset(),
    owners: Mapping[str, str] | None = None,
) -> ReviewState:
    """Return what the lineage's reviews say about the (adjusted, stable-id) ``groups``.

    ``closed`` holds the ids of the actions closed since (they are not listed as open);
    ``owners`` who owns each action passed on since it was agreed, by id.
    """
    latest = latest_reviews(reviews, lineage)
    if not latest:
        # Nothing reviewed yet: no labels or member sets to build (half a second at 100k).
        return ReviewState(lineage, {})
    a = dataset.associations
    contexts = set(dataset.contexts["id"])
    labels = dataset.labels()
    members = groups.memberships.groupby("group_id")["person_id"].apply(set).to_dict()
    states: dict[str, GroupReviewState] = {}
    for group_id, group_reviews in latest.items():
        last = group_reviews[-1]
        now = members.get(group_id, set())
        removed, added = effective_people(group_reviews)
        removal_lines = []
        for person in sorted(removed):
            when = max(r.decided_on for r in group_reviews if person in r.remove)
            count = int(_records_since(a, {person}, now, when).sum())
            removal_lines.append(
                f"{labels.get(person, person)} removed by review on {when}; "
                f"records with the group since then: {count}"
            )
        reopened = False
        if last.status == "not-a-group" and now:
            changed_members = now != set(last.members)
            fresh = _records_since(a, now, now | contexts, last.decided_on).any()
            reopened = bool(changed_members or fresh)
        states[group_id] = GroupReviewState(
            group_id=group_id,
            status=last.status,
            reviews=tuple(group_reviews),
            removed=tuple(removal_lines),
            added=tuple(labels.get(p, p) for p in sorted(added)),
            reopened=reopened,
            present=bool(now),
            closed=closed,
            owners=dict(owners or {}),
        )
    return ReviewState(lineage, states)
