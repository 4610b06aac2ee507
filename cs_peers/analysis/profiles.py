"""What is known about each candidate peer group, gathered once for summaries, diagrams and
assessment seeds.

A :class:`GroupProfile` holds the facts with their provenance; it never holds a score of a child.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cs_peers.analysis.grouping.consensus import LOW_CONFIDENCE
from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.inputs.columns import index_in
from cs_peers.inputs.dataset import Dataset

__all__ = [
    "LOW_CONFIDENCE",
    "GroupProfile",
    "group_summary_table",
    "natural_key",
    "profile_groups",
]


def natural_key(label: str) -> tuple[tuple[int, int, str], ...]:
    """Return a sort key that puts "P2" before "P10".

    Alphabetical as a person reads it: an order that says nothing about anyone.

    Examples
    --------
    >>> sorted(["P10", "p2", "B"], key=natural_key)
    ['B', 'p2', 'P10']
    """
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", label.casefold())
        if part
    )


@dataclass(frozen=True)
class GroupProfile:
    """The facts about one group.

    Attributes
    ----------
    members
        ``person_id, label, confidence, bridge_to, low_confidence`` — one row per member.
    associations
        Every association touching a member, with all provenance columns, plus ``scope``:
        ``within`` (two members), ``context``, ``adult``, or ``outside`` (a young person
        outside the group), and ``category`` from the vocabulary. Sorted by date.
    shared_contexts
        ``context_id, name, kind, members, member_ids, young_people_there, first_observed,
        last_observed`` for contexts used by two or more members.
    adults
        ``person_id, label, types, members, category`` for adults linked to members.
    """

    group_id: str
    members: pd.DataFrame
    associations: pd.DataFrame
    shared_contexts: pd.DataFrame
    adults: pd.DataFrame
    density: float

    @property
    def size(self) -> int:
        """Return the number of members."""
        return len(self.members)

    @property
    def date_span(self) -> tuple[str, str]:
        """Return the first and last ``observed_on`` among associations within the group."""
        dates = self.associations.loc[self.associations["scope"] == "within", "observed_on"]
        dates = dates[dates != ""]
        return (str(dates.min()), str(dates.max())) if len(dates) else ("", "")

    @property
    def protective(self) -> pd.DataFrame:
        """Return the protective associations (protective peers, trusted adults)."""
        return self.associations[self.associations["category"] == "protective"]

    @property
    def concerns(self) -> pd.DataFrame:
        """Return the associations of the concern category (e.g. exploitation concerns)."""
        return self.associations[self.associations["category"] == "concern"]


def _touching(dataset: Dataset, people: np.ndarray) -> pd.DataFrame:
    a = dataset.associations
    mask = a["source"].isin(people) | a["target"].isin(people)
    return a[mask]


def profile_groups(
    dataset: Dataset,
    groups: PeerGroups,
    *,
    group_ids: list[str] | None = None,
    reveal_names: bool = False,
) -> Iterator[GroupProfile]:
    """Yield a profile for each group (or only ``group_ids``), in group order.

    Labels follow ``reveal_names``: pseudonymous labels unless names are explicitly asked for.
    """
    labels = dataset.labels(reveal_names=reveal_names)
    vocab = dataset.vocabulary
    category = {n: t.category for n, t in vocab.types.items()}
    kind = dict(zip(dataset.people["id"], dataset.people["kind"], strict=True))
    context_kind = dict(zip(dataset.contexts["id"], dataset.contexts["kind"], strict=True))
    memberships = groups.memberships
    wanted = group_ids if group_ids is not None else list(groups.groups["group_id"])
    members_of = {g: m for g, m in memberships.groupby("group_id", sort=False)}
    relevant = memberships[memberships["group_id"].isin(wanted)]["person_id"].to_numpy()
    touching = _touching(dataset, relevant)
    # Young people per context across the whole data: how rare a shared context is.
    a = dataset.associations
    ctx_end = np.where(a["source"].isin(context_kind), a["source"], a["target"])
    person_end = np.where(a["source"].isin(context_kind), a["target"], a["source"])
    is_ctx = (
        pd.Series(ctx_end).isin(context_kind).to_numpy()
        & pd.Series(person_end).map(kind).eq("young_person").to_numpy()
    )
    young_there = pd.Series(person_end[is_ctx]).groupby(ctx_end[is_ctx]).nunique()
    for group_id in wanted:
        rows = members_of[group_id]
        ids = rows["person_id"].to_numpy()
        idset = set(ids)
        members = pd.DataFrame(
            {
                "person_id": ids,
                "label": [labels[i] for i in ids],
                "confidence": rows["confidence"].to_numpy(),
                "bridge_to": rows["bridge_to"].to_numpy(),
                "low_confidence": rows["confidence"].to_numpy() < LOW_CONFIDENCE,
            }
        )
        assoc = touching[touching["source"].isin(idset) | touching["target"].isin(idset)]
        assoc = assoc.sort_values(["observed_on", "source", "target"], kind="stable")
        assoc = assoc.reset_index(drop=True)
        inside_s = assoc["source"].isin(idset)
        inside_t = assoc["target"].isin(idset)
        other = assoc["target"].where(inside_s, assoc["source"])
        member = assoc["source"].where(inside_s, assoc["target"])
        other_kind = other.map(kind).fillna("context")
        assoc["scope"] = np.select(
            [inside_s & inside_t, other_kind == "context", other_kind == "adult"],
            ["within", "context", "adult"],
            "outside",
        )
        assoc["category"] = assoc["type"].map(category)
        assoc["source_label"] = assoc["source"].map(labels)
        assoc["target_label"] = assoc["target"].map(labels)
        ends = pd.DataFrame({"other": other, "member": member, "scope": assoc["scope"]})
        ctx = assoc.join(ends[["other", "member"]])[ends["scope"] == "context"]
        ctx = ctx.rename(columns={"other": "context_id"})
        shared = (
            ctx.groupby("context_id")
            .agg(
                members=("member", "nunique"),
                member_ids=("member", lambda s: sorted(set(s))),
                first_observed=("observed_on", lambda s: min((d for d in s if d), default="")),
                last_observed=("observed_on", lambda s: max((d for d in s if d), default="")),
            )
            .reset_index()
        )
        shared = shared[shared["members"] >= 2]
        shared.insert(1, "name", shared["context_id"].map(labels))
        shared.insert(2, "kind", shared["context_id"].map(context_kind))
        shared["young_people_there"] = (
            shared["context_id"].map(young_there).fillna(0).astype(int).to_numpy()
        )
        shared = shared.sort_values(["young_people_there", "context_id"]).reset_index(drop=True)
        adult_rows = assoc.join(ends[["other", "member"]])[ends["scope"] == "adult"]
        adult_rows = adult_rows.rename(columns={"other": "adult"})
        adults = (
            adult_rows.groupby("adult")
            .agg(
                types=("type", lambda s: sorted(set(s))),
                members=("member", "nunique"),
                category=("category", lambda s: sorted(set(s))[0]),
            )
            .reset_index()
            .rename(columns={"adult": "person_id"})
        )
        adults.insert(1, "label", adults["person_id"].map(labels))
        within = assoc[assoc["scope"] == "within"]
        pairs = {tuple(sorted(p)) for p in zip(within["source"], within["target"], strict=True)}
        possible = len(ids) * (len(ids) - 1) / 2
        yield GroupProfile(
            group_id=group_id,
            members=members,
            associations=assoc,
            shared_contexts=shared,
            adults=adults,
            density=round(len(pairs) / possible, 2) if possible else 0.0,
        )


_SUMMARY_COLUMNS = (
    "group_id",
    "size",
    "density",
    "shared_contexts",
    "first_observed",
    "last_observed",
    "mean_confidence",
    "holds_together",
)


def group_summary_table(dataset: Dataset, groups: PeerGroups) -> pd.DataFrame:
    """Return one row per group: size, density, shared contexts, date span, confidence.

    Computed for all groups at once, so it stays quick on a million young people.
    """
    if groups.groups.empty:  # data with no group (e.g. no young people) gives an empty table
        return pd.DataFrame(columns=[*_SUMMARY_COLUMNS])
    table = groups.groups.set_index("group_id")
    group_ids = table.index.to_numpy()
    m = groups.memberships
    # Integer codes throughout: group number per person (-1 outside any group), node numbers.
    number = pd.Series(np.arange(len(group_ids)), index=group_ids)
    person_group = m["group_id"].map(number).to_numpy()
    a = dataset.associations
    src = index_in(a["source"], m["person_id"])
    dst = index_in(a["target"], m["person_id"])
    gs = np.where(src >= 0, person_group[src], -1)
    gt = np.where(dst >= 0, person_group[dst], -1)
    inside = (gs == gt) & (gs >= 0)
    lo, hi = np.minimum(src[inside], dst[inside]), np.maximum(src[inside], dst[inside])
    pair_codes = np.unique(lo.astype(np.int64) * len(m) + hi)
    pairs = np.bincount(person_group[pair_codes // len(m)], minlength=len(group_ids))
    # Only the rows inside a group become Python strings (all of them would be 500 MB at 1M).
    observed = a["observed_on"].iloc[np.flatnonzero(inside)].to_numpy()
    dated = pd.DataFrame({"g": gs[inside], "day": observed})
    dated = dated[dated["day"] != ""]
    first = dated.groupby("g")["day"].min()
    last = dated.groupby("g")["day"].max()
    src_ctx = index_in(a["source"], dataset.contexts["id"])
    dst_ctx = index_in(a["target"], dataset.contexts["id"])
    person = np.where(src_ctx >= 0, dst, src)
    ctx = np.maximum(src_ctx, dst_ctx)
    used = (ctx >= 0) & (person >= 0)
    uses = pd.DataFrame({"g": person_group[person[used]], "ctx": ctx[used], "p": person[used]})
    per_ctx = uses.drop_duplicates().groupby(["g", "ctx"]).size()
    shared = per_ctx[per_ctx >= 2].groupby(level="g").size()
    everyone = np.arange(len(group_ids))
    size = table["size"]
    out = pd.DataFrame(
        {
            "group_id": table.index,
            "size": size.to_numpy(),
            "density": np.round(pairs / (size * (size - 1) / 2).to_numpy(), 2),
            "shared_contexts": shared.reindex(everyone).fillna(0).astype(int).to_numpy(),
            "first_observed": first.reindex(everyone).fillna("").to_numpy(),
            "last_observed": last.reindex(everyone).fillna("").to_numpy(),
            "mean_confidence": table["mean_confidence"].to_numpy(),
            "holds_together": table["holds_together"].to_numpy(),
        }
    )
    return out.reset_index(drop=True)
