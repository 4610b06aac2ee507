"""What the overview of a large pack opens on: the groups the meeting needs to see first.

A borough's pack has hundreds of candidate groups; drawn all at once, the overview is a ball of
circles with nowhere to start. A meeting starts with the groups whose review is due (or which
it set aside and have changed since), those with new records since the last meeting, and those
where a concern about a member is recorded; :func:`meeting_focus` names them with the reasons,
and the pack draws them as its overview, the whole network one click away.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cs_peers.analysis.meetings import ChangeReport
from cs_peers.analysis.run import Analysis
from cs_peers.inputs.columns import is_in
from cs_peers.outputs.diagrams import DiagramOptions, render_overview

__all__ = ["FOCUS_ABOVE", "FOCUS_MOST", "first_groups", "meeting_focus", "write_overviews"]


# With at most this many groups the overview shows them all: they fit one screen with labels.
FOCUS_ABOVE = 24
# The overview a meeting opens on draws at most this many groups; the rest are a click away.
FOCUS_MOST = 40
# Which reasons come first when there are more groups than that.
_FIRST = (
    "review due",
    "set aside, and changed since",
    "a concern recorded about a member",
    "new since the last meeting",
    "members changed since the last meeting",
    "new records since the last meeting",
)


def meeting_focus(
    analysis: Analysis, changes: ChangeReport | None, today: date
) -> dict[str, list[str]]:
    """Return the groups the meeting needs first, in group order, each with why (short phrases).

    Reasons: a review date on or before ``today``; set aside as not a group but changed since;
    new, or with new records or members since the last meeting (``changes``, the one change
    report every view tells); a concern (an association of the vocabulary's ``concern``
    category) recorded about a member.
    """
    dataset, groups = analysis.dataset, analysis.groups
    ids = [str(g) for g in groups.groups["group_id"].tolist()]
    reasons: dict[str, list[str]] = {g: [] for g in ids}
    if analysis.reviews is not None:
        for g in ids:
            state = analysis.reviews.of(g)
            if state.review_date and state.review_date <= today.isoformat():
                reasons[g].append("review due")
            if state.reopened:
                reasons[g].append("set aside, and changed since")
    if changes is not None:
        for change in changes.changed:
            if change.group_id not in reasons:
                continue
            if change.status in ("new", "merged"):
                reasons[change.group_id].append("new since the last meeting")
            elif len(change.new_records):
                reasons[change.group_id].append("new records since the last meeting")
            else:
                reasons[change.group_id].append("members changed since the last meeting")
    concern = [n for n, t in dataset.vocabulary.types.items() if t.category == "concern"]
    a = dataset.associations
    a = a[is_in(a["type"], concern)]
    about = sorted(set(a["source"]) | set(a["target"]))
    m = groups.memberships
    for g in sorted(set(m.loc[is_in(m["person_id"], about), "group_id"].astype(str))):
        if g in reasons:
            reasons[g].append("a concern recorded about a member")
    return {g: why for g, why in reasons.items() if why}


def first_groups(focus: dict[str, list[str]], most: int = FOCUS_MOST) -> dict[str, list[str]]:
    """Return at most ``most`` groups of ``focus``: those with the earliest reasons first (a
    review due, then a concern, then what is new), in group order within each."""
    tier = {why: k for k, why in enumerate(_FIRST)}
    order = sorted(focus, key=lambda g: min(tier.get(w, len(tier)) for w in focus[g]))
    chosen = set(order[:most])
    return {g: why for g, why in focus.items() if g in chosen}


def write_overviews(
    analysis: Analysis,
    folder: Path,
    options: DiagramOptions,
    colors: dict[str, str],
    *,
    changes: ChangeReport | None,
    today: date,
) -> list[Path]:
    """Return the overview pages written into ``folder``: ``overview.html``, and for a large
    pack whose meeting has groups to see first, ``overview-all.html`` with every group.

    ``overview.html`` then draws the groups of :func:`meeting_focus`, and each page links to the
    other.
    """
    nav = [("Pack index", "../index.html"), ("Summary", "../summary.html")]
    total = len(analysis.groups.groups)
    needed = meeting_focus(analysis, changes, today) if total > FOCUS_ABOVE else {}
    focus = first_groups(needed)
    written = []
    if focus:
        whole = [*nav, ("What the meeting needs first", "overview.html")]
        written.append(
            render_overview(
                analysis.dataset,
                analysis.groups,
                folder / "overview-all.html",
                options=options,
                colors=colors,
                nav=whole,
            )
        )
        more = len(needed) - len(focus)
        also = f"; {more} more to see there" if more else ""
        nav.append((f"The whole network ({total} groups{also})", "overview-all.html"))
    overview = render_overview(
        analysis.dataset,
        analysis.groups,
        folder / "overview.html",
        options=options,
        colors=colors,
        nav=nav,
        focus=focus or None,
    )
    return [overview, *written]
