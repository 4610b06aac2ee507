"""Stable group identities: match each run's groups to the previous run's by membership overlap.

A group keeps its id (``PG-0001``…) while most of its members stay together. Splits, merges,
new and dissolved groups become events in the history, so a meeting can see what happened to
"its" group between two meetings.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cs_peers.analysis.grouping.groups import PeerGroups

__all__ = ["MATCH_JACCARD", "SIGNIFICANT_SHARE", "IdentityEvent", "assign_stable_ids"]


# Two groups are the same group when their Jaccard overlap is at least this.
MATCH_JACCARD = 0.3
# A share of a group's members this large moving elsewhere counts towards a split or merge.
SIGNIFICANT_SHARE = 0.25


@dataclass(frozen=True)
class IdentityEvent:
    """One change in the groups between two runs: new, continued, split, merged, dissolved."""

    kind: str
    group_id: str
    related: tuple[str, ...] = ()
    detail: str = ""

    def describe(self) -> str:
        """Return the event as one plain sentence."""
        others = ", ".join(self.related)
        return {
            "new": f"{self.group_id} is a new candidate group",
            "continued": f"{self.group_id} continues ({self.detail})",
            "split": f"{self.group_id} split; members went to {others}",
            "merged": f"{self.group_id} formed from members of {others}",
            "dissolved": f"{self.group_id} no longer holds together as a group",
        }[self.kind]


def _format_id(number: int) -> str:
    return f"PG-{number:04d}"


def _id_number(group_id: str) -> int:
    return int(group_id.removeprefix("PG-")) if group_id.startswith("PG-") else 0


def assign_stable_ids(
    groups: PeerGroups,
    previous: pd.DataFrame | None,
    *,
    next_number: int = 1,
) -> tuple[PeerGroups, list[IdentityEvent], int]:
    """Return the groups renamed to stable ids, the events, and the next free id number.

    ``previous`` holds the last run's ``group_id, person_id`` memberships (stable ids), or
    None for a first run. Current groups are matched greedily, best Jaccard overlap first, to
    previous groups; unmatched ones get fresh ids from ``next_number`` in group order, so a
    first run on the same data always gives the same ids.
    """
    current = groups.memberships[["group_id", "person_id"]]
    order = list(groups.groups["group_id"])
    if previous is None or previous.empty:
        mapping = {g: _format_id(next_number + i) for i, g in enumerate(order)}
        events = [IdentityEvent("new", mapping[g]) for g in order]
        return groups.with_ids(mapping), events, next_number + len(order)
    prev = previous[["group_id", "person_id"]]
    next_number = max(next_number, max((_id_number(g) for g in prev["group_id"]), default=0) + 1)
    overlap = (
        current.merge(prev, on="person_id", suffixes=("_cur", "_prev"))
        .groupby(["group_id_cur", "group_id_prev"])
        .size()
        .rename("shared")
        .reset_index()
    )
    cur_size = current.groupby("group_id").size()
    prev_size = prev.groupby("group_id").size()
    # Sizes as floats: with no shared member the maps are empty and would keep a text dtype.
    union = (
        overlap["group_id_cur"].map(cur_size).to_numpy(dtype=float)
        + overlap["group_id_prev"].map(prev_size).to_numpy(dtype=float)
        - overlap["shared"].to_numpy(dtype=float)
    )
    overlap["jaccard"] = overlap["shared"].to_numpy(dtype=float) / union
    overlap["cur_order"] = overlap["group_id_cur"].map({g: i for i, g in enumerate(order)})
    ranked = overlap.sort_values(
        ["jaccard", "shared", "cur_order", "group_id_prev"], ascending=[False, False, True, True]
    )
    mapping = {}
    taken: set[str] = set()
    for cur, prev, jaccard in zip(
        ranked["group_id_cur"], ranked["group_id_prev"], ranked["jaccard"], strict=True
    ):
        if float(jaccard) < MATCH_JACCARD:
            break
        if cur in mapping or prev in taken:
            continue
        mapping[str(cur)] = str(prev)
        taken.add(str(prev))
    for g in order:
        if g not in mapping:
            mapping[g] = _format_id(next_number)
            next_number += 1
    events = _events(overlap, mapping, cur_size, prev_size)
    return groups.with_ids(mapping), events, next_number


def _events(
    overlap: pd.DataFrame, mapping: dict[str, str], cur_size: pd.Series, prev_size: pd.Series
) -> list[IdentityEvent]:
    new_ids = overlap["group_id_cur"].map(mapping).tolist()
    counts = overlap["shared"].to_numpy(dtype=float)
    prev_share = counts / overlap["group_id_prev"].map(prev_size).to_numpy(dtype=float)
    cur_share = counts / overlap["group_id_cur"].map(cur_size).to_numpy(dtype=float)
    # One pass over the overlap rows, in their order (a filter per group was quadratic: 21 s
    # for a second run of 10,800 groups): where each old group's members went, where each
    # current group's came from, and how many each matched pair shares.
    went: dict[str, list[str]] = {}
    came: dict[str, list[str]] = {}
    shared_by_pair: dict[tuple[str, str], int] = {}
    rows = zip(
        overlap["group_id_cur"].tolist(),
        overlap["group_id_prev"].tolist(),
        new_ids,
        overlap["shared"].tolist(),
        (prev_share >= SIGNIFICANT_SHARE).tolist(),
        (cur_share >= SIGNIFICANT_SHARE).tolist(),
        strict=True,
    )
    for cur, old, new_id, shared, leaves, joins in rows:
        if leaves:
            went.setdefault(old, []).append(new_id)
        if joins:
            came.setdefault(cur, []).append(old)
        shared_by_pair[(cur, old)] = shared_by_pair.get((cur, old), 0) + int(shared)
    events: list[IdentityEvent] = []
    matched_prev = set(mapping.values())
    for old in sorted(prev_size.index, key=_id_number):
        destinations = tuple(sorted(went.get(old, ()), key=_id_number))
        if len(destinations) >= 2:
            events.append(IdentityEvent("split", old, destinations))
        elif old not in matched_prev:
            events.append(IdentityEvent("dissolved", old, destinations))
    for cur in sorted(mapping, key=lambda g: _id_number(mapping[g])):
        new_id = mapping[cur]
        sources = tuple(sorted(came.get(cur, ()), key=_id_number))
        if len(sources) >= 2:
            events.append(IdentityEvent("merged", new_id, sources))
        elif new_id in prev_size.index:
            shared = shared_by_pair.get((cur, new_id), 0)
            detail = f"{shared} of {int(cur_size[cur])} members were in it last time"
            events.append(IdentityEvent("continued", new_id, (), detail))
        else:
            events.append(IdentityEvent("new", new_id))
    return events
