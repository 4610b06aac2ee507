"""Group colours that differ between neighbours: groups with associations between them."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.diagrams.options import GROUP_PALETTE, group_colors

__all__ = ["EXTRA_PALETTE", "linked_groups", "neighbour_colors", "spread_colors"]

# Used only when a group's neighbours already take all of GROUP_PALETTE: Paul Tol's "light"
# scheme without its greens, then greys, still distinguishable from the palette beside them.
EXTRA_PALETTE = ("#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#BBCC33", "#555555")


def linked_groups(dataset: Dataset, groups: PeerGroups) -> set[tuple[str, str]]:
    """Return the pairs of groups (in id order) with an association between their members."""
    m = groups.memberships
    group_of = pd.Series(m["group_id"].astype(str).to_numpy(), index=m["person_id"].to_numpy())
    a = dataset.associations
    gs = a["source"].map(group_of)
    gt = a["target"].map(group_of)
    across = gs.notna() & gt.notna() & (gs != gt)
    lo = pd.concat([gs[across], gt[across]], axis=1).min(axis=1)
    hi = pd.concat([gs[across], gt[across]], axis=1).max(axis=1)
    return set(zip(lo.astype(str).tolist(), hi.astype(str).tolist(), strict=True))


def spread_colors(group_ids: list[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return a colour per group in which no two linked groups share a colour (where possible).

    Each group keeps its usual colour (:func:`group_colors`, by its id, so it stays the same
    from one meeting to the next) unless a linked group earlier in id order already has it;
    then it takes the first palette colour none of its linked groups has.

    Examples
    --------
    >>> colors = spread_colors(["PG-0001", "PG-0008"], [("PG-0001", "PG-0008")])
    >>> colors["PG-0001"] != colors["PG-0008"]
    True
    >>> group_colors(["PG-0001", "PG-0008"])["PG-0001"] == group_colors(["PG-0008"])["PG-0008"]
    True
    """
    usual = group_colors(group_ids)
    neighbours: dict[str, set[str]] = {g: set() for g in group_ids}
    for a, b in links:
        if a in neighbours and b in neighbours and a != b:
            neighbours[a].add(b)
            neighbours[b].add(a)
    chosen: dict[str, str] = {}
    for g in sorted(group_ids):
        taken = {chosen[n] for n in neighbours[g] if n in chosen}
        if usual[g] not in taken:
            chosen[g] = usual[g]
            continue
        free = [c for c in (*GROUP_PALETTE, *EXTRA_PALETTE) if c not in taken]
        chosen[g] = free[0] if free else usual[g]
    return {g: chosen[g] for g in group_ids}


def neighbour_colors(dataset: Dataset, groups: PeerGroups) -> dict[str, str]:
    """Return :func:`spread_colors` of the groups, linked by their recorded associations."""
    group_ids = [str(g) for g in groups.groups["group_id"].tolist()]
    return spread_colors(group_ids, linked_groups(dataset, groups))
