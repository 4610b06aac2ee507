"""Level 2 context view: schools, places and online spaces ranked by the young people and
candidate groups that use them in a window, with the trend against the window before."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: the CLI reads DEFAULT_WINDOW_DAYS without pandas
    import pandas as pd

    from cs_peers.analysis.grouping.groups import PeerGroups
    from cs_peers.inputs.dataset import Dataset

__all__ = ["DEFAULT_WINDOW_DAYS", "context_usage", "context_window"]

DEFAULT_WINDOW_DAYS = 90


def context_window(
    dataset: Dataset,
    *,
    since: date | None = None,
    until: date | None = None,
    days: int = DEFAULT_WINDOW_DAYS,
) -> tuple[date, date] | None:
    """Return the window to rank contexts in, or None when no association is dated.

    ``until`` defaults to the latest ``observed_on`` date, ``since`` to ``days`` before it.
    Undated data has no window: :func:`context_usage` then counts every association.
    """
    observed = dataset.associations["observed_on"]
    observed = observed[observed != ""]
    if observed.empty and until is None:
        if since is None:
            return None
        until = since + timedelta(days=days - 1)
    end = until or date.fromisoformat(str(observed.max()))
    start = since or end - timedelta(days=days - 1)
    return start, end


def _uses(dataset: Dataset, start: str | None, end: str | None) -> pd.DataFrame:
    import pandas as pd

    a = dataset.associations
    contexts = set(dataset.contexts["id"])
    young = set(dataset.young_people["id"])
    if start is None or end is None:
        in_window = pd.Series(True, index=a.index)
    else:
        in_window = (a["observed_on"] >= start) & (a["observed_on"] <= end)
    rows = a[in_window & (a["source"].isin(contexts) | a["target"].isin(contexts))]
    context = rows["source"].where(rows["source"].isin(contexts), rows["target"])
    person = rows["target"].where(rows["source"].isin(contexts), rows["source"])
    uses = pd.DataFrame({"context_id": context, "person_id": person, "type": rows["type"]})
    return uses[uses["person_id"].isin(young)]


def context_usage(
    dataset: Dataset,
    groups: PeerGroups,
    *,
    since: date | None,
    until: date | None,
) -> pd.DataFrame:
    """Return contexts ranked by the young people and groups using them between two dates.

    Columns: ``context_id, name, kind, young_people, groups, group_ids, incidents,
    previous_young_people, trend``. ``previous_*`` counts the window of equal length just
    before ``since``; ``trend`` is ``up``, ``down``, ``steady`` or ``new``. With no window
    (``since`` or ``until`` None, for undated data) every association counts and the trend is
    ``undated``. Contexts nobody used in the window are left out. This ranks places, never
    people.
    """
    if since is None or until is None:
        now = _uses(dataset, None, None)
        before = now.iloc[0:0]
    else:
        span = (until - since).days + 1
        # A window reaching back to the first representable day has no window before it.
        prev_start = since - timedelta(days=min(span, (since - date.min).days))
        prev_end = max(since - timedelta(days=1), date.min) if since > date.min else date.min
        now = _uses(dataset, since.isoformat(), until.isoformat())
        before = _uses(dataset, prev_start.isoformat(), prev_end.isoformat())
    group_of = groups.memberships.set_index("person_id")["group_id"]
    now = now.assign(group_id=now["person_id"].map(group_of))
    table = now.groupby("context_id").agg(
        young_people=("person_id", "nunique"),
        groups=("group_id", "nunique"),
        group_ids=("group_id", lambda s: ", ".join(sorted(set(s.dropna())))),
        incidents=("type", lambda s: int((s == "incident_at").sum())),
    )
    previous = before.groupby("context_id")["person_id"].nunique()
    table["previous_young_people"] = previous.reindex(table.index).fillna(0).astype(int)
    diff = table["young_people"] - table["previous_young_people"]
    table["trend"] = "steady"
    table.loc[diff > 0, "trend"] = "up"
    table.loc[diff < 0, "trend"] = "down"
    table.loc[table["previous_young_people"] == 0, "trend"] = "new"
    if since is None or until is None:
        table["trend"] = "undated"
    info = dataset.contexts.set_index("id")
    table.insert(0, "kind", info["kind"].reindex(table.index).to_numpy())
    names = info["name"].reindex(table.index)
    table.insert(0, "name", names.where(names != "", table.index.to_series()).to_numpy())
    table = table.reset_index().sort_values(
        ["groups", "young_people", "context_id"], ascending=[False, False, True]
    )
    return table.reset_index(drop=True)
