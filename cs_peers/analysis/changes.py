"""What changed for each group since an earlier run: members who joined or left, new
associations and new contexts."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.history import RunRecord
from cs_peers.inputs.dataset import Dataset

__all__ = ["GroupChanges", "changes_since"]


@dataclass(frozen=True)
class GroupChanges:
    """The changes of one group between a base run and now.

    ``status`` is ``continuing``, ``new`` (not in the base run) or ``dissolved`` (gone now).
    ``new_associations`` holds the members' associations recorded after the base run's data;
    ``new_contexts`` the contexts those associations bring that the group had not used before.
    """

    group_id: str
    status: str
    joined: list[str]
    left: list[str]
    new_associations: pd.DataFrame
    new_contexts: list[str]

    @property
    def changed(self) -> bool:
        """Return whether anything changed for this group."""
        return bool(
            self.status != "continuing"
            or self.joined
            or self.left
            or len(self.new_associations)
            or self.new_contexts
        )

    def association_lines(self, labels: dict[str, str]) -> list[str]:
        """Return each new association as one line: date, who, type, agency and confidence."""
        lines = []
        for row in self.new_associations.to_dict("records"):
            source, target = str(row["source"]), str(row["target"])
            agency = str(row["source_agency"]) or "agency not recorded"
            lines.append(
                f"{row['recorded_on']} {labels.get(source, source)} {row['type']} "
                f"{labels.get(target, target)} ({agency}, {row['confidence']})"
            )
        return lines


def changes_since(dataset: Dataset, groups: PeerGroups, base: RunRecord) -> list[GroupChanges]:
    """Return the changes per group between ``base`` and the current ``groups``.

    Both must carry stable ids (see :func:`cs_peers.analysis.history.record_run`). Associations
    count as
    new when recorded after the latest ``recorded_on`` date of the base run's data.
    """
    now = groups.memberships.groupby("group_id")["person_id"].apply(set).to_dict()
    before = base.memberships.groupby("group_id")["person_id"].apply(set).to_dict()
    cutoff = base.recorded_until
    a = dataset.associations
    contexts = set(dataset.contexts["id"])
    fresh_mask = (a["recorded_on"] > cutoff) if cutoff else pd.Series(False, index=a.index)
    results: list[GroupChanges] = []
    order = [str(g) for g in groups.groups["group_id"]]
    order += sorted(str(g) for g in set(before) - set(now))
    for group_id in order:
        members = now.get(group_id, set())
        old = before.get(group_id, set())
        touching = a["source"].isin(members) | a["target"].isin(members)
        fresh = a[touching & fresh_mask]
        known = a[touching & ~fresh_mask]
        used_before = (set(known["source"]) | set(known["target"])) & contexts
        used_now = (set(fresh["source"]) | set(fresh["target"])) & contexts
        status = "continuing" if members and old else ("new" if members else "dissolved")
        results.append(
            GroupChanges(
                group_id=group_id,
                status=status,
                joined=sorted(members - old) if old else [],
                left=sorted(old - members) if members else sorted(old),
                new_associations=fresh.sort_values(["recorded_on", "source", "target"]),
                new_contexts=sorted(used_now - used_before),
            )
        )
    return results
